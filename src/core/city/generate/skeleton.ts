// The métropole's skeleton roads: Dijon's two boulevard loops, radial avenues to the
// neighbouring communes, the ring road with motorway spurs, and roads between commune centres.

import type { Rng } from '../../rng.ts';
import { RoadClass } from '../roadClass.ts';
import { harmonicFactor, type Harmonic, type XY } from './geometry.ts';
import type { CommuneLayout, CommuneSite } from './communeLayout.ts';
import type { GenRoad } from './genRoad.ts';
import type { StreetNamer } from './streetNames.ts';

/** A skeleton line before it is split by built-up areas and named piece by piece. */
export interface SkeletonLine {
  xy: XY;
  roadClass: RoadClass;
  kind: GenRoad['kind'];
  /** Communes at the two ends (radials and inter-commune roads), used for "Route de …" names. */
  fromCommune?: number;
  toCommune?: number;
  /** Fixed name and lighting (loops, ring, motorways): no splitting by built-up area. */
  name?: string;
  lit?: boolean;
}

/** Stated layout choices (m, degrees), after public maps of Dijon. */
export const SKELETON_CHOICES = {
  innerBoulevardRadiusM: 720, // the boulevards around the historic centre
  outerBoulevardRadiusM: 1900, // the second belt of boulevards
  radialMaxDistanceM: 10_000,
  radialMinAngleDeg: 20,
  interCommuneMaxLengthM: 6_000,
  motorwayReachM: 11_500,
  stepM: 120,
};

/** A closed loop around (cx, cy), split into `arcs` polylines that share their end points. */
function loopArcs(cx: number, cy: number, rx: number, ry: number, harmonics: Harmonic[], points: number, arcs: number, startRad = 0): XY[] {
  const ring: XY = [];
  for (let k = 0; k < points; k++) {
    const a = startRad + (2 * Math.PI * k) / points;
    const f = harmonicFactor(harmonics, a);
    ring.push(cx + rx * f * Math.cos(a), cy + ry * f * Math.sin(a));
  }
  const out: XY[] = [];
  const per = points / arcs;
  for (let i = 0; i < arcs; i++) {
    const k0 = Math.round(i * per);
    const k1 = Math.round((i + 1) * per);
    const xy: XY = [];
    for (let k = k0; k <= k1; k++) xy.push(ring[2 * (k % points)], ring[2 * (k % points) + 1]);
    out.push(xy);
  }
  return out;
}

/** A gently curving line from a to b (ends exact), sampled about every stepM. */
export function wavyLine(rng: Rng, ax: number, ay: number, bx: number, by: number, stepM: number, amplitudeFrac: number): XY {
  const len = Math.hypot(bx - ax, by - ay);
  const n = Math.max(1, Math.ceil(len / stepM));
  const nx = -(by - ay) / len;
  const ny = (bx - ax) / len;
  const amp = Math.min(250, amplitudeFrac * len);
  const a1 = rng.range(-amp, amp);
  const a2 = rng.range(-amp, amp) * 0.5;
  const xy: XY = [ax, ay];
  for (let i = 1; i < n; i++) {
    const t = i / n;
    const off = a1 * Math.sin(Math.PI * t) + a2 * Math.sin(2 * Math.PI * t);
    xy.push(ax + t * (bx - ax) + off * nx, ay + t * (by - ay) + off * ny);
  }
  xy.push(bx, by);
  return xy;
}

function gabrielEdges(sites: readonly CommuneSite[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < sites.length; i++) {
    for (let j = i + 1; j < sites.length; j++) {
      const mx = (sites[i].xM + sites[j].xM) / 2;
      const my = (sites[i].yM + sites[j].yM) / 2;
      const r = Math.hypot(sites[i].xM - sites[j].xM, sites[i].yM - sites[j].yM) / 2;
      let empty = true;
      for (let k = 0; k < sites.length && empty; k++) {
        if (k !== i && k !== j && Math.hypot(sites[k].xM - mx, sites[k].yM - my) < r) empty = false;
      }
      if (empty) out.push([i, j]);
    }
  }
  return out;
}

/** Radial destinations: nearest communes first, skipping directions already served. */
function radialTargets(layout: CommuneLayout): number[] {
  const c = layout.sites[layout.city];
  const others = layout.sites
    .filter((s) => s.index !== layout.city)
    .map((s) => ({ s, d: Math.hypot(s.xM - c.xM, s.yM - c.yM), a: Math.atan2(s.yM - c.yM, s.xM - c.xM) }))
    .filter((o) => o.d <= SKELETON_CHOICES.radialMaxDistanceM)
    .sort((u, v) => u.d - v.d || u.s.index - v.s.index);
  const chosen: typeof others = [];
  const minRad = (SKELETON_CHOICES.radialMinAngleDeg * Math.PI) / 180;
  for (const o of others) {
    const clash = chosen.some((q) => {
      const d = Math.abs(o.a - q.a) % (2 * Math.PI);
      return Math.min(d, 2 * Math.PI - d) < minRad;
    });
    if (!clash) chosen.push(o);
  }
  return chosen.map((o) => o.s.index);
}

