// Signal controllers: stages generated from each junction's geometry, plans (fixed time with
// Webster timings, actuated, max-pressure, green wave), bus/emergency priority; the "signals" phase.
// Each controller keeps its next switch time (phaseEndMs) instead of being polled for a schedule.

import type { TrafficNetwork } from './network.ts';
import { angleBetween } from './network.ts';

/** Approach light as vehicles read it. */
export enum Light {
  Red = 0,
  Green = 1,
  /** Green for left turns only (protected left stage). */
  LeftOnly = 2,
  Amber = 3,
}

export enum Phase {
  Green = 0,
  Amber = 1,
  AllRed = 2,
}

export interface Stage {
  /** Light of each approach of the controller during this stage's green (Red, Green or LeftOnly). */
  lights: Uint8Array;
  greenS: number;
  minGreenS: number;
  maxGreenS: number;
}

export type PlanKind = 'fixed' | 'actuated' | 'max-pressure';

export interface PlanSettings {
  kind: PlanKind;
  cycleS: number;
  offsetS: number;
  amberS: number;
  allRedS: number;
  /** Actuated: green extends while a detector sees gaps shorter than this. */
  maxGapS: number;
  /** Distance of the actuation detector upstream of the stop line. */
  detectorM: number;
  busPriority: boolean;
  emergencyPreemption: boolean;
  /** How the plan was made, for reports ("webster", "green wave Avenue …", "scenario"). */
  origin: string;
}

export interface Controller {
  signal: number;
  /** Global approach indices (into city.signals.approachLinks) of this controller. */
  approaches: number[];
  /** Opposite approach (local index) or -1: permissive lefts yield to it. */
  opposite: Int32Array;
  stages: Stage[];
  plan: PlanSettings;
  stage: number;
  phase: Phase;
  phaseEndMs: number;
  greenStartMs: number;
  /** Stage to serve next when a priority request jumped the order, else -1. */
  jumpTo: number;
  /** A bus or emergency vehicle asked for green on this local approach until this time. */
  priorityApproach: number;
  priorityUntilMs: number;
  priorityEmergency: boolean;
  /** Served priority requests (green extended or conflicting green truncated). */
  priorityServed: number;
}

export interface SignalState {
  controllers: Controller[];
  /** Light per global approach index, as read by vehicles this step. */
  light: Uint8Array;
  /** 1 when a green approach's left turns must give way to the opposite approach. */
  permissiveLeft: Uint8Array;
  /** Global approach index of the opposite approach, or -1. */
  oppositeApproach: Int32Array;
  /** Last time a vehicle crossed the approach's detector (ms). */
  lastDetectionMs: Float64Array;
  /** Vehicles on each approach link (kept by the vehicle phase). */
  switches: number;
}

export class SignalPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignalPlanError';
  }
}

export const DEFAULT_PLAN: PlanSettings = {
  kind: 'fixed',
  cycleS: 90,
  offsetS: 0,
  amberS: 3,
  allRedS: 2,
  maxGapS: 3,
  detectorM: 30,
  busPriority: false,
  emergencyPreemption: true,
  origin: 'generated',
};

/** Amber from approach speed: reaction 1 s plus v / (2 · 3 m/s²), rounded up (SUMO does likewise). */
export function amberForSpeedS(speedMps: number): number {
  return Math.max(3, Math.ceil(1 + speedMps / 6));
}

