// Which commune a point belongs to: point-in-polygon when boundaries are known, else the
// centre with the smallest distance / radius (radius grows with population).

import type { CommuneTable } from './model.ts';
import { defaultCommuneRadiusM } from './communeTable.ts';

export function pointInRing(x: number, y: number, ring: Float32Array, start: number, end: number): boolean {
  let inside = false;
  for (let i = start, j = end - 1; i < end; j = i++) {
    const xi = ring[2 * i];
    const yi = ring[2 * i + 1];
    const xj = ring[2 * j];
    const yj = ring[2 * j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function makeCommuneLocator(c: CommuneTable, radiiM?: ArrayLike<number | undefined>): (xM: number, yM: number) => number {
  const radius = Array.from({ length: c.count }, (_, i) => radiiM?.[i] ?? defaultCommuneRadiusM(c.population[i]));
  const nearestWeighted = (x: number, y: number): number => {
    let best = 0;
    let bestScore = Infinity;
    for (let i = 0; i < c.count; i++) {
      const score = Math.hypot(x - c.centreXM[i], y - c.centreYM[i]) / radius[i];
      if (score < bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return best;
  };
  if (c.count === 1) return () => 0;
  const withRing: number[] = [];
  const bbox: number[] = [];
  for (let i = 0; i < c.count; i++) {
    const s = c.ringStart[i];
    const e = c.ringStart[i + 1];
    if (e - s < 3) continue;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let k = s; k < e; k++) {
      x0 = Math.min(x0, c.ringXYM[2 * k]);
      x1 = Math.max(x1, c.ringXYM[2 * k]);
      y0 = Math.min(y0, c.ringXYM[2 * k + 1]);
      y1 = Math.max(y1, c.ringXYM[2 * k + 1]);
    }
    withRing.push(i);
    bbox.push(x0, y0, x1, y1);
  }
  if (!withRing.length) return nearestWeighted;
  return (x, y) => {
    for (let k = 0; k < withRing.length; k++) {
      if (x < bbox[4 * k] || y < bbox[4 * k + 1] || x > bbox[4 * k + 2] || y > bbox[4 * k + 3]) continue;
      const i = withRing[k];
      if (pointInRing(x, y, c.ringXYM, c.ringStart[i], c.ringStart[i + 1])) return i;
    }
    return nearestWeighted(x, y);
  };
}
