// `window.__twinSim`: what browser tests and the browser benchmark read about the simulation
// (status, frames received and their rate, lamp level statistics, the last run's KPIs).

import type { FrameReceiver } from './frames.ts';
import type { IngestBatchResult, RunKpis, SimStatus } from './types.ts';

export interface LevelStats {
  count: number;
  mean: number;
  min: number;
  max: number;
  /** Lamps below 0.95 (dimmed or off). */
  dimmed: number;
}

export interface SimProbe {
  status: SimStatus | null;
  timeMs: number | null;
  /** Scenario session of the latest frame: equal to status.session once the frame of the current scenario is in. */
  frameSession: number;
  frames: number;
  framesPerSecond(): number;
  levelStats(): LevelStats | null;
  /** The KPIs of the last completed "run to end" (exactly what the worker returned). */
  lastRun: RunKpis | null;
  runs: number;
  /** Hands NDJSON messages to the worker's feed gate (the feed benchmark's sustained ingest). */
  ingest?: (ndjson: string, reference: 'sim' | 'wall') => Promise<IngestBatchResult>;
}

declare global {
  interface Window {
    __twinSim?: SimProbe;
  }
}

export function levelStats(levels: Float32Array): LevelStats {
  let sum = 0, min = Infinity, max = -Infinity, dimmed = 0;
  for (let i = 0; i < levels.length; i++) {
    const v = levels[i];
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v < 0.95) dimmed++;
  }
  return { count: levels.length, mean: levels.length ? sum / levels.length : 0, min, max, dimmed };
}

/** Installs the probe (browser only); returns it for the app to update. */
export function installSimProbe(frames: FrameReceiver): SimProbe | null {
  if (typeof window === 'undefined') return null;
  const probe: SimProbe = {
    status: null,
    lastRun: null,
    runs: 0,
    get timeMs() {
      return frames.timeMs;
    },
    get frameSession() {
      return frames.session;
    },
    get frames() {
      return frames.frames;
    },
    framesPerSecond: () => frames.framesPerSecond(),
    levelStats: () => (frames.levels ? levelStats(frames.levels) : null),
  };
  window.__twinSim = probe;
  return probe;
}
