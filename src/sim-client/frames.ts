// The page's end of the frame stream: keeps the latest lamp levels and traffic frame, writes levels by
// mutation into the views' level arrays, tells time listeners and KPI subscribers; never React state per frame.

import type { FleetColumns, LampEnergy, LiveKpis, PresenceCounts, SimFrame, TrafficFrame } from './types.ts';

/** A level array a view draws from, with a version it compares to upload after a change. */
export interface LevelTarget {
  levels: Float32Array;
  version: number;
}

export interface PowerSample {
  timeMs: number;
  powerKW: number;
}

/** Simulated span the live power series keeps, and the spacing of its samples. */
export const POWER_WINDOW_MS = 48 * 3_600_000;
const POWER_SAMPLE_MS = POWER_WINDOW_MS / 400;

export class FrameReceiver {
  timeMs: number | null = null;
  /** Scenario session of the latest frame (SimStatus.session). */
  session = 0;
  powerKW: number | null = null;
  /** The latest frame's levels (the receiver owns this buffer until the next frame). */
  levels: Float32Array | null = null;
  /**
   * The latest traffic frame (null without traffic): views read it while drawing and copy what they
   * keep, since its buffer goes back to the worker when the next frame arrives. `trafficSeq` counts them.
   */
  traffic: TrafficFrame | null = null;
  trafficSeq = 0;
  /** The running scenario's lamp ratings (retrofits applied; null until a session's first frame); `fleetSeq` counts them. */
  fleet: FleetColumns | null = null;
  fleetSeq = 0;
  /** Presence detections per road over the last hour (null without presence-controlled lamps); `presenceSeq` counts updates. */
  presence: PresenceCounts | null = null;
  presenceSeq = 0;
  /** Each lamp's energy since the period start (null until a frame brings it); `lampEnergySeq` counts updates. */
  lampEnergy: LampEnergy | null = null;
  lampEnergySeq = 0;
  /** The traffic buffer released by the last `receive`, for the worker to reuse (see takeReleasedTraffic). */
  private releasedTraffic: ArrayBuffer | null = null;
  frames = 0;
  /** The live power series over the last POWER_WINDOW_MS of simulated time (oldest first). */
  readonly power: PowerSample[] = [];
  private live: LiveKpis | null = null;
  private readonly targets = new Set<LevelTarget>();
  private readonly frameListeners = new Set<(frame: SimFrame) => void>();
  private readonly liveListeners = new Set<() => void>();
  private readonly arrivalsMs: number[] = [];

  /** Takes a frame; returns the previous levels buffer so the worker can reuse it. */
  receive(frame: SimFrame, nowMs: number = performance.now()): Float32Array | null {
    const previous = this.levels;
    this.levels = frame.levels;
    if (frame.traffic !== undefined) {
      this.releasedTraffic = this.traffic?.buffer ?? null;
      this.traffic = frame.traffic;
      if (this.traffic) this.trafficSeq++;
    }
    if (frame.fleet) {
      this.fleet = frame.fleet;
      this.fleetSeq++;
    }
    if (frame.presence !== undefined) {
      this.presence = frame.presence;
      this.presenceSeq++;
    }
    if (frame.lampEnergy) {
      this.lampEnergy = frame.lampEnergy;
      this.lampEnergySeq++;
    }
    this.timeMs = frame.timeMs;
    this.session = frame.session;
    this.powerKW = frame.powerKW;
    this.frames++;
    this.arrivalsMs.push(nowMs);
    while (this.arrivalsMs.length > 0 && nowMs - this.arrivalsMs[0] > 1000) this.arrivalsMs.shift();
    for (const t of this.targets) this.write(t);
    this.addPower(frame.timeMs, frame.powerKW);
    for (const fn of this.frameListeners) fn(frame);
    if (frame.live) {
      this.live = frame.live;
      for (const fn of this.liveListeners) fn();
    }
    return previous && previous.length === frame.levels.length ? previous : null;
  }

  /** The traffic buffer the last frame replaced (once), to hand back to the worker. */
  takeReleasedTraffic(): ArrayBuffer | null {
    const b = this.releasedTraffic;
    this.releasedTraffic = null;
    return b;
  }

  private write(target: LevelTarget): void {
    if (!this.levels || target.levels.length !== this.levels.length) return;
    target.levels.set(this.levels);
    target.version++;
  }

  private addPower(timeMs: number, powerKW: number): void {
    const p = this.power;
    // A seek backwards or far ahead starts a new series.
    if (p.length && (timeMs < p[p.length - 1].timeMs || timeMs - p[p.length - 1].timeMs > POWER_WINDOW_MS)) p.length = 0;
    if (p.length && timeMs - p[p.length - 1].timeMs < POWER_SAMPLE_MS) return;
    p.push({ timeMs, powerKW });
    while (p.length && timeMs - p[0].timeMs > POWER_WINDOW_MS) p.shift();
  }

  /** Draws levels into a view's array from now on (and at once, if a frame for as many lamps is here). */
  attach(target: LevelTarget): () => void {
    this.targets.add(target);
    this.write(target);
    return () => void this.targets.delete(target);
  }

  /** Called with every frame (time display, scrubber, live chart): keep it cheap, no React state. */
  onFrame(fn: (frame: SimFrame) => void): () => void {
    this.frameListeners.add(fn);
    return () => void this.frameListeners.delete(fn);
  }

  /** For useSyncExternalStore: KPI updates (a few per second at most). */
  subscribeLive = (fn: () => void): (() => void) => {
    this.liveListeners.add(fn);
    return () => void this.liveListeners.delete(fn);
  };

  getLive = (): LiveKpis | null => this.live;

  /** Frames received during the last second of wall time. */
  framesPerSecond(): number {
    return this.arrivalsMs.length;
  }

  /** A new city or scenario: forget the previous stream. */
  reset(): void {
    this.levels = null;
    this.traffic = null;
    this.releasedTraffic = null;
    this.fleet = null;
    this.presence = null;
    this.lampEnergy = null;
    this.fleetSeq++;
    this.presenceSeq++;
    this.lampEnergySeq++;
    this.timeMs = null;
    this.powerKW = null;
    this.power.length = 0;
    this.live = null;
    for (const fn of this.liveListeners) fn();
  }
}

/** The page's frame receiver (one simulation worker per page). */
export const simFrames = new FrameReceiver();
