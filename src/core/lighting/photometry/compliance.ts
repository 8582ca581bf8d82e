// EN 13201 compliance of every lit road at any dim levels: a one-off precompute of each lamp's
// maintained illuminance at full output on each road's grid, then cheap linear combinations.

/*
 * M classes are judged on luminance by the approximation L ≈ q0·E (R3, q0 = 0.07) with U0 and Ul
 * (Ul along each lane centre line); P classes on Ē and Emin; C classes on Ē and U0. The threshold
 * increment fTI of M classes is not evaluated (it needs the veiling luminance seen by a driver).
 */

import Flatbush from 'flatbush';
import type { CityModel } from '../../city/model.ts';
import { LinkFlag } from '../../city/model.ts';
import { LightingClass, LIGHTING_CLASS_REQUIREMENTS } from '../../city/lightingClass.ts';
import { isCanonicalLink } from '../../city/linkSegmentIndex.ts';
import { DEFAULT_GRID_OPTIONS, gridPointsXYM, linkCalculationGrid, type GridOptions } from './calculationGrid.ts';
import { lampOrientation, R3_Q0_CD_M2_PER_LUX } from './illuminance.ts';
import { intensityCd, type Photometry } from './photometry.ts';

export interface ComplianceOptions {
  /** Maintained / new output (EN 13201 design practice; default 0.8). */
  maintenanceFactor: number;
  /** q0 of the road surface for L ≈ q0·E (cd/m²/lx; default R3 0.07). */
  luminanceCoefficientQ0: number;
  /**
   * Same optic, other lumen package: a lamp of ratedPowerW P with a table rated Pref emits
   * P / Pref of the table's flux (linear in power: a first model; HPS efficacy actually rises with power).
   */
  scaleFluxWithRatedPower: boolean;
  /**
   * A luminaire lights points out to the γ beyond which I·cos³γ stays under this fraction of its
   * strongest I·cos³γ (its illuminance directly below, for road lanterns); farther points get nothing.
   */
  reachThreshold: number;
  grid: GridOptions;
}

export const DEFAULT_COMPLIANCE_OPTIONS: Readonly<ComplianceOptions> = {
  maintenanceFactor: 0.8,
  luminanceCoefficientQ0: R3_Q0_CD_M2_PER_LUX,
  scaleFluxWithRatedPower: true,
  reachThreshold: 0.005,
  grid: DEFAULT_GRID_OPTIONS,
};

export enum LinkCompliance {
  /** Not a canonical lit link with an EN 13201 class. */
  NotAssessed = 0,
  Compliant = 1,
  NonCompliant = 2,
}

/** Per assessed road: grid points, and per point the lamps lighting it (sparse, CSR). */
export interface ComplianceTable {
  options: ComplianceOptions;
  /** city.links.count and city.lamps.count the table was built for. */
  linkCount: number;
  lampCount: number;
  /** Canonical lit links with a lighting class, and their length and class. */
  assessedLinks: Uint32Array;
  lengthM: Float32Array;
  lightingClass: Uint8Array;
  litLengthM: number;
  /** Columns across (lanes × points per lane) and first point of each assessed link (+1 entry). */
  columns: Uint16Array;
  pointStart: Uint32Array;
  /** Per point (+1 entry): its contributions entryLamp[k] → entryLux[k], maintained lux at level 1. */
  entryStart: Uint32Array;
  entryLamp: Uint32Array;
  entryLux: Float32Array;
}

export interface ComplianceResult {
  compliantLengthM: number;
  litLengthM: number;
  /** compliantLengthM / litLengthM (0 when nothing is lit). */
  share: number;
  /** LinkCompliance per city link. */
  perLink: Uint8Array;
}

export interface LinkLighting {
  link: number;
  lightingClass: number;
  averageIlluminanceLux: number;
  minIlluminanceLux: number;
  /** L ≈ q0·E (approximation). */
  averageLuminanceCdM2: number;
  minLuminanceCdM2: number;
  overallUniformityU0: number;
  /** Worst lane's min/max along its centre line. */
  longitudinalUniformityUl: number;
  compliant: boolean;
}

class Growable {
  lamp = new Uint32Array(1 << 16);
  lux = new Float32Array(1 << 16);
  n = 0;

  push(lamp: number, lux: number): void {
    if (this.n === this.lamp.length) {
      const cap = Math.ceil(this.lamp.length * 1.6);
      const l = new Uint32Array(cap);
      l.set(this.lamp);
      const x = new Float32Array(cap);
      x.set(this.lux);
      this.lamp = l;
      this.lux = x;
    }
    this.lamp[this.n] = lamp;
    this.lux[this.n] = lux;
    this.n++;
  }
}

