// Building footprints along the generated streets: rectangles set back from the carriageway,
// clear of every road and of each other, sized and raised by zone (centre, suburbs, activity).

import type { Rng } from '../../rng.ts';
import type { BuildingInput } from '../builderInput.ts';
import { BuildingUse } from '../model.ts';
import { RoadClass } from '../roadClass.ts';
import { cumulativeLengthsM, segmentHitsBox } from './geometry.ts';
import { distanceToCityCentreM, ownerAt, type CommuneLayout } from './communeLayout.ts';
import { halfWidthM, isGradeSeparated, type GenRoad } from './genRoad.ts';

export const STOREY_M = 3;

export interface ActivityZone {
  xM: number;
  yM: number;
  radiusM: number;
  use: BuildingUse;
}

type Range = readonly [number, number];
interface ZoneStyle {
  frontageM: Range;
  depthM: Range;
  setbackM: Range;
  gapM: Range;
  levels: Range;
  /** Boxes get a height in metres instead of storeys. */
  boxHeightM?: Range;
  /** Cumulative use shares: [use, upTo]. */
  uses: readonly (readonly [BuildingUse, number])[];
  /** Probability a free slot gets a building, before the density parameter. */
  fill: number;
  /** Continuous street fronts: aligned with the street, not thinned by the density parameter. */
  terraced?: boolean;
}

/** Stated choices per zone (m; storeys of ≈ 3 m). */
export const ZONE_STYLES = {
  centre: { frontageM: [10, 18], depthM: [12, 20], setbackM: [0.5, 1.5], gapM: [0.6, 1.5], levels: [4, 7], fill: 1, terraced: true,
    uses: [[BuildingUse.Residential, 0.7], [BuildingUse.Office, 0.85], [BuildingUse.Commercial, 0.95], [BuildingUse.Public, 1]] },
  city: { frontageM: [10, 20], depthM: [10, 16], setbackM: [3, 6], gapM: [3, 8], levels: [2, 5], fill: 0.95,
    uses: [[BuildingUse.Residential, 0.85], [BuildingUse.Office, 0.9], [BuildingUse.Commercial, 0.95], [BuildingUse.Public, 1]] },
  inner: { frontageM: [9, 16], depthM: [9, 14], setbackM: [4, 7], gapM: [4, 9], levels: [2, 4], fill: 0.9,
    uses: [[BuildingUse.Residential, 0.9], [BuildingUse.Commercial, 0.96], [BuildingUse.Public, 1]] },
  outer: { frontageM: [8, 14], depthM: [8, 12], setbackM: [5, 9], gapM: [5, 12], levels: [1, 2], fill: 0.85,
    uses: [[BuildingUse.Residential, 0.96], [BuildingUse.Public, 1]] },
  activity: { frontageM: [30, 80], depthM: [25, 60], setbackM: [8, 15], gapM: [8, 20], levels: [1, 2], boxHeightM: [6, 10], fill: 0.9,
    uses: [] },
} satisfies Record<string, ZoneStyle>;

export const CENTRE_ZONE_RADIUS_M = 1200;
/** Clear distance kept between a footprint and any carriageway edge, and between footprints (m). */
const ROAD_CLEARANCE_M = 1;
const BUILDING_GAP_M = 0.5;
const CELL_M = 50;

interface Rect {
  ox: number;
  oy: number;
  ux: number;
  uy: number;
  vx: number;
  vy: number;
  w: number;
  d: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** The four corners, counter-clockwise when v is to the left of u. */
  c: number[];
}

function makeRect(ox: number, oy: number, ux: number, uy: number, vx: number, vy: number, w: number, d: number): Rect {
  const c = [ox, oy, ox + ux * w, oy + uy * w, ox + ux * w + vx * d, oy + uy * w + vy * d, ox + vx * d, oy + vy * d];
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let k = 0; k < 8; k += 2) {
    if (c[k] < x0) x0 = c[k];
    if (c[k] > x1) x1 = c[k];
    if (c[k + 1] < y0) y0 = c[k + 1];
    if (c[k + 1] > y1) y1 = c[k + 1];
  }
  return { ox, oy, ux, uy, vx, vy, w, d, x0, y0, x1, y1, c };
}

