// Car following: the Intelligent Driver Model (Treiber) with vehicle-type parameters, and the
// HBEFA3-style emission polynomials (as SUMO uses) evaluated from speed and acceleration.

import { VehicleType } from './demand.ts';

export interface IdmParams {
  accelMps2: number;
  decelMps2: number;
  timeHeadwayS: number;
  minGapM: number;
  delta: number;
  lengthM: number;
  /** Desired speed as a multiple of the speed limit (before the per-vehicle factor). */
  speedLimitFactor: number;
  maxSpeedMps: number;
}

/** Urban defaults of DOMAIN.md (T 1.0–1.5 s, s0 2 m, a 1.0–1.5, b 1.5–2.0, δ 4; car 5 m, bus 12 m). */
export const VEHICLE_PARAMS: Record<VehicleType, IdmParams> = {
  [VehicleType.Car]: { accelMps2: 1.5, decelMps2: 2.0, timeHeadwayS: 1.2, minGapM: 2, delta: 4, lengthM: 5, speedLimitFactor: 1, maxSpeedMps: 50 },
  [VehicleType.Bus]: { accelMps2: 1.0, decelMps2: 1.5, timeHeadwayS: 1.5, minGapM: 2.5, delta: 4, lengthM: 12, speedLimitFactor: 1, maxSpeedMps: 70 / 3.6 },
  [VehicleType.Emergency]: { accelMps2: 2.5, decelMps2: 3.0, timeHeadwayS: 1.0, minGapM: 2, delta: 4, lengthM: 6, speedLimitFactor: 1.3, maxSpeedMps: 40 },
};

/** The strongest deceleration a vehicle can apply (m/s²): the emergency brake of SUMO's defaults. */
export const MAX_DECEL_MPS2 = 9;

/**
 * IDM acceleration towards desired speed v0 behind a leader at gap s (bumper to bumper, m)
 * closing at dv = v − v_leader; pass gap = Infinity when the road ahead is free.
 */
export function idmAccel(p: IdmParams, v: number, v0: number, gapM: number, dv: number): number {
  const free = 1 - Math.pow(v / v0, p.delta);
  if (gapM === Infinity) return p.accelMps2 * free;
  const sStar = p.minGapM + Math.max(0, v * p.timeHeadwayS + (v * dv) / (2 * Math.sqrt(p.accelMps2 * p.decelMps2)));
  const s = Math.max(gapM, 0.01);
  return p.accelMps2 * (free - (sStar / s) * (sStar / s));
}

/** HBEFA3 polynomial coefficients (c0, cav1, cav2, c1, c2, c3), mg/s after division by 3.6. */
export interface EmissionCoefficients {
  co2: readonly number[];
  nox: readonly number[];
}

/**
 * CO₂: DOMAIN.md (PC petrol Euro 4, SUMO's default class; bus). NOx: HBEFA3 PC_G_EU4 as in SUMO;
 * for buses, whose NOx row is not in DOMAIN.md, the diesel Euro 4 car row scaled by the bus/car
 * CO₂ ratio at 30 km/h (a stated estimate).
 */
export const EMISSIONS: Record<VehicleType, EmissionCoefficients> = {
  [VehicleType.Car]: { co2: [9449, 938.4, 0, -467.1, 28.26, 0], nox: [4.336, 0.4428, 0, -0.3204, 0.01371, 0] },
  [VehicleType.Bus]: { co2: [19030, 6475, 0, 2073, 0, 0], nox: [47.45 * 3.4, 4.011 * 3.4, 0, -4.061 * 3.4, 0.1619 * 3.4, 0] },
  [VehicleType.Emergency]: { co2: [9449, 938.4, 0, -467.1, 28.26, 0], nox: [4.336, 0.4428, 0, -0.3204, 0.01371, 0] },
};

/** Emission rate (mg/s) of a polynomial at speed v (m/s) and acceleration a (m/s²). */
export function emissionMgPerS(c: readonly number[], v: number, a: number): number {
  return Math.max(0, (c[0] + c[1] * a * v + c[2] * a * a * v + c[3] * v + c[4] * v * v + c[5] * v * v * v) / 3.6);
}
