// Lamp levels of a finished run sampled at fixed instants of one night, quantised to bytes, for a
// presentation prepared ahead of a talk; runs after the run's last step (compare worker, tests).

import { lampLevelsAt, type LightingModel } from '../lighting/lightingSim.ts';
import { nightWindow } from '../time/sun.ts';

/** Quantisation of a level 0–1 into a byte (0 → 0, 1 → 255). */
export const LEVEL_STEPS = 255;

/** The instants the tour shows: from before the evening switch-on of the period's first night into the late night. */
export interface TourClock {
  startMs: number;
  stepMs: number;
  count: number;
}

/** Sampling step of the tour's levels (ms): fine enough for switch-on and profile steps, small enough to keep. */
export const TOUR_STEP_MS = 10 * 60_000;

/**
 * The tour's clock for a period starting at `periodStartMs`: from `leadMin` before sunset of that day's
 * evening to `hoursAfter` hours after sunset, every `stepMs`. Levels between samples are those of the
 * sample before (profiles step at whole clock times, so the step keeps them).
 */
export function tourClock(periodStartMs: number, latDeg: number, lonDeg: number, o: { leadMin?: number; hoursAfter?: number; stepMs?: number } = {}): TourClock {
  const { leadMin = 40, hoursAfter = 8, stepMs = TOUR_STEP_MS } = o;
  const sunsetMs = nightWindow(periodStartMs, latDeg, lonDeg, { event: 'sunset-sunrise', onOffsetMin: 0, offOffsetMin: 0 }).onMs;
  const startMs = Math.floor((sunsetMs - leadMin * 60_000) / stepMs) * stepMs;
  const endMs = sunsetMs + hoursAfter * 3_600_000;
  return { startMs, stepMs, count: Math.ceil((endMs - startMs) / stepMs) + 1 };
}

export function clockTimes(c: TourClock): number[] {
  return Array.from({ length: c.count }, (_, k) => c.startMs + k * c.stepMs);
}

/** Technology (LampTechnology) of every lamp as the run lit it, retrofits applied: the colour a view gives its light. */
export function lampTechnologies(m: LightingModel): Uint8Array {
  const { groups, lampGroup } = m.grouping;
  const out = new Uint8Array(lampGroup.length);
  for (let i = 0; i < out.length; i++) out[i] = groups[lampGroup[i]].technology;
  return out;
}

/** Levels of every lamp at each instant, sample-major (`times.length × lampCount` bytes). */
export function sampleLampLevels(m: LightingModel, timesMs: readonly number[]): Uint8Array {
  const n = m.city.lamps.count;
  const out = new Uint8Array(timesMs.length * n);
  const levels = new Float32Array(n);
  for (let k = 0; k < timesMs.length; k++) {
    lampLevelsAt(m, timesMs[k], levels);
    const base = k * n;
    for (let i = 0; i < n; i++) out[base + i] = Math.round(Math.min(1, Math.max(0, levels[i])) * LEVEL_STEPS);
  }
  return out;
}
