// Stable external ids of city entities (lamps, cabinets, roads) used by scenarios, feeds and
// commands, and their NGSI-LD URNs; integer indices stay inside the core.

import type { CityModel } from './model.ts';

/** A lamp's id: its inventory id, or one derived from its index for generated lamps. */
export function lampExternalId(city: CityModel, i: number): string {
  const s = city.lamps.externalId[i];
  return s >= 0 ? city.strings[s] : `lamp-${String(i).padStart(6, '0')}`;
}

export function cabinetExternalId(i: number): string {
  return `cabinet-${String(i).padStart(4, '0')}`;
}

/** A road segment's id: the index of the link that represents it (the lower one of a two-way pair). */
export function roadExternalId(link: number): string {
  return `road-${String(link).padStart(6, '0')}`;
}

export function ngsiUrn(type: string, localId: string): string {
  return `urn:ngsi-ld:${type}:${localId}`;
}

/** Splits `urn:ngsi-ld:<Type>:<local id>`; null when the id is not such a URN. */
export function parseNgsiUrn(id: string): { type: string; localId: string } | null {
  const m = /^urn:ngsi-ld:([A-Za-z][A-Za-z0-9]*):(.+)$/.exec(id);
  return m ? { type: m[1], localId: m[2] } : null;
}

/** Lookups from external ids to indices, built once per city. */
export interface EntityRegistry {
  lamp(localId: string): number;
  cabinet(localId: string): number;
  road(localId: string): number;
}

export function entityRegistry(city: CityModel): EntityRegistry {
  let lamps: Map<string, number> | null = null;
  const indexed = (prefix: string, count: number) => (localId: string) => {
    if (!localId.startsWith(prefix)) return -1;
    const digits = localId.slice(prefix.length);
    if (!/^\d{1,9}$/.test(digits)) return -1;
    const i = Number(digits);
    return i < count ? i : -1;
  };
  const road = indexed('road-', city.links.count);
  return {
    lamp(localId) {
      lamps ??= new Map(Array.from({ length: city.lamps.count }, (_, i) => [lampExternalId(city, i), i] as [string, number]));
      return lamps.get(localId) ?? -1;
    },
    cabinet: indexed('cabinet-', city.cabinets.count),
    road(localId) {
      const l = road(localId);
      if (l < 0) return -1;
      const r = city.links.reverse[l];
      return r >= 0 && r < l ? r : l;
    },
  };
}

/** A signal controller's id: its inventory or OSM id, or one derived from its index. */
export function signalExternalId(city: CityModel, s: number): string {
  const e = city.signals.externalId[s];
  return e >= 0 ? city.strings[e] : `signal-${String(s).padStart(4, '0')}`;
}
