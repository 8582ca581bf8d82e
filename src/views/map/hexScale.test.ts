import { describe, expect, it } from 'vitest';
import { hexCell, maxHexSum, niceDomainMax, niceStep } from './hexScale.ts';

describe('hexagon scale', () => {
  it('points near a hexagon centre share its cell; far points do not', () => {
    const r = 100;
    const c = hexCell(0, 0, r);
    expect(hexCell(10, -10, r)).toEqual(c);
    expect(hexCell(0, 3 * r, r)).not.toEqual(c);
  });

  it('the largest per-cell sum', () => {
    const x = new Float32Array([0, 5, -5, 1000]);
    const y = new Float32Array([0, 5, 0, 1000]);
    const w = new Float32Array([10, 20, 30, 100]);
    expect(maxHexSum(x, y, w, 50)).toBe(100);
    expect(maxHexSum(x, y, new Float32Array([10, 20, 30, 5]), 50)).toBe(60);
  });

  it('round legend limits with headroom', () => {
    expect(niceStep(5230)).toBe(6000);
    expect(niceStep(1000)).toBe(1000);
    expect(niceStep(0)).toBe(1);
    expect(niceDomainMax(28_549, 6)).toBe(36_000);
    expect(niceDomainMax(100, 6) / 6).toBe(20);
  });
});
