// A scenario's `traffic` section turned into traffic options: demand, default plan, and one plan
// per signal from the rules (by id, corridor or commune), green-wave offsets included.

import type { CityModel } from '../city/model.ts';
import { signalExternalId, roadExternalId } from '../city/entityIds.ts';
import type { TrafficSection, SignalRule } from '../scenario/schema.ts';
import type { SignalOverride, TrafficOptions } from './index.ts';
import { SignalPlanError } from './signals.ts';
import { DEFAULT_METROPOLE_DEMAND } from './demand.ts';

export function signalsMatching(city: CityModel, rule: SignalRule, index: number): number[] {
  const S = city.signals;
  const L = city.links;
  const w = rule.where;
  const where = `traffic.signals[${index}].where`;
  let ids: Set<number> | null = null;
  if (w.signals) {
    const byId = new Map<string, number>();
    for (let s = 0; s < S.count; s++) byId.set(signalExternalId(city, s), s);
    ids = new Set();
    for (const id of w.signals) {
      const s = byId.get(id);
      if (s === undefined) throw new SignalPlanError(`${where}.signals: no signal "${id}" in this city`);
      ids.add(s);
    }
  }
  let communes: Set<number> | null = null;
  if (w.communes) {
    communes = new Set();
    for (const name of w.communes) {
      const c = city.communes.name.indexOf(name);
      if (c < 0) throw new SignalPlanError(`${where}.communes: no commune "${name}" in this city`);
      communes.add(c);
    }
  }
  const out: number[] = [];
  for (let s = 0; s < S.count; s++) {
    if (ids && !ids.has(s)) continue;
    if (communes && !communes.has(city.intersections.commune[S.intersection[s]])) continue;
    if (w.corridor) {
      let on = false;
      for (let a = S.approachStart[s]; a < S.approachStart[s + 1]; a++) {
        const n = L.name[S.approachLinks[a]];
        if (n >= 0 && city.strings[n] === w.corridor) on = true;
      }
      if (!on) continue;
    }
    out.push(s);
  }
  if (w.corridor && out.length === 0) throw new SignalPlanError(`${where}.corridor: no signalised intersection on "${w.corridor}"`);
  return out;
}

/** One signal of a green wave: where it lies along the corridor and when its corridor green starts. */
export interface GreenWaveSignal {
  signal: number;
  /** Distance along the corridor's main axis from its first signal (m). */
  distanceM: number;
  /** Travel time from the first signal at the progression speed (s), before wrapping in the cycle. */
  travelS: number;
  /** travelS modulo the common cycle: when the corridor approach turns green (s). */
  offsetS: number;
  /** The corridor approach travelling along the axis (outbound), or -1 when none is named so. */
  syncApproachLink: number;
}

/** The signals a rule on `corridor` applies to (those where that street arrives); throws when there is none. */
export function signalsOnCorridor(city: CityModel, corridor: string): number[] {
  return signalsMatching(city, { where: { corridor } }, 0);
}

/** Green wave: signals ordered along the corridor's main axis, offset by distance / progression speed. */
export function greenWaveOffsets(city: CityModel, signals: number[], corridor: string, cycleS: number, progressionKph: number): GreenWaveSignal[] {
  const S = city.signals;
  const L = city.links;
  const nodeOf = (s: number) => city.intersections.node[S.intersection[s]];
  const xs = signals.map((s) => city.nodes.xM[nodeOf(s)]);
  const ys = signals.map((s) => city.nodes.yM[nodeOf(s)]);
  // Principal axis of the signal positions.
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (ys[i] - my);
    syy += (ys[i] - my) ** 2;
  });
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const ux = Math.cos(angle);
  const uy = Math.sin(angle);
  const proj = signals.map((_, i) => (xs[i] - mx) * ux + (ys[i] - my) * uy);
  const p0 = Math.min(...proj);
  const vMps = progressionKph / 3.6;
  return signals.map((s, i) => {
    // The corridor approach travelling along the axis (outbound direction).
    let best = -1;
    let bestDot = -Infinity;
    for (let a = S.approachStart[s]; a < S.approachStart[s + 1]; a++) {
      const l = S.approachLinks[a];
      const n = L.name[l];
      if (n < 0 || city.strings[n] !== corridor) continue;
      const k1 = L.shapeStart[l + 1] - 1;
      const dx = L.shapeXYM[2 * k1] - L.shapeXYM[2 * k1 - 2];
      const dy = L.shapeXYM[2 * k1 + 1] - L.shapeXYM[2 * k1 - 1];
      const dot = (dx * ux + dy * uy) / (Math.hypot(dx, dy) || 1);
      if (dot > bestDot) {
        bestDot = dot;
        best = l;
      }
    }
    const travelS = (proj[i] - p0) / vMps;
    return { signal: s, distanceM: proj[i] - p0, travelS, offsetS: travelS % cycleS, syncApproachLink: best };
  });
}

