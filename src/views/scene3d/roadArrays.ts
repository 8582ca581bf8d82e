// Every road (one of each pair of opposite links) as mitred ribbons in ONE indexed triangle
// set, coloured by road class; pure typed-array code shared by the worker path and the tests.

import type { LinkTable } from '../../core/city/model.ts';
import { ROAD_CLASS_DEFAULTS } from '../../core/city/roadClass.ts';

/** Night asphalt tint per RoadClass (linear-ish RGB 0–1): major roads a little brighter and bluer. */
export const ROAD_CLASS_COLOURS: readonly [number, number, number][] = [
  [0.16, 0.2, 0.32], // motorway
  [0.17, 0.19, 0.3], // trunk
  [0.2, 0.19, 0.24], // primary
  [0.17, 0.17, 0.21], // secondary
  [0.15, 0.15, 0.18], // tertiary
  [0.12, 0.12, 0.14], // residential
  [0.09, 0.09, 0.11], // service
  [0.14, 0.12, 0.1], // pedestrian
  [0.11, 0.11, 0.13], // unclassified
];

export interface RoadArrays {
  /** x, y (height), z per vertex. */
  positions: Float32Array;
  colours: Float32Array;
  indices: Uint32Array;
  /** Roads drawn (a two-way road counts once). */
  roadCount: number;
}

const ROAD_LIFT_M = 0.05;
const MAX_MITRE = 2.5;

/** Whether link i is the one drawn for its road (the lower index of a two-way pair). */
export function isDrawnLink(links: LinkTable, i: number): boolean {
  const r = links.reverse[i];
  return r < 0 || r > i;
}

export function roadHalfWidthM(links: LinkTable, i: number): number {
  const r = links.reverse[i];
  const lanes = links.lanes[i] + (r >= 0 ? links.lanes[r] : 0);
  const byLanes = Math.max(1, lanes) * 1.6 + 0.5;
  const byClass = ROAD_CLASS_DEFAULTS[links.roadClass[i]]?.halfWidthM ?? 3;
  return Math.min(byClass, byLanes);
}

export function buildRoadArrays(links: LinkTable): RoadArrays {
  const { shapeStart, shapeXYM } = links;
  let pointCount = 0;
  let segCount = 0;
  let roadCount = 0;
  for (let i = 0; i < links.count; i++) {
    if (!isDrawnLink(links, i)) continue;
    const n = shapeStart[i + 1] - shapeStart[i];
    if (n < 2) continue;
    roadCount++;
    pointCount += n;
    segCount += n - 1;
  }
  const positions = new Float32Array(pointCount * 2 * 3);
  const colours = new Float32Array(pointCount * 2 * 3);
  const indices = new Uint32Array(segCount * 6);
  let v = 0;
  let ix = 0;
  for (let i = 0; i < links.count; i++) {
    if (!isDrawnLink(links, i)) continue;
    const s = shapeStart[i];
    const n = shapeStart[i + 1] - s;
    if (n < 2) continue;
    const hw = roadHalfWidthM(links, i);
    const col = ROAD_CLASS_COLOURS[links.roadClass[i]] ?? ROAD_CLASS_COLOURS[8];
    const first = v;
    for (let k = 0; k < n; k++) {
      const x = shapeXYM[(s + k) * 2], y = shapeXYM[(s + k) * 2 + 1];
      // Unit normals of the segments before and after point k (left of travel direction).
      let nx = 0, ny = 0;
      let lx = 0, ly = 0;
      if (k > 0) {
        const dx = x - shapeXYM[(s + k - 1) * 2], dy = y - shapeXYM[(s + k - 1) * 2 + 1];
        const l = Math.hypot(dx, dy) || 1;
        lx = -dy / l;
        ly = dx / l;
        nx += lx;
        ny += ly;
      }
      if (k < n - 1) {
        const dx = shapeXYM[(s + k + 1) * 2] - x, dy = shapeXYM[(s + k + 1) * 2 + 1] - y;
        const l = Math.hypot(dx, dy) || 1;
        lx = -dy / l;
        ly = dx / l;
        nx += lx;
        ny += ly;
      }
      const ml = Math.hypot(nx, ny);
      let scale = hw;
      if (ml > 1e-6) {
        nx /= ml;
        ny /= ml;
        const cos = nx * lx + ny * ly;
        scale = hw / Math.max(cos, 1 / MAX_MITRE);
      } else {
        nx = lx;
        ny = ly;
      }
      const ox = nx * scale, oy = ny * scale;
      positions.set([x + ox, ROAD_LIFT_M, -(y + oy), x - ox, ROAD_LIFT_M, -(y - oy)], v * 3);
      colours.set([col[0], col[1], col[2], col[0], col[1], col[2]], v * 3);
      v += 2;
    }
    for (let k = 0; k < n - 1; k++) {
      const a = first + k * 2;
      // Left, right of point k then k+1; wound so the ribbon faces up.
      indices.set([a + 1, a + 3, a + 2, a + 1, a + 2, a], ix);
      ix += 6;
    }
  }
  return { positions, colours, indices, roadCount };
}

/** The link of each vertex of buildRoadArrays' ribbons (same order), for colouring roads by link figures. */
export function roadVertexLinks(links: LinkTable): Uint32Array {
  let n = 0;
  for (let i = 0; i < links.count; i++) {
    const k = links.shapeStart[i + 1] - links.shapeStart[i];
    if (isDrawnLink(links, i) && k >= 2) n += 2 * k;
  }
  const out = new Uint32Array(n);
  let v = 0;
  for (let i = 0; i < links.count; i++) {
    const k = links.shapeStart[i + 1] - links.shapeStart[i];
    if (!isDrawnLink(links, i) || k < 2) continue;
    out.fill(i, v, v + 2 * k);
    v += 2 * k;
  }
  return out;
}
