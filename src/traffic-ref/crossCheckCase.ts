// What one cross-check run is made of, shared by the twin side and the SUMO side: a city, flows
// between nodes, fixed-time signal plans and the vehicle parameters, plus route finding on the city.

import type { CityModel } from '../core/city/model.ts';

export interface FlowSpec {
  fromNode: number;
  toNode: number;
  vehPerHour: number;
  beginS?: number;
  endS?: number;
  vehicleType?: 'car' | 'bus';
  /** The links driven, when fixed (SUMO is given the twin's routes); otherwise the fastest route. */
  routeLinks?: number[];
}

export interface FixedStage {
  /** Links whose traffic has green in this stage. */
  approachLinks: number[];
  greenS: number;
}

/** A fixed-time plan: every stage runs green, then amber, then all-red; the cycle is their sum. */
export interface FixedPlan {
  type: 'fixed';
  cycleS: number;
  /** Start of stage 0's green in the cycle: the cycle position at time t is (t − offsetS) mod cycleS. */
  offsetS: number;
  stages: FixedStage[];
  amberS: number;
  allRedS: number;
}

export interface SignalSpec {
  /** Index into city.intersections. */
  intersection: number;
  plan: FixedPlan;
}

/** One vehicle type's car-following parameters (IDM) and length. */
export interface VehicleSpec {
  accelMps2: number;
  decelMps2: number;
  timeHeadwayS: number;
  minGapM: number;
  delta: number;
  lengthM: number;
}

export interface CrossCheckCase {
  name: string;
  city: CityModel;
  /** Simulated span from time 0 (s); flows end at their endS or here. */
  durationS: number;
  flows: FlowSpec[];
  signals: SignalSpec[];
  vehicles: { car: VehicleSpec; bus: VehicleSpec };
}

/** A two-stage plan (stage 0 then stage 1), its cycle derived from the greens and intergreens. */
export function twoStagePlan(stage0Links: number[], stage1Links: number[], green0S: number, green1S: number, o: { offsetS?: number; amberS?: number; allRedS?: number } = {}): FixedPlan {
  const amberS = o.amberS ?? 3;
  const allRedS = o.allRedS ?? 2;
  return {
    type: 'fixed',
    cycleS: green0S + green1S + 2 * (amberS + allRedS),
    offsetS: o.offsetS ?? 0,
    stages: [
      { approachLinks: stage0Links, greenS: green0S },
      { approachLinks: stage1Links, greenS: green1S },
    ],
    amberS,
    allRedS,
  };
}

/** The green windows [start, end) of a plan's stage within [0, durationS), in seconds. */
export function greenWindows(plan: FixedPlan, stage: number, durationS: number): [number, number][] {
  let startInCycle = 0;
  for (let s = 0; s < stage; s++) startInCycle += plan.stages[s].greenS + plan.amberS + plan.allRedS;
  const out: [number, number][] = [];
  const first = plan.offsetS + startInCycle - Math.ceil((plan.offsetS + startInCycle) / plan.cycleS) * plan.cycleS;
  for (let t = first; t < durationS; t += plan.cycleS) {
    const a = t;
    const b = t + plan.stages[stage].greenS;
    if (b > 0) out.push([Math.max(0, a), Math.min(durationS, b)]);
  }
  return out;
}

/**
 * The fastest route (free-flow time, length / speed limit) from one node to another as link indices,
 * ties broken by the lower link index so every run finds the same one. Throws when there is none.
 */
export function fastestRoute(city: CityModel, fromNode: number, toNode: number): number[] {
  const { count, fromNode: lf, toNode: lt, lengthM, speedLimitKph } = city.links;
  const out: number[][] = Array.from({ length: city.nodes.count }, () => []);
  for (let l = 0; l < count; l++) out[lf[l]].push(l);
  const costS = new Float64Array(city.nodes.count).fill(Infinity);
  const via = new Int32Array(city.nodes.count).fill(-1);
  const done = new Uint8Array(city.nodes.count);
  costS[fromNode] = 0;
  // The test networks are small: a linear scan for the next node is enough and keeps it simple.
  for (;;) {
    let u = -1;
    for (let n = 0; n < costS.length; n++) if (!done[n] && costS[n] < Infinity && (u < 0 || costS[n] < costS[u])) u = n;
    if (u < 0 || u === toNode) break;
    done[u] = 1;
    for (const l of out[u]) {
      const c = costS[u] + lengthM[l] / (speedLimitKph[l] / 3.6);
      if (c < costS[lt[l]] - 1e-9) {
        costS[lt[l]] = c;
        via[lt[l]] = l;
      }
    }
  }
  if (costS[toNode] === Infinity) throw new Error(`no route from node ${fromNode} to node ${toNode}`);
  const route: number[] = [];
  for (let n = toNode; n !== fromNode; n = lf[via[n]]) route.push(via[n]);
  return route.reverse();
}
