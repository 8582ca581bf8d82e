import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lnPortable } from './portableMath.ts';

/** Distance in units in the last place between two finite doubles of the same sign. */
function ulps(a: number, b: number): number {
  const buf = new BigInt64Array(new Float64Array([a, b]).buffer);
  const d = buf[0] - buf[1];
  return Number(d < 0n ? -d : d);
}

describe('lnPortable', () => {
  it('gives the special values of ln', () => {
    expect(lnPortable(1)).toBe(0);
    expect(lnPortable(0)).toBe(-Infinity);
    expect(lnPortable(-0)).toBe(-Infinity);
    expect(lnPortable(-1)).toBeNaN();
    expect(lnPortable(Number.NaN)).toBeNaN();
    expect(lnPortable(Infinity)).toBe(Infinity);
    expect(lnPortable(Math.E)).toBe(1);
    expect(lnPortable(2)).toBe(Math.LN2);
    expect(lnPortable(10)).toBe(Math.LN10);
    expect(lnPortable(5e-324)).toBeCloseTo(-744.4400719213812, 12); // the smallest subnormal
  });

  it('is within one ulp of the engine logarithm over the whole range of doubles', () => {
    const positive = fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true });
    fc.assert(
      fc.property(positive, (x) => {
        const a = lnPortable(x);
        const b = Math.log(x);
        if (b === 0) expect(a).toBe(0);
        else expect(ulps(a, b), `ln(${x})`).toBeLessThanOrEqual(1);
      }),
      { numRuns: 50_000 },
    );
    // Uniform draws in (0, 1], the values the random streams take the logarithm of.
    for (let k = 1; k <= 100_000; k++) expect(ulps(lnPortable(k / 100_000), Math.log(k / 100_000)) <= 1 || k === 100_000).toBe(true);
  });
});
