// Structural check of a CityModel: column lengths, index ranges, offset arrays, finite
// coordinates. Run after every build and every file decode, so a corrupt model never reaches a sim.

import type { CityModel } from './model.ts';
import { BUILDING_USE_NAMES, LAMP_TECHNOLOGY_NAMES } from './model.ts';
import { ROAD_CLASS_NAMES } from './roadClass.ts';
import { LIGHTING_CLASS_NAMES, LightingClass } from './lightingClass.ts';

const ROAD_CLASS_COUNT = ROAD_CLASS_NAMES.length;
const LIGHTING_CLASS_COUNT = LIGHTING_CLASS_NAMES.length;

export class CityModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CityModelError';
  }
}

type Column = ArrayLike<number>;

function fail(where: string, what: string): never {
  throw new CityModelError(`invalid city model: ${where}: ${what}`);
}

function expectRange(where: string, col: Column, min: number, max: number, allow?: number): void {
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v === allow) continue;
    if (!(v >= min && v <= max)) fail(`${where}[${i}]`, `${v} is outside ${min}…${max}`);
  }
}

function expectLength(where: string, col: Column | unknown[] | undefined, n: number): void {
  if (!col || typeof (col as Column).length !== 'number') fail(where, 'missing column');
  if ((col as Column).length !== n) fail(where, `has ${(col as Column).length} rows, expected ${n}`);
}

function expectIndices(where: string, col: Column, limit: number, allowMinusOne: boolean): void {
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (allowMinusOne && v === -1) continue;
    if (!(v >= 0 && v < limit)) fail(`${where}[${i}]`, `index ${v} out of range 0..${limit - 1}`);
  }
}

function expectOffsets(where: string, start: Column, rows: number, pointCount: number): void {
  expectLength(where, start, rows + 1);
  if (start[0] !== 0) fail(where, 'does not start at 0');
  for (let i = 0; i < rows; i++) if (start[i + 1] < start[i]) fail(`${where}[${i}]`, 'offsets decrease');
  if (start[rows] !== pointCount) fail(where, `ends at ${start[rows]}, expected ${pointCount}`);
}

function expectFinite(where: string, col: Column): void {
  for (let i = 0; i < col.length; i++) if (!Number.isFinite(col[i])) fail(`${where}[${i}]`, `not a finite number (${col[i]})`);
}

