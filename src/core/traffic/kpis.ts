// Traffic KPIs from a run: network totals (trips, vehicle-km, travel time, delay, stops, CO₂,
// NOx), per commune, per signalised intersection (control delay, level of service), buses, emergencies.

import { signalExternalId } from '../city/entityIds.ts';
import { VehicleType } from './demand.ts';
import { TripStatus, type TrafficSim } from './trafficSim.ts';
import type { CountSummary } from './countCalibration.ts';
import { localTimeOfDayMs } from '../time/parisTime.ts';

export type Los = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

/** Signalised level of service by control delay (s/veh), DOMAIN.md. */
export function levelOfService(delayS: number): Los {
  if (delayS <= 10) return 'A';
  if (delayS <= 20) return 'B';
  if (delayS <= 35) return 'C';
  if (delayS <= 55) return 'D';
  if (delayS <= 80) return 'E';
  return 'F';
}

export interface TrafficKpis {
  trips: number;
  completedTrips: number;
  /** Completed / trips due in the period (in %). */
  completionPct: number;
  runningAtEnd: number;
  unreachableTrips: number;
  /** Vehicles removed after standing STUCK_TIMEOUT_S in a jam (gridlock resolution), reported not hidden. */
  stuckRemoved: number;
  vehicleKm: number;
  vehicleHours: number;
  meanSpeedKph: number;
  meanTravelTimeS: number;
  /** Mean delay of completed trips (travel time − free-flow time), s. */
  meanDelayS: number;
  /** Delay of completed trips plus that accrued by vehicles still running, vehicle-hours. */
  totalDelayVehH: number;
  /** Delay of the completed trips by local hour of departure (0–23), vehicle-hours: the network's delay through the day. */
  delayByLocalHourVehH: number[];
  stops: number;
  co2Kg: number;
  noxKg: number;
  maxVehiclesInNetwork: number;
  maxQueuedVehicles: number;
  /** Trips waiting to enter a full first lane, mean wait (s). */
  meanInsertionWaitS: number;
  throughputVehPerH: number;
  vehicleUpdates: number;
  bus: { trips: number; completed: number; meanDelayS: number; meanTravelTimeS: number };
  emergency: { runs: number; completed: number; meanResponseS: number; maxResponseS: number };
  signals: { count: number; meanControlDelayS: number; los: Record<Los, number>; signalSwitches: number; priorityServed: number; worst: { id: string; controlDelayS: number; los: Los; maxQueue: number }[] };
  byCommune: { name: string; vehicleKm: number; co2Kg: number; delayVehH: number; trips: number }[];
  /** Streets named by the scenario's signal rules (green waves…): link passages, mean speed, delay. */
  corridors: { name: string; passages: number; meanSpeedKph: number; delayVehH: number }[];
  network: { links: number; lanes: number; zeroLengthLinks: number; reroutes: number };
  /** Traffic counts from feeds that scaled the demand on their roads. */
  counts: CountSummary;
  demand: string;
}

const round = (x: number, d = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : 0);

