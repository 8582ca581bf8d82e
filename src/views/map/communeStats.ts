// Per-commune figures for the map's commune layer: energy per inhabitant from the live KPIs (or light
// points per 1,000 inhabitants before any), as circle radii (px) and RGBA fills in typed arrays; pure.

import type { Rgb } from './lampColours.ts';

export type CommuneMetric = 'kWhPerInhabitant' | 'lampsPerThousand';

/** Low → high: teal, amber, red (read on a dark map). */
export const COMMUNE_RAMP: readonly Rgb[] = [
  [70, 200, 190],
  [250, 200, 80],
  [250, 90, 70],
];

export interface CommuneFigures {
  metric: CommuneMetric;
  /** Value per commune in the metric's unit (NaN when unknown, e.g. no inhabitants). */
  values: Float32Array;
  max: number;
  radiiPx: Float32Array;
  /** RGBA per commune. */
  fills: Uint8Array;
}

export const COMMUNE_MIN_RADIUS_PX = 6;
export const COMMUNE_MAX_RADIUS_PX = 30;

export function rampRgb(t: number, out: Uint8Array, at: number): void {
  const x = Math.min(1, Math.max(0, t)) * (COMMUNE_RAMP.length - 1);
  const k = Math.min(COMMUNE_RAMP.length - 2, Math.floor(x));
  const f = x - k;
  const a = COMMUNE_RAMP[k], b = COMMUNE_RAMP[k + 1];
  for (let c = 0; c < 3; c++) out[at + c] = Math.round(a[c] + (b[c] - a[c]) * f);
}

/**
 * `energyByCommuneKWh` (names → kWh since the period start, from the simulation's live KPIs) gives
 * kWh per inhabitant; without it the figure is light points per 1,000 inhabitants.
 */
export function communeFigures(
  names: readonly string[],
  population: Uint32Array,
  lampCount: Uint32Array,
  energyByCommuneKWh: Readonly<Record<string, number>> | null,
): CommuneFigures {
  const n = names.length;
  const metric: CommuneMetric = energyByCommuneKWh ? 'kWhPerInhabitant' : 'lampsPerThousand';
  const values = new Float32Array(n);
  let max = 0;
  for (let i = 0; i < n; i++) {
    const pop = population[i];
    const v = pop <= 0 ? NaN : energyByCommuneKWh ? (energyByCommuneKWh[names[i]] ?? 0) / pop : (lampCount[i] * 1000) / pop;
    values[i] = v;
    if (v > max) max = v;
  }
  const radiiPx = new Float32Array(n);
  const fills = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    const t = max > 0 && Number.isFinite(values[i]) ? values[i] / max : 0;
    // Area, not radius, proportional to the value.
    radiiPx[i] = COMMUNE_MIN_RADIUS_PX + (COMMUNE_MAX_RADIUS_PX - COMMUNE_MIN_RADIUS_PX) * Math.sqrt(t);
    rampRgb(t, fills, i * 4);
    fills[i * 4 + 3] = Number.isFinite(values[i]) ? 130 : 50;
  }
  return { metric, values, max, radiiPx, fills };
}
