// Per-lamp instance attributes (head position, colour by technology, light-pool radius) read
// from the lamp table once per city; levels 0–1 live in a separate array the frame loop mutates.

import type { LampTable } from '../../core/city/model.ts';

/** Linear RGB of each LampTechnology's light: sodium orange, LED warm white, metal halide cool. */
export const LAMP_TECHNOLOGY_COLOURS: readonly [number, number, number][] = [
  [1.0, 0.78, 0.5], // unknown
  [1.0, 0.55, 0.18], // HPS
  [1.0, 0.86, 0.66], // LED (≈ 3000 K)
  [0.88, 0.92, 1.0], // MH
  [1.0, 0.5, 0.08], // LPS
  [0.85, 1.0, 0.95], // fluorescent
  [0.75, 0.88, 1.0], // mercury vapour
];

export interface LampArrays {
  /** Lamp head: x, mounting height, -y (three's Y-up frame). */
  heads: Float32Array;
  /** Colour times a brightness from rated power. */
  colours: Float32Array;
  /** Light-pool radius on the ground (m). */
  poolRadiusM: Float32Array;
  count: number;
}

export function buildLampArrays(lamps: LampTable): LampArrays {
  const n = lamps.count;
  const heads = new Float32Array(n * 3);
  const colours = new Float32Array(n * 3);
  const poolRadiusM = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const h = lamps.mountingHeightM[i] > 0 ? lamps.mountingHeightM[i] : 8;
    heads[i * 3] = lamps.xM[i];
    heads[i * 3 + 1] = h;
    heads[i * 3 + 2] = -lamps.yM[i];
    const c = LAMP_TECHNOLOGY_COLOURS[lamps.technology[i]] ?? LAMP_TECHNOLOGY_COLOURS[0];
    const p = lamps.ratedPowerW[i] > 0 ? lamps.ratedPowerW[i] : 70;
    const brightness = Math.min(1.4, Math.max(0.55, Math.sqrt(p / 90)));
    colours[i * 3] = c[0] * brightness;
    colours[i * 3 + 1] = c[1] * brightness;
    colours[i * 3 + 2] = c[2] * brightness;
    poolRadiusM[i] = h * 2.4;
  }
  return { heads, colours, poolRadiusM, count: n };
}

/** A level array for `count` lamps, all fully on (until the lighting simulation drives it). */
export function fullLevels(count: number): Float32Array {
  return new Float32Array(count).fill(1);
}

/** Each side's light colours (its technologies after retrofits: sodium orange, LED white…), as the glow and pools draw them. */
export function sideLampColours<S extends string>(lamps: LampTable, technology: Record<S, Uint8Array>): Record<S, Float32Array> {
  const out = {} as Record<S, Float32Array>;
  for (const side of Object.keys(technology) as S[]) out[side] = buildLampArrays({ ...lamps, technology: technology[side] }).colours;
  return out;
}
