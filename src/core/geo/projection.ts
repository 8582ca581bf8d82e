// Local planar frame of a city: equirectangular projection around an origin, metres east/north.
// Accurate to well under 0.1 % across a métropole (tens of km); every table stores these metres.

import type { CityFrame } from '../city/model.ts';

const EARTH_RADIUS_M = 6_371_008.8;
const DEG = Math.PI / 180;

export interface Projection {
  frame: CityFrame;
  toXY(lon: number, lat: number): [number, number];
  toLonLat(xM: number, yM: number): [number, number];
  /** Metres per degree of longitude and latitude at the origin. */
  mPerDegLon: number;
  mPerDegLat: number;
}

export function makeProjection(frame: CityFrame): Projection {
  const mPerDegLat = EARTH_RADIUS_M * DEG;
  const mPerDegLon = mPerDegLat * Math.cos(frame.originLat * DEG);
  return {
    frame,
    mPerDegLat,
    mPerDegLon,
    toXY: (lon, lat) => [(lon - frame.originLon) * mPerDegLon, (lat - frame.originLat) * mPerDegLat],
    toLonLat: (x, y) => [frame.originLon + x / mPerDegLon, frame.originLat + y / mPerDegLat],
  };
}

/** Great-circle distance (haversine), for checks against geographic facts. */
export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * DEG;
  const dLon = (lon2 - lon1) * DEG;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * DEG) * Math.cos(lat2 * DEG) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
