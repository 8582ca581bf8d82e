// Runs a cross-check case in the twin's traffic simulation, with the same flows and fixed plans as
// SUMO gets, and measures the same things: trips, travel time, delay, throughput, stop-line passages.

import { advanceTraffic, createTraffic, type SignalOverride, trafficKpis, type TrafficKpis } from '../core/traffic/index.ts';
import { compileNetwork } from '../core/traffic/network.ts';
import { buildRoutingTable } from '../core/traffic/routing.ts';
import type { TrafficSim } from '../core/traffic/trafficSim.ts';
import { TripStatus } from '../core/traffic/trafficSim.ts';
import type { CrossCheckCase } from './crossCheckCase.ts';

export interface TwinRunOptions {
  /** Links whose stop-line passages are recorded, per lane (the run then steps second by second). */
  stopLineLinks?: number[];
  warmupS?: number;
  seed?: number;
  /** Epoch time of the case's time 0 (the twin's signal schedules run on the epoch's clock). */
  startMs?: number;
}

export interface TwinRunResult {
  inserted: number;
  completedTrips: number;
  meanTravelTimeS: number;
  /** Mean delay of completed trips: travel time minus free-flow time along the route. */
  meanDelayS: number;
  /** Mean travel time of each case flow's completed trips (flows with the same ends share theirs). */
  meanTravelTimeByFlowS: number[];
  throughputPerHour: number;
  vehicleUpdates: number;
  maxRunning: number;
  stuckRemoved: number;
  /** Wall time of createTraffic (network, demand, routes) and of the steps (ms). */
  createWallMs: number;
  stepWallMs: number;
  /** CPU time of the steps (ms): fairer than wall time on a shared machine. */
  stepCpuMs: number;
  stopLinePassagesS: Map<number, number[][]>;
  kpis: TrafficKpis;
}

/** A Tuesday at 07:00 UTC, a whole number of minutes: any epoch time works, plans are shifted to it. */
export const CROSS_CHECK_START_MS = Date.UTC(2026, 2, 10, 7, 0, 0);

/** The case's signals as twin overrides: the same stages, amber and all-red; offsets moved onto the epoch clock. */
export function twinSignalOverrides(c: CrossCheckCase, startMs: number): SignalOverride[] {
  return c.signals.map((s) => {
    const signal = c.city.intersections.signal[s.intersection];
    if (signal < 0) throw new Error(`intersection ${s.intersection} has no signal`);
    const p = s.plan;
    // Twin: cycle position (t_epoch − offset) mod C; case: (t − offset) mod C with t = t_epoch − start.
    const offsetS = ((((p.offsetS + startMs / 1000) % p.cycleS) + p.cycleS) % p.cycleS);
    return {
      signal,
      kind: 'fixed',
      offsetS,
      amberS: p.amberS,
      allRedS: p.allRedS,
      stages: p.stages.map((st) => ({ greenApproachLinks: st.approachLinks, greenS: st.greenS })),
      origin: 'cross-check',
    };
  });
}

/** The case with every flow's route fixed to the one the twin drives, so SUMO drives the same links. */
export function withTwinRoutes(c: CrossCheckCase): CrossCheckCase {
  const net = compileNetwork(c.city);
  const zones = [...new Set(c.flows.map((f) => f.toNode))];
  const table = buildRoutingTable(net, zones);
  const flows = c.flows.map((f) => {
    const z = zones.indexOf(f.toNode);
    const route: number[] = [];
    for (let n = f.fromNode; n !== f.toNode; n = c.city.links.toNode[route[route.length - 1]]) {
      const l = table.nextLink[z * net.nodeCount + n];
      if (l < 0 || route.length > net.linkCount) throw new Error(`the twin has no route from node ${f.fromNode} to node ${f.toNode}`);
      route.push(l);
    }
    return { ...f, routeLinks: route };
  });
  return { ...c, flows };
}

function completed(sim: TrafficSim): number {
  let n = 0;
  const status = sim.results.status;
  for (let i = 0; i < status.length; i++) if (status[i] === TripStatus.Done) n++;
  return n;
}

