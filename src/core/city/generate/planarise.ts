// Makes a set of polylines planar: wherever two of them cross or touch, both get the crossing
// point as a vertex (the builder joins roads only at shared vertices); near-coincident points snap.

import { vertexKey } from './genRoad.ts';
import { projectT, pointSegmentDistanceM, segmentCrossing, type XY } from './geometry.ts';

export interface PlanariseOptions {
  /** Spatial-hash cell size (m); about the typical segment length. */
  cellM: number;
  /** Crossing points and road ends within this distance of an existing vertex reuse it (m). */
  snapM: number;
  /** Whether lines a and b may be joined where they cross (false: grade-separated, left crossing). */
  canJoin?: (a: number, b: number) => boolean;
}

export const DEFAULT_PLANARISE_OPTIONS: PlanariseOptions = { cellM: 150, snapM: 1.5 };

const cellKey = (cx: number, cy: number): number => (cx + 32768) * 65536 + (cy + 32768);

/** Uniform grid over segments (line index, start point index) for pair enumeration. */
export class SegmentGrid {
  readonly cells = new Map<number, number[]>();
  readonly segLine: number[] = [];
  readonly segPoint: number[] = [];
  constructor(readonly lines: readonly XY[], readonly cellM: number) {
    for (let l = 0; l < lines.length; l++) {
      const xy = lines[l];
      for (let p = 0; p + 3 < xy.length; p += 2) {
        const s = this.segLine.length;
        this.segLine.push(l);
        this.segPoint.push(p >> 1);
        const x0 = Math.floor(Math.min(xy[p], xy[p + 2]) / cellM);
        const x1 = Math.floor(Math.max(xy[p], xy[p + 2]) / cellM);
        const y0 = Math.floor(Math.min(xy[p + 1], xy[p + 3]) / cellM);
        const y1 = Math.floor(Math.max(xy[p + 1], xy[p + 3]) / cellM);
        for (let cx = x0; cx <= x1; cx++) {
          for (let cy = y0; cy <= y1; cy++) {
            const k = cellKey(cx, cy);
            let cell = this.cells.get(k);
            if (!cell) this.cells.set(k, (cell = []));
            cell.push(s);
          }
        }
      }
    }
  }

  /** Calls fn once for every pair of segments whose bounding boxes share a cell. */
  forEachPair(fn: (s1: number, s2: number) => void): void {
    const { lines, cellM } = this;
    for (const [key, cell] of this.cells) {
      const cx = Math.floor(key / 65536) - 32768;
      const cy = (key % 65536) - 32768;
      for (let i = 0; i < cell.length; i++) {
        const s1 = cell[i];
        const a = lines[this.segLine[s1]];
        const p1 = this.segPoint[s1] * 2;
        const ax0 = Math.min(a[p1], a[p1 + 2]);
        const ay0 = Math.min(a[p1 + 1], a[p1 + 3]);
        for (let j = i + 1; j < cell.length; j++) {
          const s2 = cell[j];
          const b = lines[this.segLine[s2]];
          const p2 = this.segPoint[s2] * 2;
          // Report each pair once: in the cell holding the low corner of the boxes' overlap.
          const ox = Math.max(ax0, Math.min(b[p2], b[p2 + 2]));
          const oy = Math.max(ay0, Math.min(b[p2 + 1], b[p2 + 3]));
          if (Math.floor(ox / cellM) !== cx || Math.floor(oy / cellM) !== cy) continue;
          fn(s1, s2);
        }
      }
    }
  }
}

/** Registers points and returns the registered point nearest to a query within snapM. */
class PointSnapper {
  private readonly cells = new Map<number, number[]>();
  private readonly xs: number[] = [];
  private readonly ys: number[] = [];
  constructor(private readonly snapM: number) {}

  nearest(x: number, y: number): number {
    const cx = Math.floor(x / this.snapM);
    const cy = Math.floor(y / this.snapM);
    let best = -1;
    let bestD = this.snapM;
    for (let i = cx - 1; i <= cx + 1; i++) {
      for (let j = cy - 1; j <= cy + 1; j++) {
        const cell = this.cells.get(cellKey(i, j));
        if (!cell) continue;
        for (const p of cell) {
          const dx = this.xs[p] - x;
          const dy = this.ys[p] - y;
          const d = Math.sqrt(dx * dx + dy * dy);
          if (d < bestD || (d === bestD && best < 0)) {
            bestD = d;
            best = p;
          }
        }
      }
    }
    return best;
  }

