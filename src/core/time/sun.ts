// Switching times from the sun (suncalc): lamps come on at sunset (or end of civil dusk) and go
// off at sunrise (or start of civil dawn), with offsets; one "night" runs from evening D to morning D+1.

import * as SunCalc from 'suncalc';

export type SunEvent = 'sunset-sunrise' | 'civil-twilight';

export interface SunSwitching {
  event: SunEvent;
  /** Minutes added to the evening switch-on (positive: later). */
  onOffsetMin: number;
  /** Minutes added to the morning switch-off (positive: later). */
  offOffsetMin: number;
}

export interface NightWindow {
  onMs: number;
  offMs: number;
}

const DAY_MS = 86_400_000;

/** Evening and morning switching times of the night that starts on the local day of `noonUtcMs`. */
export function nightWindow(noonUtcMs: number, latDeg: number, lonDeg: number, s: SunSwitching): NightWindow {
  const today = SunCalc.getTimes(new Date(noonUtcMs), latDeg, lonDeg);
  const tomorrow = SunCalc.getTimes(new Date(noonUtcMs + DAY_MS), latDeg, lonDeg);
  const evening = s.event === 'civil-twilight' ? today.dusk : today.sunset;
  const morning = s.event === 'civil-twilight' ? tomorrow.dawn : tomorrow.sunrise;
  const on = (evening?.getTime() ?? NaN) + s.onOffsetMin * 60_000;
  const off = (morning?.getTime() ?? NaN) + s.offOffsetMin * 60_000;
  if (!Number.isFinite(on) || !Number.isFinite(off) || off <= on) {
    throw new Error(`no night at latitude ${latDeg} on ${new Date(noonUtcMs).toISOString().slice(0, 10)} (polar day or night)`);
  }
  return { onMs: Math.round(on), offMs: Math.round(off) };
}

export interface SunPosition {
  /** Apparent altitude above the horizon (radians, refraction corrected). */
  altitudeRad: number;
  /** Azimuth from north, clockwise (radians): π/2 east, π south. */
  azimuthFromNorthRad: number;
}

/** Sun position at a time and place. suncalc 2 gives degrees, azimuth from north clockwise. */
export function sunPosition(timeMs: number, latDeg: number, lonDeg: number): SunPosition {
  const p = SunCalc.getPosition(new Date(timeMs), latDeg, lonDeg);
  return { altitudeRad: (p.altitude * Math.PI) / 180, azimuthFromNorthRad: (p.azimuth * Math.PI) / 180 };
}

/** Sun altitude (radians) at a time and place, for the sky of the 3D view and photocell models. */
export function sunAltitudeRad(timeMs: number, latDeg: number, lonDeg: number): number {
  return sunPosition(timeMs, latDeg, lonDeg).altitudeRad;
}
