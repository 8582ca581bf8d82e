import { describe, expect, it } from 'vitest';
import { MAX_SCATTER_POINTS, TRIP_COMPARE_CSV_HEADER, sampleTripPairs, tripCompareCsv } from './tripCompare.ts';

function sides(n: number) {
  const a = { travelS: new Float32Array(n), delayS: new Float32Array(n), type: new Uint8Array(n) };
  const b = { travelS: new Float32Array(n), delayS: new Float32Array(n), type: new Uint8Array(n) };
  for (let i = 0; i < n; i++) {
    a.travelS[i] = 100 + (i % 600);
    b.travelS[i] = i % 3 === 0 ? a.travelS[i] - 10 : i % 3 === 1 ? a.travelS[i] + 5 : a.travelS[i];
    a.delayS[i] = 10;
    b.delayS[i] = 12;
    a.type[i] = b.type[i] = i % 50 === 0 ? 1 : 0;
  }
  return { a, b };
}

describe('per-trip before/after', () => {
  it('samples at most 5,000 pairs completed on both sides, evenly over the trip numbers, the same every time', () => {
    const { a, b } = sides(400_000);
    a.travelS[7] = NaN;
    b.travelS[8] = NaN;
    const s = sampleTripPairs(a, b);
    expect(s.trip.length).toBe(MAX_SCATTER_POINTS);
    expect(s.paired).toBe(400_000 - 2);
    expect(s.total).toBe(400_000);
    expect(Array.from(s.trip)).not.toContain(7);
    expect(Array.from(s.trip)).not.toContain(8);
    // Increasing trip numbers spread over the whole day.
    for (let k = 1; k < s.trip.length; k++) expect(s.trip[k]).toBeGreaterThan(s.trip[k - 1]);
    expect(s.trip[0]).toBeLessThan(100);
    expect(s.trip.at(-1)!).toBeGreaterThan(399_000);
    for (let k = 0; k < s.trip.length; k += 97) {
      expect(s.baselineS[k]).toBe(a.travelS[s.trip[k]]);
      expect(s.variantS[k]).toBe(b.travelS[s.trip[k]]);
    }
    expect(s.faster + s.slower).toBeLessThan(s.paired);
    expect(Math.abs(s.faster - s.paired / 3)).toBeLessThan(2);
    expect(sampleTripPairs(a, b)).toEqual(s);
    // Fewer pairs than the limit: every pair.
    const small = sides(1200);
    expect(sampleTripPairs(small.a, small.b).trip.length).toBe(1200);
  });

  it('writes one CSV row per trip, blank where a side did not complete it', () => {
    const { a, b } = sides(5);
    b.travelS[2] = NaN;
    b.delayS[2] = NaN;
    const text = tripCompareCsv(a, b).join('');
    const rows = text.trim().split('\r\n');
    expect(rows[0]).toBe(TRIP_COMPARE_CSV_HEADER);
    expect(rows).toHaveLength(6);
    expect(rows[1]).toBe('0,bus,100.0,90.0,-10.0,10.0,12.0');
    expect(rows[3]).toBe('2,car,102.0,,,10.0,');
  });
});
