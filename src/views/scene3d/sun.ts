// Sun direction for the sky and daylight from a time and the city's origin (suncalc), in
// three's Y-up frame (x east, y up, z south).

import { sunPosition } from '../../core/time/sun.ts';

export interface SunState {
  /** Unit vector towards the sun: x east, y up, z = -north. */
  direction: [number, number, number];
  altitudeRad: number;
  /** 0 at night, 1 in full day (smooth through civil twilight). */
  daylight: number;
}

export function sunState(timeMs: number, latDeg: number, lonDeg: number): SunState {
  const { altitudeRad, azimuthFromNorthRad } = sunPosition(timeMs, latDeg, lonDeg);
  const east = Math.sin(azimuthFromNorthRad) * Math.cos(altitudeRad);
  const north = Math.cos(azimuthFromNorthRad) * Math.cos(altitudeRad);
  const up = Math.sin(altitudeRad);
  const t = Math.min(1, Math.max(0, (altitudeRad + 0.1) / 0.2));
  return { direction: [east, up, -north], altitudeRad, daylight: t * t * (3 - 2 * t) };
}