export function runTwin(c: CrossCheckCase, o: TwinRunOptions = {}): TwinRunResult {
  const startMs = o.startMs ?? CROSS_CHECK_START_MS;
  const endMs = startMs + c.durationS * 1000;
  const t0 = performance.now();
  const sim = createTraffic(c.city, {
    seed: o.seed ?? 1,
    startMs,
    endMs,
    stepMs: 1000,
    // Every driver wants the speed limit, as SUMO's IDM run (speedDev 0).
    speedDev: 0,
    demand: { kind: 'flows', flows: c.flows.map((f) => ({ ...f, endS: Math.min(f.endS ?? c.durationS, c.durationS) })) },
    defaultPlan: 'fixed',
    signals: twinSignalOverrides(c, startMs),
    // Routes stay the free-flow ones SUMO was given (no rerouting on congestion).
    rerouteEveryMin: 0,
  });
  const createWallMs = performance.now() - t0;
  const warmupMs = startMs + (o.warmupS ?? 0) * 1000;
  const links = o.stopLineLinks ?? [];
  const passages = new Map<number, number[][]>();
  let stepWallMs = 0;
  let stepCpuUs = 0;
  let doneAtWarmup = 0;
  if (!links.length) {
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    advanceTraffic(sim, warmupMs);
    doneAtWarmup = completed(sim);
    advanceTraffic(sim, endMs);
    const dc = process.cpuUsage(c1);
    stepCpuUs = dc.user + dc.system;
    stepWallMs = performance.now() - t1;
  } else {
    const net = sim.net;
    const watched = new Int32Array(net.linkCount).fill(-1);
    links.forEach((l, i) => {
      watched[l] = i;
      passages.set(l, Array.from({ length: net.laneStart[l + 1] - net.laneStart[l] }, () => []));
    });
    // Vehicles on a watched link before each step: slot, trip, lane, position.
    let before: number[] = [];
    for (let t = startMs; t < endMs; t += 1000) {
      if (t === warmupMs) doneAtWarmup = completed(sim);
      before = [];
      const v = sim.v;
      for (let i = 0; i < sim.activeCount; i++) {
        const veh = sim.active[i];
        if (watched[v.link[veh]] >= 0) before.push(veh, v.trip[veh], v.link[veh], v.lane[veh], v.posM[veh]);
      }
      const t1 = performance.now();
      const c1 = process.cpuUsage();
      advanceTraffic(sim, t + 1000);
      const dc = process.cpuUsage(c1);
      stepCpuUs += dc.user + dc.system;
      stepWallMs += performance.now() - t1;
      const w = sim.v;
      for (let k = 0; k < before.length; k += 5) {
        const [veh, trip, link, lane, pos0] = before.slice(k, k + 5);
        if (w.trip[veh] !== trip || w.link[veh] === link) continue;
        // Crossed the stop line (the link's end) during this step: interpolate the instant.
        const lineM = net.lengthM[link];
        const movedM = net.lengthM[link] - pos0 + w.posM[veh];
        const frac = movedM > 0 ? Math.min(1, Math.max(0, (lineM - pos0) / movedM)) : 1;
        passages.get(link)![lane - net.laneStart[link]].push((t - startMs) / 1000 + frac);
      }
    }
    for (const lanes of passages.values()) for (const list of lanes) list.sort((a, b) => a - b);
  }
  const kpis = trafficKpis(sim);
  // Trips keep their origin and destination zone: flows are told apart by their two ends.
  const flowKey = (from: number, to: number) => `${from}>${to}`;
  const sum = new Map<string, [number, number]>();
  const { originNode, destZone, zoneNodes } = sim.trips;
  for (let i = 0; i < sim.trips.count; i++) {
    if (sim.results.status[i] !== TripStatus.Done) continue;
    const key = flowKey(originNode[i], zoneNodes[destZone[i]]);
    const acc = sum.get(key) ?? [0, 0];
    acc[0] += sim.results.travelS[i];
    acc[1]++;
    sum.set(key, acc);
  }
  const meanTravelTimeByFlowS = c.flows.map((f) => {
    const acc = sum.get(flowKey(f.fromNode, f.toNode));
    return acc ? acc[0] / acc[1] : NaN;
  });
  return {
    inserted: sim.totals.inserted,
    completedTrips: kpis.completedTrips,
    meanTravelTimeS: kpis.meanTravelTimeS,
    meanDelayS: kpis.meanDelayS,
    meanTravelTimeByFlowS,
    throughputPerHour: ((completed(sim) - doneAtWarmup) / Math.max(1, c.durationS - (o.warmupS ?? 0))) * 3600,
    vehicleUpdates: sim.totals.vehicleUpdates,
    maxRunning: sim.totals.maxInNetwork,
    stuckRemoved: sim.totals.stuck,
    createWallMs,
    stepWallMs,
    stepCpuMs: stepCpuUs / 1000,
    stopLinePassagesS: passages,
    kpis,
  };
}
