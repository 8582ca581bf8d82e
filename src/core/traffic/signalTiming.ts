// Signal timing as a planner edits it: one intersection's approaches and generated stages, a plan
// (stage order, greens, offset) checked like the run checks it, written back as a scenario rule.
// Pure; used by the studio (main thread) and its Webster suggestion (compare worker). Not in the step.

import type { CityModel } from '../city/model.ts';
import { roadExternalId, signalExternalId } from '../city/entityIds.ts';
import { scenarioSchema, trafficSchema, type Scenario, type SignalRule } from '../scenario/schema.ts';
import type { TrafficNetwork } from './network.ts';
import { DEFAULT_PLAN, Light, SignalPlanError, amberForSpeedS, checkNoConflicts, makeController, type Controller } from './signals.ts';
import { approachSpeedMps, websterPlan, type TrafficSetup } from './index.ts';
import { greenWaveOffsets, signalsOnCorridor, type GreenWaveSignal } from './scenarioTraffic.ts';

/** What an approach shows in a stage, as the editor names it. */
export type StageLight = 'red' | 'green' | 'left';

export interface ApproachInfo {
  /** Link index of the approach (arriving at the junction). */
  link: number;
  /** The id a scenario names it by (`road-NNNNNN`). */
  roadId: string;
  street: string | null;
  /** Direction of travel arriving at the stop line, degrees clockwise from north. */
  headingDeg: number;
  /** Eight-point compass direction of travel (N, NE, …). */
  compass: Compass;
  lanes: number;
}

export type Compass = 'N' | 'NE' | 'E' | 'SE' | 'S' | 'SW' | 'W' | 'NW';
const COMPASS: Compass[] = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'];

export interface EditableStage {
  /** Light of each approach (by approach index of the intersection) during the stage's green. */
  lights: StageLight[];
  greenS: number;
}

export interface EditablePlan {
  stages: EditableStage[];
  /** When the first stage's green starts, in the cycle (s). */
  offsetS: number;
}

export interface IntersectionTiming {
  signal: number;
  id: string;
  intersection: number;
  /** Distinct street names of the approaches (the streets meeting there). */
  streets: string[];
  approaches: ApproachInfo[];
  amberS: number;
  allRedS: number;
  /** The stages generated from the geometry, with their generated greens. */
  generated: EditablePlan;
}

const LIGHT_OF: Record<StageLight, Light> = { red: Light.Red, green: Light.Green, left: Light.LeftOnly };
const NAME_OF = (l: number): StageLight => (l === Light.Green ? 'green' : l === Light.LeftOnly ? 'left' : 'red');

/** Shortest green a planner may set, and the longest (the scenario schema's bounds). */
export const MIN_GREEN_S = 3;
export const MAX_GREEN_S = 180;

function controllerOf(net: TrafficNetwork, signal: number): Controller {
  return makeController(net, signal, { ...DEFAULT_PLAN });
}

/** One signalised intersection as the editor shows it; null when no drivable road arrives there. */
export function describeSignal(net: TrafficNetwork, signal: number): IntersectionTiming | null {
  const city = net.city;
  const S = city.signals;
  const c = controllerOf(net, signal);
  if (c.approaches.length === 0) return null;
  const approaches = c.approaches.map((a): ApproachInfo => {
    const link = S.approachLinks[a];
    const n = city.links.name[link];
    // Network headings are counter-clockwise from east; a compass reads clockwise from north.
    const headingDeg = (((90 - (net.endHeading[link] * 180) / Math.PI) % 360) + 360) % 360;
    return {
      link,
      roadId: roadExternalId(link),
      street: n >= 0 ? city.strings[n] : null,
      headingDeg,
      compass: COMPASS[Math.round(headingDeg / 45) % 8],
      lanes: net.laneStart[link + 1] - net.laneStart[link],
    };
  });
  const streets = [...new Set(approaches.map((a) => a.street).filter((s): s is string => s !== null))];
  return {
    signal,
    id: signalExternalId(city, signal),
    intersection: S.intersection[signal],
    streets,
    approaches,
    amberS: amberForSpeedS(approachSpeedMps(net, c)),
    allRedS: 2,
    generated: { stages: c.stages.map((st) => ({ lights: Array.from(st.lights, NAME_OF), greenS: st.greenS })), offsetS: 0 },
  };
}

