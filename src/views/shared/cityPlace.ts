// Where a geo view looks first, and how the store's camera target (city metres + a 3D-style viewing
// distance) becomes a place for each view; pure, shared by the map and the globe (never by each other).

import type { CityModel } from '../../core/city/model.ts';
import type { CameraTarget } from '../../store/uiStore.ts';

/** A point in city metres and the 3D view's camera-to-target distance that frames it. */
export interface Place {
  xM: number;
  yM: number;
  distanceM: number;
}

export interface CityBoundsM {
  minXM: number;
  minYM: number;
  maxXM: number;
  maxYM: number;
}

/** The 3D view's vertical field of view: a distance d shows about 2·tan(fov/2)·d metres of ground. */
export const VIEW_FOV_DEG = 45;

/** Bounding box of the road network's nodes (the lamps when there are no nodes). */
export function cityBoundsM(city: CityModel): CityBoundsM {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const scan = (xs: Float32Array, ys: Float32Array, n: number) => {
    for (let i = 0; i < n; i++) {
      if (xs[i] < minX) minX = xs[i];
      if (xs[i] > maxX) maxX = xs[i];
      if (ys[i] < minY) minY = ys[i];
      if (ys[i] > maxY) maxY = ys[i];
    }
  };
  scan(city.nodes.xM, city.nodes.yM, city.nodes.count);
  if (!(minX <= maxX)) scan(city.lamps.xM, city.lamps.yM, city.lamps.count);
  if (!(minX <= maxX)) minX = maxX = minY = maxY = 0;
  return { minXM: minX, minYM: minY, maxXM: maxX, maxYM: maxY };
}

/** The whole city in view: the box centre, at a distance that shows its larger side. */
export function wholeCityPlace(city: CityModel): Place {
  const b = cityBoundsM(city);
  const sizeM = Math.max(400, b.maxXM - b.minXM, b.maxYM - b.minYM);
  const visiblePerDistance = 2 * Math.tan(((VIEW_FOV_DEG / 2) * Math.PI) / 180);
  return { xM: (b.minXM + b.maxXM) / 2, yM: (b.minYM + b.maxYM) / 2, distanceM: (sizeM * 0.8) / visiblePerDistance };
}

/** The place a view opens at: the store's target when another view left one, else `fallback`. */
export function startPlace(target: CameraTarget | null, fallback: Place): Place {
  if (target && Number.isFinite(target.xM) && Number.isFinite(target.yM) && target.distanceM > 0) {
    return { xM: target.xM, yM: target.yM, distanceM: target.distanceM };
  }
  return fallback;
}
