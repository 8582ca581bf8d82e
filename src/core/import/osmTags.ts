// OSM tag mapping shared by the XML and PBF readers (and OSM-style GeoJSON properties):
// highway → RoadClass and road attributes, buildings, traffic signals, street lamps.

import { RoadClass } from '../city/roadClass.ts';
import { BuildingUse, LampTechnology } from '../city/model.ts';
import type { RoadAttributes } from './raw.ts';
import type { ImportReport } from './report.ts';
import { lookup } from './lookup.ts';

export type OsmTags = ReadonlyMap<string, string>;

/** `highway=*` values that are roads for cars (or pedestrian streets, which are lit). */
export const HIGHWAY_ROAD_CLASS: Readonly<Record<string, RoadClass>> = {
  motorway: RoadClass.Motorway,
  motorway_link: RoadClass.Motorway,
  trunk: RoadClass.Trunk,
  trunk_link: RoadClass.Trunk,
  primary: RoadClass.Primary,
  primary_link: RoadClass.Primary,
  secondary: RoadClass.Secondary,
  secondary_link: RoadClass.Secondary,
  tertiary: RoadClass.Tertiary,
  tertiary_link: RoadClass.Tertiary,
  residential: RoadClass.Residential,
  living_street: RoadClass.Residential,
  service: RoadClass.Service,
  // Pedestrian streets are kept: cars do not use them but the lighting model does (class P).
  pedestrian: RoadClass.Pedestrian,
  unclassified: RoadClass.Unclassified,
  road: RoadClass.Unclassified,
};

/** Highways that are not roads for cars (or not built): skipped, each counted under its own key. */
const SKIPPED_HIGHWAYS: Readonly<Record<string, string>> = {
  footway: 'Footway', cycleway: 'Cycleway', path: 'Path', steps: 'Steps', bridleway: 'Bridleway',
  track: 'Track', corridor: 'Corridor', sidewalk: 'Footway', crossing: 'Footway', platform: 'Platform',
  bus_guideway: 'Busway', busway: 'Busway', construction: 'Construction', proposed: 'Proposed',
  abandoned: 'Disused', disused: 'Disused', raceway: 'Raceway', elevator: 'Other', escape: 'Other',
  rest_area: 'Other', services: 'Other', via_ferrata: 'Other', ladder: 'Other', emergency_bay: 'Other',
};

/** Speed limits named by zone rather than by number, km/h. `none` uses NO_LIMIT_KPH. */
export const MAXSPEED_ZONE_KPH: Readonly<Record<string, number>> = {
  'FR:urban': 50, 'FR:rural': 80, 'FR:trunk': 110, 'FR:expressway': 110, 'FR:motorway': 130,
  'FR:zone30': 30, 'FR:living_street': 20, 'FR:walk': 6,
  'DE:urban': 50, 'DE:rural': 100, 'DE:motorway': 130, 'DE:zone30': 30, 'DE:living_street': 7,
  'DE:bicycle_road': 30, 'DE:walk': 7,
  'BE:urban': 50, 'BE:rural': 90, 'BE:motorway': 120, 'CH:urban': 50, 'CH:rural': 80, 'CH:motorway': 120,
  'IT:urban': 50, 'IT:rural': 90, 'IT:motorway': 130, 'ES:urban': 50, 'ES:rural': 90, 'ES:motorway': 120,
  'AT:urban': 50, 'AT:rural': 100, 'AT:motorway': 130, 'NL:urban': 50, 'NL:rural': 80, 'NL:motorway': 100,
  'GB:nsl_single': 96.6, 'GB:nsl_dual': 112.7, 'GB:motorway': 112.7,
};
/** Zone suffixes for countries not listed above. */
const GENERIC_ZONE_KPH: Readonly<Record<string, number>> = {
  urban: 50, rural: 90, trunk: 100, expressway: 100, motorway: 120, living_street: 20, walk: 7,
  zone30: 30, zone20: 20, bicycle_road: 30,
};
/** What "maxspeed=none" (no limit, e.g. German Autobahn) becomes: the advisory speed. */
export const NO_LIMIT_KPH = 130;
const KPH_PER_MPH = 1.609344;
const KPH_PER_KNOT = 1.852;