/** Stages from geometry: opposite approaches share a stage; protected lefts for wide opposed pairs. */
export function generateStages(net: TrafficNetwork, signal: number, greenS = 30): { approaches: number[]; opposite: Int32Array; stages: Stage[] } {
  const S = net.city.signals;
  const approaches: number[] = [];
  for (let a = S.approachStart[signal]; a < S.approachStart[signal + 1]; a++) if (net.drivable[S.approachLinks[a]]) approaches.push(a);
  const n = approaches.length;
  const heading = approaches.map((a) => net.endHeading[S.approachLinks[a]]);
  const opposite = new Int32Array(n).fill(-1);
  const pairs: { d: number; i: number; j: number }[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    const d = Math.abs(angleBetween(heading[i], heading[j]));
    if (d > (145 * Math.PI) / 180) pairs.push({ d, i, j });
  }
  pairs.sort((x, y) => y.d - x.d);
  for (const p of pairs) if (opposite[p.i] < 0 && opposite[p.j] < 0) {
    opposite[p.i] = p.j;
    opposite[p.j] = p.i;
  }
  const groups: number[][] = [];
  const done = new Uint8Array(n);
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => ((heading[x] + 2 * Math.PI) % Math.PI) - ((heading[y] + 2 * Math.PI) % Math.PI));
  for (const i of order) {
    if (done[i]) continue;
    done[i] = 1;
    const g = [i];
    if (opposite[i] >= 0) {
      done[opposite[i]] = 1;
      g.push(opposite[i]);
    }
    groups.push(g);
  }
  const stages: Stage[] = [];
  const lanes = (i: number) => net.laneStart[S.approachLinks[approaches[i]] + 1] - net.laneStart[S.approachLinks[approaches[i]]];
  for (const g of groups) {
    if (g.length === 2 && (lanes(g[0]) >= 2 || lanes(g[1]) >= 2)) {
      const left = new Uint8Array(n);
      for (const i of g) left[i] = Light.LeftOnly;
      stages.push({ lights: left, greenS: 6, minGreenS: 4, maxGreenS: 15 });
    }
    const lights = new Uint8Array(n);
    for (const i of g) lights[i] = Light.Green;
    stages.push({ lights, greenS, minGreenS: 5, maxGreenS: 50 });
  }
  // A lone pair (a crossing on a straight road) gets a pedestrian stage with every approach red.
  if (groups.length === 1) stages.push({ lights: new Uint8Array(n), greenS: 10, minGreenS: 10, maxGreenS: 10 });
  return { approaches, opposite, stages };
}

/** Rejects a plan where two crossing streams are green together (they are neither opposite nor alike). */
export function checkNoConflicts(net: TrafficNetwork, c: Controller, where: string): void {
  const S = net.city.signals;
  c.stages.forEach((st, k) => {
    for (let i = 0; i < c.approaches.length; i++) for (let j = i + 1; j < c.approaches.length; j++) {
      if (st.lights[i] !== Light.Green || st.lights[j] !== Light.Green) continue;
      const d = Math.abs(angleBetween(net.endHeading[S.approachLinks[c.approaches[i]]], net.endHeading[S.approachLinks[c.approaches[j]]]));
      if (d > (35 * Math.PI) / 180 && d < (145 * Math.PI) / 180)
        throw new SignalPlanError(`${where}: stage ${k + 1} gives green to crossing approaches ${i + 1} and ${j + 1} (conflicting greens)`);
    }
  });
}

/** Webster's optimum cycle and greens for critical flow ratios y (one per stage), lost time L. */
export function webster(y: number[], lostS: number, minGreenS = 7, maxCycleS = 120): { cycleS: number; greensS: number[]; overCapacity: boolean } {
  const Y = y.reduce((a, b) => a + b, 0);
  const overCapacity = Y >= 0.95;
  const c0 = overCapacity ? maxCycleS : (1.5 * lostS + 5) / (1 - Y);
  const cycleS = Math.round(Math.min(maxCycleS, Math.max(40, c0)));
  const effective = cycleS - lostS;
  const greensS = y.map((yi) => Math.max(minGreenS, Y > 0 ? (effective * yi) / Y : effective / y.length));
  return { cycleS, greensS: greensS.map((g) => Math.round(g)), overCapacity };
}

/** Cycle length of a controller: greens plus amber and all-red of every stage. */
export function cycleOf(c: Controller): number {
  return c.stages.reduce((a, s) => a + s.greenS + c.plan.amberS + c.plan.allRedS, 0);
}

function setLights(s: SignalState, c: Controller): void {
  const st = c.stages[c.stage];
  for (let i = 0; i < c.approaches.length; i++) {
    const a = c.approaches[i];
    if (c.phase === Phase.Green) {
      s.light[a] = st.lights[i];
      const o = c.opposite[i];
      s.permissiveLeft[a] = st.lights[i] === Light.Green && o >= 0 && st.lights[o] === Light.Green ? 1 : 0;
    } else {
      s.light[a] = c.phase === Phase.Amber && st.lights[i] !== Light.Red ? Light.Amber : Light.Red;
      s.permissiveLeft[a] = 0;
    }
  }
}

/** Start of stage k's green within the cycle (s). */
function stageStartInCycle(c: Controller, k: number): number {
  let t = 0;
  for (let i = 0; i < k; i++) t += c.stages[i].greenS + c.plan.amberS + c.plan.allRedS;
  return t;
}

