// Which roads fall below their EN 13201 class at an instant: the per-road compliance of the lighting
// model grouped by street (name, commune, class) and ranked by length, for the studio's live view.

import type { CityModel } from '../city/model.ts';
import { lightingClassName } from '../city/lightingClass.ts';
import { LinkCompliance, type ComplianceResult } from './photometry/compliance.ts';

export interface RoadBelowClass {
  /** Street name, null when the road has none. */
  name: string | null;
  commune: string;
  /** The EN 13201 class it is designed for (e.g. "M4", "P3"). */
  lightingClass: string;
  lengthM: number;
}

/** Streets with lit road length below their class, longest first (at most `limit`), and the total. */
export function roadsBelowClass(city: CityModel, result: ComplianceResult, limit = 8): { roads: RoadBelowClass[]; belowLengthM: number } {
  const { links } = city;
  const byStreet = new Map<string, RoadBelowClass>();
  let belowLengthM = 0;
  for (let l = 0; l < links.count; l++) {
    if (result.perLink[l] !== LinkCompliance.NonCompliant) continue;
    const lengthM = links.lengthM[l];
    belowLengthM += lengthM;
    const name = links.name[l] >= 0 ? city.strings[links.name[l]] : null;
    const commune = city.communes.name[links.commune[l]] ?? '';
    const lightingClass = lightingClassName(links.lightingClass[l]);
    const key = `${name ?? `#${l}`}|${commune}|${lightingClass}`;
    const r = byStreet.get(key);
    if (r) r.lengthM += lengthM;
    else byStreet.set(key, { name, commune, lightingClass, lengthM });
  }
  const roads = [...byStreet.values()]
    .sort((a, b) => b.lengthM - a.lengthM || (a.name ?? '').localeCompare(b.name ?? ''))
    .slice(0, limit)
    .map((r) => ({ ...r, lengthM: Math.round(r.lengthM) }));
  return { roads, belowLengthM: Math.round(belowLengthM) };
}
