// Reading NGSI-LD entities in both forms: normalised (`{ type: 'Property', value, observedAt }`)
// and key-values (`attr: value`), into typed observations; bad values are reported, not guessed.

import { parseNgsiUrn, type EntityRegistry } from '../city/entityIds.ts';
import { isoTimeMs } from './isoTime.ts';
import { SMART_DATA_MODEL_TYPES, type Observation, type RejectReason } from './observations.ts';

export type ParseResult = { ok: true; observation: Observation } | { ok: false; reason: RejectReason; detail: string };

const reject = (reason: RejectReason, detail: string): ParseResult => ({ ok: false, reason, detail });

class BadValue extends Error {}

interface Attr {
  value: unknown;
  observedAt?: unknown;
}

function attr(entity: Record<string, unknown>, name: string): Attr | undefined {
  const a = entity[name];
  if (a === undefined || a === null) return undefined;
  if (typeof a === 'object' && !Array.isArray(a) && ('value' in (a as object) || 'object' in (a as object))) {
    const o = a as Record<string, unknown>;
    return { value: 'value' in o ? o.value : o.object, observedAt: o.observedAt };
  }
  return { value: a };
}

function num(entity: Record<string, unknown>, name: string, min = -Infinity, max = Infinity): number | undefined {
  const a = attr(entity, name);
  if (!a) return undefined;
  const v = a.value;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new BadValue(`${name} is not a finite number (${JSON.stringify(v)})`);
  if (v < min || v > max) throw new BadValue(`${name} = ${v} is outside ${min}…${max}`);
  return v;
}

/** A GeoJSON Point location ([lon, lat] in degrees), in either form; undefined when absent, BadValue when malformed. */
function point(entity: Record<string, unknown>): [number, number] | undefined {
  const a = attr(entity, 'location');
  if (!a) return undefined;
  const g = a.value as { type?: unknown; coordinates?: unknown } | null;
  const c = g && typeof g === 'object' ? g.coordinates : undefined;
  if (g?.type !== 'Point' || !Array.isArray(c) || c.length < 2) throw new BadValue('location is not a GeoJSON Point');
  const [lon, lat] = c as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number' || !(Math.abs(lon) <= 180) || !(Math.abs(lat) <= 90)) throw new BadValue(`location ${JSON.stringify(c).slice(0, 60)} is not a longitude, latitude`);
  return [lon, lat];
}

function text(entity: Record<string, unknown>, name: string): string | undefined {
  const a = attr(entity, name);
  return typeof a?.value === 'string' ? a.value.slice(0, 120) : undefined;
}

function oneOf<T extends string>(entity: Record<string, unknown>, name: string, values: readonly T[]): T | undefined {
  const a = attr(entity, name);
  if (!a) return undefined;
  if (typeof a.value !== 'string' || !values.includes(a.value as T)) throw new BadValue(`${name} must be one of ${values.join(', ')} (got ${JSON.stringify(a.value)})`);
  return a.value as T;
}

/** The observation time: an attribute's observedAt, or the model's date attributes. */
function observationTime(entity: Record<string, unknown>, names: string[]): number | undefined {
  for (const k of Object.keys(entity)) {
    const a = entity[k];
    if (a && typeof a === 'object' && 'observedAt' in (a as object)) {
      const t = isoTimeMs((a as Record<string, unknown>).observedAt);
      if (t !== undefined) return t;
    }
  }
  for (const n of names) {
    const a = attr(entity, n);
    if (a) {
      const t = isoTimeMs(a.value);
      if (t !== undefined) return t;
    }
  }
  return undefined;
}

