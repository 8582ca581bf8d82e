// Cleans the planar network: probes are kept up to their first junction, skeleton roads lose
// dangling tails, degenerate pieces go, and only the largest connected network is kept.

import { polylineLengthM } from './geometry.ts';
import { vertexKey, type GenRoad } from './genRoad.ts';

/** How many distinct roads use each vertex key. */
function roadsPerVertex(roads: readonly GenRoad[]): Map<number, number> {
  const count = new Map<number, number>();
  for (const r of roads) {
    const seen = new Set<number>();
    for (let p = 0; p < r.xy.length; p += 2) {
      const k = vertexKey(r.xy[p], r.xy[p + 1]);
      if (seen.has(k)) continue;
      seen.add(k);
      count.set(k, (count.get(k) ?? 0) + 1);
    }
  }
  return count;
}

/** Trimmed copy of one road, or null to delete it; `shared(p)` says whether point p is a junction. */
function trimRoad(r: GenRoad, shared: (p: number) => boolean): GenRoad | null {
  const n = r.xy.length >> 1;
  if (r.kind === 'probe') {
    if (!shared(0)) return null;
    for (let p = 1; p < n; p++) if (shared(p)) return p === n - 1 ? r : { ...r, xy: r.xy.slice(0, 2 * p + 2) };
    return null;
  }
  if (r.kind === 'radial' || r.kind === 'intercommune') {
    let first = 0;
    while (first < n && !shared(first)) first++;
    let last = n - 1;
    while (last > first && !shared(last)) last--;
    if (last <= first) return null;
    return first === 0 && last === n - 1 ? r : { ...r, xy: r.xy.slice(2 * first, 2 * last + 2) };
  }
  return r;
}

/** Repeats trimming until stable (a trimmed probe can leave another one dangling). */
export function trimDangling(roads: GenRoad[], maxRounds = 6): GenRoad[] {
  let current = roads;
  for (let round = 0; round < maxRounds; round++) {
    const count = roadsPerVertex(current);
    let changed = false;
    const next: GenRoad[] = [];
    for (const r of current) {
      const t = trimRoad(r, (p) => (count.get(vertexKey(r.xy[2 * p], r.xy[2 * p + 1])) ?? 0) >= 2);
      if (t !== r) changed = true;
      if (t && t.xy.length >= 4 && polylineLengthM(t.xy) >= 1) next.push(t);
      else if (t) changed = true;
    }
    current = next;
    if (!changed) break;
  }
  return current;
}

/** Keeps the connected set of roads (through shared vertices) with the largest total length. */
export function keepLargestComponent(roads: GenRoad[]): GenRoad[] {
  const parent = roads.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const owner = new Map<number, number>();
  roads.forEach((r, i) => {
    for (let p = 0; p < r.xy.length; p += 2) {
      const k = vertexKey(r.xy[p], r.xy[p + 1]);
      const o = owner.get(k);
      if (o === undefined) owner.set(k, i);
      else {
        const a = find(o);
        const b = find(i);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const lengthOf = new Map<number, number>();
  roads.forEach((r, i) => {
    const c = find(i);
    lengthOf.set(c, (lengthOf.get(c) ?? 0) + polylineLengthM(r.xy));
  });
  let best = -1;
  let bestLen = -1;
  for (const [c, len] of lengthOf) {
    if (len > bestLen || (len === bestLen && c < best)) {
      best = c;
      bestLen = len;
    }
  }
  return roads.filter((_, i) => find(i) === best);
}