/** Whether segment p→q comes within marginM of rectangle r (tested in r's own frame). */
function segmentNearRect(r: Rect, px: number, py: number, qx: number, qy: number, marginM: number): boolean {
  const ax = px - r.ox, ay = py - r.oy, bx = qx - r.ox, by = qy - r.oy;
  return segmentHitsBox(ax * r.ux + ay * r.uy, ax * r.vx + ay * r.vy, bx * r.ux + by * r.uy, bx * r.vx + by * r.vy, 0, 0, r.w, r.d, marginM);
}

function rectsOverlap(a: Rect, b: Rect, marginM: number): boolean {
  if (a.x1 + marginM < b.x0 || b.x1 + marginM < a.x0 || a.y1 + marginM < b.y0 || b.y1 + marginM < a.y0) return false;
  for (let k = 0; k < 4; k++) {
    const m = (k + 1) % 4;
    if (segmentNearRect(a, b.c[2 * k], b.c[2 * k + 1], b.c[2 * m], b.c[2 * m + 1], marginM)) return true;
    if (segmentNearRect(b, a.c[2 * k], a.c[2 * k + 1], a.c[2 * m], a.c[2 * m + 1], marginM)) return true;
  }
  return false;
}

class Grid<T> {
  private readonly cells = new Map<number, T[]>();
  private static key(cx: number, cy: number): number {
    return (cx + 32768) * 65536 + cy + 32768;
  }
  add(x0: number, y0: number, x1: number, y1: number, item: T): void {
    for (let cx = Math.floor(x0 / CELL_M); cx <= Math.floor(x1 / CELL_M); cx++) {
      for (let cy = Math.floor(y0 / CELL_M); cy <= Math.floor(y1 / CELL_M); cy++) {
        const k = Grid.key(cx, cy);
        let cell = this.cells.get(k);
        if (!cell) this.cells.set(k, (cell = []));
        cell.push(item);
      }
    }
  }
  /** The cells overlapping the box (an item may sit in several). */
  cellsIn(x0: number, y0: number, x1: number, y1: number, out: T[][]): T[][] {
    out.length = 0;
    for (let cx = Math.floor(x0 / CELL_M); cx <= Math.floor(x1 / CELL_M); cx++) {
      for (let cy = Math.floor(y0 / CELL_M); cy <= Math.floor(y1 / CELL_M); cy++) {
        const cell = this.cells.get(Grid.key(cx, cy));
        if (cell) out.push(cell);
      }
    }
    return out;
  }
}

interface Seg {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  halfWidthM: number;
}

const MAX_HALF_WIDTH_M = 11;

function pickUse(rng: Rng, uses: ZoneStyle['uses'], fallback: BuildingUse): BuildingUse {
  const r = rng.next();
  for (const [use, upTo] of uses) if (r < upTo) return use;
  return fallback;
}