function greenWave(city: CityModel, signals: number[], corridor: string, cycleS: number, progressionKph: number): SignalOverride[] {
  return greenWaveOffsets(city, signals, corridor, cycleS, progressionKph).map((g) => ({
    signal: g.signal,
    kind: 'webster' as const,
    cycleS,
    offsetS: g.offsetS,
    syncApproachLink: g.syncApproachLink >= 0 ? g.syncApproachLink : undefined,
    origin: `green wave ${corridor} (${cycleS} s, ${progressionKph} km/h)`,
  }));
}

export function trafficOptionsOf(city: CityModel, t: TrafficSection): Omit<TrafficOptions, 'seed' | 'startMs' | 'endMs'> {
  const plans = new Map<number, SignalOverride>();
  t.signals.forEach((rule, i) => {
    const matched = signalsMatching(city, rule, i);
    const p = rule.plan;
    if (p?.type === 'green-wave') {
      if (!rule.where.corridor) throw new SignalPlanError(`traffic.signals[${i}]: a green wave needs where.corridor (a street name)`);
      for (const o of greenWave(city, matched, rule.where.corridor, p.cycleS, p.progressionKph)) plans.set(o.signal, { ...o, busPriority: rule.busPriority ?? plans.get(o.signal)?.busPriority });
      return;
    }
    for (const s of matched) {
      const prev = plans.get(s) ?? { signal: s };
      const next: SignalOverride = { ...prev, signal: s };
      if (rule.busPriority !== undefined) next.busPriority = rule.busPriority;
      if (p) {
        delete next.stages;
        delete next.cycleS;
        delete next.offsetS;
        delete next.syncApproachLink;
        next.origin = rule.name ?? `scenario rule ${i + 1}`;
        if (p.type === 'webster' || p.type === 'max-pressure') next.kind = p.type;
        else if (p.type === 'actuated') {
          next.kind = 'actuated';
          next.maxGapS = p.maxGapS;
        } else if (p.type === 'fixed') {
          next.kind = p.stages ? 'fixed' : 'webster';
          if (p.cycleS !== undefined) next.cycleS = p.cycleS;
          if (p.offsetS !== undefined) next.offsetS = p.offsetS;
          if (p.stages) next.stages = p.stages.map((st, k) => ({
            greenApproachLinks: st.green.map((id) => roadIndex(city, id, `traffic.signals[${i}].plan.stages[${k}].green`)),
            leftOnlyApproachLinks: (st.leftOnly ?? []).map((id) => roadIndex(city, id, `traffic.signals[${i}].plan.stages[${k}].leftOnly`)),
            greenS: st.greenS,
            minGreenS: st.minGreenS,
            maxGreenS: st.maxGreenS,
          }));
        }
      }
      plans.set(s, next);
    }
  });
  return {
    stepMs: t.stepMs,
    speedDev: 0.1,
    rerouteEveryMin: t.rerouteEveryMin,
    demand: { ...DEFAULT_METROPOLE_DEMAND, ...t.demand, kind: 'metropole' },
    defaultPlan: t.defaultPlan,
    busPriority: t.busPriority,
    signals: [...plans.values()],
    corridors: [...new Set(t.signals.map((r) => r.where.corridor).filter((c): c is string => !!c))],
  };
}

function roadIndex(city: CityModel, id: string, where: string): number {
  const m = /^road-(\d{1,9})$/.exec(id);
  const l = m ? Number(m[1]) : -1;
  if (!(l >= 0 && l < city.links.count) || roadExternalId(l) !== id) throw new SignalPlanError(`${where}: no road "${id}" in this city`);
  return l;
}