/** A speed-limit tag in km/h, or undefined when it gives no number ("signals", garbage). */
export function parseMaxspeedKph(raw: string): number | undefined {
  const value = raw.split(';')[0].trim();
  if (value === '') return undefined;
  if (value === 'none') return NO_LIMIT_KPH;
  if (value === 'walk') return 7;
  const zone = lookup(MAXSPEED_ZONE_KPH, value);
  if (zone !== undefined) return zone;
  const m = /^(\d+(?:[.,]\d+)?)\s*(km\/h|kmh|kph|mph|knots)?$/i.exec(value);
  if (m) {
    const n = Number(m[1].replace(',', '.'));
    const unit = (m[2] ?? '').toLowerCase();
    const kph = unit === 'mph' ? n * KPH_PER_MPH : unit === 'knots' ? n * KPH_PER_KNOT : n;
    return kph > 0 && kph <= 300 ? kph : undefined;
  }
  const cc = /^[A-Z]{2}(?:-[A-Z0-9]+)?:(.+)$/.exec(value);
  if (cc) {
    const rest = cc[1];
    if (/^\d+$/.test(rest)) return Number(rest) > 0 && Number(rest) <= 300 ? Number(rest) : undefined; // zone:maxspeed=FR:30
    const zoneN = /^zone:?(\d+)$/.exec(rest);
    if (zoneN) return Number(zoneN[1]);
    return lookup(GENERIC_ZONE_KPH, rest);
  }
  return undefined;
}

/** A positive count ("2", "2;3" → 2); undefined when absent or nonsense. */
export function parseCount(raw: string | undefined, max = 20): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw.split(';')[0].trim());
  return Number.isFinite(n) && n > 0 && n <= max ? n : undefined;
}

const M_PER_FOOT = 0.3048;