export function trafficKpis(sim: TrafficSim): TrafficKpis {
  const t = sim.trips;
  const r = sim.results;
  const T = sim.totals;
  let due = 0;
  let done = 0;
  let travel = 0;
  let delay = 0;
  const bus = { trips: 0, completed: 0, delay: 0, travel: 0 };
  const em = { runs: 0, completed: 0, sum: 0, max: 0 };
  const delayByHourS = new Float64Array(24);
  for (let i = 0; i < t.count; i++) {
    // Copies added by traffic counts sit after the scheduled trips: skip, never stop, at a later departure.
    if (t.departMs[i] > sim.timeMs) continue;
    if (r.status[i] === TripStatus.Trivial || r.status[i] === TripStatus.Thinned) continue;
    due++;
    const type = t.type[i];
    if (type === VehicleType.Bus) bus.trips++;
    if (type === VehicleType.Emergency) em.runs++;
    if (r.status[i] !== TripStatus.Done) continue;
    done++;
    travel += r.travelS[i];
    delay += r.delayS[i];
    delayByHourS[Math.floor(localTimeOfDayMs(t.departMs[i]) / 3_600_000) % 24] += r.delayS[i];
    if (type === VehicleType.Bus) {
      bus.completed++;
      bus.delay += r.delayS[i];
      bus.travel += r.travelS[i];
    }
    if (type === VehicleType.Emergency) {
      em.completed++;
      em.sum += r.travelS[i];
      em.max = Math.max(em.max, r.travelS[i]);
    }
  }
  // Delay accrued by vehicles still running: time so far minus the free-flow time of the distance covered.
  let runningDelayS = 0;
  const v = sim.v;
  const net = sim.net;
  for (let i = 0; i < sim.activeCount; i++) {
    const veh = sim.active[i];
    const link = v.link[veh];
    const ff = v.freeFlowS[veh] + v.posM[veh] / net.speedLimitMps[link];
    runningDelayS += Math.max(0, (sim.timeMs - v.departMs[veh]) / 1000 - ff);
  }
  const hours = (sim.timeMs - sim.startMs) / 3_600_000;
  const city = net.city;
  const los: Record<Los, number> = { A: 0, B: 0, C: 0, D: 0, E: 0, F: 0 };
  let sigDelay = 0;
  let sigVeh = 0;
  const per: { id: string; controlDelayS: number; los: Los; maxQueue: number }[] = [];
  for (const c of sim.signals.controllers) {
    const s = c.signal;
    const n = T.signalVehicles[s];
    sigDelay += T.signalDelayS[s];
    sigVeh += n;
    const d = n > 0 ? T.signalDelayS[s] / n : 0;
    const l = levelOfService(d);
    los[l]++;
    per.push({ id: signalExternalId(city, s), controlDelayS: round(d), los: l, maxQueue: T.signalMaxQueue[s] });
  }
  per.sort((a, b) => b.controlDelayS - a.controlDelayS);
  const tripsByCommune = new Float64Array(Math.max(1, city.communes.count));
  for (let i = 0; i < t.count; i++) if (t.departMs[i] <= sim.timeMs && t.originCommune[i] >= 0 && t.originCommune[i] < tripsByCommune.length) tripsByCommune[t.originCommune[i]]++;
  return {
    trips: due,
    completedTrips: done,
    completionPct: due > 0 ? round((100 * done) / due) : 0,
    runningAtEnd: sim.activeCount,
    unreachableTrips: T.unreachable,
    stuckRemoved: T.stuck,
    vehicleKm: round(T.vehicleM / 1000),
    vehicleHours: round(T.vehicleS / 3600),
    meanSpeedKph: T.vehicleS > 0 ? round((T.vehicleM / T.vehicleS) * 3.6) : 0,
    meanTravelTimeS: done > 0 ? round(travel / done) : 0,
    meanDelayS: done > 0 ? round(delay / done) : 0,
    totalDelayVehH: round((delay + runningDelayS) / 3600),
    delayByLocalHourVehH: Array.from(delayByHourS, (d) => round(d / 3600)),
    stops: T.stops,
    co2Kg: round(T.co2Mg / 1e6),
    noxKg: round(T.noxMg / 1e6, 2),
    maxVehiclesInNetwork: T.maxInNetwork,
    maxQueuedVehicles: T.maxQueuedVehicles,
    meanInsertionWaitS: T.inserted > 0 ? round(T.insertionWaitS / T.inserted) : 0,
    throughputVehPerH: hours > 0 ? round(done / hours) : 0,
    vehicleUpdates: T.vehicleUpdates,
    bus: { trips: bus.trips, completed: bus.completed, meanDelayS: bus.completed ? round(bus.delay / bus.completed) : 0, meanTravelTimeS: bus.completed ? round(bus.travel / bus.completed) : 0 },
    emergency: { runs: em.runs, completed: em.completed, meanResponseS: em.completed ? round(em.sum / em.completed) : 0, maxResponseS: round(em.max) },
    signals: {
      count: sim.signals.controllers.length,
      meanControlDelayS: sigVeh > 0 ? round(sigDelay / sigVeh) : 0,
      los,
      signalSwitches: sim.signals.switches,
      priorityServed: sim.signals.controllers.reduce((a, c) => a + c.priorityServed, 0),
      worst: per.slice(0, 5),
    },
    byCommune: Array.from({ length: city.communes.count }, (_, c) => ({
      name: city.communes.name[c],
      vehicleKm: round(T.communeVehicleM[c] / 1000),
      co2Kg: round(T.communeCo2Mg[c] / 1e6),
      delayVehH: round(T.communeDelayS[c] / 3600),
      trips: tripsByCommune[c],
    })),
    corridors: sim.corridors.map((name, c) => ({
      name,
      passages: T.corridorPassages[c],
      meanSpeedKph: T.corridorTimeS[c] > 0 ? round((T.corridorM[c] / T.corridorTimeS[c]) * 3.6) : 0,
      delayVehH: round((T.corridorTimeS[c] - T.corridorFreeFlowS[c]) / 3600),
    })),
    network: { links: net.linkCount, lanes: net.laneCount, zeroLengthLinks: net.zeroLengthLinks, reroutes: sim.reroutes },
    counts: sim.counts.summary(),
    demand: t.source,
  };
}