/** Green length that brings a fixed plan back to its schedule (recovery after priority), within safety limits. */
function scheduledGreenS(c: Controller, k: number, nowMs: number): number {
  const C = cycleOf(c);
  const st = c.stages[k];
  const endInCycle = stageStartInCycle(c, k) + st.greenS;
  const nowS = nowMs / 1000 - c.plan.offsetS;
  const cycleStart = Math.floor(nowS / C) * C;
  let best = st.greenS;
  let bestErr = Infinity;
  for (const cs of [cycleStart - C, cycleStart, cycleStart + C]) {
    const g = cs + endInCycle - nowS;
    const err = Math.abs(g - st.greenS);
    if (err < bestErr) {
      bestErr = err;
      best = g;
    }
  }
  return Math.min(Math.max(best, st.minGreenS), st.greenS * 2);
}

export function initController(s: SignalState, c: Controller, nowMs: number): void {
  // Fixed plans start where their schedule (cycle and offset, on the epoch's clock) says.
  const C = cycleOf(c);
  const posS = (((nowMs / 1000 - c.plan.offsetS) % C) + C) % C;
  let t = 0;
  c.stage = 0;
  c.phase = Phase.Green;
  for (let k = 0; k < c.stages.length; k++) {
    const g = c.stages[k].greenS;
    const seg = [g, c.plan.amberS, c.plan.allRedS];
    let found = false;
    for (let p = 0; p < 3; p++) {
      if (posS < t + seg[p]) {
        c.stage = k;
        c.phase = p as Phase;
        c.phaseEndMs = nowMs + Math.round((t + seg[p] - posS) * 1000);
        c.greenStartMs = nowMs - Math.round((posS - stageStartInCycle(c, k)) * 1000);
        found = true;
        break;
      }
      t += seg[p];
    }
    if (found) break;
  }
  setLights(s, c);
}

/** Vehicles queued on an approach (set each step by the vehicle phase). */
export interface ApproachDemand {
  count(approachGlobal: number): number;
  downstreamCount(approachGlobal: number): number;
}

function stageHasDemand(c: Controller, k: number, d: ApproachDemand): boolean {
  const st = c.stages[k];
  for (let i = 0; i < c.approaches.length; i++) if (st.lights[i] !== Light.Red && d.count(c.approaches[i]) > 0) return true;
  return false;
}

function pressure(net: TrafficNetwork, c: Controller, k: number, d: ApproachDemand): number {
  const st = c.stages[k];
  let p = 0;
  for (let i = 0; i < c.approaches.length; i++) {
    if (st.lights[i] === Light.Red) continue;
    const a = c.approaches[i];
    const l = net.city.signals.approachLinks[a];
    const lanes = net.laneStart[l + 1] - net.laneStart[l];
    p += (d.count(a) - d.downstreamCount(a)) * lanes * (st.lights[i] === Light.LeftOnly ? 0.3 : 1);
  }
  return p;
}

function stageServes(c: Controller, k: number, local: number): boolean {
  return c.stages[k].lights[local] === Light.Green;
}

function beginGreen(s: SignalState, c: Controller, k: number, nowMs: number, d: ApproachDemand, net: TrafficNetwork): void {
  c.stage = k;
  c.phase = Phase.Green;
  c.greenStartMs = nowMs;
  const st = c.stages[k];
  const g = c.plan.kind === 'fixed' ? scheduledGreenS(c, k, nowMs) : c.plan.kind === 'actuated' ? st.maxGreenS : st.maxGreenS;
  c.phaseEndMs = nowMs + Math.round(g * 1000);
  void d;
  void net;
  setLights(s, c);
  s.switches++;
}

function nextStage(net: TrafficNetwork, c: Controller, d: ApproachDemand): number {
  if (c.jumpTo >= 0) {
    const k = c.jumpTo;
    c.jumpTo = -1;
    return k;
  }
  const K = c.stages.length;
  if (c.plan.kind === 'fixed') return (c.stage + 1) % K;
  if (c.plan.kind === 'max-pressure') {
    let best = (c.stage + 1) % K;
    let bestP = -Infinity;
    for (let j = 1; j <= K; j++) {
      const k = (c.stage + j) % K;
      const p = pressure(net, c, k, d);
      if (p > bestP) {
        bestP = p;
        best = k;
      }
    }
    return best;
  }
  for (let j = 1; j <= K; j++) {
    const k = (c.stage + j) % K;
    if (stageHasDemand(c, k, d)) return k;
  }
  return (c.stage + 1) % K;
}

function endGreen(s: SignalState, c: Controller, nowMs: number): void {
  c.phase = Phase.Amber;
  c.phaseEndMs = nowMs + Math.round(c.plan.amberS * 1000);
  setLights(s, c);
}

