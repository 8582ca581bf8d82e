import { describe, expect, it } from 'vitest';
import { cityToEcef, lonLatHeightToEcef } from './geo.ts';
import { haversineM } from '../../core/geo/projection.ts';

describe('city metres → WGS84 ECEF', () => {
  it('known points of the ellipsoid', () => {
    const out = new Float64Array(3);
    lonLatHeightToEcef(0, 0, 0, out, 0);
    expect([...out]).toEqual([6_378_137, 0, 0]);
    lonLatHeightToEcef(90, 0, 100, out, 0);
    expect(out[0]).toBeCloseTo(0, 6);
    expect(out[1]).toBeCloseTo(6_378_237, 6);
    lonLatHeightToEcef(0, 90, 0, out, 0);
    // Polar radius b = a (1 − f).
    expect(out[2]).toBeCloseTo(6_356_752.314, 2);
  });

  it('the city origin lies on the ellipsoid at Dijon and a kilometre east is about a kilometre away', () => {
    const frame = { originLat: 47.322, originLon: 5.0415 };
    const toEcef = cityToEcef(frame);
    const a = new Float64Array(3), b = new Float64Array(3), up = new Float64Array(3);
    toEcef(0, 0, 0, a, 0);
    toEcef(1000, 0, 0, b, 0);
    toEcef(0, 0, 50, up, 0);
    const d = Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
    expect(d).toBeGreaterThan(995);
    expect(d).toBeLessThan(1005);
    expect(Math.hypot(up[0] - a[0], up[1] - a[1], up[2] - a[2])).toBeCloseTo(50, 6);
    // Latitude from ECEF (Bowring is overkill here): the origin's geocentric direction is near 47.1°.
    const geocentricLatDeg = (Math.atan2(a[2], Math.hypot(a[0], a[1])) * 180) / Math.PI;
    expect(geocentricLatDeg).toBeGreaterThan(47.1);
    expect(geocentricLatDeg).toBeLessThan(47.33);
    expect(haversineM(5.0415, 47.322, 5.0415 + 1000 / (111_195 * Math.cos((47.322 * Math.PI) / 180)), 47.322)).toBeCloseTo(1000, 0);
  });
});