/** A length tag in metres: "12", "12 m", "12.5m", "12,5", "40 ft", "40'". */
export function parseLengthM(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = raw.split(';')[0].trim().toLowerCase();
  const m = /^(\d+(?:[.,]\d+)?)\s*(m|metres|meters|ft|feet|')?$/.exec(v);
  if (!m) return undefined;
  const n = Number(m[1].replace(',', '.'));
  const feet = m[2] === 'ft' || m[2] === 'feet' || m[2] === "'";
  const metres = feet ? n * M_PER_FOOT : n;
  return Number.isFinite(metres) && metres > 0 ? metres : undefined;
}

/** 1 along the way, -1 against it, 0 two-way, undefined when the tag is absent or unknown. */
export function parseOneWay(raw: string | undefined): -1 | 0 | 1 | undefined {
  switch (raw?.trim().toLowerCase()) {
    case 'yes': case '1': case 'true': return 1;
    case '-1': case 'reverse': return -1;
    case 'no': case '0': case 'false': case 'reversible': case 'alternating': return 0;
    default: return undefined;
  }
}

export function parseLit(raw: string | undefined): boolean | undefined {
  if (raw === undefined) return undefined;
  const v = raw.trim().toLowerCase();
  if (v === 'no' || v === 'disused' || v === 'false') return false;
  if (v === 'yes' || v === '24/7' || v === 'automatic' || v === 'limited' || v === 'interval' || v === 'true') return true;
  if (/^(sunset|dusk|\d{1,2}:\d{2})/.test(v)) return true; // lit=sunset-sunrise, lit=dusk-23:00…
  return undefined;
}

const yes = (raw: string | undefined) => raw !== undefined && raw !== 'no' && raw !== 'false' && raw !== '0';

/**
 * Road attributes from the tags of a way, or null when it is not a road: ways without
 * `highway` are ignored silently; footways, cycleways… are counted as `roadsSkipped<Kind>`.
 */
export function roadFromOsmTags(tags: OsmTags, report: ImportReport, index: number): RoadAttributes | null {
  const highway = tags.get('highway');
  if (highway === undefined) return null;
  const roadClass = lookup(HIGHWAY_ROAD_CLASS, highway);
  if (roadClass === undefined) {
    report.skip(`roadsSkipped${lookup(SKIPPED_HIGHWAYS, highway) ?? 'OtherHighway'}`, index);
    return null;
  }
  if (tags.get('area') === 'yes') {
    report.skip('roadsSkippedArea', index);
    return null;
  }
  const road: RoadAttributes = { roadClass };
  const name = tags.get('name') ?? tags.get('ref');
  if (name) road.name = name;

  const lanesRaw = tags.get('lanes');
  const lanes = parseCount(lanesRaw);
  if (lanes !== undefined) road.lanes = lanes;
  else if (lanesRaw !== undefined) report.add('lanesUnparsed');
  const lf = parseCount(tags.get('lanes:forward'));
  const lb = parseCount(tags.get('lanes:backward'));
  if (lf !== undefined) road.lanesForward = lf;
  if (lb !== undefined) road.lanesBackward = lb;

  const speedRaw = tags.get('maxspeed') ?? tags.get('maxspeed:forward') ?? tags.get('zone:maxspeed');
  if (speedRaw !== undefined) {
    const kph = parseMaxspeedKph(speedRaw);
    if (kph !== undefined) road.speedLimitKph = kph;
    else report.add('maxspeedUnparsed');
  } else if (highway === 'living_street') road.speedLimitKph = GENERIC_ZONE_KPH.living_street;

  const junction = tags.get('junction');
  const roundabout = junction === 'roundabout' || junction === 'circular';
  if (roundabout) road.roundabout = true;
  const oneWayRaw = tags.get('oneway');
  let oneWay = parseOneWay(oneWayRaw);
  if (oneWay === undefined) {
    if (oneWayRaw !== undefined) report.add('onewayUnparsed');
    // OSM implies one-way on roundabouts and motorways.
    if (roundabout || highway === 'motorway') oneWay = 1;
  }
  if (oneWay) road.oneWay = oneWay;

  const lit = parseLit(tags.get('lit'));
  if (lit !== undefined) road.lit = lit;
  if (yes(tags.get('bridge'))) road.bridge = true;
  if (yes(tags.get('tunnel'))) road.tunnel = true;
  return road;
}

/** `building=*` values → use. Values not listed (yes, roof, garage…) are Unknown. */
export const BUILDING_USE_BY_VALUE: Readonly<Record<string, BuildingUse>> = {
  house: BuildingUse.Residential, residential: BuildingUse.Residential, apartments: BuildingUse.Residential,
  detached: BuildingUse.Residential, semidetached_house: BuildingUse.Residential, terrace: BuildingUse.Residential,
  dormitory: BuildingUse.Residential, bungalow: BuildingUse.Residential, farm: BuildingUse.Residential,
  houseboat: BuildingUse.Residential, static_caravan: BuildingUse.Residential,
  commercial: BuildingUse.Commercial, retail: BuildingUse.Commercial, supermarket: BuildingUse.Commercial,
  kiosk: BuildingUse.Commercial, hotel: BuildingUse.Commercial,
  industrial: BuildingUse.Industrial, warehouse: BuildingUse.Industrial, factory: BuildingUse.Industrial,
  manufacture: BuildingUse.Industrial, hangar: BuildingUse.Industrial, storage_tank: BuildingUse.Industrial,
  office: BuildingUse.Office,
  public: BuildingUse.Public, civic: BuildingUse.Public, government: BuildingUse.Public, school: BuildingUse.Public,
  university: BuildingUse.Public, college: BuildingUse.Public, kindergarten: BuildingUse.Public,
  hospital: BuildingUse.Public, church: BuildingUse.Public, chapel: BuildingUse.Public, cathedral: BuildingUse.Public,
  mosque: BuildingUse.Public, synagogue: BuildingUse.Public, temple: BuildingUse.Public,
  train_station: BuildingUse.Public, transportation: BuildingUse.Public, fire_station: BuildingUse.Public,
  sports_hall: BuildingUse.Public, stadium: BuildingUse.Public, townhall: BuildingUse.Public,
};

export interface BuildingAttributes {
  heightM?: number;
  levels?: number;
  use?: BuildingUse;
}

/** Building attributes from tags, or null when the element is not a building. */
export function buildingFromOsmTags(tags: OsmTags, report: ImportReport): BuildingAttributes | null {
  const value = tags.get('building');
  if (value === undefined || value === 'no') return null;
  const b: BuildingAttributes = {};
  const heightRaw = tags.get('height') ?? tags.get('building:height');
  const heightM = parseLengthM(heightRaw);
  if (heightM !== undefined) b.heightM = heightM;
  else if (heightRaw !== undefined) report.add('buildingHeightUnparsed');
  const levelsRaw = tags.get('building:levels');
  const levels = parseCount(levelsRaw, 300);
  if (levels !== undefined) b.levels = levels;
  else if (levelsRaw !== undefined) report.add('buildingLevelsUnparsed');
  let use = lookup(BUILDING_USE_BY_VALUE, value) ?? lookup(BUILDING_USE_BY_VALUE, tags.get('building:use') ?? '');
  if (use === undefined) {
    if (tags.has('shop')) use = BuildingUse.Commercial;
    else if (tags.has('office')) use = BuildingUse.Office;
  }
  if (use !== undefined) b.use = use;
  return b;
}

export function isTrafficSignalNode(tags: OsmTags): boolean {
  return tags.get('highway') === 'traffic_signals';
}

/** Lamp technology from free text: OSM `light:method`, an inventory's "type de source"… */
export function lampTechnologyFromText(raw: string | undefined): LampTechnology {
  if (!raw) return LampTechnology.Unknown;
  const v = raw.toLowerCase();
  if (/\bled\b|^led/.test(v)) return LampTechnology.LED;
  if (/mercur|ballon fluo|\bhg\b|\bhpl\b/.test(v)) return LampTechnology.MercuryVapour;
  if (/low[_ -]?pressure|basse pression|\blps\b|\bsox\b/.test(v)) return LampTechnology.LPS;
  if (/sodium|high[_ -]?pressure|haute pression|\bhps\b|\bshp\b|\bson\b/.test(v)) return LampTechnology.HPS;
  if (/metal|halide|halog[eé]nure|iodure|ceramic|c[eé]ramique|\bmh\b|\bcdm\b|cosmo/.test(v)) return LampTechnology.MH;
  if (/fluo|compact/.test(v)) return LampTechnology.Fluorescent;
  return LampTechnology.Unknown;
}

export interface LampAttributes {
  mountingHeightM?: number;
  technology?: LampTechnology;
  ratedPowerW?: number;
  externalId?: string;
}

/** A `highway=street_lamp` node's attributes; externalId is its `ref` or its node id. */
export function lampFromOsmTags(tags: OsmTags, nodeId: number): LampAttributes {
  const lamp: LampAttributes = { externalId: tags.get('ref') ?? `osm:node/${nodeId}` };
  const h = parseLengthM(tags.get('light:height') ?? tags.get('height'));
  if (h !== undefined) lamp.mountingHeightM = h;
  const tech = lampTechnologyFromText(tags.get('light:method') ?? tags.get('lamp_type'));
  if (tech !== LampTechnology.Unknown) lamp.technology = tech;
  const power = parsePowerW(tags.get('light:power') ?? tags.get('lamp_power'));
  if (power !== undefined) lamp.ratedPowerW = power;
  return lamp;
}

/** "70", "70 W", "70W" → 70. */
export function parsePowerW(raw: string | number | undefined | null): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  const n = typeof raw === 'number' ? raw : Number(/^\s*(\d+(?:[.,]\d+)?)\s*w?\s*$/i.exec(raw)?.[1]?.replace(',', '.'));
  return Number.isFinite(n) && n > 0 && n <= 5000 ? n : undefined;
}
