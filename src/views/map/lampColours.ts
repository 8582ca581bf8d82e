// Lamp colours for the map's colour modes (live level, live power drawn, energy so far, rated power, technology)
// written into one RGBA Uint8Array, and each lamp's live power (W); pure, reused buffers, no per-lamp objects.

import type { LampTable } from '../../core/city/model.ts';
import { powerFraction, standbyW, systemPowerW } from '../../core/energy/powerModel.ts';

/** What a lamp is rated: the city's inventory, or the running scenario's fleet after its retrofits. */
export type LampRatings = Pick<LampTable, 'count' | 'ratedPowerW' | 'technology'>;

export type Rgb = readonly [number, number, number];
export type LampColourMode = 'level' | 'powerNow' | 'energy' | 'ratedPower' | 'technology';
export const LAMP_COLOUR_MODES: readonly LampColourMode[] = ['level', 'powerNow', 'energy', 'ratedPower', 'technology'];

/** Level 0–1 → colour: off is a dim blue-grey, dimmed amber, full a warm white. */
export const LEVEL_RAMP: readonly { level: number; rgb: Rgb }[] = [
  { level: 0, rgb: [64, 70, 92] },
  { level: 0.3, rgb: [178, 90, 36] },
  { level: 0.6, rgb: [255, 158, 48] },
  { level: 1, rgb: [255, 236, 168] },
];

/** Power classes (W, lower bounds): efficient lamps cool green, power-hungry ones red to magenta. */
export const POWER_BINS_W: readonly { fromW: number; rgb: Rgb }[] = [
  { fromW: 0, rgb: [72, 214, 170] },
  { fromW: 30, rgb: [168, 226, 88] },
  { fromW: 60, rgb: [255, 212, 70] },
  { fromW: 100, rgb: [255, 142, 50] },
  { fromW: 150, rgb: [255, 82, 62] },
  { fromW: 250, rgb: [236, 64, 168] },
];
/** A lamp that draws nothing now (off, or daytime). */
export const OFF_RGB: Rgb = [64, 70, 92];

/** Per LampTechnology (model.ts order): sodium orange, LED white, metal halide blue… */
export const TECHNOLOGY_RGB: readonly Rgb[] = [
  [150, 150, 160], // unknown
  [255, 148, 40], // HPS
  [232, 240, 255], // LED
  [140, 196, 255], // MH
  [255, 104, 0], // LPS
  [140, 255, 204], // fluorescent
  [190, 156, 255], // mercury vapour
];

export function levelRgb(level: number, out: Uint8Array, at: number): void {
  const x = Math.min(1, Math.max(0, level));
  let k = 1;
  while (k < LEVEL_RAMP.length - 1 && LEVEL_RAMP[k].level < x) k++;
  const a = LEVEL_RAMP[k - 1], b = LEVEL_RAMP[k];
  const t = (x - a.level) / (b.level - a.level);
  out[at] = Math.round(a.rgb[0] + (b.rgb[0] - a.rgb[0]) * t);
  out[at + 1] = Math.round(a.rgb[1] + (b.rgb[1] - a.rgb[1]) * t);
  out[at + 2] = Math.round(a.rgb[2] + (b.rgb[2] - a.rgb[2]) * t);
}

export function powerBin(powerW: number): number {
  let k = 0;
  while (k < POWER_BINS_W.length - 1 && powerW >= POWER_BINS_W[k + 1].fromW) k++;
  return k;
}

function put(out: Uint8Array, at: number, rgb: Rgb): void {
  out[at] = rgb[0];
  out[at + 1] = rgb[1];
  out[at + 2] = rgb[2];
}

/**
 * Electrical power each lamp draws at its level (W), from its rating and technology (the scenario's fleet)
 * with core's power model (driver or ballast losses, LED standby); 0 for a lamp that is off.
 */
export function lampPowerNowW(lamps: LampRatings, levels: Float32Array, out: Float32Array): Float32Array {
  for (let i = 0; i < lamps.count; i++) {
    const level = levels[i] ?? 1;
    const tech = lamps.technology[i];
    out[i] = level > 0 ? systemPowerW(lamps.ratedPowerW[i], tech) * powerFraction(level, tech) + standbyW(tech) : 0;
  }
  return out;
}

/** Energy classes: equal fifths of the scale, then the lamps at or above it; the power colours, cool to hot. */
export const ENERGY_CLASSES = POWER_BINS_W.length;

/** The energy scale of a frame: the 95th percentile of the lamps' energies (kWh), so a few outliers do not flatten the rest. */
export function energyScaleKWh(kWh: Float32Array): number {
  if (kWh.length === 0) return 0;
  const sorted = Float32Array.from(kWh).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))];
}

/** Class of an energy against the scale: 0…ENERGY_CLASSES − 2 by fifths, the last at or above the scale. */
export function energyClass(kWh: number, scaleKWh: number): number {
  if (!(scaleKWh > 0)) return 0;
  return Math.min(ENERGY_CLASSES - 1, Math.max(0, Math.floor((kWh * (ENERGY_CLASSES - 1)) / scaleKWh)));
}

/** Lower bound (kWh) of each energy class for a scale, for the legend. */
export function energyClassBoundsKWh(scaleKWh: number): number[] {
  return Array.from({ length: ENERGY_CLASSES }, (_, k) => (scaleKWh * k) / (ENERGY_CLASSES - 1));
}

/** Lamp energies (kWh since the period start) and their scale, for the 'energy' mode. */
export interface LampEnergyColumn {
  kWh: Float32Array;
  scaleKWh: number;
}

/**
 * Writes RGBA per lamp into `out` (4 bytes a lamp) for `mode`; `powerW` is read only in 'powerNow',
 * `energy` only in 'energy' (a lamp without a figure yet is drawn as off).
 */
export function writeLampColours(mode: LampColourMode, lamps: LampRatings, levels: Float32Array, powerW: Float32Array, out: Uint8Array, energy: LampEnergyColumn | null = null): Uint8Array {
  for (let i = 0; i < lamps.count; i++) {
    const at = i * 4;
    if (mode === 'level') levelRgb(levels[i] ?? 1, out, at);
    else if (mode === 'powerNow') put(out, at, powerW[i] > 0 ? POWER_BINS_W[powerBin(powerW[i])].rgb : OFF_RGB);
    else if (mode === 'energy') put(out, at, energy && energy.kWh[i] > 0 ? POWER_BINS_W[energyClass(energy.kWh[i], energy.scaleKWh)].rgb : OFF_RGB);
    else if (mode === 'ratedPower') put(out, at, POWER_BINS_W[powerBin(lamps.ratedPowerW[i])].rgb);
    else put(out, at, TECHNOLOGY_RGB[lamps.technology[i]] ?? TECHNOLOGY_RGB[0]);
    out[at + 3] = 255;
  }
  return out;
}

/** Whether a mode's colours change with the simulation's frames. */
export function isLiveMode(mode: LampColourMode): boolean {
  return mode === 'level' || mode === 'powerNow' || mode === 'energy';
}

/** The technologies present in a fleet, ascending. */
export function technologiesOf(r: LampRatings): number[] {
  const seen = new Uint8Array(256);
  for (let i = 0; i < r.count; i++) seen[r.technology[i]] = 1;
  const out: number[] = [];
  for (let k = 0; k < 256; k++) if (seen[k]) out.push(k);
  return out;
}
