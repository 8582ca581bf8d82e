// Traffic as a library: createTraffic() compiles network, demand, routes and signal plans for a
// period; advanceTraffic() steps it; trafficKpis() summarises it. Pure, seeded, deterministic.

import type { CityModel } from '../city/model.ts';
import { compileNetwork, type TrafficNetwork } from './network.ts';
import { buildRoutingTable, type RoutingTable } from './routing.ts';
import { DEFAULT_METROPOLE_DEMAND, flowTrips, metropoleTrips, type DemandSpec, type Trips } from './demand.ts';
import {
  DEFAULT_PLAN,
  Light,
  SignalPlanError,
  amberForSpeedS,
  checkNoConflicts,
  createSignalState,
  cycleOf,
  makeController,
  webster,
  type Controller,
  type PlanKind,
  type PlanSettings,
} from './signals.ts';
import { advanceTrafficTo, createTrafficSim, type TrafficSim } from './trafficSim.ts';
import { assignFreeFlow, type Assignment } from './assignment.ts';
import { signalExternalId } from '../city/entityIds.ts';

export { trafficKpis, type TrafficKpis } from './kpis.ts';
export type { TrafficSim } from './trafficSim.ts';
export { TrafficFrameWriter, trafficFrameOver, type TrafficFrame, type TrafficFrameLayout } from './frames.ts';
export type { DemandSpec, FlowSpec } from './demand.ts';

export interface StageSpec {
  /** Approach links (link indices) green in this stage. */
  greenApproachLinks: number[];
  /** Approach links green for left turns only (protected left). */
  leftOnlyApproachLinks?: number[];
  greenS: number;
  minGreenS?: number;
  maxGreenS?: number;
}

/** A plan for one signalised intersection; what is not given comes from the generated plan. */
export interface SignalOverride {
  signal: number;
  kind?: PlanKind | 'webster';
  cycleS?: number;
  offsetS?: number;
  amberS?: number;
  allRedS?: number;
  maxGapS?: number;
  stages?: StageSpec[];
  busPriority?: boolean;
  emergencyPreemption?: boolean;
  origin?: string;
  /** When set, offsetS is when the stage serving this approach link turns green (green waves). */
  syncApproachLink?: number;
}

export interface TrafficOptions {
  seed: number;
  startMs: number;
  endMs: number;
  stepMs: number;
  speedDev: number;
  /** Rerouting on congestion every this many minutes (0: free-flow routes throughout). */
  rerouteEveryMin: number;
  demand: DemandSpec;
  /** Plan of every signal no override names: Webster fixed time from the demand (default), or another controller. */
  defaultPlan: PlanKind | 'webster';
  busPriority: boolean;
  signals: SignalOverride[];
  /** Streets whose travel time and delay are reported on their own (corridor KPIs). */
  corridors: string[];
}

export const DEFAULT_TRAFFIC_OPTIONS: Omit<TrafficOptions, 'seed' | 'startMs' | 'endMs'> = {
  stepMs: 1000,
  speedDev: 0.1,
  rerouteEveryMin: 15,
  demand: DEFAULT_METROPOLE_DEMAND,
  defaultPlan: 'webster',
  busPriority: false,
  signals: [],
  corridors: [],
};

export interface TrafficSetup {
  net: TrafficNetwork;
  trips: Trips;
  routes: RoutingTable;
  assignment: Assignment;
}

/** Network, trips, routes and the free-flow assignment: the parts of a run that do not depend on signal plans. */
export function prepareTraffic(city: CityModel, o: Pick<TrafficOptions, 'seed' | 'startMs' | 'endMs' | 'demand'>): TrafficSetup {
  const net = compileNetwork(city);
  const trips = o.demand.kind === 'flows' ? flowTrips(o.demand, o.startMs, o.endMs) : metropoleTrips(net, o.demand, o.startMs, o.endMs, o.seed);
  const routes = buildRoutingTable(net, trips.zoneNodes);
  const assignment = assignFreeFlow(net, routes, trips);
  return { net, trips, routes, assignment };
}

