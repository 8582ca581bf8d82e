// Click picking for the 3D view without raycasting meshes: flatbush indexes over lamps,
// intersections and building footprints plus core's link-segment index; pure, city metres.

import Flatbush from 'flatbush';
import type { CityModel } from '../../core/city/model.ts';
import { buildLinkSegmentIndex, nearestLinkPoint, type LinkSegmentIndex } from '../../core/city/linkSegmentIndex.ts';

export type PickKind = 'lamp' | 'link' | 'intersection' | 'building';
export interface PickHit {
  kind: PickKind;
  index: number;
}

export interface PickIndex {
  lamps: Flatbush;
  intersections: Flatbush;
  buildings: Flatbush;
  links: LinkSegmentIndex;
  maxBuildingHeightM: number;
  maxLampHeightM: number;
}

/** A ray in city coordinates: x east, y north, z up (metres). */
export interface CityRay {
  ox: number; oy: number; oz: number;
  dx: number; dy: number; dz: number;
}

export interface PickContext {
  ray: CityRay;
  /** Screen position (px) of a city point, or null when behind the camera. */
  toScreenPx(xM: number, yM: number, zM: number): [number, number] | null;
  clickPx: [number, number];
  /** Ground metres per screen pixel at the ground hit, for tolerances. */
  mPerPx: number;
  tolerancePx?: number;
}

function pointIndex(xs: ArrayLike<number>, ys: ArrayLike<number>, count: number): Flatbush {
  const idx = new Flatbush(Math.max(1, count));
  for (let i = 0; i < count; i++) idx.add(xs[i], ys[i], xs[i], ys[i]);
  if (count === 0) idx.add(1e12, 1e12, 1e12, 1e12);
  idx.finish();
  return idx;
}

export function buildPickIndex(city: CityModel): PickIndex {
  const { lamps, intersections, nodes, buildings: b } = city;
  const ix = new Float32Array(intersections.count);
  const iy = new Float32Array(intersections.count);
  for (let i = 0; i < intersections.count; i++) {
    ix[i] = nodes.xM[intersections.node[i]];
    iy[i] = nodes.yM[intersections.node[i]];
  }
  const bIdx = new Flatbush(Math.max(1, b.count));
  let maxBuildingHeightM = 0;
  for (let i = 0; i < b.count; i++) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let p = b.ringStart[i]; p < b.ringStart[i + 1]; p++) {
      const x = b.ringXYM[p * 2], y = b.ringXYM[p * 2 + 1];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    if (!(x0 <= x1)) x0 = x1 = y0 = y1 = 1e12;
    bIdx.add(x0, y0, x1, y1);
    if (b.heightM[i] > maxBuildingHeightM) maxBuildingHeightM = b.heightM[i];
  }
  if (b.count === 0) bIdx.add(1e12, 1e12, 1e12, 1e12);
  bIdx.finish();
  let maxLampHeightM = 0;
  for (let i = 0; i < lamps.count; i++) if (lamps.mountingHeightM[i] > maxLampHeightM) maxLampHeightM = lamps.mountingHeightM[i];
  return {
    lamps: pointIndex(lamps.xM, lamps.yM, lamps.count),
    intersections: pointIndex(ix, iy, intersections.count),
    buildings: bIdx,
    links: buildLinkSegmentIndex(city.links),
    maxBuildingHeightM: Math.max(2.5, maxBuildingHeightM),
    maxLampHeightM: Math.max(8, maxLampHeightM),
  };
}

function insideRing(xy: ArrayLike<number>, start: number, end: number, x: number, y: number): boolean {
  let inside = false;
  for (let i = start, j = end - 1; i < end; j = i++) {
    const xi = xy[i * 2], yi = xy[i * 2 + 1], xj = xy[j * 2], yj = xy[j * 2 + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Point where the ray reaches height z, or null when it never does going forward. */
function atHeight(r: CityRay, z: number): [number, number, number] | null {
  if (Math.abs(r.dz) < 1e-9) return null;
  const t = (z - r.oz) / r.dz;
  return t < 0 ? null : [r.ox + r.dx * t, r.oy + r.dy * t, t];
}

/** First building the ray enters (marching down through building heights), with its ray distance. */
export function pickBuilding(idx: PickIndex, city: CityModel, ray: CityRay, stepM = 1): { index: number; t: number } | null {
  const b = city.buildings;
  const top = atHeight(ray, Math.min(ray.oz, idx.maxBuildingHeightM));
  const ground = atHeight(ray, 0);
  if (!top || !ground) return null;
  const horiz = Math.hypot(ground[0] - top[0], ground[1] - top[1]);
  const steps = Math.min(4000, Math.max(1, Math.ceil(horiz / stepM)));
  for (let s = 0; s <= steps; s++) {
    const t = top[2] + ((ground[2] - top[2]) * s) / steps;
    const x = ray.ox + ray.dx * t, y = ray.oy + ray.dy * t, z = ray.oz + ray.dz * t;
    const hits = idx.buildings.search(x, y, x, y);
    for (const i of hits) {
      if (b.heightM[i] >= z && insideRing(b.ringXYM, b.ringStart[i], b.ringStart[i + 1], x, y)) return { index: i, t };
    }
  }
  return null;
}

export function pick(idx: PickIndex, city: CityModel, ctx: PickContext): PickHit | null {
  const tolPx = ctx.tolerancePx ?? 10;
  const { ray } = ctx;
  const ground = atHeight(ray, 0);
  const building = pickBuilding(idx, city, ray);
  const groundVisible = ground !== null && (building === null || ground[2] <= building.t);

  // Lamps: compare heads on screen, among lamps under the part of the ray below lamp height.
  const top = atHeight(ray, Math.min(ray.oz, idx.maxLampHeightM));
  if (top && ground) {
    const padM = ctx.mPerPx * tolPx + 2;
    const candidates = idx.lamps.search(
      Math.min(top[0], ground[0]) - padM, Math.min(top[1], ground[1]) - padM,
      Math.max(top[0], ground[0]) + padM, Math.max(top[1], ground[1]) + padM,
    );
    let best = -1;
    let bestD = tolPx;
    for (const i of candidates) {
      const p = ctx.toScreenPx(city.lamps.xM[i], city.lamps.yM[i], city.lamps.mountingHeightM[i] || 8);
      if (!p) continue;
      const d = Math.hypot(p[0] - ctx.clickPx[0], p[1] - ctx.clickPx[1]);
      if (d < bestD) {
        // A lamp head hidden behind the building hit is not pickable.
        const dist = Math.hypot(city.lamps.xM[i] - ray.ox, city.lamps.yM[i] - ray.oy, (city.lamps.mountingHeightM[i] || 8) - ray.oz);
        if (building && dist > building.t + 2) continue;
        bestD = d;
        best = i;
      }
    }
    if (best >= 0) return { kind: 'lamp', index: best };
  }
  if (ground && groundVisible) {
    const tolM = Math.max(4, ctx.mPerPx * tolPx);
    const near = idx.intersections.neighbors(ground[0], ground[1], 1, Math.max(tolM, 10));
    if (near.length > 0) return { kind: 'intersection', index: near[0] };
    const link = nearestLinkPoint(idx.links, city.links, ground[0], ground[1], tolM + 6);
    if (link) return { kind: 'link', index: link.link };
  }
  if (building) return { kind: 'building', index: building.index };
  return null;
}
