// Point inventories from GeoJSON: street lamps (type → mounting height, power, technology,
// as stated parameters) and signalised intersections, each keeping its inventory id.

import { LampTechnology } from '../city/model.ts';
import type { ImportReport } from './report.ts';
import type { RawLamp, RawSignal } from './raw.ts';
import { featureId, propNumber, propString, readPoints, type GeoJsonFeature } from './geojson.ts';
import { lampTechnologyFromText, parsePowerW } from './osmTags.ts';
import { lookup } from './lookup.ts';

export interface LampTypeDefaults {
  /** undefined: the builder uses the default of the road class the lamp lights. */
  mountingHeightM?: number;
  ratedPowerW?: number;
  technology: LampTechnology;
}

/**
 * Luminaire types of a French municipal inventory (Montpellier's `type_lante`), keyed in
 * upper case without accents. Stated engineering defaults, not measurements: the inventory
 * gives neither height, power nor lamp technology, so technology stays Unknown.
 */
export const LAMP_TYPE_DEFAULTS: Readonly<Record<string, LampTypeDefaults>> = {
  // The ordinary street luminaire (three points in four): height and power follow its road.
  LANTERNE: { technology: LampTechnology.Unknown },
  // Decorative post-top luminaire for residential and pedestrian areas.
  'LUMINAIRE AMBIANCE': { mountingHeightM: 4, ratedPowerW: 70, technology: LampTechnology.Unknown },
  // Floodlight (squares, monuments, sports grounds).
  PROJECTEUR: { mountingHeightM: 8, ratedPowerW: 150, technology: LampTechnology.Unknown },
  // Recessed in the ground or a wall.
  ENCASTRE: { mountingHeightM: 0.5, ratedPowerW: 35, technology: LampTechnology.Unknown },
  // Bollard or light column.
  'BORNE COLONNE': { mountingHeightM: 1.2, ratedPowerW: 40, technology: LampTechnology.Unknown },
  // Wall-mounted luminaire.
  'LUMINAIRE EN APPLIQUE': { mountingHeightM: 5, ratedPowerW: 70, technology: LampTechnology.Unknown },
};

const LAMP_TYPE_PROPS = ['type_lante', 'type_lanterne', 'type_luminaire', 'TYPE', 'type'];
const TECHNOLOGY_PROPS = ['technologie', 'technology', 'type_source', 'type_lampe', 'lamp_type', 'light:method'];
const POWER_PROPS = ['puissance', 'puissance_w', 'power', 'ratedPowerW', 'light:power'];
const HEIGHT_PROPS = ['hauteur', 'hauteur_feu', 'height', 'mountingHeightM', 'light:height'];
const ID_PROPS = ['id', 'ID', 'identifiant', 'IDENTIFIANT', 'gid', 'GID', 'OBJECTID', 'objectid', 'ref', 'code'];

export function normaliseType(raw: string): string {
  return raw.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/\s+/g, ' ').trim();
}

export function parseLampFeatures(features: readonly GeoJsonFeature[], report: ImportReport): RawLamp[] {
  const lamps: RawLamp[] = [];
  for (let i = 0; i < features.length; i++) {
    const f = features[i];
    const points = readPoints(f, report, 'lamps', i);
    if (points.length === 0) continue;
    const p = f.properties;
    const typeRaw = propString(p, LAMP_TYPE_PROPS);
    const defaults = typeRaw !== undefined ? lookup(LAMP_TYPE_DEFAULTS, normaliseType(typeRaw)) : undefined;
    if (defaults === undefined) report.add(typeRaw === undefined ? 'lampsWithoutType' : 'lampsUnknownType');
    const technologyText = propString(p, TECHNOLOGY_PROPS);
    const technology = technologyText !== undefined ? lampTechnologyFromText(technologyText) : (defaults?.technology ?? LampTechnology.Unknown);
    const heightM = propNumber(p, HEIGHT_PROPS);
    const powerW = parsePowerW(propString(p, POWER_PROPS));
    const base: Omit<RawLamp, 'lon' | 'lat'> = { technology };
    const mountingHeightM = heightM !== undefined && heightM > 0 && heightM < 60 ? heightM : defaults?.mountingHeightM;
    if (mountingHeightM !== undefined) base.mountingHeightM = mountingHeightM;
    const ratedPowerW = powerW ?? defaults?.ratedPowerW;
    if (ratedPowerW !== undefined) base.ratedPowerW = ratedPowerW;
    const id = featureId(f, ID_PROPS);
    for (let k = 0; k < points.length; k++) {
      const lamp: RawLamp = { ...base, ...points[k] };
      if (id !== undefined) lamp.externalId = points.length > 1 ? `${id}/${k}` : id;
      lamps.push(lamp);
    }
    report.add('lampsAccepted', points.length);
  }
  return lamps;
}

export function parseSignalFeatures(features: readonly GeoJsonFeature[], report: ImportReport): RawSignal[] {
  const signals: RawSignal[] = [];
  for (let i = 0; i < features.length; i++) {
    const f = features[i];
    const points = readPoints(f, report, 'signals', i);
    if (points.length === 0) continue;
    const id = featureId(f, [...ID_PROPS, 'CAR_ID']);
    for (let k = 0; k < points.length; k++) {
      const s: RawSignal = { ...points[k] };
      if (id !== undefined) s.externalId = points.length > 1 ? `${id}/${k}` : id;
      signals.push(s);
    }
    report.add('signalsAccepted', points.length);
  }
  return signals;
}
