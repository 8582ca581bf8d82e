// What crosses the boundary between the simulation worker and the page: commands' results,
// render frames (lamp levels and traffic as transferred buffers), KPIs, progress and status. Types only.

import type { WorldKpis, WorldSnapshot } from '../src/core/world.ts';
import type { AirQualityObservation, ParkingObservation } from '../src/core/feeds/observations.ts';
import type { LiveStats } from '../src/live/liveFeed.ts';
import type { RunKpis, SavingsKpis } from '../src/core/scenarioRun.ts';
import type { TrafficFrame } from '../src/core/traffic/frames.ts';

/** Simulated seconds per wall second, or as fast as the worker can go. */
export type SimSpeed = 1 | 10 | 60 | 600 | 3600 | 'max';
export const SIM_SPEEDS: readonly SimSpeed[] = [1, 10, 60, 600, 3600, 'max'];

export interface CityInfo {
  name: string;
  file: string;
  lampCount: number;
}

export interface ScenarioInfo {
  name: string;
  title: { fr: string; en: string };
  description: { fr: string; en: string } | null;
  /** File name the scenario came from (a bundled one or a file the user opened). */
  file: string;
  /** Name of the baseline scenario, and whether the worker knows it (registered scenarios). */
  baseline: string | null;
  baselineFound: boolean;
  targetReductionPct: number | null;
  seed: number;
  /** The scenario's own period length (the simulated period may be shorter). */
  scenarioDays: number;
  startMs: number;
  endMs: number;
}

/** A period shorter than the scenario's (from its start); null: the scenario's own period. */
export interface PeriodChoice {
  days: number | null;
}

/** KPIs from the period start to the current simulated time, with the savings so far. */
export interface LiveKpis {
  timeMs: number;
  kpis: WorldKpis;
  /** Savings against the baseline run over the same elapsed time (null without a baseline). */
  savings: SavingsKpis | null;
  /**
   * Mean power per local hour over the elapsed time only (kW). `kpis.lighting.powerByLocalHourKW`
   * averages over every hour of the whole period, so it reads low until the period's end.
   */
  powerByLocalHourKW: number[];
  /** The same for the baseline over the same elapsed time (null without a baseline). */
  baselinePowerByLocalHourKW: number[] | null;
  /** Latest reading of every car park and air-quality station the feeds reported (live or replayed). */
  feedPoints: FeedPoints;
}

export interface FeedPoints {
  parking: ParkingObservation[];
  airQuality: AirQualityObservation[];
}

/** Connecting the worker to an MQTT broker (the embedded one of `npm start`, or any). */
export interface LiveConnectOptions {
  url: string;
  prefix?: string;
  clientId?: string;
  /**
   * Run the twin on the wall clock: a one-day period from the current hour, at ×1 from now, so
   * live observations act on the simulated present. Otherwise the scenario's clock is left alone.
   */
  followNow?: boolean;
}

/** The live feed as the worker sees it: off, or the connection's figures (state, rate, counts, gaps). */
export interface LiveFeedStatus {
  enabled: boolean;
  followNow: boolean;
  stats: LiveStats | null;
}

/** Result of messages handed to the worker directly (benchmarks, files dropped on the page). */
export interface IngestBatchResult {
  accepted: number;
  rejected: number;
  /** Wall ms the worker spent in the gate and assimilation. */
  workMs: number;
}

/** The running scenario's lamp fleet after its retrofit rules (per lamp, city order): what the lamps are rated now. */
export interface FleetColumns {
  /** Rated lamp power (W). */
  ratedPowerW: Float32Array;
  /** LampTechnology (model.ts order). */
  technology: Uint8Array;
}

/** Presence detections per road over a recent window of simulated time (the lighting's presence source). */
export interface PresenceCounts {
  /** The window [fromMs, timeMs): the last PRESENCE_WINDOW_MS, or from the period start when shorter. */
  fromMs: number;
  timeMs: number;
  /** Per city link: detections in the window (0 on roads without presence-controlled lamps). */
  detectionsByLink: Float32Array;
  /** Roads with presence-controlled lamps. */
  roads: number;
}

