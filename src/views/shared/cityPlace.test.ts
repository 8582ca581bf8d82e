import { describe, expect, it } from 'vitest';
import { gridCity } from '../../core/city/testing/gridCity.ts';
import { cityBoundsM, startPlace, wholeCityPlace } from './cityPlace.ts';

describe('shared place', () => {
  it('the whole city: the network box centre, far enough to show its larger side', () => {
    const city = gridCity({ lines: 4, spacingM: 100 });
    const b = cityBoundsM(city);
    expect(b).toEqual({ minXM: 0, minYM: 0, maxXM: 300, maxYM: 300 });
    const p = wholeCityPlace(city);
    expect(p.xM).toBe(150);
    expect(p.yM).toBe(150);
    // 400 m minimum size × 0.8 over 2·tan(22.5°).
    expect(p.distanceM).toBeCloseTo(320 / (2 * Math.tan(Math.PI / 8)), 6);
  });

  it('a camera target left by another view wins over the fallback', () => {
    const fallback = { xM: 1, yM: 2, distanceM: 3 };
    expect(startPlace(null, fallback)).toBe(fallback);
    expect(startPlace({ xM: 10, yM: 20, distanceM: 800, seq: 4 }, fallback)).toEqual({ xM: 10, yM: 20, distanceM: 800 });
    expect(startPlace({ xM: NaN, yM: 20, distanceM: 800, seq: 1 }, fallback)).toBe(fallback);
  });
});
