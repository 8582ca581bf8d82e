// Point-by-point horizontal illuminance from luminaires (E = I(C, γ)·cos³γ / h²), how each lamp
// of the city faces its road, and the stated luminance approximation L ≈ q0·E.

import type { CityModel, LinkTable } from '../../city/model.ts';
import { intensityCd, type Photometry } from './photometry.ts';

/**
 * Average luminance coefficient q0 (cd/m²/lx) of an R3 road surface (CIE/EN 13201 r-tables). The
 * twin uses L ≈ q0·E — an APPROXIMATION that ignores the observer geometry of the r-table.
 */
export const R3_Q0_CD_M2_PER_LUX = 0.07;

/** Luminance (cd/m²) by the approximation L ≈ q0·E (see R3_Q0_CD_M2_PER_LUX). */
export function approximateLuminanceCdM2(illuminanceLux: number, q0 = R3_Q0_CD_M2_PER_LUX): number {
  return q0 * illuminanceLux;
}

/**
 * Where a luminaire hangs and which way it faces. `c0AzimuthRad` is the direction of its C = 0°
 * half-plane in the city frame (radians counterclockwise from east, x); C grows counterclockwise
 * seen from above, so C = 90° points 90° to the left of C = 0°.
 */
export interface LuminairePose {
  xM: number;
  yM: number;
  mountingHeightM: number;
  c0AzimuthRad: number;
}

const DEG = 180 / Math.PI;

/** The (C, γ) direction (degrees) from a luminaire to the ground point (xM, yM). */
export function directionTo(pose: LuminairePose, xM: number, yM: number): { cDeg: number; gammaDeg: number } {
  const dx = xM - pose.xM;
  const dy = yM - pose.yM;
  const r = Math.hypot(dx, dy);
  const gammaDeg = Math.atan2(r, pose.mountingHeightM) * DEG;
  let cDeg = r === 0 ? 0 : (Math.atan2(dy, dx) - pose.c0AzimuthRad) * DEG;
  cDeg %= 360;
  if (cDeg < 0) cDeg += 360;
  return { cDeg, gammaDeg };
}

/**
 * Horizontal illuminance (lx) at ground point (xM, yM) from one luminaire at full output, no
 * maintenance factor: E = I(C, γ)·cos³γ / h² (written h / d³ with d the distance to the point).
 */
export function pointIlluminanceLux(p: Photometry, pose: LuminairePose, xM: number, yM: number): number {
  const h = pose.mountingHeightM;
  if (!(h > 0)) return 0;
  const { cDeg, gammaDeg } = directionTo(pose, xM, yM);
  const r2 = (xM - pose.xM) ** 2 + (yM - pose.yM) ** 2;
  const d = Math.sqrt(r2 + h * h);
  return (intensityCd(p, cDeg, gammaDeg) * h) / (d * d * d);
}

/** Sum over luminaires of level × E, times the maintenance factor. */
export function illuminanceLux(
  luminaires: readonly { photometry: Photometry; pose: LuminairePose; level?: number }[],
  xM: number,
  yM: number,
  maintenanceFactor = 1,
): number {
  let e = 0;
  for (const l of luminaires) e += (l.level ?? 1) * pointIlluminanceLux(l.photometry, l.pose, xM, yM);
  return e * maintenanceFactor;
}

export interface LinkProjection {
  footXM: number;
  footYM: number;
  /** Unit direction of the link at the foot. */
  ux: number;
  uy: number;
  alongM: number;
  distanceM: number;
}

/** Nearest point of link l's polyline to (xM, yM). */
export function projectOntoLink(links: LinkTable, l: number, xM: number, yM: number): LinkProjection {
  const xy = links.shapeXYM;
  const s = links.shapeStart[l];
  const e = links.shapeStart[l + 1];
  let best: LinkProjection = { footXM: xy[2 * s], footYM: xy[2 * s + 1], ux: 1, uy: 0, alongM: 0, distanceM: Infinity };
  let along = 0;
  for (let p = s; p < e - 1; p++) {
    const x0 = xy[2 * p];
    const y0 = xy[2 * p + 1];
    const dx = xy[2 * p + 2] - x0;
    const dy = xy[2 * p + 3] - y0;
    const len = Math.hypot(dx, dy);
    if (len === 0) continue;
    const t = Math.max(0, Math.min(1, ((xM - x0) * dx + (yM - y0) * dy) / (len * len)));
    const fx = x0 + t * dx;
    const fy = y0 + t * dy;
    const d = Math.hypot(xM - fx, yM - fy);
    if (d < best.distanceM) best = { footXM: fx, footYM: fy, ux: dx / len, uy: dy / len, alongM: along + t * len, distanceM: d };
    along += len;
  }
  if (best.distanceM === Infinity) best.distanceM = Math.hypot(xM - best.footXM, yM - best.footYM);
  return best;
}

export interface LampOrientation {
  /** Direction of each lamp's C = 0° half-plane (radians counterclockwise from east). */
  c0AzimuthRad: Float32Array;
  /** Distance along its link of the lamp's foot on the link's polyline (m; 0 without a link). */
  alongLinkM: Float32Array;
  /** Which side of its link it stands: 1 left, −1 right of the link's direction, 0 on it (or no link). */
  sideOfLink: Int8Array;
}

/**
 * How every lamp faces: C = 0° along its road at the nearest point of its link, turned so that
 * C = 90° points toward the road (the lamp stands beside the carriageway and throws across it).
 * A lamp within 0.1 m of the centreline (or with no link) keeps C = 0° along the link (or east).
 */
export function lampOrientation(city: CityModel): LampOrientation {
  const { lamps, links } = city;
  const c0AzimuthRad = new Float32Array(lamps.count);
  const alongLinkM = new Float32Array(lamps.count);
  const sideOfLink = new Int8Array(lamps.count);
  for (let i = 0; i < lamps.count; i++) {
    const l = lamps.link[i];
    if (l < 0) continue;
    const x = lamps.xM[i];
    const y = lamps.yM[i];
    const pr = projectOntoLink(links, l, x, y);
    let ux = pr.ux;
    let uy = pr.uy;
    // C = 90° is (−uy, ux); flip C = 0° when that points away from the road, i.e. when the lamp
    // stands on the link's left.
    const left = pr.distanceM > 0.1 && -uy * (pr.footXM - x) + ux * (pr.footYM - y) < 0;
    if (left) {
      ux = -ux;
      uy = -uy;
    }
    c0AzimuthRad[i] = Math.atan2(uy, ux);
    alongLinkM[i] = pr.alongM;
    sideOfLink[i] = pr.distanceM <= 0.1 ? 0 : left ? 1 : -1;
  }
  return { c0AzimuthRad, alongLinkM, sideOfLink };
}
