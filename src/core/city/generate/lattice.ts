// Local street grids: one jittered, radially stretched grid per commune (blocks grow towards the
// edge), clipped to the commune's built-up area, with classes, names, one-ways and probes.

import type { Rng } from '../../rng.ts';
import { RoadClass } from '../roadClass.ts';
import type { XY } from './geometry.ts';
import { distanceToCityCentreM, isBuiltUp, ownerAt, type CommuneLayout, type CommuneSite } from './communeLayout.ts';
import type { GenRoad } from './genRoad.ts';
import type { StreetNamer } from './streetNames.ts';

/** Stated layout choices for the grids (m unless said). */
export const LATTICE_CHOICES = {
  pedestrianCoreRadiusM: 280, // Dijon's pedestrian streets around the centre
  oneWayZoneRadiusM: 1400, // one-way residential streets in Dijon's centre
  zone30RadiusM: 1600, // 30 km/h on every street of Dijon's centre
  historicCoreRadiusM: 900, // more irregular blocks (bigger jitter, more missing edges)
  probeReach: 1.4, // probe length as a multiple of the missing edge
  maxRunM: { city: 900, inner: 700, outer: 600, major: 1600 },
};

export interface LatticeBuild {
  roads: GenRoad[];
  /** Length of the grid streets (probes excluded), m. */
  lengthM: number;
}

interface EdgeAttrs {
  roadClass: RoadClass;
  oneWay: -1 | 0 | 1;
  speedLimitKph?: number;
}

const sameAttrs = (a: EdgeAttrs, b: EdgeAttrs) => a.roadClass === b.roadClass && a.oneWay === b.oneWay && a.speedLimitKph === b.speedLimitKph;

function lineClass(site: CommuneSite, k: number, offset: number): RoadClass {
  if (site.tier === 'city') {
    const m = (((k + offset) % 8) + 8) % 8;
    return m === 0 ? RoadClass.Secondary : m === 4 ? RoadClass.Tertiary : RoadClass.Residential;
  }
  if (site.tier === 'inner') {
    const m = (((k + offset) % 10) + 10) % 10;
    return m === 0 ? RoadClass.Secondary : m === 5 ? RoadClass.Tertiary : RoadClass.Residential;
  }
  return k === 0 ? RoadClass.Tertiary : RoadClass.Residential;
}

