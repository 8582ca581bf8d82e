// Which lamps a scenario rule applies to: by commune (name or INSEE code), road class,
// technology, cabinet, hand-picked lamps (index or inventory id) or a drawn area; all given criteria must hold.

import type { CityModel } from '../city/model.ts';
import { LAMP_TECHNOLOGY_NAMES } from '../city/model.ts';
import { ROAD_CLASS_NAMES } from '../city/roadClass.ts';
import type { LampSelector } from '../scenario/schema.ts';
import { lampExternalId } from '../city/entityIds.ts';
import { pointInRing } from '../city/communeLocator.ts';
import { makeProjection } from '../geo/projection.ts';
import { openRing, type AreaRing } from '../scenario/schema.ts';

export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

/** Mask of the lamps matching a selector (1 = selected). `technology` overrides the city's (after retrofits). */
export function selectLamps(city: CityModel, sel: LampSelector, where: string, technology: Uint8Array = city.lamps.technology): Uint8Array {
  const n = city.lamps.count;
  const mask = new Uint8Array(n).fill(1);
  if (sel.communes) {
    const wanted = new Uint8Array(city.communes.count);
    for (const c of sel.communes) {
      const i = city.communes.name.findIndex((name, k) => name === c || city.communes.inseeCode[k] === c);
      if (i < 0) throw new SelectorError(`${where}.communes: no commune "${c}" in ${city.meta.name}`);
      wanted[i] = 1;
    }
    for (let i = 0; i < n; i++) if (!wanted[city.lamps.commune[i]]) mask[i] = 0;
  }
  if (sel.roadClasses) {
    const wanted = new Set(sel.roadClasses.map((c) => ROAD_CLASS_NAMES.indexOf(c)));
    for (let i = 0; i < n; i++) {
      const l = city.lamps.link[i];
      if (l < 0 || !wanted.has(city.links.roadClass[l])) mask[i] = 0;
    }
  }
  if (sel.technologies) {
    const wanted = new Set<number>(sel.technologies.map((t) => LAMP_TECHNOLOGY_NAMES.indexOf(t)));
    for (let i = 0; i < n; i++) if (!wanted.has(technology[i])) mask[i] = 0;
  }
  if (sel.cabinets) {
    const wanted = new Set(sel.cabinets);
    for (const c of wanted) if (c >= city.cabinets.count) throw new SelectorError(`${where}.cabinets: no cabinet ${c} (the city has ${city.cabinets.count})`);
    for (let i = 0; i < n; i++) if (!wanted.has(city.lamps.cabinet[i])) mask[i] = 0;
  }
  if (sel.lamps) {
    const picked = new Uint8Array(n);
    let byId: Map<string, number> | null = null;
    for (const ref of sel.lamps) {
      let i: number;
      if (typeof ref === 'number') i = ref < n ? ref : -1;
      else {
        byId ??= new Map(Array.from({ length: n }, (_, k) => [lampExternalId(city, k), k] as [string, number]));
        i = byId.get(ref) ?? -1;
      }
      if (i < 0) throw new SelectorError(`${where}.lamps: no lamp ${JSON.stringify(ref)}`);
      picked[i] = 1;
    }
    for (let i = 0; i < n; i++) if (!picked[i]) mask[i] = 0;
  }
  if (sel.area) {
    const inside = lampsInArea(city, sel.area);
    for (let i = 0; i < n; i++) if (!inside[i]) mask[i] = 0;
  }
  return mask;
}

/** Mask of the lamps whose position lies inside a lon/lat ring (closed or not), by point in polygon in city metres. */
export function lampsInArea(city: CityModel, area: AreaRing): Uint8Array {
  const ring = openRing(area);
  const p = makeProjection(city.meta.frame);
  const xy = new Float32Array(ring.length * 2);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  ring.forEach(([lon, lat], k) => {
    const [x, y] = p.toXY(lon, lat);
    xy[2 * k] = x;
    xy[2 * k + 1] = y;
    minX = Math.min(minX, x); maxX = Math.max(maxX, x);
    minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  });
  const { xM, yM, count } = city.lamps;
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const x = xM[i], y = yM[i];
    if (x >= minX && x <= maxX && y >= minY && y <= maxY && pointInRing(x, y, xy, 0, ring.length)) out[i] = 1;
  }
  return out;
}
