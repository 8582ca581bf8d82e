// What importers and the generator hand to the city builder: roads, signal points, lamps,
// buildings and communes in the city's metre frame, with string ids only at this edge.

import type { RoadClass } from './roadClass.ts';
import type { BuildingUse, LampTechnology } from './model.ts';

export interface RoadInput {
  /** Polyline as x,y pairs in metres (city frame); at least two points. */
  xyM: ArrayLike<number>;
  /**
   * Stable vertex keys, one per point (e.g. OSM node ids). Roads meet where they share a key.
   * When absent, vertices are keyed by their position (to 0.1 m), so lines that share a
   * vertex coordinate meet there (GeoJSON centrelines, the generator).
   */
  vertexKeys?: ArrayLike<number>;
  roadClass: RoadClass;
  /** Total lanes (both directions), as OSM's `lanes`. */
  lanes?: number;
  lanesForward?: number;
  lanesBackward?: number;
  speedLimitKph?: number;
  /** 1: one-way along the points; -1: one-way against them; 0 or absent: two-way. */
  oneWay?: -1 | 0 | 1;
  name?: string;
  /** Explicit lighting; absent means the class default inside built-up areas. */
  lit?: boolean;
  bridge?: boolean;
  tunnel?: boolean;
  roundabout?: boolean;
}

export interface SignalInput {
  xM: number;
  yM: number;
  /** Vertex key of the signal node when it sits on a road vertex (OSM). */
  vertexKey?: number;
  externalId?: string;
}

export interface LampInput {
  xM: number;
  yM: number;
  mountingHeightM?: number;
  technology?: LampTechnology;
  ratedPowerW?: number;
  photometry?: string;
  externalId?: string;
  /** The link the lamp is known to light (set by synthesis); otherwise it is snapped to the nearest road. */
  link?: number;
}

export interface BuildingInput {
  /** Footprint ring x,y pairs in metres, not closed (a closing duplicate point is dropped). */
  ringXYM: ArrayLike<number>;
  heightM?: number;
  levels?: number;
  use?: BuildingUse;
}

export interface CommuneInput {
  name: string;
  inseeCode: string;
  population: number;
  centreXM: number;
  centreYM: number;
  /** Outer boundary ring x,y pairs in metres, when known. */
  ringXYM?: ArrayLike<number>;
  /** Weight of the commune when boundaries are unknown: points go to the centre with the smallest distance / radius. */
  radiusM?: number;
}

/** Share of each technology when lamps are synthesised or an inventory gives no technology. */
export interface TechnologyMix {
  ledShare: number;
}
