// The fixed colour scale of the map's hexagon layer: the largest power (W) one hexagon holds with
// every lamp at full output, binned like deck.gl (pointy-top hexagons), so dimming shows as cooler cells.

/** Hexagon cell of (x, y) for hexagons of circumradius r (d3-hexbin's rule); returns [column, row]. */
export function hexCell(x: number, y: number, r: number): [number, number] {
  const dx = r * Math.sqrt(3);
  const dy = r * 1.5;
  const py = y / dy;
  let pj = Math.round(py);
  const px = x / dx - (pj & 1) / 2;
  let pi = Math.round(px);
  const py1 = py - pj;
  if (Math.abs(py1) * 3 > 1) {
    const px1 = px - pi;
    const pi2 = pi + (px < pi ? -1 : 1) / 2;
    const pj2 = pj + (py < pj ? -1 : 1);
    const px2 = px - pi2;
    const py2 = py - pj2;
    if (px1 * px1 + py1 * py1 > px2 * px2 + py2 * py2) {
      pi = pi2 + (pj & 1 ? 1 : -1) / 2;
      pj = pj2;
    }
  }
  // + 0 turns −0 into 0, so equal cells compare equal.
  return [pi + 0, pj + 0];
}

/** Largest per-hexagon sum of `weights` for points (xM, yM) in hexagons of circumradius `radiusM`. */
export function maxHexSum(xM: Float32Array, yM: Float32Array, weights: Float32Array, radiusM: number): number {
  const sums = new Map<string, number>();
  let max = 0;
  for (let i = 0; i < xM.length; i++) {
    const [c, r] = hexCell(xM[i], yM[i], radiusM);
    const key = `${c},${r}`;
    const s = (sums.get(key) ?? 0) + weights[i];
    sums.set(key, s);
    if (s > max) max = s;
  }
  return max;
}

const NICE_STEPS = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** A round step at or above `value`: 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k. */
export function niceStep(value: number): number {
  if (!(value > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(value));
  for (const m of NICE_STEPS) if (m * p >= value * (1 - 1e-9)) return m * p;
  return 10 * p;
}

/** Upper bound of a `classes`-class legend with round class limits, ≥ 10 % above `max` (the domain deck quantizes). */
export function niceDomainMax(max: number, classes: number): number {
  return classes * niceStep((max * 1.1) / classes);
}
