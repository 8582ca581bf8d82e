import { describe, expect, it } from 'vitest';
import { NIGHT_HOUR_ORDER, niceAxis } from './chartScale.ts';

describe('chart axes', () => {
  it('uses round steps and covers the data', () => {
    expect(niceAxis(3700)).toEqual({ max: 4000, ticks: [0, 1000, 2000, 3000, 4000] });
    expect(niceAxis(2277)).toEqual({ max: 3000, ticks: [0, 1000, 2000, 3000] });
    expect(niceAxis(2277, 3).max).toBe(3000);
    expect(niceAxis(9.1).max).toBeGreaterThanOrEqual(9.1);
    expect(niceAxis(0)).toEqual({ max: 1, ticks: [0, 1] });
  });
  it('orders a night from noon to noon', () => {
    expect(NIGHT_HOUR_ORDER.slice(0, 3)).toEqual([12, 13, 14]);
    expect(NIGHT_HOUR_ORDER[12]).toBe(0);
  });
});