/** tan of the γ beyond which I·cos³γ < threshold × its maximum, for every C (capped at 87°). */
export function reachTangent(p: Photometry, threshold: number): number {
  const g = p.gammaAnglesDeg;
  const ng = g.length;
  const nc = p.cAnglesDeg.length;
  const rad = Math.PI / 180;
  const m = new Float64Array(ng);
  let max = 0;
  for (let gi = 0; gi < ng; gi++) {
    if (g[gi] >= 90) break;
    const c3 = Math.cos(g[gi] * rad) ** 3;
    for (let ci = 0; ci < nc; ci++) m[gi] = Math.max(m[gi], p.candela[ci * ng + gi] * c3);
    max = Math.max(max, m[gi]);
  }
  let last = 0;
  for (let gi = 0; gi < ng && g[gi] < 90; gi++) if (m[gi] >= threshold * max) last = gi;
  const edge = last + 1 < ng ? g[last + 1] : g[last];
  return Math.tan(Math.min(87, edge) * rad);
}

function lampPhotometries(city: CityModel, photometries: Readonly<Record<string, Photometry>>): Photometry[] {
  return city.photometryRefs.map((ref) => {
    const p = photometries[ref];
    if (!p) throw new Error(`no photometry for "${ref}" (lamps refer to it; known: ${Object.keys(photometries).join(', ')})`);
    return p;
  });
}

/**
 * Builds the table once per city (and photometry set, options). Every lamp lights every grid
 * point within its reach, including points of other roads than its own.
 */
