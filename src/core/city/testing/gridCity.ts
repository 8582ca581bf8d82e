// A small deterministic test city: an n×n grid of two-way streets meeting at shared vertices,
// with optional signals and buildings, built through the real builder (tests and benches).

import { buildCity, type CityBuildInput, type BuildOptions } from '../builder.ts';
import type { CityModel } from '../model.ts';
import { BuildingUse } from '../model.ts';
import { RoadClass } from '../roadClass.ts';
import type { RoadInput } from '../builderInput.ts';

export interface GridCityOptions {
  lines: number;
  /** Whether the roads say they are lit; undefined leaves it to the builder's built-up test. */
  lit: boolean | undefined;
  spacingM: number;
  signalAtCentre: boolean;
  buildings: boolean;
}

export function gridCityInput(o: Partial<GridCityOptions> = {}): CityBuildInput {
  const { lines = 3, spacingM = 100, signalAtCentre = true, buildings = true } = o;
  const lit = 'lit' in o ? o.lit : true;
  const roads: RoadInput[] = [];
  for (let i = 0; i < lines; i++) {
    const h: number[] = [];
    const v: number[] = [];
    for (let j = 0; j < lines; j++) {
      h.push(j * spacingM, i * spacingM);
      v.push(i * spacingM, j * spacingM);
    }
    const major = i === Math.floor(lines / 2);
    roads.push({ xyM: h, roadClass: major ? RoadClass.Primary : RoadClass.Residential, name: `Rue ${i + 1}`, lit });
    roads.push({ xyM: v, roadClass: major ? RoadClass.Secondary : RoadClass.Residential, name: `Avenue ${i + 1}`, lit });
  }
  const c = Math.floor(lines / 2) * spacingM;
  return {
    name: 'Grid test city',
    source: 'imported',
    sources: ['gridCity test fixture'],
    seed: 1,
    frame: { originLat: 47.322, originLon: 5.0415 },
    roads,
    signals: signalAtCentre ? [{ xM: c + 3, yM: c - 2, externalId: 'sig-centre' }] : [],
    lamps: null,
    buildings: buildings
      ? [{ ringXYM: [20, 20, 40, 20, 40, 40, 20, 40], levels: 4, use: BuildingUse.Residential }, { ringXYM: [60, 60, 80, 60, 80, 80, 60, 80] }]
      : [],
    communes: [],
    report: {},
  };
}

export function gridCity(o: Partial<GridCityOptions> = {}, b: Partial<BuildOptions> = {}): CityModel {
  return buildCity(gridCityInput(o), b);
}

/** A 5×5 grid (200 m blocks) with a signal at its centre, shared by two inhabited communes so a métropole demand draws trips across the signal. */
export function twoCommuneSignalGrid(): CityModel {
  const input = gridCityInput({ lines: 5, spacingM: 200, signalAtCentre: true });
  input.communes = [
    { name: 'Ouest', inseeCode: '21901', population: 4000, centreXM: 200, centreYM: 400, radiusM: 500 },
    { name: 'Est', inseeCode: '21902', population: 4000, centreXM: 600, centreYM: 400, radiusM: 500 },
  ];
  return buildCity(input);
}
