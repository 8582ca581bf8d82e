// A rule's target taken from the 3D view: an area drawn on the ground (city metres → a closed lon/lat
// ring), or the current selection (a lamp, a road's street, the commune of an intersection or building).

import type { CityModel } from '../../core/city/model.ts';
import { lampExternalId } from '../../core/city/entityIds.ts';
import { makeProjection } from '../../core/geo/projection.ts';
import { selectLamps } from '../../core/lighting/selectors.ts';
import type { AreaRing, LampSelector } from '../../core/scenario/schema.ts';
import type { Selection } from '../../store/uiStore.ts';

/** Degrees kept in a drawn area's coordinates: 1e-6° is about 0.1 m, finer than a click on the ground. */
const DEGREE_DECIMALS = 6;

/** The closed lon/lat ring of points clicked on the ground (x, y pairs in city metres). */
export function areaRingFromPoints(city: CityModel, pointsXYM: readonly number[]): AreaRing {
  const p = makeProjection(city.meta.frame);
  const round = (v: number) => Math.round(v * 10 ** DEGREE_DECIMALS) / 10 ** DEGREE_DECIMALS;
  const ring: [number, number][] = [];
  for (let k = 0; k + 1 < pointsXYM.length; k += 2) {
    const [lon, lat] = p.toLonLat(pointsXYM[k], pointsXYM[k + 1]);
    ring.push([round(lon), round(lat)]);
  }
  if (ring.length > 0) ring.push([...ring[0]]);
  return ring;
}

/** The lamps lighting a road: those on its link, its opposite direction and every link of the same named street. */
function streetLamps(city: CityModel, link: number): number[] {
  const { name, reverse, count } = city.links;
  const onStreet = new Uint8Array(count);
  onStreet[link] = 1;
  if (reverse[link] >= 0) onStreet[reverse[link]] = 1;
  if (name[link] >= 0) for (let l = 0; l < count; l++) if (name[l] === name[link]) onStreet[l] = 1;
  const out: number[] = [];
  for (let i = 0; i < city.lamps.count; i++) if (city.lamps.link[i] >= 0 && onStreet[city.lamps.link[i]]) out.push(i);
  return out;
}

export type SelectionTarget = { where: LampSelector } | { error: 'noSelection' | 'noLampOnRoad' };

/** The target a selection stands for: a lamp itself, a road's street lamps, the commune of an intersection or a building. */
export function selectionTarget(city: CityModel, selection: Selection | null): SelectionTarget {
  if (!selection) return { error: 'noSelection' };
  const communeOf = (i: number) => ({ where: { communes: [city.communes.name[i]] } });
  switch (selection.kind) {
    case 'lamp':
      return { where: { lamps: [lampExternalId(city, selection.index)] } };
    case 'link': {
      const lamps = streetLamps(city, selection.index);
      return lamps.length ? { where: { lamps: lamps.map((i) => lampExternalId(city, i)) } } : { error: 'noLampOnRoad' };
    }
    case 'intersection':
      return communeOf(city.intersections.commune[selection.index]);
    case 'building':
      return communeOf(city.buildings.commune[selection.index]);
  }
}

/** How many lamps a target selects, or the selector's error (a commune or lamp the city does not have). */
export function targetLampCount(city: CityModel, where: LampSelector): { count: number } | { error: string } {
  try {
    let count = 0;
    for (const v of selectLamps(city, where, 'where')) count += v;
    return { count };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
