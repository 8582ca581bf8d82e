// The generator's working road record (a polyline plus attributes) and its conversion to the
// builder's RoadInput; every generation stage reads and writes arrays of these.

import type { RoadInput } from '../builderInput.ts';
import { ROAD_CLASS_DEFAULTS, type RoadClass } from '../roadClass.ts';
import type { XY } from './geometry.ts';

export type RoadKind =
  | 'ring' // the ring road (LINO + rocade): grade-separated, joins only major roads
  | 'motorway' // motorway spurs leaving the ring: grade-separated
  | 'boulevard' // Dijon's boulevard loops
  | 'radial' // avenues from Dijon's centre to the neighbouring communes
  | 'intercommune' // roads between commune centres
  | 'street' // local grid streets
  | 'probe'; // a grid street's extension towards a neighbouring grid, kept up to its first junction

export interface GenRoad {
  xy: XY;
  roadClass: RoadClass;
  kind: RoadKind;
  name?: string;
  lit: boolean;
  oneWay?: -1 | 0 | 1;
  speedLimitKph?: number;
  bridge?: boolean;
}

export function isGradeSeparated(r: GenRoad): boolean {
  return r.kind === 'ring' || r.kind === 'motorway';
}

export function halfWidthM(r: GenRoad): number {
  return ROAD_CLASS_DEFAULTS[r.roadClass].halfWidthM;
}

export function toRoadInput(r: GenRoad): RoadInput {
  const out: RoadInput = { xyM: Float64Array.from(r.xy), roadClass: r.roadClass, lit: r.lit };
  if (r.name) out.name = r.name;
  if (r.oneWay) out.oneWay = r.oneWay;
  if (r.speedLimitKph !== undefined) out.speedLimitKph = r.speedLimitKph;
  if (r.bridge) out.bridge = true;
  return out;
}

/** The builder's position key: generated roads meet where their vertices share it. */
export { positionKey as vertexKey } from '../builder.ts';
