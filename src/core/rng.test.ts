import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';

describe('seeded normal draws', () => {
  it('have the normal mean, spread and tails, and repeat for a seed', () => {
    const rng = new Rng(2017);
    const n = 200_000;
    const xs = Array.from({ length: n }, () => rng.normal(3, 2));
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    expect(mean).toBeCloseTo(3, 1);
    expect(Math.abs(sd - 2)).toBeLessThan(0.02);
    const share = (k: number) => xs.filter((x) => Math.abs(x - 3) < 2 * k).length / n;
    expect(Math.abs(share(1) - 0.6827)).toBeLessThan(0.005);
    expect(Math.abs(share(2) - 0.9545)).toBeLessThan(0.003);
    const again = new Rng(2017);
    expect(Array.from({ length: 5 }, () => again.normal(3, 2))).toEqual(xs.slice(0, 5));
  });
});