export interface Skeleton {
  lines: SkeletonLine[];
  /** The ring as one closed polyline (for activity-zone placement). */
  ringXY: XY;
}

export function buildSkeleton(layout: CommuneLayout, rng: Rng, namer: StreetNamer, ringRadiusM: number): Skeleton {
  const city = layout.sites[layout.city];
  const { innerBoulevardRadiusM, outerBoulevardRadiusM, stepM } = SKELETON_CHOICES;
  const lines: SkeletonLine[] = [];
  const noise = (amp: number): Harmonic[] => [
    { order: 2, amplitude: amp, phaseRad: rng.range(0, 2 * Math.PI) },
    { order: 3, amplitude: amp * 0.6, phaseRad: rng.range(0, 2 * Math.PI) },
  ];

  // Boulevard loops: secondary roads, each arc a named boulevard.
  for (const [radius, arcs, points] of [[innerBoulevardRadiusM, 6, 36], [outerBoulevardRadiusM, 10, 80]] as const) {
    for (const xy of loopArcs(city.xM, city.yM, radius * 1.08, radius * 0.93, noise(0.06), points, arcs)) {
      lines.push({ xy, roadClass: RoadClass.Secondary, kind: 'boulevard', name: namer.boulevard(), lit: true });
    }
  }

  // Ring road: an ellipse wider east–west, lit trunk road in four named arcs (E, N, W, S).
  // Arc 0 starts at -45° so that it is centred on east.
  const ringArcs = loopArcs(city.xM, city.yM + 150, ringRadiusM * 1.1, ringRadiusM * 0.9, noise(0.05), 128, 4, -Math.PI / 4);
  const ringNames = ['Rocade Est', 'Liaison Nord', 'Rocade Ouest', 'Rocade Sud'];
  const ringXY: XY = [];
  ringArcs.forEach((xy, i) => {
    lines.push({ xy, roadClass: RoadClass.Trunk, kind: 'ring', name: ringNames[i], lit: true });
    for (let p = i === 0 ? 0 : 2; p < xy.length; p += 2) ringXY.push(xy[p], xy[p + 1]);
  });

  // Motorway spurs from ring vertices outwards (west towards Paris, south towards Beaune): unlit.
  const ringPoints = ringXY.length / 2 - 1;
  for (const [angleDeg, name] of [[178, 'A38'], [-75, 'A31']] as const) {
    const a = (angleDeg * Math.PI) / 180;
    let best = 0;
    let bestDot = -Infinity;
    for (let k = 0; k < ringPoints; k++) {
      const dot = (ringXY[2 * k] - city.xM) * Math.cos(a) + (ringXY[2 * k + 1] - city.yM) * Math.sin(a);
      if (dot > bestDot) {
        bestDot = dot;
        best = k;
      }
    }
    const sx = ringXY[2 * best];
    const sy = ringXY[2 * best + 1];
    const ex = city.xM + SKELETON_CHOICES.motorwayReachM * Math.cos(a);
    const ey = city.yM + SKELETON_CHOICES.motorwayReachM * Math.sin(a);
    lines.push({ xy: wavyLine(rng, sx, sy, ex, ey, 200, 0.03), roadClass: RoadClass.Motorway, kind: 'motorway', name, lit: false });
  }

  // Radial avenues: from just inside the inner boulevards to each target commune's centre.
  for (const t of radialTargets(layout)) {
    const s = layout.sites[t];
    const a = Math.atan2(s.yM - city.yM, s.xM - city.xM);
    const r0 = innerBoulevardRadiusM * 0.8;
    const xy = wavyLine(rng, city.xM + r0 * Math.cos(a), city.yM + r0 * Math.sin(a), s.xM, s.yM, stepM, 0.03);
    lines.push({ xy, roadClass: RoadClass.Primary, kind: 'radial', fromCommune: layout.city, toCommune: t });
  }

  // Roads between neighbouring commune centres (Gabriel graph, Dijon's edges are the radials).
  for (const [i, j] of gabrielEdges(layout.sites)) {
    if (i === layout.city || j === layout.city) continue;
    const a = layout.sites[i];
    const b = layout.sites[j];
    if (Math.hypot(a.xM - b.xM, a.yM - b.yM) > SKELETON_CHOICES.interCommuneMaxLengthM) continue;
    const major = Math.min(a.fact.population, b.fact.population) >= 5000;
    lines.push({
      xy: wavyLine(rng, a.xM, a.yM, b.xM, b.yM, stepM, 0.05),
      roadClass: major ? RoadClass.Secondary : RoadClass.Tertiary,
      kind: 'intercommune',
      fromCommune: i,
      toCommune: j,
    });
  }
  return { lines, ringXY };
}
