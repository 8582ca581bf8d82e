// Signalised crossings for the generated city: vertices where major roads in different
// directions meet, ranked by how dense the surroundings are, keeping the top N apart.

import type { SignalInput } from '../builderInput.ts';
import { RoadClass } from '../roadClass.ts';
import { vertexKey, type GenRoad } from './genRoad.ts';
import type { CommuneLayout } from './communeLayout.ts';

/** Stated choices: signals stand at least this far apart; approaches must differ by this angle. */
export const SIGNAL_CHOICES = { minSpacingM: 140, minCrossingAngleDeg: 30 };

interface Candidate {
  x: number;
  y: number;
  /** Directions (rad, mod π) of major roads leaving the vertex. */
  majorDirs: number[];
  minorEdges: number;
  degree: number;
}

const isSignalMajor = (r: GenRoad) => !r.bridge && (r.roadClass === RoadClass.Primary || r.roadClass === RoadClass.Secondary);
const isSignalMinor = (r: GenRoad) => !r.bridge && r.roadClass === RoadClass.Tertiary;

/** Population-weighted closeness to commune centres: a proxy for traffic density. */
export function densityScore(layout: CommuneLayout, x: number, y: number): number {
  let s = 0;
  for (const c of layout.sites) {
    const d = Math.hypot(x - c.xM, y - c.yM) / c.radiusM;
    s += c.fact.population * Math.exp(-d * d);
  }
  return s;
}

function crosses(dirs: number[], minRad: number): boolean {
  for (let i = 0; i < dirs.length; i++) {
    for (let j = i + 1; j < dirs.length; j++) {
      const d = Math.abs(dirs[i] - dirs[j]) % Math.PI;
      if (Math.min(d, Math.PI - d) >= minRad) return true;
    }
  }
  return false;
}

export function placeSignals(roads: readonly GenRoad[], layout: CommuneLayout, count: number): SignalInput[] {
  const cands = new Map<number, Candidate>();
  for (const r of roads) {
    const major = isSignalMajor(r);
    const minor = isSignalMinor(r);
    const n = r.xy.length >> 1;
    for (let p = 0; p < n; p++) {
      const x = r.xy[2 * p];
      const y = r.xy[2 * p + 1];
      const k = vertexKey(x, y);
      let c = cands.get(k);
      if (!c) cands.set(k, (c = { x, y, majorDirs: [], minorEdges: 0, degree: 0 }));
      for (const q of [p - 1, p + 1]) {
        if (q < 0 || q >= n) continue;
        c.degree++;
        if (major) c.majorDirs.push(Math.atan2(r.xy[2 * q + 1] - y, r.xy[2 * q] - x));
        else if (minor) c.minorEdges++;
      }
    }
  }
  const minRad = (SIGNAL_CHOICES.minCrossingAngleDeg * Math.PI) / 180;
  // Tier 0: major × major; tier 1: major × tertiary (used only when tier 0 runs out).
  const tiers: { x: number; y: number; score: number }[][] = [[], []];
  for (const c of cands.values()) {
    if (c.degree < 3 || c.majorDirs.length < 2) continue;
    const tier = crosses(c.majorDirs, minRad) ? 0 : c.minorEdges > 0 ? 1 : -1;
    if (tier >= 0) tiers[tier].push({ x: c.x, y: c.y, score: densityScore(layout, c.x, c.y) });
  }
  const out: SignalInput[] = [];
  const taken: { x: number; y: number }[] = [];
  for (const tier of tiers) {
    tier.sort((a, b) => b.score - a.score || a.x - b.x || a.y - b.y);
    for (const c of tier) {
      if (out.length >= count) return out;
      if (taken.some((t) => Math.hypot(t.x - c.x, t.y - c.y) < SIGNAL_CHOICES.minSpacingM)) continue;
      taken.push(c);
      out.push({ xM: c.x, yM: c.y, externalId: `gen-signal-${String(out.length + 1).padStart(3, '0')}` });
    }
  }
  return out;
}