export function placeBuildings(
  roads: readonly GenRoad[],
  layout: CommuneLayout,
  zones: readonly ActivityZone[],
  rng: Rng,
  density: number,
): BuildingInput[] {
  const segGrid = new Grid<Seg>();
  for (const r of roads) {
    const hw = halfWidthM(r);
    for (let p = 0; p + 3 < r.xy.length; p += 2) {
      const s: Seg = { x0: r.xy[p], y0: r.xy[p + 1], x1: r.xy[p + 2], y1: r.xy[p + 3], halfWidthM: hw };
      segGrid.add(Math.min(s.x0, s.x1), Math.min(s.y0, s.y1), Math.max(s.x0, s.x1), Math.max(s.y0, s.y1), s);
    }
  }
  const placed = new Grid<Rect>();
  const out: BuildingInput[] = [];

  const styleAt = (x: number, y: number): { style: ZoneStyle; zone: ActivityZone | null } => {
    for (const z of zones) if (Math.hypot(x - z.xM, y - z.yM) < z.radiusM) return { style: ZONE_STYLES.activity, zone: z };
    const owner = ownerAt(layout.sites, x, y);
    const tier = layout.sites[owner].tier;
    if (tier === 'city') return { style: distanceToCityCentreM(layout, x, y) < CENTRE_ZONE_RADIUS_M ? ZONE_STYLES.centre : ZONE_STYLES.city, zone: null };
    return { style: tier === 'inner' ? ZONE_STYLES.inner : ZONE_STYLES.outer, zone: null };
  };

  const segCells: Seg[][] = [];
  const rectCells: Rect[][] = [];
  const fits = (rect: Rect): boolean => {
    const m = MAX_HALF_WIDTH_M + ROAD_CLEARANCE_M;
    for (const cell of segGrid.cellsIn(rect.x0 - m, rect.y0 - m, rect.x1 + m, rect.y1 + m, segCells)) {
      for (const s of cell) if (segmentNearRect(rect, s.x0, s.y0, s.x1, s.y1, s.halfWidthM + ROAD_CLEARANCE_M)) return false;
    }
    for (const cell of placed.cellsIn(rect.x0, rect.y0, rect.x1, rect.y1, rectCells)) {
      for (const b of cell) if (rectsOverlap(rect, b, BUILDING_GAP_M)) return false;
    }
    return true;
  };

  for (const road of roads) {
    if (!road.lit || road.bridge || isGradeSeparated(road) || road.roadClass === RoadClass.Service) continue;
    const hw = halfWidthM(road);
    const xy = road.xy;
    const cum = cumulativeLengthsM(xy);
    const total = cum[cum.length - 1];
    for (const side of [1, -1]) {
      let seg = 0;
      let s = rng.range(2, 8);
      while (s < total - 4) {
        while (seg < cum.length - 2 && cum[seg + 1] <= s) seg++;
        const ax = xy[2 * seg], ay = xy[2 * seg + 1];
        const segLen = cum[seg + 1] - cum[seg];
        const ux0 = (xy[2 * seg + 2] - ax) / segLen;
        const uy0 = (xy[2 * seg + 3] - ay) / segLen;
        const t = s - cum[seg];
        const bx = ax + ux0 * t;
        const by = ay + uy0 * t;
        const { style, zone } = styleAt(bx, by);
        const w = rng.range(style.frontageM[0], style.frontageM[1]);
        const d = rng.range(style.depthM[0], style.depthM[1]);
        const setback = rng.range(style.setbackM[0], style.setbackM[1]);
        const gap = rng.range(style.gapM[0], style.gapM[1]);
        if (s + w > total - 2 || !rng.chance(style.terraced ? style.fill : style.fill * density)) {
          s += w + gap;
          continue;
        }
        // Slight rotation (±2°) so suburban rows do not look ruled.
        const rot = style.terraced ? 0 : rng.range(-0.035, 0.035);
        const ux = ux0 * Math.cos(rot) - uy0 * Math.sin(rot);
        const uy = ux0 * Math.sin(rot) + uy0 * Math.cos(rot);
        const vx = -uy * side;
        const vy = ux * side;
        const off = hw + ROAD_CLEARANCE_M + setback;
        const rect = makeRect(bx - uy0 * side * off, by + ux0 * side * off, ux, uy, vx, vy, w, d);
        if (!fits(rect)) {
          s += Math.min(w, 6);
          continue;
        }
        placed.add(rect.x0, rect.y0, rect.x1, rect.y1, rect);
        const ring = rect.c.slice();
        if (side < 0) {
          // Keep rings counter-clockwise: reverse the corner order on the right-hand side.
          ring.splice(0, 8, ring[0], ring[1], ring[6], ring[7], ring[4], ring[5], ring[2], ring[3]);
        }
        if (style.boxHeightM && zone) {
          const use = rng.chance(0.8) ? zone.use : zone.use === BuildingUse.Industrial ? BuildingUse.Commercial : BuildingUse.Industrial;
          out.push({ ringXYM: ring, heightM: Math.round(rng.range(style.boxHeightM[0], style.boxHeightM[1]) * 10) / 10, levels: 1, use });
        } else {
          const levels = rng.int(style.levels[0], style.levels[1]);
          out.push({ ringXYM: ring, heightM: levels * STOREY_M, levels, use: pickUse(rng, style.uses, BuildingUse.Residential) });
        }
        s += w + gap;
      }
    }
  }
  return out;
}
