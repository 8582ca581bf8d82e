// Where ordinary roads meet the ring road or a motorway: major roads get an interchange (a
// shared vertex), minor through roads a bridge over it, local streets are cut short on each side.

import { RoadClass } from '../roadClass.ts';
import { cumulativeLengthsM, segmentCrossing, splitAtM } from './geometry.ts';
import { halfWidthM, isGradeSeparated, type GenRoad } from './genRoad.ts';
import { SegmentGrid } from './planarise.ts';

export type CrossingTreatment = 'join' | 'bridge' | 'cut';

/**
 * Stated rule: the ring has interchanges with the radials and inter-commune roads (primary or
 * secondary), motorways with primary roads only; other secondary and tertiary roads pass over
 * on a bridge; local streets stop short.
 */
export function crossingTreatment(grade: GenRoad, other: GenRoad): CrossingTreatment {
  const c = other.roadClass;
  const through = other.kind === 'radial' || other.kind === 'intercommune';
  if (through && (c === RoadClass.Primary || (grade.kind === 'ring' && c === RoadClass.Secondary))) return 'join';
  if (c <= RoadClass.Tertiary || c === RoadClass.Unclassified) return 'bridge';
  return 'cut';
}

/** Extra clearance beyond the two half-widths where a cut street stops short (m). */
const CUT_CLEARANCE_M = 6;
/** A bridge spans the grade-separated road plus this much on each side (m). */
const BRIDGE_APPROACH_M = 12;

/** Returns the new road list (bridges split out, cut streets shortened); input is not modified. */
export function separateGrades(roads: GenRoad[], cellM = 150): GenRoad[] {
  const grid = new SegmentGrid(roads.map((r) => r.xy), cellM);
  const events = new Map<number, { s: number; halfSpanM: number; treatment: CrossingTreatment }[]>();
  const cums = new Map<number, number[]>();
  const cumOf = (r: number) => {
    let c = cums.get(r);
    if (!c) cums.set(r, (c = cumulativeLengthsM(roads[r].xy)));
    return c;
  };
  grid.forEachPair((s1, s2) => {
    let ga = grid.segLine[s1];
    let ob = grid.segLine[s2];
    let pg = grid.segPoint[s1];
    let po = grid.segPoint[s2];
    if (isGradeSeparated(roads[ob]) && !isGradeSeparated(roads[ga])) {
      [ga, ob] = [ob, ga];
      [pg, po] = [po, pg];
    }
    if (!isGradeSeparated(roads[ga]) || isGradeSeparated(roads[ob])) return;
    const g = roads[ga];
    const o = roads[ob];
    const treatment = crossingTreatment(g, o);
    if (treatment === 'join') return;
    const a = g.xy;
    const b = o.xy;
    const hit = segmentCrossing(a[2 * pg], a[2 * pg + 1], a[2 * pg + 2], a[2 * pg + 3], b[2 * po], b[2 * po + 1], b[2 * po + 2], b[2 * po + 3]);
    if (!hit) return;
    const cum = cumOf(ob);
    const s = cum[po] + hit[1] * (cum[po + 1] - cum[po]);
    // Oblique crossings need a longer gap/bridge: divide by the sine of the crossing angle.
    const ux = a[2 * pg + 2] - a[2 * pg], uy = a[2 * pg + 3] - a[2 * pg + 1];
    const vx = b[2 * po + 2] - b[2 * po], vy = b[2 * po + 3] - b[2 * po + 1];
    const sinA = Math.max(0.35, Math.abs(ux * vy - uy * vx) / (Math.hypot(ux, uy) * Math.hypot(vx, vy)));
    const halfSpanM = (halfWidthM(g) + (treatment === 'cut' ? halfWidthM(o) + CUT_CLEARANCE_M : BRIDGE_APPROACH_M)) / sinA;
    let list = events.get(ob);
    if (!list) events.set(ob, (list = []));
    list.push({ s, halfSpanM, treatment });
  });

  const out: GenRoad[] = [];
  for (let r = 0; r < roads.length; r++) {
    const list = events.get(r);
    if (!list) {
      out.push(roads[r]);
      continue;
    }
    const road = roads[r];
    const intervals = list.map((e) => ({ s0: e.s - e.halfSpanM, s1: e.s + e.halfSpanM, cut: e.treatment === 'cut' }));
    const pieces = splitAtM(road.xy, intervals.flatMap((iv) => [iv.s0, iv.s1]));
    let s = 0;
    for (const xy of pieces) {
      const cum = cumulativeLengthsM(xy);
      const len = cum[cum.length - 1];
      const mid = s + len / 2;
      s += len;
      const inside = intervals.filter((iv) => mid > iv.s0 && mid < iv.s1);
      if (inside.some((iv) => iv.cut)) continue;
      out.push(inside.length ? { ...road, xy, bridge: true } : { ...road, xy });
    }
  }
  return out;
}

/** The planariser's rule: bridges never join the road they pass over. */
export function canJoinRoads(a: GenRoad, b: GenRoad): boolean {
  return !((a.bridge && isGradeSeparated(b)) || (b.bridge && isGradeSeparated(a)));
}