/** Every signal of the city that has approaches, for the picker (id, streets), by signal index. */
export function listSignals(net: TrafficNetwork): IntersectionTiming[] {
  const out: IntersectionTiming[] = [];
  for (let s = 0; s < net.city.signals.count; s++) {
    const d = describeSignal(net, s);
    if (d) out.push(d);
  }
  return out;
}

/** Cycle of a plan: every stage's green plus its amber and all-red (s). */
export function planCycleS(t: IntersectionTiming, p: EditablePlan): number {
  return p.stages.reduce((a, st) => a + st.greenS + t.amberS + t.allRedS, 0);
}

/** Start of each stage's green within the cycle, from the plan's offset (s, wrapped in the cycle). */
export function stageStartsS(t: IntersectionTiming, p: EditablePlan): number[] {
  const C = planCycleS(t, p);
  let at = p.offsetS;
  return p.stages.map((st) => {
    const start = ((at % C) + C) % C;
    at += st.greenS + t.amberS + t.allRedS;
    return start;
  });
}

/**
 * The core's own checks of a plan for this intersection (conflicting greens, greens within bounds,
 * at least one stage): the message the run would throw, or null when the plan is acceptable.
 */
export function planProblem(net: TrafficNetwork, t: IntersectionTiming, p: EditablePlan): string | null {
  const where = `signal ${t.id}`;
  try {
    if (p.stages.length === 0) throw new SignalPlanError(`${where}: a plan needs at least one stage`);
    p.stages.forEach((st, k) => {
      if (!(st.greenS >= MIN_GREEN_S && st.greenS <= MAX_GREEN_S)) throw new SignalPlanError(`${where}: stage ${k + 1} needs a green from ${MIN_GREEN_S} to ${MAX_GREEN_S} s, not ${st.greenS}`);
      if (st.lights.length !== t.approaches.length) throw new SignalPlanError(`${where}: stage ${k + 1} has ${st.lights.length} approaches, the intersection ${t.approaches.length}`);
    });
    const c = controllerOf(net, t.signal);
    c.stages = p.stages.map((st) => ({ lights: Uint8Array.from(st.lights, (l) => LIGHT_OF[l]), greenS: st.greenS, minGreenS: Math.min(5, st.greenS), maxGreenS: Math.max(50, st.greenS) }));
    checkNoConflicts(net, c, where);
    return null;
  } catch (e) {
    if (e instanceof SignalPlanError) return e.message;
    throw e;
  }
}

/** Greens scaled so the cycle becomes `cycleS` (amber and all-red stay), rounded to tenths, each within bounds. */
export function withCycle(t: IntersectionTiming, p: EditablePlan, cycleS: number): EditablePlan {
  const fixedS = p.stages.length * (t.amberS + t.allRedS);
  const greens = p.stages.reduce((a, st) => a + st.greenS, 0);
  const target = cycleS - fixedS;
  if (!(greens > 0) || !(target > 0)) return p;
  return { ...p, stages: p.stages.map((st) => ({ ...st, greenS: clampGreen((st.greenS * target) / greens) })) };
}

export function clampGreen(greenS: number): number {
  return Math.min(MAX_GREEN_S, Math.max(MIN_GREEN_S, Math.round(greenS * 10) / 10));
}

/** Moves the boundary after stage k: stage k gets `greenS`, stage k + 1 gives or takes the difference (cycle kept). */
export function moveBoundary(p: EditablePlan, k: number, greenS: number): EditablePlan {
  const a = p.stages[k];
  const b = p.stages[(k + 1) % p.stages.length];
  if (!a || !b || a === b) return { ...p, stages: p.stages.map((st, i) => (i === k ? { ...st, greenS: clampGreen(greenS) } : st)) };
  const total = a.greenS + b.greenS;
  const ga = Math.min(total - MIN_GREEN_S, clampGreen(greenS));
  const gb = Math.round((total - ga) * 10) / 10;
  const next = (k + 1) % p.stages.length;
  return { ...p, stages: p.stages.map((st, i) => (i === k ? { ...st, greenS: ga } : i === next ? { ...st, greenS: gb } : st)) };
}

