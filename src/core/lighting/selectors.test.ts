import { beforeAll, describe, expect, it } from 'vitest';
import { generateDefaultCity } from '../city/generate/defaultCity.ts';
import type { CityModel } from '../city/model.ts';
import { makeProjection } from '../geo/projection.ts';
import { lampsInArea, selectLamps } from './selectors.ts';

const count = (mask: Uint8Array) => mask.reduce((s, v) => s + v, 0);

describe('drawn-area lamp target', () => {
  let city: CityModel;
  beforeAll(() => {
    city = generateDefaultCity();
  });

  /** Lamps of the default city inside an axis-aligned lon/lat box, counted directly. */
  function lampsInBox(minLon: number, minLat: number, maxLon: number, maxLat: number): number {
    const p = makeProjection(city.meta.frame);
    let n = 0;
    for (let i = 0; i < city.lamps.count; i++) {
      const [lon, lat] = p.toLonLat(city.lamps.xM[i], city.lamps.yM[i]);
      if (lon > minLon && lon < maxLon && lat > minLat && lat < maxLat) n++;
    }
    return n;
  }

  it('selects the lamps inside a rectangle of central Dijon, closed or not', () => {
    const open: [number, number][] = [[5.03, 47.315], [5.05, 47.315], [5.05, 47.33], [5.03, 47.33]];
    const expected = lampsInBox(5.03, 47.315, 5.05, 47.33);
    expect(expected).toBeGreaterThan(500);
    expect(expected).toBeLessThan(city.lamps.count / 2);
    expect(count(lampsInArea(city, open))).toBe(expected);
    expect(count(lampsInArea(city, [...open, open[0]]))).toBe(expected);
  });

  it('excludes the notch of a concave area', () => {
    // The same box with its east half's lower quarter cut out (an L shape).
    const l: [number, number][] = [[5.03, 47.315], [5.04, 47.315], [5.04, 47.3225], [5.05, 47.3225], [5.05, 47.33], [5.03, 47.33]];
    const expected = lampsInBox(5.03, 47.315, 5.05, 47.33) - lampsInBox(5.04, 47.315, 5.05, 47.3225);
    expect(count(lampsInArea(city, l))).toBe(expected);
  });

  it('combines with the other criteria of a selector (all must hold)', () => {
    const area: [number, number][] = [[5.03, 47.315], [5.05, 47.315], [5.05, 47.33], [5.03, 47.33]];
    const inArea = count(selectLamps(city, { area }, 'where'));
    const residential = count(selectLamps(city, { area, roadClasses: ['residential'] }, 'where'));
    expect(residential).toBeGreaterThan(0);
    expect(residential).toBeLessThan(inArea);
    // An area far from the city selects nothing (and is no error).
    expect(count(selectLamps(city, { area: [[2.3, 48.85], [2.31, 48.85], [2.31, 48.86]] }, 'where'))).toBe(0);
  });
});
