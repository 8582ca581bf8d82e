// City metres → WGS84 Earth-centred Earth-fixed (ECEF) metres, through the city's own frame
// (equirectangular around meta.frame) and the WGS84 ellipsoid; pure, so the globe's meshes are testable in Node.

import type { CityFrame } from '../../core/city/model.ts';
import { makeProjection } from '../../core/geo/projection.ts';

const WGS84_A_M = 6_378_137;
const WGS84_F = 1 / 298.257223563;
const WGS84_E2 = WGS84_F * (2 - WGS84_F);
const DEG = Math.PI / 180;

/** Writes the ECEF position of (lon, lat, height above the ellipsoid) at out[at..at+2]. */
export function lonLatHeightToEcef(lonDeg: number, latDeg: number, heightM: number, out: Float64Array, at: number): void {
  const phi = latDeg * DEG, lambda = lonDeg * DEG;
  const sinPhi = Math.sin(phi), cosPhi = Math.cos(phi);
  const n = WGS84_A_M / Math.sqrt(1 - WGS84_E2 * sinPhi * sinPhi);
  out[at] = (n + heightM) * cosPhi * Math.cos(lambda);
  out[at + 1] = (n + heightM) * cosPhi * Math.sin(lambda);
  out[at + 2] = (n * (1 - WGS84_E2) + heightM) * sinPhi;
}

/** A writer of city points (metres east, north, and height) as ECEF, for one city frame. */
export type CityToEcef = (xM: number, yM: number, heightM: number, out: Float64Array, at: number) => void;

export function cityToEcef(frame: CityFrame): CityToEcef {
  const p = makeProjection(frame);
  const kx = 1 / p.mPerDegLon, ky = 1 / p.mPerDegLat;
  return (x, y, h, out, at) => lonLatHeightToEcef(frame.originLon + x * kx, frame.originLat + y * ky, h, out, at);
}