/** Stage `from` moved to position `to` (phase order). */
export function moveStage(p: EditablePlan, from: number, to: number): EditablePlan {
  if (to < 0 || to >= p.stages.length || from === to) return p;
  const stages = p.stages.slice();
  const [st] = stages.splice(from, 1);
  stages.splice(to, 0, st);
  return { ...p, stages };
}

/** An approach's light in a stage turns to the next one (red → green → left-turn only → red). */
export function toggleLight(p: EditablePlan, k: number, approach: number): EditablePlan {
  const order: StageLight[] = ['red', 'green', 'left'];
  return {
    ...p,
    stages: p.stages.map((st, i) => (i === k ? { ...st, lights: st.lights.map((l, j) => (j === approach ? order[(order.indexOf(l) + 1) % 3] : l)) } : st)),
  };
}

/** The name the studio gives the rule of one intersection's plan (the rule it replaces on a new edit). */
export function signalRuleName(t: IntersectionTiming): string {
  return `signal plan ${t.id}`;
}

/** The scenario rule of a plan: fixed time, explicit stages by road id, offset within the cycle. */
export function signalRuleOf(t: IntersectionTiming, p: EditablePlan): SignalRule {
  const C = planCycleS(t, p);
  const offsetS = Math.round((((p.offsetS % C) + C) % C) * 10) / 10;
  return {
    name: signalRuleName(t),
    where: { signals: [t.id] },
    plan: {
      type: 'fixed',
      offsetS,
      stages: p.stages.map((st) => {
        const green = t.approaches.filter((_, i) => st.lights[i] === 'green').map((a) => a.roadId);
        const leftOnly = t.approaches.filter((_, i) => st.lights[i] === 'left').map((a) => a.roadId);
        return { green, ...(leftOnly.length ? { leftOnly } : {}), greenS: st.greenS };
      }),
    },
  };
}

/** The plan a scenario gives this intersection through a fixed rule naming it alone, or null. */
export function planFromScenario(t: IntersectionTiming, s: Scenario): EditablePlan | null {
  const rules = s.traffic?.signals ?? [];
  for (let r = rules.length - 1; r >= 0; r--) {
    const rule = rules[r];
    if (!rule.where.signals?.includes(t.id)) continue;
    const p = rule.plan;
    if (!p || p.type !== 'fixed' || !p.stages) return null;
    const index = new Map(t.approaches.map((a, i) => [a.roadId, i]));
    const stages: EditableStage[] = [];
    for (const st of p.stages) {
      const lights: StageLight[] = t.approaches.map(() => 'red');
      for (const [ids, light] of [[st.green, 'green'], [st.leftOnly ?? [], 'left']] as const) {
        for (const id of ids) {
          const i = index.get(id);
          if (i === undefined) return null;
          lights[i] = light;
        }
      }
      stages.push({ lights, greenS: st.greenS });
    }
    return { stages, offsetS: p.offsetS ?? 0 };
  }
  return null;
}

/** The draft with its traffic section (the schema's defaults when it had none), revalidated. */
function withTraffic(s: Scenario, signals: (rules: SignalRule[]) => SignalRule[]): Scenario {
  const traffic = s.traffic ?? trafficSchema.parse({});
  return scenarioSchema.parse({ ...s, traffic: { ...traffic, signals: signals(traffic.signals) } });
}

/**
 * The scenario with this intersection's plan as its last signal rule (the last matching rule wins),
 * replacing the studio's previous rule for it; validated by the scenario schema (throws its error).
 */
export function setSignalPlan(s: Scenario, t: IntersectionTiming, p: EditablePlan): Scenario {
  const rule = signalRuleOf(t, p);
  return withTraffic(s, (rules) => [...rules.filter((r) => r.name !== rule.name), rule]);
}

/** The scenario without the studio's rule for this intersection (back to the other rules or the default plan). */
export function clearSignalPlan(s: Scenario, t: IntersectionTiming): Scenario {
  if (!s.traffic) return s;
  return withTraffic(s, (rules) => rules.filter((r) => r.name !== signalRuleName(t)));
}

