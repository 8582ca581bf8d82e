// Road centrelines from GeoJSON (LineString / MultiLineString): property profiles for
// OSM-style tags, the Dijon simplified-OSM extract, Montpellier's "filaire des voies".

import { ROAD_CLASS_NAMES, RoadClass } from '../city/roadClass.ts';
import type { ImportReport } from './report.ts';
import type { RawRoad, RoadAttributes } from './raw.ts';
import { readLines, propNumber, propString, type GeoJsonFeature } from './geojson.ts';
import { roadFromOsmTags } from './osmTags.ts';
import { lookup } from './lookup.ts';

type Props = Record<string, unknown> | null | undefined;

/** Dijon extract's `roadClass`: highway is motorways and expressways; names tell them apart. */
export const SIMPLIFIED_ROAD_CLASS: Readonly<Record<string, RoadClass>> = {
  minor: RoadClass.Residential,
  major: RoadClass.Secondary,
  highway: RoadClass.Trunk,
};
const MOTORWAY_NAME = /^(autoroute|a\s?\d+\b)/i;

/** Montpellier `TYPVOI` (street type abbreviation) → class; types not listed are Residential. */
export const STREET_TYPE_CLASS: Readonly<Record<string, RoadClass>> = {
  AUTO: RoadClass.Motorway,
  BD: RoadClass.Secondary,
  AV: RoadClass.Tertiary,
  RTE: RoadClass.Tertiary,
  QUAI: RoadClass.Tertiary,
  PONT: RoadClass.Tertiary,
  VIAD: RoadClass.Tertiary,
  TUN: RoadClass.Tertiary,
  RDPT: RoadClass.Tertiary,
  PARK: RoadClass.Service,
  CHEM: RoadClass.Unclassified,
};
/** Montpellier `HIERARCHIE` (rarely filled) 1…3 → class; 4 and above are local streets. */
const HIERARCHY_CLASS = [RoadClass.Primary, RoadClass.Secondary, RoadClass.Tertiary];

export function parseRoadFeatures(features: readonly GeoJsonFeature[], report: ImportReport): RawRoad[] {
  const roads: RawRoad[] = [];
  for (let i = 0; i < features.length; i++) {
    const f = features[i];
    const lines = readLines(f, report, 'roads', i);
    if (lines.length === 0) continue;
    const attrs = roadAttributes(f.properties, report, i);
    if (!attrs) continue;
    for (const lonLat of lines) roads.push({ ...attrs, lonLat });
    report.add('roadsAccepted');
    if (lines.length > 1) report.add('roadsMultiLineParts', lines.length);
  }
  return roads;
}

/** Attributes of one feature by whichever profile its properties match; null when skipped. */
export function roadAttributes(p: Props, report: ImportReport, index: number): RoadAttributes | null {
  if (p && typeof p.highway === 'string') return roadFromOsmTags(stringTags(p), report, index);
  if (p && typeof p.roadClass === 'string') return simplifiedProfile(p, report);
  if (p && ('SENS_CIRCU' in p || 'LIB_OFF' in p || 'TYPVOI' in p)) return montpellierProfile(p, report, index);
  report.add('roadsClassDefaulted');
  const name = propString(p, ['name', 'nom', 'NOM', 'libelle', 'LIBELLE']);
  return name ? { roadClass: RoadClass.Unclassified, name } : { roadClass: RoadClass.Unclassified };
}

function stringTags(p: Record<string, unknown>): Map<string, string> {
  const m = new Map<string, string>();
  for (const [k, v] of Object.entries(p)) {
    if (typeof v === 'string') m.set(k, v);
    else if (typeof v === 'number' || typeof v === 'boolean') m.set(k, String(v));
  }
  return m;
}

function simplifiedProfile(p: Record<string, unknown>, report: ImportReport): RoadAttributes {
  const value = String(p.roadClass);
  const name = propString(p, ['name', 'nom']);
  let roadClass = lookup(SIMPLIFIED_ROAD_CLASS, value);
  if (roadClass === undefined) {
    const own = (ROAD_CLASS_NAMES as readonly string[]).indexOf(value); // the project's own class names
    if (own >= 0) roadClass = own as RoadClass;
  }
  if (roadClass === undefined) {
    report.add('roadsClassDefaulted');
    roadClass = RoadClass.Unclassified;
  }
  if (roadClass === RoadClass.Trunk && name && MOTORWAY_NAME.test(name)) roadClass = RoadClass.Motorway;
  const road: RoadAttributes = { roadClass };
  if (name) road.name = name;
  if (p.structure === 'bridge') road.bridge = true;
  if (p.structure === 'tunnel') road.tunnel = true;
  return road;
}

function montpellierProfile(p: Record<string, unknown>, report: ImportReport, index: number): RoadAttributes | null {
  const occupation = propString(p, ['OCCUPATION'])?.toLowerCase();
  const direction = propString(p, ['SENS_CIRCU'])?.toUpperCase();
  if (direction === 'FICTIF') {
    report.skip('roadsSkippedFictitious', index);
    return null;
  }
  if (occupation === 'piste cyclable') {
    report.skip('roadsSkippedCycleway', index);
    return null;
  }
  if (occupation === 'fluvial') {
    report.skip('roadsSkippedNotARoad', index);
    return null;
  }
  const type = propString(p, ['TYPVOI'])?.toUpperCase() ?? '';
  const hierarchy = propNumber(p, ['HIERARCHIE']);
  let roadClass: RoadClass =
    hierarchy !== undefined && hierarchy >= 1 ? (HIERARCHY_CLASS[hierarchy - 1] ?? RoadClass.Residential) : (lookup(STREET_TYPE_CLASS, type) ?? RoadClass.Residential);
  // Pedestrian areas and streets closed to traffic are kept as pedestrian (lit, no cars).
  if (occupation === 'piéton' || occupation === 'pieton' || direction === 'INTERDIT') roadClass = RoadClass.Pedestrian;
  const road: RoadAttributes = { roadClass };
  const name = propString(p, ['LIB_OFF', 'NOMVOI']);
  if (name) road.name = name;
  if (direction === 'SENS UNIQUE' && roadClass !== RoadClass.Pedestrian) {
    // The file does not say which way: the digitised direction is assumed.
    road.oneWay = 1;
    report.add('roadsOneWayDirectionAssumed');
  }
  if (type === 'RDPT') road.roundabout = true;
  if (type === 'PONT' || type === 'VIAD') road.bridge = true;
  if (type === 'TUN') road.tunnel = true;
  return road;
}
