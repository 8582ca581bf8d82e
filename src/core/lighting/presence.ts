// Presence detections for dim-up lighting: a seeded stochastic model of passers-by per road and
// hour behind a stream interface (times of detections on a road), so that simulated vehicles or
// real detectors can feed the same policy later; plus the union of boost windows they cause.

import { RoadClass } from '../city/roadClass.ts';

/** A reusable buffer of detection times (UTC ms), sorted ascending; `count` are valid. */
export interface DetectionBuffer {
  times: Float64Array;
  count: number;
}

export function detectionBuffer(capacity = 64): DetectionBuffer {
  return { times: new Float64Array(capacity), count: 0 };
}

export function pushDetection(b: DetectionBuffer, timeMs: number): void {
  if (b.count === b.times.length) {
    const grown = new Float64Array(b.times.length * 2);
    grown.set(b.times);
    b.times = grown;
  }
  b.times[b.count++] = timeMs;
}

/**
 * A stream of presence detections on one road (link) during one slot, written sorted into `out`.
 * The stochastic model below implements it; simulated vehicles and real detectors can too.
 */
export interface PresenceSource {
  detections(link: number, roadClass: number, lengthM: number, slotStartMs: number, slotMs: number, localHour: number, out: DetectionBuffer): void;
  source: string;
}

/**
 * Passers-by per hour at 21:00 past a point of a road, by road class (stated defaults). A passer
 * walks or drives the whole road, lighting each pole in turn, so the rate does not depend on the
 * road's length and energy per lamp does not depend on how a street is cut into links.
 */
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

/**
 * Poisson passers-by per road and hour (exponential gaps, so times come out sorted); stateless:
 * the same road and hour always give the same detections, whatever the stepping.
 */
export function stochasticPassersBy(seed: number, scale = 1): PresenceSource {
  return {
    source: `seeded stochastic passers-by (seed ${seed}, scale ${scale})`,
    detections(link, roadClass, _lengthM, slotStartMs, slotMs, localHour, out) {
      out.count = 0;
      const ratePerMs = ((PASSERS_PER_HOUR_AT_21H[roadClass] ?? 5) * NIGHT_ACTIVITY_BY_HOUR[localHour] * scale) / 3_600_000;
      if (!(ratePerMs > 0)) return;
      const slot = Math.floor(slotStartMs / 3_600_000);
      const end = slotStartMs + slotMs;
      // One hashed seed per road and hour, then a xorshift stream for the gaps.
      let x = Math.floor(mix(seed, link, slot, 0) * 4294967296) | 1;
      let t = slotStartMs;
      const meanGapMs = 1 / ratePerMs;
      let times = out.times;
      let n = 0;
      for (let k = 0; k < 100_000; k++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        t -= Math.log(((x >>> 0) + 0.5) * 2.3283064365386963e-10) * meanGapMs;
        if (t >= end) break;
        if (n === times.length) {
          out.count = n;
          pushDetection(out, Math.floor(t));
          times = out.times;
          n = out.count;
          continue;
        }
        times[n++] = Math.floor(t);
      }
      out.count = n;
    },
  };
}

/**
 * Time (ms) covered by boost windows [t, t + boostMs) of the first `count` sorted detections,
 * inside [fromMs, toMs), given a boost still running until `carryUntilMs` from earlier ones.
 */
export function coveredMs(times: Float64Array, boostMs: number, fromMs: number, toMs: number, carryUntilMs: number, count = times.length): number {
  let covered = 0;
  let runStart = fromMs;
  let runEnd = carryUntilMs < toMs ? carryUntilMs : toMs;
  if (runEnd <= fromMs) runEnd = runStart = -Infinity;
  for (let k = 0; k < count; k++) {
    const s = times[k];
    if (s >= toMs) break;
    const e = s + boostMs;
    const cs = s > fromMs ? s : fromMs;
    const ce = e < toMs ? e : toMs;
    if (ce <= cs) continue;
    if (cs > runEnd) {
      if (runEnd > runStart) covered += runEnd - runStart;
      runStart = cs;
      runEnd = ce;
    } else if (ce > runEnd) runEnd = ce;
  }
  if (runEnd > runStart) covered += runEnd - runStart;
  return covered;
}

/** Energy-equivalent boost of one detection: half the ramp, the hold, half the fade, and the walk past the poles lit ahead. */
export function boostDurationMs(p: { rampS: number; holdS: number; fadeS: number; propagatePoles: number }, poleSpacingM: number, passerSpeedMps = 1.4): number {
  return Math.round((p.rampS / 2 + p.holdS + p.fadeS / 2 + (p.propagatePoles * poleSpacingM) / passerSpeedMps) * 1000);
}