/** Energy each lamp drew from the period start to timeMs (kWh): the lighting's own integration. */
export interface LampEnergy {
  fromMs: number;
  timeMs: number;
  kWh: Float32Array;
}

export interface SimFrame {
  /** Increments with every frame sent. */
  seq: number;
  /** The scenario session the frame belongs to (see SimStatus.session). */
  session: number;
  timeMs: number;
  /** Level 0–1 of every lamp at timeMs; its buffer is transferred, not copied. */
  levels: Float32Array;
  /** Electrical power of the whole lighting fleet at timeMs (kW). */
  powerKW: number;
  /**
   * Vehicles, link speeds and volumes, signal lights and delays (one transferred buffer; its timeMs is
   * the traffic run's, up to a step behind); null without traffic; absent when unchanged since the last frame that had it.
   */
  traffic?: TrafficFrame | null;
  /** The scenario's fleet: on the first frame of each session (scenario, period, city, restore); absent: unchanged. */
  fleet?: FleetColumns;
  /**
   * Presence detections per road over the last hour (a transferred buffer, about once a second and on
   * forced frames); null when no lamp is presence-controlled; absent: unchanged.
   */
  presence?: PresenceCounts | null;
  /** Each lamp's energy since the period start (a transferred buffer, with the presence counts' rate); absent: unchanged. */
  lampEnergy?: LampEnergy;
  /** Present at a lower rate than frames (and on every pause, seek or scenario change). */
  live: LiveKpis | null;
}

export type SimPhase = 'empty' | 'ready' | 'busy';

export interface SimStatus {
  phase: SimPhase;
  /** Increments with every new scenario session (scenario, period, city or restore); 0 before any. */
  session: number;
  city: CityInfo | null;
  scenario: ScenarioInfo | null;
  playing: boolean;
  speed: SimSpeed;
  timeMs: number | null;
  /** True once the current time is the period's end. */
  atEnd: boolean;
  /** Message of a scenario that could not be applied to the current city (no strategy runs). */
  problem: string | null;
}

export interface JobProgress {
  kind: 'run' | 'seek';
  /** 0–1 of the work done. */
  fraction: number;
  timeMs: number;
}

export type ScenarioResult = { ok: true; scenario: ScenarioInfo } | { ok: false; error: string };
export type CityResult = { ok: true; city: CityInfo; problem: string | null } | { ok: false; error: string };
export type JobOutcome = { status: 'done'; timeMs: number } | { status: 'cancelled' } | { status: 'failed'; error: string };
export type RunOutcome = { status: 'done'; kpis: RunKpis } | { status: 'cancelled' } | { status: 'failed'; error: string };

/** Buffers of an earlier frame the page hands back for reuse (moved, not copied). */
export interface FrameBuffersBack {
  levels: Float32Array | null;
  traffic: ArrayBuffer | null;
}

/** Callbacks the page gives the worker (comlink proxies); `frame` may hand an earlier frame's buffers back for reuse. */
export interface SimEvents {
  frame(frame: SimFrame): Float32Array | FrameBuffersBack | void | Promise<Float32Array | FrameBuffersBack | void>;
  progress(progress: JobProgress): void;
  status(status: SimStatus): void;
  /** The live feed's state (absent in sinks that do not care). */
  liveFeed?(status: LiveFeedStatus): void;
}

/** The whole state of the twin, structured-cloneable: restoring it gives the same future. */
export interface HostSnapshot {
  kind: 'twin-sim-snapshot';
  version: 1;
  city: { name: string; lampCount: number };
  scenario: { text: string; file: string };
  period: { startMs: number; endMs: number };
  speed: SimSpeed;
  world: WorldSnapshot;
  baselineWorld: WorldSnapshot | null;
}