/** Parses one entity (already JSON-decoded) into an observation mapped onto the city. */
export function parseEntity(value: unknown, registry: EntityRegistry): ParseResult {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return reject('not-an-entity', 'not a JSON object');
  const e = value as Record<string, unknown>;
  if (typeof e.id !== 'string' || typeof e.type !== 'string') return reject('not-an-entity', 'an entity needs string "id" and "type"');
  const kind = SMART_DATA_MODEL_TYPES[e.type];
  if (!kind) return reject('unknown-type', `type ${JSON.stringify(e.type.slice(0, 60))} is not a supported Smart Data Model`);
  const urn = parseNgsiUrn(e.id);
  if (!urn || urn.type !== e.type) return reject('unknown-entity', `id ${JSON.stringify(e.id.slice(0, 80))} is not urn:ngsi-ld:${e.type}:<id>`);
  try {
    switch (kind) {
      case 'streetlight': {
        const lamp = registry.lamp(urn.localId);
        if (lamp < 0) return reject('unknown-entity', `no lamp ${urn.localId}`);
        const timeMs = observationTime(e, ['observationDateTime', 'dateObserved', 'dateLastLampChange']);
        if (timeMs === undefined) return reject('missing-time', 'no observedAt or observationDateTime');
        return {
          ok: true,
          observation: {
            kind, entityId: e.id, timeMs, lamp,
            illuminanceLevel: num(e, 'illuminanceLevel', 0, 1),
            powerState: oneOf(e, 'powerState', ['on', 'off', 'low', 'bootingUp'] as const),
            powerConsumptionW: num(e, 'powerConsumption', 0, 5000),
            motionCount: num(e, 'lifetimeMotionDetected', 0),
            status: oneOf(e, 'status', ['ok', 'defectiveLamp', 'columnIssue', 'brokenLantern'] as const),
          },
        };
      }
      case 'cabinet': {
        const cabinet = registry.cabinet(urn.localId);
        if (cabinet < 0) return reject('unknown-entity', `no cabinet ${urn.localId}`);
        const timeMs = observationTime(e, ['dateMeteringStarted', 'dateLastProgramming', 'dateObserved']);
        if (timeMs === undefined) return reject('missing-time', 'no observedAt');
        return { ok: true, observation: { kind, entityId: e.id, timeMs, cabinet, energyConsumedKWh: num(e, 'energyConsumed', 0), totalActivePowerKW: num(e, 'totalActivePower', 0, 10_000) } };
      }
      case 'trafficFlow': {
        const ref = attr(e, 'refRoadSegment');
        const refUrn = typeof ref?.value === 'string' ? parseNgsiUrn(ref.value) : null;
        const link = registry.road(refUrn ? refUrn.localId : urn.localId);
        if (link < 0) return reject('unknown-entity', `no road ${refUrn?.localId ?? urn.localId}`);
        const from = isoTimeMs(attr(e, 'dateObservedFrom')?.value) ?? observationTime(e, ['dateObserved']);
        const to = isoTimeMs(attr(e, 'dateObservedTo')?.value) ?? from;
        if (from === undefined || to === undefined) return reject('missing-time', 'no dateObservedFrom/dateObservedTo');
        if (to < from) return reject('bad-value', 'dateObservedTo is before dateObservedFrom');
        return {
          ok: true,
          observation: {
            kind, entityId: e.id, timeMs: from, toMs: to, link,
            intensity: num(e, 'intensity', 0, 100_000),
            occupancy: num(e, 'occupancy', 0, 1),
            averageSpeedKph: num(e, 'averageVehicleSpeed', 0, 300),
            laneId: num(e, 'laneId', 0, 20),
          },
        };
      }
      case 'weather': {
        const timeMs = observationTime(e, ['dateObserved']);
        if (timeMs === undefined) return reject('missing-time', 'no dateObserved');
        return { ok: true, observation: { kind, entityId: e.id, timeMs, illuminanceLux: num(e, 'illuminance', 0, 200_000), temperatureC: num(e, 'temperature', -80, 70) } };
      }
      case 'airQuality': {
        const timeMs = observationTime(e, ['dateObserved']);
        if (timeMs === undefined) return reject('missing-time', 'no dateObserved');
        const c = (n: string) => num(e, n, 0, 100_000);
        return { ok: true, observation: { kind, entityId: e.id, timeMs, no2: c('no2'), pm10: c('pm10'), pm25: c('pm25'), o3: c('o3'), co: c('co'), lonLat: point(e), name: text(e, 'name') } };
      }
      case 'parking': {
        const timeMs = observationTime(e, ['dateObserved', 'dateModified']);
        if (timeMs === undefined) return reject('missing-time', 'no dateObserved');
        const total = num(e, 'totalSpotNumber', 0, 100_000);
        const available = num(e, 'availableSpotNumber', 0, 100_000);
        let occupancy = num(e, 'occupancy', 0, 1);
        if (total !== undefined && available !== undefined) {
          if (available > total) throw new BadValue(`availableSpotNumber ${available} exceeds totalSpotNumber ${total}`);
          occupancy ??= total > 0 ? 1 - available / total : undefined;
        }
        if (occupancy === undefined) throw new BadValue('no occupancy nor spot numbers');
        return { ok: true, observation: { kind, entityId: e.id, timeMs, carPark: urn.localId, occupancy, availableSpots: available, totalSpots: total, lonLat: point(e), name: text(e, 'name') } };
      }
    }
  } catch (err) {
    if (err instanceof BadValue) return reject('bad-value', err.message);
    throw err;
  }
}
