import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.ts';
import { RateMeter } from './rateMeter.ts';

describe('reconnection backoff', () => {
  it('doubles from the first delay up to the cap', () => {
    const o = { initialDelayMs: 500, maxDelayMs: 30_000, factor: 2, jitterRatio: 0 };
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100].map((a) => backoffDelayMs(a, o))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('draws jitter below the exact delay, never above', () => {
    const o = { initialDelayMs: 1000, maxDelayMs: 30_000, factor: 2, jitterRatio: 0.2 };
    expect(backoffDelayMs(1, o, () => 0)).toBe(2000);
    expect(backoffDelayMs(1, o, () => 0.999)).toBe(1600);
  });
});

describe('message rate', () => {
  it('counts messages per second over a sliding window', () => {
    const m = new RateMeter(10_000);
    expect(m.ratePerS(0)).toBe(0);
    for (let t = 0; t < 20_000; t += 10) m.add(1_000_000 + t); // 100 msg/s for 20 s
    expect(m.ratePerS(1_020_000)).toBeCloseTo(100, 0);
    const halfSilent = m.ratePerS(1_025_000); // about half the window is silent (one-second buckets)
    expect(halfSilent).toBeGreaterThan(40);
    expect(halfSilent).toBeLessThan(55);
    expect(m.ratePerS(1_040_000)).toBe(0);
  });

  it('is not inflated while the window is still filling', () => {
    const m = new RateMeter(10_000);
    for (let t = 0; t < 2_000; t += 100) m.add(5_000 + t); // 10 msg/s for 2 s
    expect(m.ratePerS(7_000)).toBeCloseTo(10, 0);
  });
});
