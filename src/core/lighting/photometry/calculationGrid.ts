// The EN 13201-3 calculation field of a road: one span between two consecutive lamps of a row
// (the one nearest the middle of the link), 10 rows along it (D ≤ 3 m), 3 points across each lane.

/*
 * Simplifications, stated: the judged span is the central one, taken as typical of the road (its
 * ends near junctions, brighter from the crossing roads' lamps, belong to conflict areas the road's
 * class does not judge); a link with fewer than two lamps in any row is judged over its whole
 * length with the row spacing of its mean span; the carriageway is the road class's 2 × halfWidthM,
 * split evenly between the lanes of both directions.
 */

import type { CityModel, LinkTable } from '../../city/model.ts';
import { ROAD_CLASS_DEFAULTS } from '../../city/roadClass.ts';

export interface GridOptions {
  /** Rows per lamp span when the span is at most 30 m (EN 13201-3: 10). */
  rowsPerSpan: number;
  /** Largest row spacing (m) for longer spans (EN 13201-3: 3 m). */
  maxRowSpacingM: number;
  /** Points across each lane (EN 13201-3: 3, at 1/6, 1/2 and 5/6 of its width). */
  pointsAcrossPerLane: number;
}

export const DEFAULT_GRID_OPTIONS: Readonly<GridOptions> = { rowsPerSpan: 10, maxRowSpacingM: 3, pointsAcrossPerLane: 3 };

export interface LinkGrid {
  link: number;
  carriagewayWidthM: number;
  laneCount: number;
  /** Distance along the link of each row (m). */
  rowAlongM: Float64Array;
  /** Signed offset of each column from the centreline (m, positive to the left of the link's direction). */
  columnOffsetM: Float64Array;
  /** Column on each lane's centre line (for the longitudinal uniformity Ul). */
  laneCentreColumn: Uint16Array;
}

/** Row spacing (m) for a lamp span of spanM per EN 13201-3: S/10 up to 30 m, then the first S/N ≤ 3 m. */
export function rowSpacingM(spanM: number, o: GridOptions = DEFAULT_GRID_OPTIONS): number {
  if (!(spanM > 0)) return o.maxRowSpacingM;
  const n = spanM / o.rowsPerSpan <= o.maxRowSpacingM ? o.rowsPerSpan : Math.ceil(spanM / o.maxRowSpacingM - 1e-9);
  return spanM / n;
}

/** The span [startM, endM] along link l that its calculation field covers. */
export function calculationSpanM(lengthM: number, lampAlongM: ArrayLike<number>, lampSide: ArrayLike<number>): [number, number] {
  let best: [number, number] | null = null;
  let bestMiss = Infinity;
  for (const side of [-1, 1, 0]) {
    const along: number[] = [];
    for (let i = 0; i < lampAlongM.length; i++) if (lampSide[i] === side) along.push(lampAlongM[i]);
    along.sort((x, y) => x - y);
    for (let k = 0; k + 1 < along.length; k++) {
      if (along[k + 1] - along[k] < 1) continue;
      const miss = Math.abs((along[k] + along[k + 1]) / 2 - lengthM / 2);
      if (miss < bestMiss - 1e-9) {
        bestMiss = miss;
        best = [along[k], along[k + 1]];
      }
    }
  }
  return best ?? [0, lengthM];
}

/**
 * The grid of link l given the distances along it, and sides (1 left, −1 right, 0 on it), of the
 * lamps that stand on it (any order).
 */