export function precomputeCompliance(
  city: CityModel,
  photometries: Readonly<Record<string, Photometry>>,
  options: Partial<ComplianceOptions> = {},
): ComplianceTable {
  const o: ComplianceOptions = { ...DEFAULT_COMPLIANCE_OPTIONS, ...options, grid: { ...DEFAULT_GRID_OPTIONS, ...options.grid } };
  const { links, lamps } = city;
  const byRef = lampPhotometries(city, photometries);
  const reachTan = byRef.map((p) => reachTangent(p, o.reachThreshold));

  const { c0AzimuthRad: azimuth, alongLinkM, sideOfLink } = lampOrientation(city);
  // Lamps of each link (CSR), for the extent of its calculation field.
  const linkLampStart = new Uint32Array(links.count + 1);
  for (let i = 0; i < lamps.count; i++) if (lamps.link[i] >= 0) linkLampStart[lamps.link[i] + 1]++;
  for (let l = 0; l < links.count; l++) linkLampStart[l + 1] += linkLampStart[l];
  const linkLampAlong = new Float64Array(linkLampStart[links.count]);
  const linkLampSide = new Int8Array(linkLampStart[links.count]);
  const fill = linkLampStart.slice(0, links.count);
  for (let i = 0; i < lamps.count; i++) {
    const l = lamps.link[i];
    if (l < 0) continue;
    linkLampAlong[fill[l]] = alongLinkM[i];
    linkLampSide[fill[l]++] = sideOfLink[i];
  }
  const reachM = new Float64Array(lamps.count);
  const fluxScale = new Float64Array(lamps.count);
  let maxReachM = 0;
  for (let i = 0; i < lamps.count; i++) {
    const pi = lamps.photometry[i];
    const p = byRef[pi];
    reachM[i] = lamps.mountingHeightM[i] > 0 ? lamps.mountingHeightM[i] * reachTan[pi] : 0;
    maxReachM = Math.max(maxReachM, reachM[i]);
    const rated = lamps.ratedPowerW[i];
    fluxScale[i] = o.scaleFluxWithRatedPower && rated > 0 && p.ratedPowerW > 0 ? rated / p.ratedPowerW : 1;
  }
  const index = new Flatbush(Math.max(1, lamps.count));
  for (let i = 0; i < lamps.count; i++) index.add(lamps.xM[i], lamps.yM[i], lamps.xM[i], lamps.yM[i]);
  if (lamps.count === 0) index.add(1e12, 1e12, 1e12, 1e12);
  index.finish();

  const assessed: number[] = [];
  for (let l = 0; l < links.count; l++) {
    if (isCanonicalLink(links, l) && links.flags[l] & LinkFlag.Lit && links.lightingClass[l] !== LightingClass.None && LIGHTING_CLASS_REQUIREMENTS[links.lightingClass[l]]) assessed.push(l);
  }
  const n = assessed.length;
  const lengthM = new Float32Array(n);
  const lightingClass = new Uint8Array(n);
  const columns = new Uint16Array(n);
  const pointStart = new Uint32Array(n + 1);
  const starts: number[] = [0];
  const entries = new Growable();
  let litLengthM = 0;
  const DEG = 180 / Math.PI;
  const ROWS_PER_QUERY = 8;

  for (let a = 0; a < n; a++) {
    const l = assessed[a];
    lengthM[a] = links.lengthM[l];
    lightingClass[a] = links.lightingClass[l];
    litLengthM += links.lengthM[l];
    const lampRange = [linkLampStart[l], linkLampStart[l + 1]] as const;
    const grid = linkCalculationGrid(city, l, linkLampAlong.subarray(...lampRange), linkLampSide.subarray(...lampRange), o.grid);
    const cols = grid.columnOffsetM.length;
    columns[a] = cols;
    const xy = gridPointsXYM(links, grid);
    const nRows = grid.rowAlongM.length;
    for (let r0 = 0; r0 < nRows; r0 += ROWS_PER_QUERY) {
      const r1 = Math.min(nRows, r0 + ROWS_PER_QUERY);
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (let k = r0 * cols; k < r1 * cols; k++) {
        minX = Math.min(minX, xy[2 * k]);
        maxX = Math.max(maxX, xy[2 * k]);
        minY = Math.min(minY, xy[2 * k + 1]);
        maxY = Math.max(maxY, xy[2 * k + 1]);
      }
      const near = lamps.count ? index.search(minX - maxReachM, minY - maxReachM, maxX + maxReachM, maxY + maxReachM) : [];
      near.sort((x, y) => x - y);
      for (let k = r0 * cols; k < r1 * cols; k++) {
        const px = xy[2 * k];
        const py = xy[2 * k + 1];
        for (const i of near) {
          const dx = px - lamps.xM[i];
          const dy = py - lamps.yM[i];
          const r2 = dx * dx + dy * dy;
          const h = lamps.mountingHeightM[i];
          if (r2 > reachM[i] * reachM[i] || !(h > 0)) continue;
          const r = Math.sqrt(r2);
          const gammaDeg = Math.atan2(r, h) * DEG;
          let cDeg = r === 0 ? 0 : (Math.atan2(dy, dx) - azimuth[i]) * DEG;
          if (cDeg < 0) cDeg += 360;
          const d2 = r2 + h * h;
          const e = (intensityCd(byRef[lamps.photometry[i]], cDeg, gammaDeg) * h * fluxScale[i] * o.maintenanceFactor) / (d2 * Math.sqrt(d2));
          if (e > 0) entries.push(i, e);
        }
        starts.push(entries.n);
      }
    }
    pointStart[a + 1] = pointStart[a] + nRows * cols;
  }
  return {
    options: o,
    linkCount: links.count,
    lampCount: lamps.count,
    assessedLinks: Uint32Array.from(assessed),
    lengthM,
    lightingClass,
    litLengthM,
    columns,
    pointStart,
    entryStart: Uint32Array.from(starts),
    entryLamp: entries.lamp.slice(0, entries.n),
    entryLux: entries.lux.slice(0, entries.n),
  };
}

interface Scratch {
  laneMin: Float64Array;
  laneMax: Float64Array;
}

function newScratch(t: ComplianceTable): Scratch {
  let maxLanes = 1;
  for (let a = 0; a < t.columns.length; a++) maxLanes = Math.max(maxLanes, Math.ceil(t.columns[a] / t.options.grid.pointsAcrossPerLane));
  return { laneMin: new Float64Array(maxLanes), laneMax: new Float64Array(maxLanes) };
}

