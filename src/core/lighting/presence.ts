// Presence detections for dim-up lighting: a seeded stochastic model of passers-by per road and
// hour behind a stream interface (times of detections on a road), so that simulated vehicles or
// real detectors can feed the same policy later; plus the union of boost windows they cause.

import { RoadClass } from '../city/roadClass.ts';

/** Detections on one road (link) during one hour slot, as sorted UTC ms times. */
export interface PresenceSource {
  detections(link: number, roadClass: number, lengthM: number, slotStartMs: number, slotMs: number, localHour: number): Float64Array;
  source: string;
}

/** Passers-by per hour on a 100 m stretch at 21:00, by road class (stated defaults). */
export const PASSERS_PER_HOUR_AT_21H: Record<number, number> = {
  [RoadClass.Motorway]: 600,
  [RoadClass.Trunk]: 400,
  [RoadClass.Primary]: 250,
  [RoadClass.Secondary]: 120,
  [RoadClass.Tertiary]: 50,
  [RoadClass.Residential]: 8,
  [RoadClass.Service]: 3,
  [RoadClass.Pedestrian]: 25,
  [RoadClass.Unclassified]: 10,
};

/** Night activity relative to 21:00 by local hour (pedestrians, cyclists and cars together). */
export const NIGHT_ACTIVITY_BY_HOUR = [
  0.35, 0.2, 0.12, 0.08, 0.1, 0.3, 0.8, 1.2, 1.3, 1.1, 1, 1,
  1, 1, 1, 1, 1.1, 1.3, 1.4, 1.3, 1.15, 1.0, 0.8, 0.55,
] as const;

/** A 32-bit mix of integers (murmur3 finaliser), so each (seed, road, hour, k) has its own uniform. */
function mix(a: number, b: number, c: number, k: number): number {
  let h = (a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca77) ^ Math.imul(k + 1, 0xc2b2ae3d)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

const EMPTY = new Float64Array(0);

/**
 * Poisson passers-by per road and hour, uniformly spread in the hour; stateless (the same road
 * and hour always give the same detections), so results do not depend on how time is stepped.
 */
export function stochasticPassersBy(seed: number, scale = 1): PresenceSource {
  return {
    source: `seeded stochastic passers-by (seed ${seed}, scale ${scale})`,
    detections(link, roadClass, lengthM, slotStartMs, slotMs, localHour) {
      const rate = (PASSERS_PER_HOUR_AT_21H[roadClass] ?? 5) * (lengthM / 100) * NIGHT_ACTIVITY_BY_HOUR[localHour] * scale * (slotMs / 3_600_000);
      if (rate <= 0) return EMPTY;
      const slot = Math.floor(slotStartMs / 3_600_000);
      // Poisson by inversion (rates at night are small); capped far above any plausible hour.
      let n = 0;
      let p = Math.exp(-rate);
      let cdf = p;
      const u = mix(seed, link, slot, 0);
      while (u > cdf && n < 10_000) {
        n++;
        p *= rate / n;
        cdf += p;
      }
      if (n === 0) return EMPTY;
      const times = new Float64Array(n);
      for (let k = 0; k < n; k++) times[k] = slotStartMs + Math.floor(mix(seed, link, slot, k + 1) * slotMs);
      times.sort();
      return times;
    },
  };
}

/**
 * Time (ms) covered by boost windows [t, t + boostMs) of sorted detections, inside [fromMs, toMs),
 * given a boost still running until `carryUntilMs` from earlier detections. Returns the covered
 * time and the end of the last boost (the carry for the next interval).
 */
export function coveredMs(times: Float64Array, boostMs: number, fromMs: number, toMs: number, carryUntilMs: number): { coveredMs: number; untilMs: number } {
  let covered = 0;
  let runStart = fromMs;
  let runEnd = Math.min(carryUntilMs, toMs);
  if (runEnd <= fromMs) runEnd = runStart = -Infinity;
  let until = carryUntilMs;
  for (let k = 0; k < times.length; k++) {
    const s = times[k];
    if (s >= toMs) break;
    const e = s + boostMs;
    until = Math.max(until, e);
    const cs = Math.max(s, fromMs);
    const ce = Math.min(e, toMs);
    if (ce <= cs) continue;
    if (cs > runEnd) {
      if (runEnd > runStart) covered += runEnd - runStart;
      runStart = cs;
      runEnd = ce;
    } else if (ce > runEnd) runEnd = ce;
  }
  if (runEnd > runStart) covered += runEnd - runStart;
  return { coveredMs: covered, untilMs: until };
}

/** Energy-equivalent boost of one detection: half the ramp, the hold, half the fade, and the walk past the poles lit ahead. */
export function boostDurationMs(p: { rampS: number; holdS: number; fadeS: number; propagatePoles: number }, poleSpacingM: number, passerSpeedMps = 1.4): number {
  return Math.round((p.rampS / 2 + p.holdS + p.fadeS / 2 + (p.propagatePoles * poleSpacingM) / passerSpeedMps) * 1000);
}