  add(x: number, y: number): void {
    const k = cellKey(Math.floor(x / this.snapM), Math.floor(y / this.snapM));
    let cell = this.cells.get(k);
    if (!cell) this.cells.set(k, (cell = []));
    cell.push(this.xs.length);
    this.xs.push(x);
    this.ys.push(y);
  }

  /** The canonical point for (x, y): an existing one within snapM, else (x, y) itself, registered. */
  canonical(x: number, y: number): [number, number] {
    const p = this.nearest(x, y);
    if (p >= 0) return [this.xs[p], this.ys[p]];
    this.add(x, y);
    return [x, y];
  }
}

interface Insertion {
  seg: number; // start point index of the segment
  t: number;
  x: number;
  y: number;
}

/** One pass: returns the number of points inserted (0 when the lines were already planar). */
export function planarisePass(lines: XY[], opts: PlanariseOptions): number {
  const { snapM } = opts;
  const snapper = new PointSnapper(snapM);
  // Vertices closer than snapM merge into the first one seen (then repeated points go), so
  // near-coincident road ends and crossings become one shared vertex.
  for (let l = 0; l < lines.length; l++) {
    const xy = lines[l];
    const out: XY = [];
    for (let p = 0; p < xy.length; p += 2) {
      const [x, y] = snapper.canonical(xy[p], xy[p + 1]);
      if (out.length && out[out.length - 2] === x && out[out.length - 1] === y) continue;
      out.push(x, y);
    }
    lines[l] = out;
  }
  const grid = new SegmentGrid(lines, opts.cellM);
  const insertions = new Map<number, Insertion[]>();
  const record = (line: number, seg: number, x: number, y: number) => {
    const xy = lines[line];
    const p = seg * 2;
    if ((xy[p] === x && xy[p + 1] === y) || (xy[p + 2] === x && xy[p + 3] === y)) return;
    let list = insertions.get(line);
    if (!list) insertions.set(line, (list = []));
    list.push({ seg, t: projectT(x, y, xy[p], xy[p + 1], xy[p + 2], xy[p + 3]), x, y });
  };
  grid.forEachPair((s1, s2) => {
    const la = grid.segLine[s1];
    const lb = grid.segLine[s2];
    const pa = grid.segPoint[s1];
    const pb = grid.segPoint[s2];
    if (la === lb && Math.abs(pa - pb) <= 1) return;
    if (la !== lb && opts.canJoin && !opts.canJoin(la, lb)) return;
    const a = lines[la];
    const b = lines[lb];
    const ax = a[2 * pa], ay = a[2 * pa + 1], bx = a[2 * pa + 2], by = a[2 * pa + 3];
    const cx = b[2 * pb], cy = b[2 * pb + 1], dx = b[2 * pb + 2], dy = b[2 * pb + 3];
    let px: number;
    let py: number;
    const hit = segmentCrossing(ax, ay, bx, by, cx, cy, dx, dy);
    if (hit) {
      px = ax + hit[0] * (bx - ax);
      py = ay + hit[0] * (by - ay);
    } else {
      // Touch: an end of one segment within snapM of the other.
      const cands: [number, number, number][] = [
        [pointSegmentDistanceM(ax, ay, cx, cy, dx, dy), ax, ay],
        [pointSegmentDistanceM(bx, by, cx, cy, dx, dy), bx, by],
        [pointSegmentDistanceM(cx, cy, ax, ay, bx, by), cx, cy],
        [pointSegmentDistanceM(dx, dy, ax, ay, bx, by), dx, dy],
      ];
      let best = -1;
      for (let k = 0; k < 4; k++) if (cands[k][0] < snapM && (best < 0 || cands[k][0] < cands[best][0])) best = k;
      if (best < 0) return;
      px = cands[best][1];
      py = cands[best][2];
    }
    // Prefer a vertex of the two segments themselves: inserting a point just beyond a
    // segment's end would fold the line back on itself.
    let x = px;
    let y = py;
    let bestD = snapM;
    let own = false;
    for (const [qx, qy] of [[ax, ay], [bx, by], [cx, cy], [dx, dy]]) {
      const d = Math.hypot(qx - px, qy - py);
      if (d < bestD) {
        bestD = d;
        x = qx;
        y = qy;
        own = true;
      }
    }
    if (!own) [x, y] = snapper.canonical(px, py);
    record(la, pa, x, y);
    record(lb, pb, x, y);
  });
  let inserted = 0;
  for (const [line, list] of insertions) {
    const xy = lines[line];
    const present = new Set<number>();
    for (let p = 0; p < xy.length; p += 2) present.add(vertexKey(xy[p], xy[p + 1]));
    list.sort((u, v) => u.seg - v.seg || u.t - v.t);
    const out: XY = [];
    let k = 0;
    for (let p = 0; p < xy.length; p += 2) {
      out.push(xy[p], xy[p + 1]);
      const seg = p >> 1;
      while (k < list.length && list[k].seg === seg) {
        const ins = list[k++];
        const key = vertexKey(ins.x, ins.y);
        if (present.has(key)) continue;
        present.add(key);
        out.push(ins.x, ins.y);
        inserted++;
      }
    }
    lines[line] = out;
  }
  return inserted;
}

