// Everything the 3D view derives from a city once (typed arrays for each layer, framing), kept
// pure so it can move to a worker; geometries and materials are made from it on the main thread.

import type { CityModel } from '../../core/city/model.ts';
import { buildBuildingArrays, type BuildingArrays } from './buildingArrays.ts';
import { buildRoadArrays, type RoadArrays } from './roadArrays.ts';
import { buildLampArrays, type LampArrays } from './lampArrays.ts';
import { buildSignalHeadArrays, type SignalHeadArrays } from './signalArrays.ts';

export interface CityFraming {
  /** Centre of the main commune (most populous), where the camera first looks. */
  centreXM: number;
  centreYM: number;
  /** Half the diagonal of the road network's bounding box. */
  radiusM: number;
  minXM: number;
  minYM: number;
  maxXM: number;
  maxYM: number;
}

export interface SceneData {
  framing: CityFraming;
  buildings: BuildingArrays;
  roads: RoadArrays;
  lamps: LampArrays;
  signals: SignalHeadArrays;
}

export function cityFraming(city: CityModel): CityFraming {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const { xM, yM, count } = city.nodes;
  for (let i = 0; i < count; i++) {
    if (xM[i] < minX) minX = xM[i];
    if (xM[i] > maxX) maxX = xM[i];
    if (yM[i] < minY) minY = yM[i];
    if (yM[i] > maxY) maxY = yM[i];
  }
  if (!(minX <= maxX)) minX = maxX = minY = maxY = 0;
  let main = -1;
  for (let c = 0; c < city.communes.count; c++) {
    if (main < 0 || city.communes.population[c] > city.communes.population[main]) main = c;
  }
  const centreXM = main >= 0 ? city.communes.centreXM[main] : (minX + maxX) / 2;
  const centreYM = main >= 0 ? city.communes.centreYM[main] : (minY + maxY) / 2;
  return { centreXM, centreYM, radiusM: Math.max(200, Math.hypot(maxX - minX, maxY - minY) / 2), minXM: minX, minYM: minY, maxXM: maxX, maxYM: maxY };
}

export function buildSceneData(city: CityModel): SceneData {
  const framing = cityFraming(city);
  return {
    framing,
    buildings: buildBuildingArrays(city.buildings, {
      centreXM: framing.centreXM,
      centreYM: framing.centreYM,
      suburbRadiusM: Math.max(1500, Math.min(9000, framing.radiusM * 0.45)),
    }),
    roads: buildRoadArrays(city.links),
    lamps: buildLampArrays(city.lamps),
    signals: buildSignalHeadArrays(city),
  };
}