export interface WebsterSuggestion {
  cycleS: number;
  greensS: number[];
  overCapacity: boolean;
  /** Peak-hour flow of each approach from the free-flow assignment (veh/h). */
  approachPeakVehPerH: number[];
}

/**
 * Webster greens for the plan's stages (in its order) from the peak-hour flows of the free-flow
 * assignment, as the default plan computes them; all-red stages keep their green.
 */
export function websterSuggestion(setup: TrafficSetup, t: IntersectionTiming, p: EditablePlan): WebsterSuggestion {
  const { net, assignment } = setup;
  const c = controllerOf(net, t.signal);
  c.stages = p.stages.map((st) => ({ lights: Uint8Array.from(st.lights, (l) => LIGHT_OF[l]), greenS: st.greenS, minGreenS: 5, maxGreenS: 50 }));
  const w = websterPlan(net, c, assignment);
  const greensS = p.stages.map((st, k) => (st.lights.every((l) => l === 'red') ? st.greenS : clampGreen(w.greensS[k])));
  return { cycleS: w.cycleS, greensS, overCapacity: w.overCapacity, approachPeakVehPerH: t.approaches.map((a) => Math.round(assignment.peakHourVeh(a.link))) };
}

/** Streets where at least `minSignals` signalised intersections lie (corridor candidates), busiest first. */
export function corridorStreets(city: CityModel, minSignals = 2): { street: string; signals: number }[] {
  const S = city.signals;
  const count = new Map<string, number>();
  for (let s = 0; s < S.count; s++) {
    const names = new Set<string>();
    for (let a = S.approachStart[s]; a < S.approachStart[s + 1]; a++) {
      const n = city.links.name[S.approachLinks[a]];
      if (n >= 0) names.add(city.strings[n]);
    }
    for (const n of names) count.set(n, (count.get(n) ?? 0) + 1);
  }
  return [...count]
    .filter(([, n]) => n >= minSignals)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([street, signals]) => ({ street, signals }));
}

/** The green wave's offsets along a corridor, ordered by distance (the run's own computation). */
export function corridorOffsets(city: CityModel, corridor: string, cycleS: number, progressionKph: number): (GreenWaveSignal & { id: string })[] {
  const signals = signalsOnCorridor(city, corridor);
  return greenWaveOffsets(city, signals, corridor, cycleS, progressionKph)
    .map((g) => ({ ...g, id: signalExternalId(city, g.signal) }))
    .sort((a, b) => a.distanceM - b.distanceM);
}

export interface CorridorSettings {
  /** A common cycle and progression speed, or null for no green wave. */
  greenWave: { cycleS: number; progressionKph: number } | null;
  busPriority: boolean;
}

const isCorridorRule = (r: SignalRule, corridor: string) => r.where.corridor === corridor && !r.where.signals && !r.where.communes;

/** What the scenario's own corridor rules (those naming only this street) set on it. */
export function corridorSettingsOf(s: Scenario, corridor: string): CorridorSettings {
  const out: CorridorSettings = { greenWave: null, busPriority: false };
  for (const r of s.traffic?.signals ?? []) {
    if (!isCorridorRule(r, corridor)) continue;
    if (r.plan?.type === 'green-wave') out.greenWave = { cycleS: r.plan.cycleS, progressionKph: r.plan.progressionKph };
    else if (r.plan) out.greenWave = null;
    if (r.busPriority !== undefined) out.busPriority = r.busPriority;
  }
  return out;
}

/**
 * The scenario with one rule for the corridor (green wave and/or bus priority on the line), last so it
 * wins over earlier rules on those signals; replaces the rules naming only this street. Validated.
 */
export function setCorridor(s: Scenario, corridor: string, c: CorridorSettings): Scenario {
  const rule: SignalRule | null = c.greenWave
    ? { name: `corridor ${corridor}`, where: { corridor }, plan: { type: 'green-wave', cycleS: c.greenWave.cycleS, progressionKph: c.greenWave.progressionKph }, ...(c.busPriority ? { busPriority: true } : {}) }
    : c.busPriority
      ? { name: `corridor ${corridor}`, where: { corridor }, busPriority: true }
      : null;
  return withTraffic(s, (rules) => [...rules.filter((r) => !isCorridorRule(r, corridor)), ...(rule ? [rule] : [])]);
}
