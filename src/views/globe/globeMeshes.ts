// The globe's geometry for one city as typed arrays in ECEF metres: buildings as ONE mesh of extruded
// footprints (baked night shading per face), roads as one set of line segments, lamp heads as points; pure.

import earcut from 'earcut';
import type { CityModel } from '../../core/city/model.ts';
import { cityToEcef, type CityToEcef } from './geo.ts';

export interface BuildingMesh {
  /** ECEF x, y, z per vertex (double precision: Cesium splits it into high and low parts). */
  positions: Float64Array;
  /** RGBA per vertex. */
  colours: Uint8Array;
  indices: Uint32Array;
  /** Buildings with a usable footprint (≥ 3 points). */
  buildingCount: number;
  triangleCount: number;
}

export interface LineMesh {
  positions: Float64Array;
  colours: Uint8Array;
  segmentCount: number;
}

const ROOF_RGB = [96, 106, 132];
const WALL_RGB = [62, 70, 92];
/** A dim moonlight from the south-west: walls facing it are lighter. */
const LIGHT_DIR = [-Math.SQRT1_2, -Math.SQRT1_2];
const ROAD_LIFT_M = 1.5;

function footprintArea2(xy: Float32Array, s: number, n: number): number {
  let a = 0;
  for (let k = 0; k < n; k++) {
    const j = s + ((k + 1) % n);
    a += xy[(s + k) * 2] * xy[j * 2 + 1] - xy[j * 2] * xy[(s + k) * 2 + 1];
  }
  return a;
}

export function buildBuildingMesh(city: CityModel, toEcef: CityToEcef = cityToEcef(city.meta.frame)): BuildingMesh {
  const b = city.buildings;
  const { ringStart, ringXYM } = b;
  let vertexCount = 0, maxIndices = 0, buildingCount = 0;
  for (let i = 0; i < b.count; i++) {
    const n = ringStart[i + 1] - ringStart[i];
    if (n < 3) continue;
    buildingCount++;
    vertexCount += n * 4 + n;
    maxIndices += n * 6 + (n - 2) * 3;
  }
  const positions = new Float64Array(vertexCount * 3);
  const colours = new Uint8Array(vertexCount * 4);
  const indices = new Uint32Array(maxIndices);
  let ix = 0;
  let v = 0;
  const tri3 = (a: number, c: number, d: number) => {
    indices[ix++] = a;
    indices[ix++] = c;
    indices[ix++] = d;
  };
  const put = (x: number, y: number, h: number, r: number, g: number, bl: number) => {
    toEcef(x, y, h, positions, v * 3);
    colours[v * 4] = r;
    colours[v * 4 + 1] = g;
    colours[v * 4 + 2] = bl;
    colours[v * 4 + 3] = 255;
    return v++;
  };
  const flat: number[] = [];
  for (let i = 0; i < b.count; i++) {
    const s = ringStart[i];
    const n = ringStart[i + 1] - s;
    if (n < 3) continue;
    const h = Math.max(2.5, b.heightM[i] || 0);
    const ccw = footprintArea2(ringXYM, s, n) >= 0;
    // Taller buildings a touch lighter so the centre reads at a glance.
    const lift = Math.min(1.25, 0.9 + h / 120);
    for (let k = 0; k < n; k++) {
      const a = s + k, c = s + ((k + 1) % n);
      const ax = ringXYM[a * 2], ay = ringXYM[a * 2 + 1], cx = ringXYM[c * 2], cy = ringXYM[c * 2 + 1];
      const len = Math.hypot(cx - ax, cy - ay) || 1;
      // Outward normal of the edge: right of travel for a counter-clockwise ring.
      const nx = (ccw ? cy - ay : ay - cy) / len, ny = (ccw ? ax - cx : cx - ax) / len;
      const shade = lift * (0.7 + 0.35 * Math.max(0, nx * LIGHT_DIR[0] + ny * LIGHT_DIR[1]));
      const r = Math.min(255, WALL_RGB[0] * shade), g = Math.min(255, WALL_RGB[1] * shade), bl = Math.min(255, WALL_RGB[2] * shade);
      const v0 = put(ax, ay, 0, r, g, bl), v1 = put(cx, cy, 0, r, g, bl), v2 = put(cx, cy, h, r, g, bl), v3 = put(ax, ay, h, r, g, bl);
      // Front faces wound counter-clockwise seen from outside.
      if (ccw) {
        tri3(v0, v1, v2);
        tri3(v0, v2, v3);
      } else {
        tri3(v0, v2, v1);
        tri3(v0, v3, v2);
      }
    }
    flat.length = 0;
    for (let k = 0; k < n; k++) flat.push(ringXYM[(s + k) * 2], ringXYM[(s + k) * 2 + 1]);
    const roofBase = v;
    for (let k = 0; k < n; k++) put(flat[k * 2], flat[k * 2 + 1], h, ROOF_RGB[0] * lift, ROOF_RGB[1] * lift, ROOF_RGB[2] * lift);
    const tri = earcut(flat);
    for (let t = 0; t + 2 < tri.length && ix + 3 <= indices.length; t += 3) {
      // Roofs face up: counter-clockwise in (east, north).
      if (ccw) tri3(roofBase + tri[t], roofBase + tri[t + 1], roofBase + tri[t + 2]);
      else tri3(roofBase + tri[t], roofBase + tri[t + 2], roofBase + tri[t + 1]);
    }
  }
  return { positions, colours, indices: ix === indices.length ? indices : indices.slice(0, ix), buildingCount, triangleCount: ix / 3 };
}

