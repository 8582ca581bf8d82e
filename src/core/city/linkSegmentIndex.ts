// Spatial index over the polyline segments of the links (one direction per road), for
// snapping lamps and signals to roads and for picking a road under a point.

import Flatbush from 'flatbush';
import type { LinkTable } from './model.ts';

export interface LinkSegmentIndex {
  index: Flatbush;
  /** For each indexed segment: its link and the index of its first shape point. */
  segLink: Uint32Array;
  segPoint: Uint32Array;
}

/** True for the link that represents its road (the lower index of a two-way pair). */
export function isCanonicalLink(links: LinkTable, l: number): boolean {
  const r = links.reverse[l];
  return r < 0 || r > l;
}

export function buildLinkSegmentIndex(links: LinkTable): LinkSegmentIndex {
  let n = 0;
  for (let l = 0; l < links.count; l++) if (isCanonicalLink(links, l)) n += links.shapeStart[l + 1] - links.shapeStart[l] - 1;
  const index = new Flatbush(Math.max(1, n));
  const segLink = new Uint32Array(n);
  const segPoint = new Uint32Array(n);
  const xy = links.shapeXYM;
  let k = 0;
  for (let l = 0; l < links.count; l++) {
    if (!isCanonicalLink(links, l)) continue;
    for (let p = links.shapeStart[l]; p < links.shapeStart[l + 1] - 1; p++) {
      const x0 = xy[2 * p], y0 = xy[2 * p + 1], x1 = xy[2 * p + 2], y1 = xy[2 * p + 3];
      index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
      segLink[k] = l;
      segPoint[k] = p;
      k++;
    }
  }
  if (n === 0) index.add(1e12, 1e12, 1e12, 1e12);
  index.finish();
  return { index, segLink, segPoint };
}

export interface NearestLinkPoint {
  link: number;
  distanceM: number;
  /** Distance along the link's polyline to the foot of the perpendicular. */
  alongM: number;
}

export function nearestLinkPoint(
  idx: LinkSegmentIndex,
  links: LinkTable,
  xM: number,
  yM: number,
  maxDistanceM: number,
): NearestLinkPoint | null {
  if (idx.segLink.length === 0) return null;
  const hits = idx.index.search(xM - maxDistanceM, yM - maxDistanceM, xM + maxDistanceM, yM + maxDistanceM);
  let best: NearestLinkPoint | null = null;
  let bestSeg = -1;
  let bestT = 0;
  const xy = links.shapeXYM;
  for (const s of hits) {
    const p = idx.segPoint[s];
    const x0 = xy[2 * p], y0 = xy[2 * p + 1], dx = xy[2 * p + 2] - x0, dy = xy[2 * p + 3] - y0;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.max(0, Math.min(1, ((xM - x0) * dx + (yM - y0) * dy) / len2)) : 0;
    const d = Math.hypot(xM - (x0 + t * dx), yM - (y0 + t * dy));
    if (d <= maxDistanceM && (best === null || d < best.distanceM || (d === best.distanceM && s < bestSeg))) {
      best = { link: idx.segLink[s], distanceM: d, alongM: 0 };
      bestSeg = s;
      bestT = t;
    }
  }
  if (best) {
    const p = idx.segPoint[bestSeg];
    let along = 0;
    for (let q = links.shapeStart[best.link]; q < p; q++) along += Math.hypot(xy[2 * q + 2] - xy[2 * q], xy[2 * q + 3] - xy[2 * q + 1]);
    along += bestT * Math.hypot(xy[2 * p + 2] - xy[2 * p], xy[2 * p + 3] - xy[2 * p + 1]);
    best.alongM = along;
  }
  return best;
}
