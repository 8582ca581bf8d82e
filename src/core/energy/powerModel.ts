// Electrical power of a lamp from its dim level: system power (lamp + ballast or driver),
// a driver efficiency that falls at low levels, and a standby draw (DOMAIN.md, stated defaults).

import { LampTechnology } from '../city/model.ts';

export interface PowerModelParams {
  /** System power / rated lamp power for magnetic-ballast discharge lamps (150 W HPS draws ≈ 170 W). */
  dischargeBallastFactor: number;
  /** Controller/driver standby draw of a lamp that is off or dimmed (W); discharge lamps switched off draw 0. */
  ledStandbyW: number;
  /** Below this level a LED driver's efficiency drops (fraction of full output). */
  ledEfficiencyKneeLevel: number;
  /** Relative driver efficiency at the lowest level (1 = as efficient as at full output). */
  ledEfficiencyAtZero: number;
  /** Discharge lamps cannot dim below this level (bi-level ballasts); lower requests clamp to it. */
  dischargeMinLevel: number;
}

export const DEFAULT_POWER_MODEL: PowerModelParams = {
  dischargeBallastFactor: 170 / 150,
  ledStandbyW: 0.7,
  ledEfficiencyKneeLevel: 0.3,
  ledEfficiencyAtZero: 0.5,
  dischargeMinLevel: 0.5,
};

export function isLed(technology: number): boolean {
  return technology === LampTechnology.LED;
}

/** System power at full output (W) from the rated lamp power. */
export function systemPowerW(ratedPowerW: number, technology: number, p: PowerModelParams = DEFAULT_POWER_MODEL): number {
  return isLed(technology) ? ratedPowerW : ratedPowerW * p.dischargeBallastFactor;
}

/**
 * Power fraction of full system power drawn at `level` (0–1), excluding standby.
 * LED: proportional to light output above the knee, then light / efficiency with efficiency
 * falling linearly to `ledEfficiencyAtZero`. Discharge: linear from the minimum dimmable level.
 */
export function powerFraction(level: number, technology: number, p: PowerModelParams = DEFAULT_POWER_MODEL): number {
  if (level <= 0) return 0;
  const x = Math.min(1, level);
  if (isLed(technology)) {
    if (x >= p.ledEfficiencyKneeLevel) return x;
    const eff = p.ledEfficiencyAtZero + ((1 - p.ledEfficiencyAtZero) * x) / p.ledEfficiencyKneeLevel;
    return x / eff;
  }
  // Discharge lamps: a dimming ballast saves less than it dims (≈ 0.6 power at 0.5 light).
  const y = Math.max(p.dischargeMinLevel, x);
  return 0.2 + 0.8 * y;
}

/** The light level a lamp actually gives when asked for `level` (discharge lamps clamp). */
export function deliveredLevel(level: number, technology: number, p: PowerModelParams = DEFAULT_POWER_MODEL): number {
  if (level <= 0) return 0;
  return isLed(technology) ? Math.min(1, level) : Math.max(p.dischargeMinLevel, Math.min(1, level));
}

/** Standby draw (W) of a lamp while the network is energised (LED controllers). */
export function standbyW(technology: number, p: PowerModelParams = DEFAULT_POWER_MODEL): number {
  return isLed(technology) ? p.ledStandbyW : 0;
}