/** Saturation flow (veh/h) of one lane (DOMAIN: ≈ 1,800, a 2 s headway). */
export const SATURATION_VEH_PER_H_PER_LANE = 1800;

/** Webster timings for a controller from the peak-hour flows of the assignment. */
export function websterPlan(net: TrafficNetwork, c: Controller, assignment: Assignment): { cycleS: number; greensS: number[]; overCapacity: boolean } {
  const S = net.city.signals;
  const flow = c.approaches.map((a) => assignment.peakHourVeh(S.approachLinks[a]));
  const y = c.stages.map((st) => {
    let worst = 0;
    st.lights.forEach((light, i) => {
      if (light !== Light.Green && light !== Light.LeftOnly) return;
      const l = S.approachLinks[c.approaches[i]];
      const lanes = net.laneStart[l + 1] - net.laneStart[l];
      const share = light === Light.LeftOnly ? 0.2 : 1;
      worst = Math.max(worst, (flow[i] * share) / (SATURATION_VEH_PER_H_PER_LANE * lanes));
    });
    return worst;
  });
  const lostS = c.stages.length * 4;
  return webster(y, lostS);
}

/** The fastest approach's speed limit: what the amber time is set from. */
export function approachSpeedMps(net: TrafficNetwork, c: Controller): number {
  let v = 0;
  for (const a of c.approaches) v = Math.max(v, net.speedLimitMps[net.city.signals.approachLinks[a]]);
  return v;
}

export function buildControllers(setup: TrafficSetup, o: Pick<TrafficOptions, 'defaultPlan' | 'busPriority' | 'signals'>): Controller[] {
  const { net, assignment } = setup;
  const overrides = new Map<number, SignalOverride>();
  for (const s of o.signals) {
    if (!(s.signal >= 0 && s.signal < net.city.signals.count)) throw new SignalPlanError(`signal plan: no signal ${s.signal} in this city (it has ${net.city.signals.count})`);
    overrides.set(s.signal, s);
  }
  const controllers: Controller[] = [];
  for (let s = 0; s < net.city.signals.count; s++) {
    const ov = overrides.get(s);
    const kind = ov?.kind ?? o.defaultPlan;
    const plan: PlanSettings = {
      ...DEFAULT_PLAN,
      kind: kind === 'webster' ? 'fixed' : kind,
      busPriority: ov?.busPriority ?? o.busPriority,
      emergencyPreemption: ov?.emergencyPreemption ?? true,
      origin: ov?.origin ?? (kind === 'webster' ? 'webster' : kind),
    };
    const c = makeController(net, s, plan);
    if (c.approaches.length === 0) continue;
    plan.amberS = ov?.amberS ?? amberForSpeedS(approachSpeedMps(net, c));
    plan.allRedS = ov?.allRedS ?? 2;
    if (ov?.maxGapS !== undefined) plan.maxGapS = ov.maxGapS;
    const where = `signal ${signalExternalId(net.city, s)}`;
    if (ov?.stages) {
      c.stages = ov.stages.map((st, k) => {
        const lights = new Uint8Array(c.approaches.length);
        const put = (links: number[], light: Light) => {
          for (const l of links) {
            const i = c.approaches.findIndex((a) => net.city.signals.approachLinks[a] === l);
            if (i < 0) throw new SignalPlanError(`${where}: stage ${k + 1} names link ${l}, which does not approach this intersection`);
            lights[i] = light;
          }
        };
        put(st.greenApproachLinks, Light.Green);
        put(st.leftOnlyApproachLinks ?? [], Light.LeftOnly);
        if (!(st.greenS > 0 && Number.isFinite(st.greenS))) throw new SignalPlanError(`${where}: stage ${k + 1} needs a positive greenS`);
        return { lights, greenS: st.greenS, minGreenS: st.minGreenS ?? Math.min(5, st.greenS), maxGreenS: st.maxGreenS ?? Math.max(50, st.greenS) };
      });
      if (c.stages.length === 0) throw new SignalPlanError(`${where}: a plan needs at least one stage`);
    } else if (kind === 'webster') {
      const w = websterPlan(net, c, assignment);
      c.stages.forEach((st, k) => {
        if (st.lights.some((l) => l !== Light.Red)) st.greenS = Math.max(st.minGreenS, w.greensS[k]);
      });
    }
    checkNoConflicts(net, c, where);
    if (ov?.cycleS !== undefined) {
      // Stretch or shrink greens so the cycle matches (common cycle of a green wave).
      const fixedS = c.stages.length * (plan.amberS + plan.allRedS);
      const greens = c.stages.reduce((a, st) => a + st.greenS, 0);
      const target = ov.cycleS - fixedS;
      if (target < c.stages.length * 4) throw new SignalPlanError(`${where}: cycle ${ov.cycleS} s is too short for ${c.stages.length} stages with amber and all-red`);
      for (const st of c.stages) st.greenS = Math.max(st.minGreenS, (st.greenS * target) / greens);
    }
    plan.cycleS = cycleOf(c);
    plan.offsetS = ov?.offsetS ?? 0;
    if (ov?.syncApproachLink !== undefined) {
      const i = c.approaches.findIndex((a) => net.city.signals.approachLinks[a] === ov.syncApproachLink);
      const k = i < 0 ? -1 : c.stages.findIndex((st) => st.lights[i] === Light.Green);
      if (k > 0) plan.offsetS -= c.stages.slice(0, k).reduce((a, st) => a + st.greenS + plan.amberS + plan.allRedS, 0);
      plan.offsetS = ((plan.offsetS % plan.cycleS) + plan.cycleS) % plan.cycleS;
    }
    controllers.push(c);
  }
  return controllers;
}