export function buildLattice(layout: CommuneLayout, site: CommuneSite, rng: Rng, namer: StreetNamer, blockScale: number): LatticeBuild {
  const isCity = site.tier === 'city';
  const b0 = site.blockM * blockScale;
  const maxRadiusM = site.radiusM * (1 + site.outline.reduce((s, h) => s + Math.abs(h.amplitude), 0));
  const beta = (site.edgeBlockFactor - 1) / 1.5;
  const rhoEdge = maxRadiusM / (1 + beta);
  const alpha = beta / rhoEdge;
  const n = Math.ceil(rhoEdge / b0) + 1;
  const N = 2 * n + 1;
  const cos = Math.cos(site.gridAngleRad);
  const sin = Math.sin(site.gridAngleRad);
  const idx = (i: number, j: number) => (i + n) * N + (j + n);
  const place = (qx: number, qy: number): [number, number] => {
    const w = 1 + alpha * Math.hypot(qx, qy);
    return [site.xM + (qx * cos - qy * sin) * w, site.yM + (qx * sin + qy * cos) * w];
  };

  const px = new Float64Array(N * N);
  const py = new Float64Array(N * N);
  const kept = new Uint8Array(N * N);
  for (let i = -n; i <= n; i++) {
    for (let j = -n; j <= n; j++) {
      const [x0, y0] = place(i * b0, j * b0);
      const historic = isCity && distanceToCityCentreM(layout, x0, y0) < LATTICE_CHOICES.historicCoreRadiusM;
      // The origin node stays on the commune centre, where radials and inter-commune roads end.
      const jit = i === 0 && j === 0 ? 0 : historic ? 0.22 : 0.14;
      const [x, y] = place((i + rng.range(-jit, jit)) * b0, (j + rng.range(-jit, jit)) * b0);
      const k = idx(i, j);
      px[k] = x;
      py[k] = y;
      const owner = ownerAt(layout.sites, x, y);
      kept[k] = owner === site.index && isBuiltUp(layout.sites, x, y, owner) ? 1 : 0;
    }
  }

  const origin = idx(0, 0);
  const rowOffset = rng.int(0, 9);
  const colOffset = rng.int(0, 9);
  const roads: GenRoad[] = [];
  let lengthM = 0;
  /** Name of the run that ends at a node along an axis (axis*N*N + node), for its probes. */
  const runNameAt = new Map<number, string>();

  const edgeAttrs = (u: number, v: number, lineCls: RoadClass, oneWayDir: -1 | 0 | 1): EdgeAttrs | null => {
    const mx = (px[u] + px[v]) / 2;
    const my = (py[u] + py[v]) / 2;
    const dC = isCity ? distanceToCityCentreM(layout, mx, my) : Infinity;
    let roadClass = lineCls;
    if (dC < LATTICE_CHOICES.pedestrianCoreRadiusM) roadClass = RoadClass.Pedestrian;
    const minor = roadClass === RoadClass.Residential || roadClass === RoadClass.Pedestrian;
    const pDrop = isCity ? (dC < LATTICE_CHOICES.historicCoreRadiusM ? 0.12 : 0.06) : site.tier === 'inner' ? 0.07 : 0.1;
    const atOrigin = u === origin || v === origin;
    if (minor && rng.chance(pDrop) && !atOrigin) return null;
    const oneWay =
      dC >= LATTICE_CHOICES.pedestrianCoreRadiusM && dC < LATTICE_CHOICES.oneWayZoneRadiusM &&
      (roadClass === RoadClass.Residential || roadClass === RoadClass.Tertiary) ? oneWayDir : 0;
    const zone30 = dC < LATTICE_CHOICES.zone30RadiusM && (roadClass === RoadClass.Secondary || roadClass === RoadClass.Tertiary);
    return { roadClass, oneWay, speedLimitKph: zone30 ? 30 : undefined };
  };

  // axis 0: rows (i varies, j fixed); axis 1: columns (j varies, i fixed).
  for (let axis = 0; axis < 2; axis++) {
    for (let line = -n; line <= n; line++) {
      const lineCls = lineClass(site, line, axis === 0 ? rowOffset : colOffset);
      const oneWayDir: -1 | 0 | 1 = isCity && rng.chance(0.6) ? (line % 2 === 0 ? 1 : -1) : 0;
      const nodeAt = (k: number) => (axis === 0 ? idx(k, line) : idx(line, k));
      let run: XY = [];
      let runAttrs: EdgeAttrs | null = null;
      let runLen = 0;
      let runStart = -1;
      const flush = (endNode: number) => {
        if (run.length >= 4 && runAttrs) {
          const name = namer.street(site.index, runAttrs.roadClass);
          roads.push({ xy: run, roadClass: runAttrs.roadClass, kind: 'street', name, lit: true, oneWay: runAttrs.oneWay, speedLimitKph: runAttrs.speedLimitKph });
          lengthM += runLen;
          runNameAt.set(axis * N * N + runStart, name);
          runNameAt.set(axis * N * N + endNode, name);
        }
        run = [];
        runAttrs = null;
        runLen = 0;
      };
      for (let k = -n; k < n; k++) {
        const u = nodeAt(k);
        const v = nodeAt(k + 1);
        const attrs = kept[u] && kept[v] ? edgeAttrs(u, v, lineCls, oneWayDir) : null;
        const maxRun = lineCls <= RoadClass.Secondary ? LATTICE_CHOICES.maxRunM.major : LATTICE_CHOICES.maxRunM[site.tier];
        if (!attrs || (runAttrs && (!sameAttrs(attrs, runAttrs) || runLen > maxRun))) flush(u);
        if (!attrs) continue;
        if (!runAttrs) {
          run = [px[u], py[u]];
          runAttrs = attrs;
          runStart = u;
        }
        run.push(px[v], py[v]);
        runLen += Math.hypot(px[v] - px[u], py[v] - py[u]);
      }
      flush(nodeAt(n));
    }
  }

  // Probes: from each edge node towards its missing neighbour, to meet the next grid or road.
  for (let i = -n; i <= n; i++) {
    for (let j = -n; j <= n; j++) {
      const u = idx(i, j);
      if (!kept[u]) continue;
      for (const [di, dj, axis] of [[1, 0, 0], [-1, 0, 0], [0, 1, 1], [0, -1, 1]] as const) {
        const ni = i + di;
        const nj = j + dj;
        const inside = ni >= -n && ni <= n && nj >= -n && nj <= n;
        if (inside && kept[idx(ni, nj)]) continue;
        const [tx, ty] = inside ? [px[idx(ni, nj)], py[idx(ni, nj)]] : place(ni * b0, nj * b0);
        const r = LATTICE_CHOICES.probeReach;
        const roadClass = lineClass(site, axis === 0 ? j : i, axis === 0 ? rowOffset : colOffset);
        roads.push({
          xy: [px[u], py[u], px[u] + r * (tx - px[u]), py[u] + r * (ty - py[u])],
          roadClass,
          kind: 'probe',
          name: runNameAt.get(axis * N * N + u) ?? namer.street(site.index, roadClass),
          lit: true,
        });
      }
    }
  }
  return { roads, lengthM };
}
