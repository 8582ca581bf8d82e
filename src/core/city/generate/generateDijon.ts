// Entry point of the embedded default city: a deterministic, generated Dijon Métropole
// (communes, streets, signals, buildings; lamps left to the builder) labelled source 'generated'.

import { Rng } from '../../rng.ts';
import type { CityBuildInput } from '../builder.ts';
import type { CommuneInput } from '../builderInput.ts';
import { BuildingUse } from '../model.ts';
import { densify, polylineLengthM, type XY } from './geometry.ts';
import { layoutCommunes, type CommuneLayout } from './communeLayout.ts';
import { buildSkeleton } from './skeleton.ts';
import { splitSkeletonLine } from './zoneSplit.ts';
import { buildLattice } from './lattice.ts';
import { canJoinRoads, separateGrades } from './gradeSeparation.ts';
import { planarise } from './planarise.ts';
import { keepLargestComponent, trimDangling } from './prune.ts';
import { placeSignals } from './signals.ts';
import { placeBuildings, type ActivityZone } from './buildings.ts';
import { StreetNamer } from './streetNames.ts';
import { toRoadInput, type GenRoad } from './genRoad.ts';
import { withDefaults, type DijonGenParams } from './params.ts';
import { DIJON_FACTS } from './dijonFacts.ts';

export const GENERATED_CITY_NAME = 'Dijon Métropole (generated)';

/** Activity zones near the ring (stated after public maps: retail parks and the Longvic industrial area). */
const ACTIVITY_COMMUNES: readonly [string, BuildingUse][] = [
  ['Quetigny', BuildingUse.Commercial],
  ['Chenôve', BuildingUse.Commercial],
  ['Longvic', BuildingUse.Industrial],
  ['Saint-Apollinaire', BuildingUse.Commercial],
];
const ACTIVITY_ZONE_RADIUS_M = 550;

/**
 * Share of the lit-street target the grids are sized for: probes kept up to their first
 * junction add length and ring cuts remove some (measured on the default city).
 */
const GRID_LENGTH_CORRECTION = 0.94;
const MAX_SEGMENT_M = 150;

function litLengthM(roads: readonly GenRoad[]): number {
  let s = 0;
  for (const r of roads) if (r.lit) s += polylineLengthM(r.xy);
  return s;
}

function activityZones(layout: CommuneLayout, ringXY: XY): ActivityZone[] {
  const zones: ActivityZone[] = [];
  for (const [name, use] of ACTIVITY_COMMUNES) {
    const site = layout.sites.find((s) => s.fact.name === name);
    if (!site) continue;
    let best = 0;
    let bestD = Infinity;
    for (let p = 0; p < ringXY.length; p += 2) {
      const d = Math.hypot(ringXY[p] - site.xM, ringXY[p + 1] - site.yM);
      if (d < bestD) {
        bestD = d;
        best = p;
      }
    }
    const t = 0.35;
    zones.push({ xM: ringXY[best] + t * (site.xM - ringXY[best]), yM: ringXY[best + 1] + t * (site.yM - ringXY[best + 1]), radiusM: ACTIVITY_ZONE_RADIUS_M, use });
  }
  return zones;
}

export function generateDijon(partial: Partial<DijonGenParams> = {}): CityBuildInput {
  const params = withDefaults(partial);
  const root = new Rng(params.seed);
  const rngLayout = root.fork('layout');
  const rngSkeleton = root.fork('skeleton');
  const rngNames = root.fork('names');
  const rngCalibration = root.fork('lattice-calibration');
  const rngLattice = root.fork('lattice');
  const rngBuildings = root.fork('buildings');

  const layout = layoutCommunes(rngLayout, params.builtUpRadiusKM, params.smallTownSpread);
  const namer = new StreetNamer(rngNames);
  const skeleton = buildSkeleton(layout, rngSkeleton, namer, params.ringRadiusM);
  const skeletonRoads = skeleton.lines.flatMap((l) => splitSkeletonLine(layout, l));

  // Size the grids so that lit streets total the target: one trial pass at scale 1 gives the
  // length, which varies as 1 / block size.
  const gridTargetM = Math.max(1, params.urbanStreetKm * 1000 * GRID_LENGTH_CORRECTION - litLengthM(skeletonRoads));
  const trialNamer = new StreetNamer(rngCalibration.fork('names'));
  let trialM = 0;
  for (const site of layout.sites) trialM += buildLattice(layout, site, rngCalibration.fork(`site-${site.index}`), trialNamer, 1).lengthM;
  const blockScale = trialM / gridTargetM;
  const gridRoads: GenRoad[] = [];
  for (const site of layout.sites) gridRoads.push(...buildLattice(layout, site, rngLattice.fork(`site-${site.index}`), namer, blockScale).roads);

  let roads = separateGrades([...skeletonRoads, ...gridRoads].map((r) => ({ ...r, xy: densify(r.xy, MAX_SEGMENT_M) })));
  const lines = roads.map((r) => r.xy);
  planarise(lines, { cellM: MAX_SEGMENT_M, snapM: 1.5, canJoin: (a, b) => canJoinRoads(roads[a], roads[b]) });
  roads = roads.map((r, i) => ({ ...r, xy: lines[i] }));
  roads = keepLargestComponent(trimDangling(roads));

  const signals = placeSignals(roads, layout, params.signalCount);
  const buildings = placeBuildings(roads, layout, activityZones(layout, skeleton.ringXY), rngBuildings, params.buildingDensity);

  const communes: CommuneInput[] = layout.sites.map((s) => ({
    name: s.fact.name,
    inseeCode: s.fact.inseeCode,
    population: s.fact.population,
    centreXM: s.xM,
    centreYM: s.yM,
    radiusM: s.radiusM,
  }));

  return {
    name: GENERATED_CITY_NAME,
    source: 'generated',
    sources: [
      `generated by src/core/city/generate (seed ${params.seed}, ${params.urbanStreetKm} km lit streets, ${params.signalCount} signals, LED share ${params.ledShare})`,
      `communes: ${DIJON_FACTS.communeCount.source}; populations: ${DIJON_FACTS.inhabitants.source}`,
      `calibration: ${DIJON_FACTS.urbanStreetKm.source}; ${DIJON_FACTS.lightPoints.source}; ${DIJON_FACTS.signalisedIntersections.source}`,
      'street layout, names and buildings are synthetic (not real streets)',
    ],
    seed: params.seed,
    frame: layout.frame,
    roads: roads.map(toRoadInput),
    signals,
    lamps: null,
    buildings,
    communes,
    report: {},
  };
}
