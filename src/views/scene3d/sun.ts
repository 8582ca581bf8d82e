// Sun direction for the sky and daylight from a time and the city's origin (suncalc), in
// three's Y-up frame (x east, y up, z south).

import { getPosition } from 'suncalc';

export interface SunState {
  /** Unit vector towards the sun: x east, y up, z = -north. */
  direction: [number, number, number];
  altitudeRad: number;
  /** 0 at night, 1 in full day (smooth through civil twilight). */
  daylight: number;
}

export function sunState(timeMs: number, latDeg: number, lonDeg: number): SunState {
  const p = getPosition(new Date(timeMs), latDeg, lonDeg);
  // suncalc azimuth: 0 = south, positive towards the west.
  const east = -Math.sin(p.azimuth) * Math.cos(p.altitude);
  const north = -Math.cos(p.azimuth) * Math.cos(p.altitude);
  const up = Math.sin(p.altitude);
  const t = Math.min(1, Math.max(0, (p.altitude + 0.1) / 0.2));
  return { direction: [east, up, -north], altitudeRad: p.altitude, daylight: t * t * (3 - 2 * t) };
}