export function validateCity(m: CityModel): void {
  const { communes: c, nodes, links, intersections: x, signals: s, lamps, cabinets, buildings: b } = m;
  for (const [name, t] of Object.entries({ communes: c, nodes, links, intersections: x, signals: s, lamps, cabinets, buildings: b })) {
    if (!t || !Number.isInteger(t.count) || t.count < 0) fail(name, 'missing or bad row count');
  }
  if (c.count < 1) fail('communes', 'a city has at least one commune');

  expectLength('communes.name', c.name, c.count);
  expectLength('communes.inseeCode', c.inseeCode, c.count);
  expectLength('communes.population', c.population, c.count);
  expectLength('communes.centreXM', c.centreXM, c.count);
  expectLength('communes.centreYM', c.centreYM, c.count);
  expectLength('communes.ringXYM', c.ringXYM, c.ringXYM?.length);
  expectOffsets('communes.ringStart', c.ringStart, c.count, c.ringXYM.length / 2);

  expectLength('nodes.xM', nodes.xM, nodes.count);
  expectLength('nodes.yM', nodes.yM, nodes.count);
  expectLength('nodes.intersection', nodes.intersection, nodes.count);
  expectFinite('nodes.xM', nodes.xM);
  expectFinite('nodes.yM', nodes.yM);
  expectIndices('nodes.intersection', nodes.intersection, x.count, true);

  const L = links.count;
  for (const k of ['fromNode', 'toNode', 'lengthM', 'roadClass', 'lanes', 'speedLimitKph', 'flags', 'reverse', 'name', 'commune', 'lightingClass'] as const) {
    expectLength(`links.${k}`, links[k], L);
  }
  expectIndices('links.fromNode', links.fromNode, nodes.count, false);
  expectIndices('links.toNode', links.toNode, nodes.count, false);
  expectIndices('links.reverse', links.reverse, L, true);
  expectIndices('links.name', links.name, m.strings.length, true);
  expectIndices('links.commune', links.commune, c.count, false);
  expectLength('links.shapeXYM', links.shapeXYM, links.shapeXYM?.length);
  expectOffsets('links.shapeStart', links.shapeStart, L, links.shapeXYM.length / 2);
  expectRange('links.roadClass', links.roadClass, 0, ROAD_CLASS_COUNT - 1);
  expectRange('links.lightingClass', links.lightingClass, 0, LIGHTING_CLASS_COUNT - 1, LightingClass.None);
  expectRange('links.lengthM', links.lengthM, 0, 1e6);
  expectRange('links.lanes', links.lanes, 1, 255);
  expectRange('links.speedLimitKph', links.speedLimitKph, 1, 255);
  expectFinite('links.shapeXYM', links.shapeXYM);
  for (let l = 0; l < L; l++) {
    const r = links.reverse[l];
    if (r >= 0 && links.reverse[r] !== l) fail(`links.reverse[${l}]`, `link ${r} does not point back`);
    if (links.shapeStart[l + 1] - links.shapeStart[l] < 2) fail(`links.shapeStart[${l}]`, 'a link needs at least two shape points');
  }

  for (const k of ['node', 'signalised', 'signal', 'commune'] as const) expectLength(`intersections.${k}`, x[k], x.count);
  expectIndices('intersections.node', x.node, nodes.count, false);
  expectIndices('intersections.signal', x.signal, s.count, true);
  expectIndices('intersections.commune', x.commune, c.count, false);

  expectLength('signals.intersection', s.intersection, s.count);
  expectLength('signals.externalId', s.externalId, s.count);
  expectIndices('signals.intersection', s.intersection, x.count, false);
  expectLength('signals.approachLinks', s.approachLinks, s.approachLinks?.length);
  expectOffsets('signals.approachStart', s.approachStart, s.count, s.approachLinks.length);
  expectIndices('signals.approachLinks', s.approachLinks, L, false);
  expectIndices('signals.externalId', s.externalId, m.strings.length, true);

  for (const k of ['xM', 'yM', 'mountingHeightM', 'link', 'technology', 'ratedPowerW', 'photometry', 'lightingClass', 'cabinet', 'commune', 'flags', 'externalId'] as const) {
    expectLength(`lamps.${k}`, lamps[k], lamps.count);
  }
  expectFinite('lamps.xM', lamps.xM);
  expectFinite('lamps.yM', lamps.yM);
  expectIndices('lamps.link', lamps.link, L, true);
  expectIndices('lamps.photometry', lamps.photometry, Math.max(1, m.photometryRefs.length), false);
  expectIndices('lamps.cabinet', lamps.cabinet, cabinets.count, false);
  expectIndices('lamps.commune', lamps.commune, c.count, false);
  expectIndices('lamps.externalId', lamps.externalId, m.strings.length, true);
  expectRange('lamps.technology', lamps.technology, 0, LAMP_TECHNOLOGY_NAMES.length - 1);
  expectRange('lamps.lightingClass', lamps.lightingClass, 0, LIGHTING_CLASS_COUNT - 1, LightingClass.None);
  expectRange('lamps.ratedPowerW', lamps.ratedPowerW, 0.1, 5000);
  expectRange('lamps.mountingHeightM', lamps.mountingHeightM, 0.5, 100);

  for (const k of ['xM', 'yM', 'commune'] as const) expectLength(`cabinets.${k}`, cabinets[k], cabinets.count);
  expectIndices('cabinets.commune', cabinets.commune, c.count, false);

  for (const k of ['heightM', 'heightKnown', 'use', 'commune'] as const) expectLength(`buildings.${k}`, b[k], b.count);
  expectLength('buildings.ringXYM', b.ringXYM, b.ringXYM?.length);
  expectOffsets('buildings.ringStart', b.ringStart, b.count, b.ringXYM.length / 2);
  expectRange('buildings.heightM', b.heightM, 0, 1000);
  expectRange('buildings.use', b.use, 0, BUILDING_USE_NAMES.length - 1);
  expectFinite('buildings.ringXYM', b.ringXYM);
  expectIndices('buildings.commune', b.commune, c.count, false);
}
