// Per-trip before/after of a comparison with traffic: trips paired by number (same seed, same
// demand), a sample of at most a few thousand for the scatter, and the CSV of every trip.

import { VEHICLE_TYPE_NAMES } from '../../core/traffic/demand.ts';
import type { TripResultArrays } from '../../sim-client/compareClient.ts';

/** Points the scatter draws at most (an SVG path stays light below this). */
export const MAX_SCATTER_POINTS = 5000;

export interface ScatterSample {
  /** Trip numbers of the points drawn. */
  trip: Uint32Array;
  baselineS: Float32Array;
  variantS: Float32Array;
  /** Trips completed on both sides (what the sample is drawn from). */
  paired: number;
  /** Trips due on both sides. */
  total: number;
  /** Largest travel time of the pairs (s): the scatter's axis extent. */
  maxS: number;
  /** Pairs faster in the variant, slower, and equal (tenth of a second). */
  faster: number;
  slower: number;
}

/**
 * Trips completed on both sides; when more than `maxPoints`, an even stride over the trip numbers
 * (deterministic: the same comparison always shows the same points), so the sample keeps the day's spread.
 */
export function sampleTripPairs(a: TripResultArrays, b: TripResultArrays, maxPoints = MAX_SCATTER_POINTS): ScatterSample {
  const total = Math.min(a.travelS.length, b.travelS.length);
  const both: number[] = [];
  let maxS = 0;
  let faster = 0;
  let slower = 0;
  for (let i = 0; i < total; i++) {
    const x = a.travelS[i];
    const y = b.travelS[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    both.push(i);
    maxS = Math.max(maxS, x, y);
    const d = Math.round((y - x) * 10);
    if (d < 0) faster++;
    else if (d > 0) slower++;
  }
  const n = Math.min(maxPoints, both.length);
  const trip = new Uint32Array(n);
  const baselineS = new Float32Array(n);
  const variantS = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const i = both[Math.floor((k * both.length) / n)];
    trip[k] = i;
    baselineS[k] = a.travelS[i];
    variantS[k] = b.travelS[i];
  }
  return { trip, baselineS, variantS, paired: both.length, total, maxS, faster, slower };
}

export const TRIP_COMPARE_CSV_HEADER = 'trip,type,baselineTravelTimeS,variantTravelTimeS,changeS,baselineDelayS,variantDelayS';

/** Every trip due on both sides, one row each (empty fields where a side did not complete it), as chunks. */
export function tripCompareCsv(a: TripResultArrays, b: TripResultArrays): string[] {
  const total = Math.min(a.travelS.length, b.travelS.length);
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '');
  const chunks = [TRIP_COMPARE_CSV_HEADER + '\r\n'];
  let chunk = '';
  for (let i = 0; i < total; i++) {
    const x = a.travelS[i];
    const y = b.travelS[i];
    chunk += `${i},${VEHICLE_TYPE_NAMES[a.type[i]] ?? a.type[i]},${f(x)},${f(y)},${f(y - x)},${f(a.delayS[i])},${f(b.delayS[i])}\r\n`;
    if (chunk.length > 1 << 16) {
      chunks.push(chunk);
      chunk = '';
    }
  }
  if (chunk) chunks.push(chunk);
  return chunks;
}