export function createTraffic(city: CityModel, options: Partial<TrafficOptions> & Pick<TrafficOptions, 'seed' | 'startMs' | 'endMs'>, setup?: TrafficSetup): TrafficSim {
  const o: TrafficOptions = { ...DEFAULT_TRAFFIC_OPTIONS, ...options };
  if (!(o.stepMs >= 100 && o.stepMs <= 5000 && Number.isInteger(o.stepMs))) throw new Error(`traffic step must be an integer from 100 to 5000 ms, got ${o.stepMs}`);
  const s = setup ?? prepareTraffic(city, o);
  const controllers = buildControllers(s, o);
  const signals = createSignalState(s.net, controllers, o.startMs);
  const corridors = o.corridors.map((name) => {
    const links: number[] = [];
    for (let l = 0; l < city.links.count; l++) if (city.links.name[l] >= 0 && city.strings[city.links.name[l]] === name && s.net.drivable[l]) links.push(l);
    return { name, links };
  });
  const sim = createTrafficSim(s.net, s.routes, s.trips, signals, { stepMs: o.stepMs, speedDev: o.speedDev, rerouteEveryMs: Math.round(o.rerouteEveryMin * 60_000) }, o.startMs, o.seed, corridors, s.assignment);
  return sim;
}

/**
 * Switches every controller to the plans of `o` at the run's current time (an operator's plan
 * switch): vehicles, queues, detector times and totals carry on; each controller starts its new plan.
 */
export function switchSignalPlans(sim: TrafficSim, setup: TrafficSetup, o: Pick<TrafficOptions, 'defaultPlan' | 'busPriority' | 'signals'>): void {
  const controllers = buildControllers(setup, o);
  const next = createSignalState(setup.net, controllers, sim.timeMs);
  next.lastDetectionMs.set(sim.signals.lastDetectionMs);
  next.switches = sim.signals.switches;
  sim.signals = next;
  sim.controllerOfSignal.fill(null);
  for (const c of controllers) {
    sim.controllerOfSignal[c.signal] = c;
    c.approaches.forEach((a, i) => (sim.localOfApproach[a] = i));
  }
}

export function advanceTraffic(sim: TrafficSim, toMs: number): void {
  advanceTrafficTo(sim, toMs);
}
