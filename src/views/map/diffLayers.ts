// Difference maps between the two sides of a studio comparison: per-road mean speed (variant vs
// baseline) and per-lamp mean level or energy, as diverging RGBA columns for deck.gl; pure, no deck import.

import type { RoadColumns } from './mapData.ts';
import type { Rgb } from './lampColours.ts';
import type { CompareRun, LinkResultArrays, SideResult } from '../../sim-client/compareClient.ts';

/** A diverging scale: six ascending limits give seven classes, a colour for each (decrease … neutral … increase). */
export interface DivergingScale {
  limits: readonly number[];
  rgb: readonly Rgb[];
}

/** Roads by change of mean speed (% of the baseline's): slower red, faster blue-green. */
export const ROAD_SPEED_PCT: DivergingScale = {
  limits: [-20, -10, -3, 3, 10, 20],
  rgb: [[230, 40, 50], [245, 110, 70], [250, 180, 130], [120, 126, 140], [130, 210, 220], [60, 170, 230], [40, 110, 240]],
};
/** Lamps by change of mean level (percentage points): dimmer blue, brighter orange. */
export const LAMP_LEVEL_PTS: DivergingScale = {
  limits: [-30, -10, -2, 2, 10, 30],
  rgb: [[40, 90, 240], [90, 150, 250], [160, 200, 250], [120, 126, 140], [255, 200, 120], [255, 150, 60], [250, 90, 30]],
};
/** Lamps by change of energy over the period (% of the baseline's). */
export const LAMP_ENERGY_PCT: DivergingScale = { limits: [-40, -20, -5, 5, 20, 40], rgb: LAMP_LEVEL_PTS.rgb };
/** Where either side has no figure (no vehicle drove the road, or a zero baseline). */
export const NO_DIFF_RGBA: readonly [number, number, number, number] = [80, 86, 100, 70];

/** The middle class of a diverging scale (no meaningful change). */
export const NEUTRAL_CLASS = 3;

export type LampDiffMode = 'level' | 'energy';
export const LAMP_DIFF_MODES: readonly LampDiffMode[] = ['level', 'energy'];

export function divergingClass(delta: number, scale: DivergingScale): number {
  let k = 0;
  while (k < scale.limits.length && delta >= scale.limits[k]) k++;
  return k;
}

function putClass(out: Uint8Array, at: number, delta: number, scale: DivergingScale): void {
  if (!Number.isFinite(delta)) {
    out.set(NO_DIFF_RGBA, at);
    return;
  }
  const rgb = scale.rgb[divergingClass(delta, scale)];
  out[at] = rgb[0];
  out[at + 1] = rgb[1];
  out[at + 2] = rgb[2];
  out[at + 3] = 255;
}

/** Change in % of `base` (NaN from a zero or missing baseline). */
export function pctChange(base: number, variant: number): number {
  return base > 0 && Number.isFinite(variant) ? ((variant - base) / base) * 100 : NaN;
}

/** Mean speed (km/h) over both directions of a road: total length driven over total time (NaN: nobody drove it). */
function roadMeanKph(r: LinkResultArrays, lengthM: number, a: number, b: number): number {
  let m = 0, s = 0;
  for (const l of b >= 0 ? [a, b] : [a]) {
    const p = r.passages[l];
    const v = r.meanSpeedKph[l];
    if (p > 0 && v > 0) {
      m += p * lengthM;
      s += (p * lengthM) / v;
    }
  }
  return s > 0 ? m / s : NaN;
}

/** Per road as the map draws it (a two-way road once): both sides' mean speed and the colour of the change. */
export interface RoadSpeedDiff {
  baselineKph: Float32Array;
  variantKph: Float32Array;
  /** RGBA per path. */
  colours: Uint8Array;
  /** Roads driven on both sides. */
  compared: number;
}

export function roadSpeedDiff(roads: RoadColumns, reverse: Int32Array, lengthM: Float32Array | Float64Array, base: LinkResultArrays, variant: LinkResultArrays): RoadSpeedDiff {
  if (base.passages.length !== reverse.length || variant.passages.length !== reverse.length) {
    throw new Error(`comparison link results: ${base.passages.length} and ${variant.passages.length} links, the city has ${reverse.length}`);
  }
  const n = roads.length;
  const baselineKph = new Float32Array(n), variantKph = new Float32Array(n), colours = new Uint8Array(n * 4);
  let compared = 0;
  for (let p = 0; p < n; p++) {
    const l = roads.link[p];
    const b = roadMeanKph(base, lengthM[l], l, reverse[l]);
    const v = roadMeanKph(variant, lengthM[l], l, reverse[l]);
    baselineKph[p] = b;
    variantKph[p] = v;
    const d = pctChange(b, v);
    if (Number.isFinite(d)) compared++;
    putClass(colours, p * 4, d, ROAD_SPEED_PCT);
  }
  return { baselineKph, variantKph, colours, compared };
}

/** Per lamp: the change of mean level (percentage points) or energy (%) as RGBA, written into `out`; returns the lamps dimmer and brighter. */
export function writeLampDiffColours(mode: LampDiffMode, base: Pick<SideResult, 'lampKWh' | 'lampMeanLevel'>, variant: Pick<SideResult, 'lampKWh' | 'lampMeanLevel'>, out: Uint8Array): { lower: number; higher: number } {
  const n = base.lampMeanLevel.length;
  if (variant.lampMeanLevel.length !== n || base.lampKWh.length !== n || variant.lampKWh.length !== n || out.length !== n * 4) {
    throw new Error(`comparison lamp results: ${n} and ${variant.lampMeanLevel.length} lamps, ${out.length / 4} to colour`);
  }
  let lower = 0, higher = 0;
  for (let i = 0; i < n; i++) {
    const d = mode === 'level' ? (variant.lampMeanLevel[i] - base.lampMeanLevel[i]) * 100 : pctChange(base.lampKWh[i], variant.lampKWh[i]);
    const scale = mode === 'level' ? LAMP_LEVEL_PTS : LAMP_ENERGY_PCT;
    putClass(out, i * 4, d, scale);
    if (!Number.isFinite(d)) continue;
    const k = divergingClass(d, scale);
    if (k < NEUTRAL_CLASS) lower++;
    else if (k > NEUTRAL_CLASS) higher++;
  }
  return { lower, higher };
}

/** What the difference legend names: the two scenarios, the period, and how many lamps and roads changed. */
export interface DiffSummary {
  baseline: string;
  variant: string;
  start: string;
  end: string;
  lampsLower: number;
  lampsHigher: number;
  /** Roads driven on both sides (null: the comparison ran no traffic). */
  roadsCompared: number | null;
}

export function diffSummaryOf(d: { run: CompareRun; roads: RoadSpeedDiff | null; lower: number; higher: number }): DiffSummary {
  const b = d.run.baseline.kpis, v = d.run.variant.kpis;
  return { baseline: b.scenario, variant: v.scenario, start: b.start, end: b.end, lampsLower: d.lower, lampsHigher: d.higher, roadsCompared: d.roads ? d.roads.compared : null };
}
