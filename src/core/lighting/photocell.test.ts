import { describe, expect, it } from 'vitest';
import { AmbientReadings } from './photocell.ts';

describe('photocell switching', () => {
  const sun = [{ onMs: 1000, offMs: 5000 }];
  it('burns below the threshold while readings are fresh, and follows the sun elsewhere', () => {
    const r = new AmbientReadings();
    r.record(800, 10); // dark early: on from 800
    r.record(3000, 100); // bright: off
    r.record(3500, 5); // dark again
    expect(r.onIntervals(0, 6000, 30, 10_000, sun)).toEqual([{ onMs: 800, offMs: 3000 }, { onMs: 3500, offMs: 6000 }]);
    // with a short staleness, the sun takes over after each reading's validity
    expect(r.onIntervals(0, 6000, 30, 300, sun)).toEqual([{ onMs: 800, offMs: 3000 }, { onMs: 3300, offMs: 5000 }]);
  });
  it('is the sun alone without readings', () => {
    expect(new AmbientReadings().onIntervals(0, 6000, 30, 1000, sun)).toEqual(sun);
  });
  it('compaction keeps the intervals after the horizon and the reading that governs it', () => {
    const r = new AmbientReadings();
    for (let t = 0; t < 6000; t += 100) r.record(t, (t / 100) % 3 === 0 ? 50 : 10);
    const after = r.onIntervals(2_050, 6000, 30, 250, sun);
    r.compactBefore(2_050);
    expect(r.size).toBe(60 - 20);
    expect(r.onIntervals(2_050, 6000, 30, 250, sun)).toEqual(after);
  });
});