/** The signals phase: priority requests, actuation and pressure decisions, then due switches. */
export function advanceSignals(net: TrafficNetwork, s: SignalState, nowMs: number, d: ApproachDemand): void {
  for (const c of s.controllers) {
    const elapsedS = (nowMs - c.greenStartMs) / 1000;
    const st = c.stages[c.stage];
    if (c.priorityApproach >= 0 && c.priorityUntilMs >= nowMs) {
      const a = c.priorityApproach;
      if (c.phase === Phase.Green && stageServes(c, c.stage, a)) {
        // Extend the green while the priority vehicle approaches (bus: at most 15 s beyond the plan).
        const cap = c.greenStartMs + (c.priorityEmergency ? 120_000 : (st.greenS + 15) * 1000);
        if (c.phaseEndMs < nowMs + 2000 && c.phaseEndMs < cap) {
          c.phaseEndMs = Math.min(cap, nowMs + 2000);
          c.priorityServed++;
        }
      } else if (c.jumpTo < 0) {
        let serving = -1;
        for (let k = 0; k < c.stages.length; k++) if (stageServes(c, k, a)) serving = k;
        if (serving >= 0) {
          c.jumpTo = serving;
          c.priorityServed++;
          // Truncate the conflicting green, never below its minimum (safety).
          if (c.phase === Phase.Green) c.phaseEndMs = Math.max(nowMs, c.greenStartMs + st.minGreenS * 1000);
        }
      }
    }
    if (c.phase === Phase.Green && c.plan.kind === 'actuated' && elapsedS >= st.minGreenS) {
      let lastDet = -Infinity;
      for (let i = 0; i < c.approaches.length; i++) if (st.lights[i] !== Light.Red) lastDet = Math.max(lastDet, s.lastDetectionMs[c.approaches[i]]);
      const gapOut = (nowMs - lastDet) / 1000 > c.plan.maxGapS;
      if (gapOut) {
        // Rest in green when nobody waits elsewhere.
        let other = false;
        for (let k = 0; k < c.stages.length && !other; k++) if (k !== c.stage && stageHasDemand(c, k, d)) other = true;
        if (other) c.phaseEndMs = Math.min(c.phaseEndMs, nowMs);
        else c.phaseEndMs = Math.max(c.phaseEndMs, nowMs + 1000);
      }
    }
    if (c.phase === Phase.Green && c.plan.kind === 'max-pressure' && elapsedS >= st.minGreenS) {
      const here = pressure(net, c, c.stage, d);
      let better = false;
      for (let k = 0; k < c.stages.length && !better; k++) if (k !== c.stage && pressure(net, c, k, d) > here) better = true;
      if (better) c.phaseEndMs = Math.min(c.phaseEndMs, nowMs);
      else if (elapsedS < st.maxGreenS) c.phaseEndMs = Math.max(c.phaseEndMs, nowMs + 1000);
    }
    while (c.phaseEndMs <= nowMs) {
      if (c.phase === Phase.Green) endGreen(s, c, c.phaseEndMs);
      else if (c.phase === Phase.Amber) {
        c.phase = Phase.AllRed;
        c.phaseEndMs += Math.round(c.plan.allRedS * 1000);
        setLights(s, c);
      } else beginGreen(s, c, nextStage(net, c, d), c.phaseEndMs, d, net);
    }
  }
}

export function createSignalState(net: TrafficNetwork, controllers: Controller[], nowMs: number): SignalState {
  const A = net.city.signals.approachLinks.length;
  const s: SignalState = {
    controllers,
    light: new Uint8Array(A),
    permissiveLeft: new Uint8Array(A),
    oppositeApproach: new Int32Array(A).fill(-1),
    lastDetectionMs: new Float64Array(A).fill(-Infinity),
    switches: 0,
  };
  for (const c of controllers) {
    c.approaches.forEach((a, i) => (s.oppositeApproach[a] = c.opposite[i] >= 0 ? c.approaches[c.opposite[i]] : -1));
    initController(s, c, nowMs);
  }
  return s;
}

/** A controller with generated stages and the given plan settings. */
export function makeController(net: TrafficNetwork, signal: number, plan: PlanSettings): Controller {
  const g = generateStages(net, signal);
  return {
    signal,
    approaches: g.approaches,
    opposite: g.opposite,
    stages: g.stages,
    plan,
    stage: 0,
    phase: Phase.Green,
    phaseEndMs: 0,
    greenStartMs: 0,
    jumpTo: -1,
    priorityApproach: -1,
    priorityUntilMs: -Infinity,
    priorityEmergency: false,
    priorityServed: 0,
  };
}

/** The local index of a global approach in its controller, or -1. */
export function localApproach(c: Controller, a: number): number {
  return c.approaches.indexOf(a);
}
