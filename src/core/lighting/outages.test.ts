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
});