function evaluate(t: ComplianceTable, a: number, levels: ArrayLike<number>, s: Scratch, out: LinkLighting, classes?: ArrayLike<number>): LinkLighting {
  const per = t.options.grid.pointsAcrossPerLane;
  const centre = Math.floor(per / 2);
  const cols = t.columns[a];
  const lanes = Math.ceil(cols / per);
  s.laneMin.fill(Infinity, 0, lanes);
  s.laneMax.fill(0, 0, lanes);
  const p0 = t.pointStart[a];
  const p1 = t.pointStart[a + 1];
  const { entryStart, entryLamp, entryLux } = t;
  let sum = 0;
  let min = Infinity;
  let col = 0;
  for (let p = p0; p < p1; p++) {
    let e = 0;
    for (let k = entryStart[p]; k < entryStart[p + 1]; k++) e += levels[entryLamp[k]] * entryLux[k];
    sum += e;
    if (e < min) min = e;
    if (col % per === centre) {
      const lane = (col - centre) / per;
      if (e < s.laneMin[lane]) s.laneMin[lane] = e;
      if (e > s.laneMax[lane]) s.laneMax[lane] = e;
    }
    if (++col === cols) col = 0;
  }
  const count = p1 - p0;
  const avg = count ? sum / count : 0;
  if (!count) min = 0;
  let ul = Infinity;
  for (let k = 0; k < lanes; k++) ul = Math.min(ul, s.laneMax[k] > 0 ? s.laneMin[k] / s.laneMax[k] : 0);
  const q0 = t.options.luminanceCoefficientQ0;
  const cls = classes ? classes[t.assessedLinks[a]] : t.lightingClass[a];
  const req = LIGHTING_CLASS_REQUIREMENTS[cls];
  const u0 = avg > 0 ? min / avg : 0;
  const level = req?.kind === 'luminance' ? q0 : 1;
  // No requirement (class None, e.g. an adaptive scheme that needs no lighting at this hour) is met.
  const ok =
    !req ||
    (avg * level >= req.average &&
    (req.minimum === null || min * level >= req.minimum) &&
    (req.overallUniformityU0 === null || u0 >= req.overallUniformityU0) &&
    (req.longitudinalUniformityUl === null || ul >= req.longitudinalUniformityUl));
  out.link = t.assessedLinks[a];
  out.lightingClass = cls;
  out.averageIlluminanceLux = avg;
  out.minIlluminanceLux = min;
  out.averageLuminanceCdM2 = q0 * avg;
  out.minLuminanceCdM2 = q0 * min;
  out.overallUniformityU0 = u0;
  out.longitudinalUniformityUl = ul === Infinity ? 0 : ul;
  out.compliant = ok;
  return out;
}

function checkLevels(t: ComplianceTable, levels: ArrayLike<number>): void {
  if (levels.length !== t.lampCount) throw new Error(`levels has ${levels.length} entries, the city has ${t.lampCount} lamps`);
}

function checkClasses(t: ComplianceTable, classes: ArrayLike<number> | undefined): void {
  if (classes && classes.length !== t.linkCount) throw new Error(`classes has ${classes.length} entries, the city has ${t.linkCount} links`);
}

/**
 * Compliance of every assessed road with each lamp at its dim level (0–1, scaling its output).
 * `classes` (a LightingClass per city link) judges roads against other classes than their design
 * class, e.g. the lower class an adaptive scheme (CEN/TR 13201-1) assigns at night.
 */
export function complianceAt(t: ComplianceTable, levels: ArrayLike<number>, classes?: ArrayLike<number>): ComplianceResult {
  checkLevels(t, levels);
  checkClasses(t, classes);
  const perLink = new Uint8Array(t.linkCount);
  const s = newScratch(t);
  const m = {} as LinkLighting;
  let compliantLengthM = 0;
  for (let a = 0; a < t.assessedLinks.length; a++) {
    const ok = evaluate(t, a, levels, s, m, classes).compliant;
    perLink[t.assessedLinks[a]] = ok ? LinkCompliance.Compliant : LinkCompliance.NonCompliant;
    if (ok) compliantLengthM += t.lengthM[a];
  }
  return { compliantLengthM, litLengthM: t.litLengthM, share: t.litLengthM > 0 ? compliantLengthM / t.litLengthM : 0, perLink };
}

/** The lighting figures of one road (a city link index), or null when it is not assessed. */
export function linkLightingAt(t: ComplianceTable, link: number, levels: ArrayLike<number>, classes?: ArrayLike<number>): LinkLighting | null {
  checkLevels(t, levels);
  checkClasses(t, classes);
  let lo = 0;
  let hi = t.assessedLinks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = t.assessedLinks[mid];
    if (v === link) return evaluate(t, mid, levels, newScratch(t), {} as LinkLighting, classes);
    if (v < link) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

/** One-shot: precompute then evaluate (use the two steps when evaluating many level sets). */
export function roadCompliance(
  city: CityModel,
  photometries: Readonly<Record<string, Photometry>>,
  levels: ArrayLike<number>,
  options: Partial<ComplianceOptions> = {},
): ComplianceResult {
  return complianceAt(precomputeCompliance(city, photometries, options), levels);
}

/** Levels array with every lamp at `level`. */
export function uniformLevels(city: CityModel, level: number): Float32Array {
  return new Float32Array(city.lamps.count).fill(level);
}