/** Night road colours: major roads brighter blue, streets dim. */
export function roadRgb(roadClass: number): [number, number, number] {
  if (roadClass <= 1) return [110, 150, 255];
  if (roadClass <= 3) return [80, 170, 200];
  if (roadClass === 4) return [84, 100, 128];
  return [58, 66, 84];
}

/** Every road (a two-way road once) as independent line segments (two vertices each). */
export function buildRoadLines(city: CityModel, toEcef: CityToEcef = cityToEcef(city.meta.frame)): LineMesh {
  const l = city.links;
  let segmentCount = 0;
  for (let i = 0; i < l.count; i++) {
    const r = l.reverse[i];
    if (r >= 0 && r < i) continue;
    segmentCount += Math.max(0, l.shapeStart[i + 1] - l.shapeStart[i] - 1);
  }
  const positions = new Float64Array(segmentCount * 6);
  const colours = new Uint8Array(segmentCount * 8);
  let s = 0;
  for (let i = 0; i < l.count; i++) {
    const r = l.reverse[i];
    if (r >= 0 && r < i) continue;
    const rgb = roadRgb(l.roadClass[i]);
    for (let p = l.shapeStart[i]; p + 1 < l.shapeStart[i + 1]; p++, s++) {
      toEcef(l.shapeXYM[p * 2], l.shapeXYM[p * 2 + 1], ROAD_LIFT_M, positions, s * 6);
      toEcef(l.shapeXYM[p * 2 + 2], l.shapeXYM[p * 2 + 3], ROAD_LIFT_M, positions, s * 6 + 3);
      colours.set([rgb[0], rgb[1], rgb[2], 255, rgb[0], rgb[1], rgb[2], 255], s * 8);
    }
  }
  return { positions, colours, segmentCount };
}

/** Lamp heads (ECEF) at their mounting height. */
export function buildLampHeads(city: CityModel, toEcef: CityToEcef = cityToEcef(city.meta.frame)): Float64Array {
  const { count, xM, yM, mountingHeightM } = city.lamps;
  const out = new Float64Array(count * 3);
  for (let i = 0; i < count; i++) toEcef(xM[i], yM[i], mountingHeightM[i] > 0 ? mountingHeightM[i] : 8, out, i * 3);
  return out;
}

/** Levels are shown in this many steps, so a lamp's colour is rewritten only when its step changes. */
export const LEVEL_STEPS = 32;

export function levelStep(level: number): number {
  return Math.round(Math.min(1, Math.max(0, level)) * LEVEL_STEPS);
}

/** RGBA (0–1) of a lamp at level step k: off a dim blue-grey, full a warm white. */
export function lampStepRgba(k: number): [number, number, number, number] {
  const t = k / LEVEL_STEPS;
  if (t <= 0) return [0.25, 0.27, 0.36, 0.85];
  const r = 0.7 + 0.3 * Math.min(1, t * 1.6);
  const g = 0.35 + 0.57 * t;
  const b = 0.12 + 0.55 * t * t;
  return [r, g, b, 1];
}
