// Planar geometry helpers for the generator: flat x,y polylines (metres), lengths, cuts,
// segment intersection and distance tests. Pure functions, no allocation in the hot tests.

/** A polyline as flat x,y pairs in metres. */
export type XY = number[];

export function pointCount(xy: XY): number {
  return xy.length >> 1;
}

export function polylineLengthM(xy: ArrayLike<number>): number {
  let len = 0;
  for (let i = 2; i < xy.length; i += 2) len += Math.hypot(xy[i] - xy[i - 2], xy[i + 1] - xy[i - 1]);
  return len;
}

/** Cumulative arc length at every point (first is 0). */
export function cumulativeLengthsM(xy: XY): number[] {
  const out = [0];
  for (let i = 2; i < xy.length; i += 2) out.push(out[out.length - 1] + Math.hypot(xy[i] - xy[i - 2], xy[i + 1] - xy[i - 1]));
  return out;
}

/** Point at arc length s along the polyline (clamped). */
export function pointAtM(xy: XY, cum: number[], s: number): [number, number] {
  const n = cum.length;
  if (s <= 0) return [xy[0], xy[1]];
  if (s >= cum[n - 1]) return [xy[2 * n - 2], xy[2 * n - 1]];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] <= s) lo = mid;
    else hi = mid;
  }
  const seg = cum[hi] - cum[lo];
  const t = seg > 0 ? (s - cum[lo]) / seg : 0;
  return [xy[2 * lo] + t * (xy[2 * hi] - xy[2 * lo]), xy[2 * lo + 1] + t * (xy[2 * hi + 1] - xy[2 * lo + 1])];
}

/** The part of the polyline between arc lengths s0 < s1, keeping the original vertices inside. */
export function subPolyline(xy: XY, cum: number[], s0: number, s1: number): XY {
  const out: XY = [];
  const [x0, y0] = pointAtM(xy, cum, s0);
  out.push(x0, y0);
  for (let i = 0; i < cum.length; i++) {
    if (cum[i] > s0 && cum[i] < s1) out.push(xy[2 * i], xy[2 * i + 1]);
  }
  const [x1, y1] = pointAtM(xy, cum, s1);
  if (x1 !== out[out.length - 2] || y1 !== out[out.length - 1]) out.push(x1, y1);
  return out;
}

/**
 * Splits a polyline at the given arc lengths (sorted or not); consecutive pieces share their
 * split point exactly, so roads built from them meet there.
 */
export function splitAtM(xy: XY, cutsM: number[]): XY[] {
  const cum = cumulativeLengthsM(xy);
  const total = cum[cum.length - 1];
  const cuts = cutsM.filter((s) => s > 1e-6 && s < total - 1e-6).sort((a, b) => a - b);
  const out: XY[] = [];
  let prev = 0;
  for (const s of [...cuts, total]) {
    if (s - prev < 1e-6) continue;
    const piece = subPolyline(xy, cum, prev, s);
    if (out.length) {
      // Reuse the previous piece's last point so the shared vertex is bit-identical.
      const last = out[out.length - 1];
      piece[0] = last[last.length - 2];
      piece[1] = last[last.length - 1];
    }
    out.push(piece);
    prev = s;
  }
  return out;
}

/** Inserts points so that no segment is longer than maxSegM. */
export function densify(xy: XY, maxSegM: number): XY {
  const out: XY = [xy[0], xy[1]];
  for (let i = 2; i < xy.length; i += 2) {
    const dx = xy[i] - xy[i - 2];
    const dy = xy[i + 1] - xy[i - 1];
    const k = Math.ceil(Math.hypot(dx, dy) / maxSegM);
    for (let j = 1; j < k; j++) out.push(xy[i - 2] + (dx * j) / k, xy[i - 1] + (dy * j) / k);
    out.push(xy[i], xy[i + 1]);
  }
  return out;
}

/**
 * Parameters (t along a→b, u along c→d) where the two closed segments cross, or null when
 * they do not cross or are parallel.
 */
export function segmentCrossing(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): [number, number] | null {
  const rx = bx - ax;
  const ry = by - ay;
  const sx = dx - cx;
  const sy = dy - cy;
  const den = rx * sy - ry * sx;
  if (Math.abs(den) < 1e-12 * (Math.abs(rx) + Math.abs(ry)) * (Math.abs(sx) + Math.abs(sy))) return null;
  const qx = cx - ax;
  const qy = cy - ay;
  const t = (qx * sy - qy * sx) / den;
  const u = (qx * ry - qy * rx) / den;
  if (t < 0 || t > 1 || u < 0 || u > 1) return null;
  return [t, u];
}

/** Parameter of the projection of p on segment a→b, clamped to [0, 1]. */
export function projectT(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const l2 = dx * dx + dy * dy;
  if (l2 === 0) return 0;
  return Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l2));
}

export function pointSegmentDistanceM(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const t = projectT(px, py, ax, ay, bx, by);
  const ex = ax + t * (bx - ax) - px;
  const ey = ay + t * (by - ay) - py;
  return Math.sqrt(ex * ex + ey * ey);
}

/**
 * Whether segment p→q comes within `marginM` of the axis-aligned box [x0,x1]×[y0,y1]
 * (the box grown by the margin on every side: slightly conservative at the corners).
 * Liang–Barsky clipping.
 */
export function segmentHitsBox(
  px: number, py: number, qx: number, qy: number,
  x0: number, y0: number, x1: number, y1: number, marginM: number,
): boolean {
  x0 -= marginM;
  y0 -= marginM;
  x1 += marginM;
  y1 += marginM;
  const dx = qx - px;
  const dy = qy - py;
  let t0 = 0;
  let t1 = 1;
  // Clip against the four slabs; p·t ≤ q for each boundary.
  for (let k = 0; k < 4; k++) {
    const p = k === 0 ? -dx : k === 1 ? dx : k === 2 ? -dy : dy;
    const q = k === 0 ? px - x0 : k === 1 ? x1 - px : k === 2 ? py - y0 : y1 - py;
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
  }
  return t0 <= t1;
}

/** Polar shape noise: a closed curve radius factor from a few harmonics (1 ± amplitude). */
export interface Harmonic {
  order: number;
  amplitude: number;
  phaseRad: number;
}

export function harmonicFactor(harmonics: readonly Harmonic[], angleRad: number): number {
  let f = 1;
  for (const h of harmonics) f += h.amplitude * Math.sin(h.order * angleRad + h.phaseRad);
  return f;
}