/** Planarises in place, repeating passes until nothing is inserted (at most maxPasses). */
export function planarise(lines: XY[], opts: PlanariseOptions = DEFAULT_PLANARISE_OPTIONS, maxPasses = 4): number {
  let total = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const n = planarisePass(lines, opts);
    total += n;
    if (n === 0) break;
  }
  return total;
}

export interface UnjoinedCrossing {
  lineA: number;
  lineB: number;
  xM: number;
  yM: number;
}

/**
 * Checker: pairs of segments that cross or touch (within toleranceM) at a point that is not a
 * vertex shared by both lines. `exempt(a, b)` lists grade-separated pairs (bridges).
 */
export function findUnjoinedCrossings(
  lines: readonly ArrayLike<number>[],
  exempt?: (a: number, b: number) => boolean,
  toleranceM = 0.05,
  cellM = 150,
): UnjoinedCrossing[] {
  const asXY = lines.map((l) => Array.from(l));
  const grid = new SegmentGrid(asXY, cellM);
  const out: UnjoinedCrossing[] = [];
  const same = (x1: number, y1: number, x2: number, y2: number) => Math.abs(x1 - x2) < toleranceM && Math.abs(y1 - y2) < toleranceM;
  grid.forEachPair((s1, s2) => {
    const la = grid.segLine[s1];
    const lb = grid.segLine[s2];
    const pa = grid.segPoint[s1];
    const pb = grid.segPoint[s2];
    if (la === lb && Math.abs(pa - pb) <= 1) return;
    if (la !== lb && exempt?.(la, lb)) return;
    const a = asXY[la];
    const b = asXY[lb];
    const ax = a[2 * pa], ay = a[2 * pa + 1], bx = a[2 * pa + 2], by = a[2 * pa + 3];
    const cx = b[2 * pb], cy = b[2 * pb + 1], dx = b[2 * pb + 2], dy = b[2 * pb + 3];
    let px = NaN;
    let py = NaN;
    const hit = segmentCrossing(ax, ay, bx, by, cx, cy, dx, dy);
    if (hit) {
      px = ax + hit[0] * (bx - ax);
      py = ay + hit[0] * (by - ay);
    } else {
      const ends: [number, number, number, number, number, number][] = [
        [ax, ay, cx, cy, dx, dy], [bx, by, cx, cy, dx, dy], [cx, cy, ax, ay, bx, by], [dx, dy, ax, ay, bx, by],
      ];
      for (const [x, y, x0, y0, x1, y1] of ends) {
        if (pointSegmentDistanceM(x, y, x0, y0, x1, y1) < toleranceM) {
          px = x;
          py = y;
          break;
        }
      }
      if (Number.isNaN(px)) return;
    }
    const onA = same(px, py, ax, ay) ? [ax, ay] : same(px, py, bx, by) ? [bx, by] : null;
    const onB = same(px, py, cx, cy) ? [cx, cy] : same(px, py, dx, dy) ? [dx, dy] : null;
    if (onA && onB && same(onA[0], onA[1], onB[0], onB[1])) return;
    out.push({ lineA: la, lineB: lb, xM: px, yM: py });
  });
  return out;
}
