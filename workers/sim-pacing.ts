// Timing plumbing of the simulation worker: a macrotask yield that is not clamped like nested
// setTimeout (MessageChannel), and the wall-clock pacing rule that maps speed × wall time to sim time.

import type { SimSpeed } from './sim-protocol.ts';

/** Wall-time tick of the pacing loop (ms): about one display frame. */
export const TICK_MS = 16;
/** Frames are sent at most this often (≤ 30 Hz). */
export const FRAME_INTERVAL_MS = 1000 / 30;
/** The traffic part of a frame (tens of thousands of vehicles at the peak) rides on frames at most this often (≤ 10 Hz). */
export const TRAFFIC_FRAME_INTERVAL_MS = 100;
/** Presence counts per road ride on frames at most this often (they change slowly). */
export const PRESENCE_FRAME_INTERVAL_MS = 1000;
/** KPIs ride on a frame at most this often (they cost a few ms each). */
export const KPI_INTERVAL_MS = 250;
/** Work per slice in 'max' speed and in jobs before the worker yields to messages (cancel, pause). */
export const SLICE_MS = 30;
/** A paced step may fall this far (wall ms) behind its schedule before the schedule is reset. */
export const MAX_LAG_WALL_MS = 500;

/**
 * Runs callbacks on the next macrotask so that messages (cancel, pause) get in between slices:
 * a MessageChannel in the browser (no 4 ms clamp of nested setTimeout); setImmediate in Node,
 * whose MessagePort drains up to a thousand queued messages before timers run.
 */
export class Yielder {
  private channel: MessageChannel | null = null;
  private queue: (() => void)[] = [];
  private readonly immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;

  next(): Promise<void> {
    return new Promise((resolve) => this.post(resolve));
  }

  post(fn: () => void): void {
    if (this.immediate) {
      this.immediate(fn);
      return;
    }
    if (!this.channel) {
      const c = new MessageChannel();
      c.port1.onmessage = () => this.queue.shift()?.();
      this.channel = c;
    }
    this.queue.push(fn);
    this.channel.port2.postMessage(null);
  }

  close(): void {
    this.channel?.port1.close();
    this.channel?.port2.close();
    this.channel = null;
    this.queue = [];
  }
}

/** Wall time → sim time for a numeric speed, from an anchor set at play, seek and speed changes. */
export class PacingClock {
  private anchorSimMs = 0;
  private anchorWallMs = 0;

  anchor(simMs: number, wallMs: number): void {
    this.anchorSimMs = simMs;
    this.anchorWallMs = wallMs;
  }

  /** Where sim time should be at wall time `wallMs` (integer ms). */
  targetAt(wallMs: number, speed: Exclude<SimSpeed, 'max'>): number {
    return this.anchorSimMs + Math.round(speed * (wallMs - this.anchorWallMs));
  }

  /** After a step that reached `simMs`: re-anchor when it is too far behind (slow steps never race to catch up). */
  dropLag(simMs: number, wallMs: number, speed: Exclude<SimSpeed, 'max'>): void {
    if (this.targetAt(wallMs, speed) - simMs > speed * MAX_LAG_WALL_MS) this.anchor(simMs, wallMs);
  }
}
