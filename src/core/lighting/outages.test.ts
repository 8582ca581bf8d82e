import { describe, expect, it } from 'vitest';
import { LampOutages } from './outages.ts';

describe('lamp outages', () => {
  it('keeps reports in time order and measures dark time in an interval', () => {
    const o = new LampOutages();
    o.record(7, 100, true);
    o.record(7, 300, false);
    o.record(7, 200, true); // out of order, still dark
    o.record(7, 500, true);
    expect(o.darkAt(7, 50)).toBe(false);
    expect(o.darkAt(7, 250)).toBe(true);
    expect(o.darkAt(7, 400)).toBe(false);
    expect(o.darkOverlapMs(7, 0, 1000)).toBe(200 + 500);
    expect(o.darkOverlapMs(7, 150, 250)).toBe(100);
    expect(o.darkOverlapMs(8, 0, 1000)).toBe(0);
    o.record(9, 10, false);
    expect(o.size).toBe(1);
  });

  it('compaction keeps every answer after the horizon and forgets lamps lit since', () => {
    const o = new LampOutages();
    for (let t = 0; t < 10_000; t += 100) o.record(1, t, Math.floor(t / 1000) % 2 === 1); // dark every other 1,000 ms
    o.record(2, 50, true);
    o.record(2, 400, false);
    const before = [3960, 5050, 9999].map((t) => [o.darkAt(1, t), o.darkOverlapMs(1, t, 10_000)]);
    o.compactBefore(3_950);
    expect([3960, 5050, 9999].map((t) => [o.darkAt(1, t), o.darkOverlapMs(1, t, 10_000)])).toEqual(before);
    expect(o.darkAt(1, 3_960)).toBe(true);
    expect(o.heldReports).toBe(61); // the last report before the horizon and the 60 after it
    expect(o.lamps()).toEqual([1]);
  });
});
