// Where each commune sits in the city frame and how far its built-up area reaches: centre,
// radius k·√population with a wavy outline, grid orientation and block size; owner lookups.

import { makeProjection, type Projection } from '../../geo/projection.ts';
import type { CityFrame } from '../model.ts';
import type { Rng } from '../../rng.ts';
import { harmonicFactor, type Harmonic } from './geometry.ts';
import { DIJON_COMMUNES, type CommuneFact } from './dijonCommunes.ts';
import { DIJON_FACTS } from './dijonFacts.ts';

export type CommuneTier = 'city' | 'inner' | 'outer';

export interface CommuneSite {
  index: number;
  fact: CommuneFact;
  xM: number;
  yM: number;
  /** Nominal built-up radius (m): also the commune's weight in the owner rule. */
  radiusM: number;
  /** Outline noise: the built-up edge is at radiusM · harmonicFactor(outline, angle). */
  outline: Harmonic[];
  tier: CommuneTier;
  gridAngleRad: number;
  /** Block size at the grid origin (m) before calibration, and how much it grows at the edge. */
  blockM: number;
  edgeBlockFactor: number;
}

export interface CommuneLayout {
  frame: CityFrame;
  projection: Projection;
  sites: CommuneSite[];
  /** Index of Dijon in `sites`. */
  city: number;
}

/** Communes above this population are 'inner' suburbs (2–4 storeys, denser grids). */
const INNER_SUBURB_MIN_POPULATION = 5000;
const MIN_RADIUS_M = 220;

export function layoutCommunes(rng: Rng, builtUpRadiusKM: number, smallTownSpread: number): CommuneLayout {
  const frame: CityFrame = { originLat: DIJON_FACTS.centreLat.value, originLon: DIJON_FACTS.centreLon.value };
  const projection = makeProjection(frame);
  const cityPopulation = DIJON_COMMUNES[0].population;
  const sites = DIJON_COMMUNES.map((fact, index): CommuneSite => {
    const [xM, yM] = projection.toXY(fact.lon, fact.lat);
    const tier: CommuneTier = index === 0 ? 'city' : fact.population >= INNER_SUBURB_MIN_POPULATION ? 'inner' : 'outer';
    const outline: Harmonic[] = [
      { order: 2, amplitude: rng.range(0.05, 0.14), phaseRad: rng.range(0, 2 * Math.PI) },
      { order: 3, amplitude: rng.range(0.03, 0.09), phaseRad: rng.range(0, 2 * Math.PI) },
      { order: 5, amplitude: rng.range(0.01, 0.04), phaseRad: rng.range(0, 2 * Math.PI) },
    ];
    return {
      index,
      fact,
      xM,
      yM,
      radiusM: Math.max(MIN_RADIUS_M, builtUpRadiusKM * Math.sqrt(fact.population) * (fact.population / cityPopulation) ** -smallTownSpread),
      outline,
      tier,
      gridAngleRad: rng.range(-Math.PI / 4, Math.PI / 4),
      // Stated choice (before the length calibration, which keeps them within a few %): Dijon's
      // historic centre ≈ 75 m blocks growing to ≈ 180 m at its edge; suburbs ≈ 125 m, villages ≈ 150 m.
      blockM: tier === 'city' ? 75 : tier === 'inner' ? 125 : 150,
      edgeBlockFactor: tier === 'city' ? 2.4 : 1.3,
    };
  });
  return { frame, projection, sites, city: 0 };
}

/** The owner rule shared with the builder's commune locator: smallest distance / radius. */
export function ownerAt(sites: readonly CommuneSite[], xM: number, yM: number): number {
  let best = 0;
  let bestScore = Infinity;
  for (let i = 0; i < sites.length; i++) {
    const s = sites[i];
    const dx = xM - s.xM;
    const dy = yM - s.yM;
    // Squared distance / radius: same order as the builder's distance / radius.
    const score = (dx * dx + dy * dy) / (s.radiusM * s.radiusM);
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

/** Built-up edge radius of a site in the direction of (xM, yM). */
export function edgeRadiusM(site: CommuneSite, xM: number, yM: number): number {
  return site.radiusM * harmonicFactor(site.outline, Math.atan2(yM - site.yM, xM - site.xM));
}

/** Whether (xM, yM) is inside the built-up area of its owner commune. */
export function isBuiltUp(sites: readonly CommuneSite[], xM: number, yM: number, owner = ownerAt(sites, xM, yM)): boolean {
  const s = sites[owner];
  return Math.hypot(xM - s.xM, yM - s.yM) < edgeRadiusM(s, xM, yM);
}

export function distanceToCityCentreM(layout: CommuneLayout, xM: number, yM: number): number {
  const c = layout.sites[layout.city];
  return Math.hypot(xM - c.xM, yM - c.yM);
}
