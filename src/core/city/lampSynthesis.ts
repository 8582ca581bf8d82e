// Lamps synthesised along lit roads where no inventory exists: spacing, sides, mounting
// height and technology from the road class defaults and a technology-mix parameter.

import type { LinkTable } from './model.ts';
import { LampTechnology, LinkFlag } from './model.ts';
import type { LampInput, TechnologyMix } from './builderInput.ts';
import { ROAD_CLASS_DEFAULTS } from './roadClass.ts';
import { isCanonicalLink } from './linkSegmentIndex.ts';
import { lampDefaults } from './lampCatalogue.ts';
import { Rng } from '../rng.ts';

export interface SynthesisOptions {
  spacingScale: number;
  /** When set, the spacing scale is calibrated so that synthesis gives this many lamps (spacingScale ignored). */
  targetLampCount?: number;
  technologyMix: TechnologyMix;
  seed: number;
}

/** Lamps in one row along a road of this length at this spacing (at least one on a road longer than 0.4 spacing). */
function lampsPerRow(lengthM: number, spacingM: number): number {
  const n = Math.round(lengthM / spacingM);
  return n === 0 && lengthM > 0.4 * spacingM ? 1 : n;
}

/** How many lamps synthesis would place along the lit links at this spacing scale. */
export function synthesizedLampCount(links: LinkTable, spacingScale: number): number {
  let total = 0;
  for (let l = 0; l < links.count; l++) {
    if (!isCanonicalLink(links, l) || !(links.flags[l] & LinkFlag.Lit)) continue;
    const d = ROAD_CLASS_DEFAULTS[links.roadClass[l]];
    total += lampsPerRow(links.lengthM[l], d.lampSpacingM * spacingScale) * (d.lampBothSides ? 2 : 1);
  }
  return total;
}

/** Spacing scale whose synthesis is closest to the target count (bisection: the count falls as spacing grows). */
export function calibrateSpacingScale(links: LinkTable, targetLampCount: number): number {
  let lo = 0.1;
  let hi = 10;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (synthesizedLampCount(links, mid) > targetLampCount) lo = mid;
    else hi = mid;
  }
  const cLo = synthesizedLampCount(links, lo);
  const cHi = synthesizedLampCount(links, hi);
  return Math.abs(cLo - targetLampCount) <= Math.abs(cHi - targetLampCount) ? lo : hi;
}

/** Point and unit direction at distance `alongM` on link l's polyline. */
export function pointAlongLink(links: LinkTable, l: number, alongM: number): [number, number, number, number] {
  const xy = links.shapeXYM;
  const s = links.shapeStart[l];
  const e = links.shapeStart[l + 1];
  let remaining = alongM;
  for (let p = s; p < e - 1; p++) {
    const dx = xy[2 * p + 2] - xy[2 * p];
    const dy = xy[2 * p + 3] - xy[2 * p + 1];
    const len = Math.hypot(dx, dy);
    if (len === 0) continue;
    if (remaining <= len || p === e - 2) {
      const t = Math.min(1, remaining / len);
      return [xy[2 * p] + t * dx, xy[2 * p + 1] + t * dy, dx / len, dy / len];
    }
    remaining -= len;
  }
  return [xy[2 * s], xy[2 * s + 1], 1, 0];
}

export function synthesizeLamps(links: LinkTable, opts: SynthesisOptions): LampInput[] {
  const rng = new Rng(opts.seed).fork('lamp-synthesis');
  const out: LampInput[] = [];
  const spacingScale = opts.targetLampCount !== undefined ? calibrateSpacingScale(links, opts.targetLampCount) : opts.spacingScale;
  for (let l = 0; l < links.count; l++) {
    if (!isCanonicalLink(links, l) || !(links.flags[l] & LinkFlag.Lit)) continue;
    const d = ROAD_CLASS_DEFAULTS[links.roadClass[l]];
    const spacingM = d.lampSpacingM * spacingScale;
    const lengthM = links.lengthM[l];
    // A street is retrofitted as a whole, so technology is drawn per road, not per lamp.
    const technology = rng.chance(opts.technologyMix.ledShare) ? LampTechnology.LED : LampTechnology.HPS;
    const rating = lampDefaults(links.roadClass[l], technology);
    const n = lampsPerRow(lengthM, spacingM);
    const offsetM = d.halfWidthM + 1;
    const rows = d.lampBothSides ? 2 : 1;
    for (let row = 0; row < rows; row++) {
      const side = row === 0 ? -1 : 1; // -1: right of the link's direction
      // Two rows stand staggered: poles alternate across the carriageway.
      const phase = rows === 1 ? 0.5 : row === 0 ? 0.25 : 0.75;
      for (let k = 0; k < n; k++) {
        const along = ((k + phase) * lengthM) / n;
        const [x, y, ux, uy] = pointAlongLink(links, l, along);
        out.push({
          xM: x - side * uy * offsetM,
          yM: y + side * ux * offsetM,
          mountingHeightM: d.mountingHeightM,
          technology,
          ratedPowerW: rating.ratedPowerW,
          photometry: rating.photometry,
          link: l,
        });
      }
    }
  }
  return out;
}