export function linkCalculationGrid(
  city: CityModel,
  l: number,
  lampAlongM: ArrayLike<number>,
  lampSide: ArrayLike<number>,
  o: GridOptions = DEFAULT_GRID_OPTIONS,
): LinkGrid {
  const links = city.links;
  const d = ROAD_CLASS_DEFAULTS[links.roadClass[l]] ?? ROAD_CLASS_DEFAULTS[5];
  const lengthM = links.lengthM[l];
  const [startM, endM] = calculationSpanM(lengthM, lampAlongM, lampSide);
  const isSpan = startM > 0 || endM < lengthM;
  const rows = d.lampBothSides ? 2 : 1;
  const spanM = isSpan ? endM - startM : (lengthM * rows) / Math.max(1, lampAlongM.length);
  const step = rowSpacingM(spanM, o);
  const fieldM = endM - startM;
  const nRows = Math.max(1, Math.round(fieldM / step));
  const rowAlongM = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) rowAlongM[i] = startM + ((i + 0.5) * fieldM) / nRows;
  const r = links.reverse[l];
  const laneCount = Math.max(1, links.lanes[l] + (r >= 0 ? links.lanes[r] : 0));
  const widthM = 2 * d.halfWidthM;
  const laneW = widthM / laneCount;
  const per = o.pointsAcrossPerLane;
  const columnOffsetM = new Float64Array(laneCount * per);
  const laneCentreColumn = new Uint16Array(laneCount);
  for (let k = 0; k < laneCount; k++) {
    for (let j = 0; j < per; j++) columnOffsetM[k * per + j] = -widthM / 2 + k * laneW + ((j + 0.5) * laneW) / per;
    laneCentreColumn[k] = k * per + Math.floor(per / 2);
  }
  return { link: l, carriagewayWidthM: widthM, laneCount, rowAlongM, columnOffsetM, laneCentreColumn };
}

/**
 * Centreline point and unit direction at each sorted distance along link l, walking the polyline
 * once: out[4i..4i+3] = x, y, ux, uy.
 */
export function sampleAlongLink(links: LinkTable, l: number, alongM: ArrayLike<number>): Float64Array {
  const xy = links.shapeXYM;
  const s = links.shapeStart[l];
  const e = links.shapeStart[l + 1];
  const out = new Float64Array(alongM.length * 4);
  // Scale to the polyline's own length: lengthM and the summed segments may differ by rounding.
  let total = 0;
  for (let p = s; p < e - 1; p++) total += Math.hypot(xy[2 * p + 2] - xy[2 * p], xy[2 * p + 3] - xy[2 * p + 1]);
  const scale = links.lengthM[l] > 0 ? total / links.lengthM[l] : 1;
  let p = s;
  let segStart = 0;
  let segLen = 0;
  let ux = 1;
  let uy = 0;
  const setSeg = () => {
    const dx = xy[2 * p + 2] - xy[2 * p];
    const dy = xy[2 * p + 3] - xy[2 * p + 1];
    segLen = Math.hypot(dx, dy);
    if (segLen > 0) {
      ux = dx / segLen;
      uy = dy / segLen;
    }
  };
  if (e - s >= 2) setSeg();
  for (let i = 0; i < alongM.length; i++) {
    const a = alongM[i] * scale;
    while (p < e - 2 && a > segStart + segLen) {
      segStart += segLen;
      p++;
      setSeg();
    }
    const t = segLen > 0 ? Math.min(1, Math.max(0, (a - segStart) / segLen)) : 0;
    out[4 * i] = xy[2 * p] + t * (xy[2 * p + 2] - xy[2 * p]);
    out[4 * i + 1] = xy[2 * p + 1] + t * (xy[2 * p + 3] - xy[2 * p + 1]);
    out[4 * i + 2] = ux;
    out[4 * i + 3] = uy;
  }
  return out;
}

/** Ground coordinates of every grid point, row-major: xy[2(row·columns + col)], xy[… + 1]. */
export function gridPointsXYM(links: LinkTable, g: LinkGrid): Float64Array {
  const cols = g.columnOffsetM.length;
  const centre = sampleAlongLink(links, g.link, g.rowAlongM);
  const xy = new Float64Array(g.rowAlongM.length * cols * 2);
  for (let i = 0; i < g.rowAlongM.length; i++) {
    const cx = centre[4 * i];
    const cy = centre[4 * i + 1];
    // Left normal of the direction (ux, uy) is (−uy, ux).
    const nx = -centre[4 * i + 3];
    const ny = centre[4 * i + 2];
    for (let j = 0; j < cols; j++) {
      const k = 2 * (i * cols + j);
      xy[k] = cx + nx * g.columnOffsetM[j];
      xy[k + 1] = cy + ny * g.columnOffsetM[j];
    }
  }
  return xy;
}
