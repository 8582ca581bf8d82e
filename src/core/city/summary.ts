// The city summary printed by `npm run city:info` and `city:import` (DESIGN.md contract):
// counts, road length (a two-way road counted once), lamps by technology, km by road class.

import type { CityModel } from './model.ts';
import { LAMP_TECHNOLOGY_NAMES, LampFlag, LinkFlag } from './model.ts';
import { ROAD_CLASS_NAMES } from './roadClass.ts';
import { isCanonicalLink } from './linkSegmentIndex.ts';

export interface CitySummary {
  name: string;
  source: 'generated' | 'imported';
  communes: number;
  population: number;
  roadKm: number;
  litRoadKm: number;
  links: number;
  nodes: number;
  intersections: number;
  signals: number;
  lamps: number;
  synthesizedLamps: number;
  inventoryLamps: number;
  unsnappedLamps: number;
  cabinets: number;
  buildings: number;
  buildingsWithKnownHeight: number;
  lampsByTechnology: Record<string, number>;
  roadKmByClass: Record<string, number>;
  ratedPowerKW: number;
  importReport: Record<string, number>;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function summarizeCity(m: CityModel): CitySummary {
  let roadM = 0;
  let litM = 0;
  const byClass: Record<string, number> = {};
  for (let l = 0; l < m.links.count; l++) {
    if (!isCanonicalLink(m.links, l)) continue;
    const len = m.links.lengthM[l];
    roadM += len;
    if (m.links.flags[l] & LinkFlag.Lit) litM += len;
    const cls = ROAD_CLASS_NAMES[m.links.roadClass[l]] ?? 'unknown';
    byClass[cls] = (byClass[cls] ?? 0) + len / 1000;
  }
  for (const k of Object.keys(byClass)) byClass[k] = round1(byClass[k]);
  const byTech: Record<string, number> = {};
  let synthesized = 0;
  let inventory = 0;
  let unsnapped = 0;
  let powerW = 0;
  for (let i = 0; i < m.lamps.count; i++) {
    const tech = LAMP_TECHNOLOGY_NAMES[m.lamps.technology[i]] ?? 'unknown';
    byTech[tech] = (byTech[tech] ?? 0) + 1;
    if (m.lamps.flags[i] & LampFlag.Synthesized) synthesized++;
    if (m.lamps.flags[i] & LampFlag.FromInventory) inventory++;
    if (m.lamps.link[i] < 0) unsnapped++;
    powerW += m.lamps.ratedPowerW[i];
  }
  let known = 0;
  for (let b = 0; b < m.buildings.count; b++) known += m.buildings.heightKnown[b];
  let population = 0;
  for (let c = 0; c < m.communes.count; c++) population += m.communes.population[c];
  return {
    name: m.meta.name,
    source: m.meta.source,
    communes: m.communes.count,
    population,
    roadKm: round1(roadM / 1000),
    litRoadKm: round1(litM / 1000),
    links: m.links.count,
    nodes: m.nodes.count,
    intersections: m.intersections.count,
    signals: m.signals.count,
    lamps: m.lamps.count,
    synthesizedLamps: synthesized,
    inventoryLamps: inventory,
    unsnappedLamps: unsnapped,
    cabinets: m.cabinets.count,
    buildings: m.buildings.count,
    buildingsWithKnownHeight: known,
    lampsByTechnology: byTech,
    roadKmByClass: byClass,
    ratedPowerKW: round1(powerW / 1000),
    importReport: m.meta.importReport,
  };
}
