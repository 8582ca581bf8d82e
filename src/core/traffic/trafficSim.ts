// The traffic simulation: vehicles as struct-of-arrays on lanes, stepped at a fixed dt with the
// order signals → insertion → vehicles (plan every acceleration, then commit every move) → KPIs.

import type { TrafficNetwork } from './network.ts';
import { Turn, turnOf } from './network.ts';
import { rebuildRoutes, type RoutingTable } from './routing.ts';
import { CountCalibration } from './countCalibration.ts';
import type { Assignment } from './assignment.ts';
import { VehicleType, type Trips } from './demand.ts';
import { EMISSIONS, MAX_DECEL_MPS2, VEHICLE_PARAMS, type IdmParams } from './idm.ts';
import { Light, advanceSignals, type ApproachDemand, type Controller, type SignalState } from './signals.ts';
import { Rng } from '../rng.ts';
import { localTimeOfDayMs, EUROPE_PARIS } from '../time/parisTime.ts';

// Module-level copies of the per-type tables: the hot loops index small arrays, not records.
const PARAMS: IdmParams[] = [VEHICLE_PARAMS[VehicleType.Car], VEHICLE_PARAMS[VehicleType.Bus], VEHICLE_PARAMS[VehicleType.Emergency]];
const LEN = Float64Array.from(PARAMS, (p) => p.lengthM);
const CO2C = [EMISSIONS[VehicleType.Car].co2, EMISSIONS[VehicleType.Bus].co2, EMISSIONS[VehicleType.Emergency].co2].map((c) => Float64Array.from(c));
const NOXC = [EMISSIONS[VehicleType.Car].nox, EMISSIONS[VehicleType.Bus].nox, EMISSIONS[VehicleType.Emergency].nox].map((c) => Float64Array.from(c));
const MAX_DECEL = MAX_DECEL_MPS2;

/** idmAccel (idm.ts) for δ = 4, written out for the hot loop; a test checks both agree. */
export function idm(p: IdmParams, v: number, v0: number, gapM: number, dv: number): number {
  const r = v / v0;
  const r2 = r * r;
  const free = p.delta === 4 ? 1 - r2 * r2 : 1 - Math.pow(r, p.delta);
  if (gapM === Infinity) return p.accelMps2 * free;
  const dyn = v * p.timeHeadwayS + (v * dv) / (2 * Math.sqrt(p.accelMps2 * p.decelMps2));
  const sStar = p.minGapM + (dyn > 0 ? dyn : 0);
  const q = sStar / (gapM > 0.01 ? gapM : 0.01);
  return p.accelMps2 * (free - q * q);
}

function emit(c: Float64Array, v: number, a: number): number {
  const e = (c[0] + c[1] * a * v + c[2] * a * a * v + c[3] * v + c[4] * v * v + c[5] * v * v * v) / 3.6;
  return e > 0 ? e : 0;
}

export enum TripStatus {
  Pending = 0,
  Running = 1,
  Done = 2,
  Unreachable = 3,
  /** Removed after standing still too long in a jam (gridlock resolution); not teleported. */
  Stuck = 4,
  /** Origin and destination are the same node: no travel. */
  Trivial = 5,
  /** Not made: traffic counts on its route said the demand there is lower. */
  Thinned = 6,
}

/** Time a vehicle may stand still at the head of its lane, waiting for room downstream, before it is removed. */
export const STUCK_TIMEOUT_S = 300;
/** Critical gaps (s) for give-way decisions. */
const CRITICAL_GAP_MINOR_S = 4.5;
const CRITICAL_GAP_LEFT_S = 4.0;
const CRITICAL_GAP_RIGHT_PRIORITY_S = 3.0;
/** A vehicle waiting this long at a give-way line goes when the junction has been clear for 2 s (breaks circular waits). */
const COURTESY_WAIT_S = 10;
/** Turning speed through a junction (m/s). */
const TURN_SPEED_MPS = 7;
/** Comfortable deceleration for the amber decision (m/s²). */
const AMBER_DECEL_MPS2 = 3.5;

export interface TrafficParams {
  stepMs: number;
  /** Routes are recomputed from measured link times this often (0: never; free-flow routes). */
  rerouteEveryMs: number;
  /** Spread of desired speed around the limit (SUMO's default speedDev 0.1). */
  speedDev: number;
}

export interface Vehicles {
  capacity: number;
  trip: Int32Array;
  type: Uint8Array;
  link: Int32Array;
  lane: Int32Array;
  posM: Float64Array;
  prevPosM: Float64Array;
  speedMps: Float64Array;
  accelMps2: Float64Array;
  v0Factor: Float64Array;
  ahead: Int32Array;
  behind: Int32Array;
  /** Desired speed on the current link (m/s), set on entering it; vehicle length (m); turn at the link's end. */
  v0Mps: Float64Array;
  lenM: Float64Array;
  turnNext: Uint8Array;
  /** The leader when accelerations were planned this step (-1: head of its lane). */
  planLead: Int32Array;
  nextLink: Int32Array;
  targetLane: Int32Array;
  canGo: Uint8Array;
  departMs: Float64Array;
  linkEnterMs: Float64Array;
  freeFlowS: Float64Array;
  distM: Float64Array;
  stops: Uint16Array;
  waitS: Float64Array;
  /** Continuous standing time at the head of a lane (s). */
  headWaitS: Float64Array;
}

function allocVehicles(capacity: number, from?: Vehicles): Vehicles {
  const mk = <T extends Int32Array | Float64Array | Uint8Array | Uint16Array>(C: new (n: number) => T, key: keyof Vehicles): T => {
    const a = new C(capacity);
    if (from) a.set(from[key] as unknown as ArrayLike<number>);
    return a;
  };
  return {
    capacity,
    trip: mk(Int32Array, 'trip'),
    type: mk(Uint8Array, 'type'),
    link: mk(Int32Array, 'link'),
    lane: mk(Int32Array, 'lane'),
    posM: mk(Float64Array, 'posM'),
    prevPosM: mk(Float64Array, 'prevPosM'),
    speedMps: mk(Float64Array, 'speedMps'),
    accelMps2: mk(Float64Array, 'accelMps2'),
    v0Factor: mk(Float64Array, 'v0Factor'),
    ahead: mk(Int32Array, 'ahead'),
    behind: mk(Int32Array, 'behind'),
    planLead: mk(Int32Array, 'planLead'),
    v0Mps: mk(Float64Array, 'v0Mps'),
    lenM: mk(Float64Array, 'lenM'),
    turnNext: mk(Uint8Array, 'turnNext'),
    nextLink: mk(Int32Array, 'nextLink'),
    targetLane: mk(Int32Array, 'targetLane'),
    canGo: mk(Uint8Array, 'canGo'),
    departMs: mk(Float64Array, 'departMs'),
    linkEnterMs: mk(Float64Array, 'linkEnterMs'),
    freeFlowS: mk(Float64Array, 'freeFlowS'),
    distM: mk(Float64Array, 'distM'),
    stops: mk(Uint16Array, 'stops'),
    waitS: mk(Float64Array, 'waitS'),
    headWaitS: mk(Float64Array, 'headWaitS'),
  };
}

export interface TripResults {
  status: Uint8Array;
  travelS: Float32Array;
  delayS: Float32Array;
  distM: Float32Array;
  stops: Uint16Array;
}

/** Running totals for the KPIs; per commune arrays are indexed by the link's commune. */
export interface TrafficTotals {
  vehicleUpdates: number;
  vehicleM: number;
  vehicleS: number;
  co2Mg: number;
  noxMg: number;
  stops: number;
  maxInNetwork: number;
  maxQueuedVehicles: number;
  inserted: number;
  unreachable: number;
  stuck: number;
  insertionWaitS: number;
  communeVehicleM: Float64Array;
  communeCo2Mg: Float64Array;
  communeDelayS: Float64Array;
  /** Per signal: Σ control delay (s) and vehicles that crossed it. */
  signalDelayS: Float64Array;
  signalVehicles: Uint32Array;
  signalMaxQueue: Uint16Array;
  /** Link entries per local hour (0–23) and road class: volumes that drive adaptive lighting. */
  classHourEntries: Float64Array;
  /** Per corridor: links driven, seconds spent, free-flow seconds, metres. */
  corridorPassages: Float64Array;
  corridorTimeS: Float64Array;
  corridorFreeFlowS: Float64Array;
  corridorM: Float64Array;
  /** Per link over the whole run: vehicles that drove it to its end and the seconds they spent on it. */
  linkPassages: Uint32Array;
  linkTravelS: Float64Array;
}

export interface TrafficSim {
  net: TrafficNetwork;
  routes: RoutingTable;
  trips: Trips;
  results: TripResults;
  signals: SignalState;
  controllerOfSignal: (Controller | null)[];
  localOfApproach: Int32Array;
  params: TrafficParams;
  v: Vehicles;
  /** A second set of columns of the same capacity, swapped with `v` when slots are renumbered. */
  spare: Vehicles | null;
  active: Int32Array;
  activeCount: number;
  freeSlots: number[];
  laneHead: Int32Array;
  laneTail: Int32Array;
  linkVehicles: Uint16Array;
  nodeLastCrossMs: Float64Array;
  nextTrip: number;
  /** Trips due but not yet inserted (their first lane was full). */
  waiting: number[];
  timeMs: number;
  startMs: number;
  rng: Rng;
  totals: TrafficTotals;
  /** Links whose vehicle passages are recorded as presence detections (for dim-up lighting). */
  presenceMask: Uint8Array | null;
  presence: Map<number, number[]>;
  /** Traffic counts scaling the demand on their roads; the trips scheduled at the start (sorted), then copies the counts added. */
  counts: CountCalibration;
  scheduledTrips: number;
  tripsOwned: boolean;
  /** Named corridors (a street the scenario's signal rules name) and the corridor of each link (-1: none). */
  corridors: string[];
  corridorOfLink: Int16Array;
  /** Local hour (0–23) of the current step. */
  localHour: number;
  /** Vehicles that entered each link, and the traversal times measured since the last reroute. */
  linkEntries: Uint32Array;
  linkTimeSumS: Float64Array;
  linkTimeCount: Uint32Array;
  /** Travel-time estimate per link (s) used by rerouting: an average of measured and free-flow. */
  linkTimeS: Float64Array;
  /** Rerouting period (ms; 0: routes stay at free flow) and the next time it is due. */
  rerouteEveryMs: number;
  nextRerouteMs: number;
  reroutes: number;
}

export interface Corridor {
  name: string;
  links: number[];
}

export function createTrafficSim(net: TrafficNetwork, routes: RoutingTable, trips: Trips, signals: SignalState, params: TrafficParams, startMs: number, seed: number, corridors: Corridor[] = [], assignment: Assignment | null = null): TrafficSim {
  const controllerOfSignal: (Controller | null)[] = Array.from({ length: net.city.signals.count }, () => null);
  const localOfApproach = new Int32Array(net.city.signals.approachLinks.length).fill(-1);
  for (const c of signals.controllers) {
    controllerOfSignal[c.signal] = c;
    c.approaches.forEach((a, i) => (localOfApproach[a] = i));
  }
  const C = Math.max(1, net.city.communes.count);
  return {
    net,
    // Rerouting rewrites the tables: each run owns its copy, so runs sharing a setup stay independent.
    routes: params.rerouteEveryMs > 0 ? { zoneNodes: routes.zoneNodes, nextLink: routes.nextLink.slice(), costS: routes.costS.slice() } : routes,
    trips,
    results: {
      status: new Uint8Array(trips.count),
      travelS: new Float32Array(trips.count).fill(NaN),
      delayS: new Float32Array(trips.count).fill(NaN),
      distM: new Float32Array(trips.count),
      stops: new Uint16Array(trips.count),
    },
    signals,
    controllerOfSignal,
    localOfApproach,
    params,
    v: allocVehicles(1024),
    spare: null,
    active: new Int32Array(1024),
    activeCount: 0,
    freeSlots: [],
    laneHead: new Int32Array(net.laneCount).fill(-1),
    laneTail: new Int32Array(net.laneCount).fill(-1),
    linkVehicles: new Uint16Array(net.linkCount),
    nodeLastCrossMs: new Float64Array(net.nodeCount).fill(-Infinity),
    nextTrip: 0,
    waiting: [],
    timeMs: startMs,
    startMs,
    rng: new Rng(seed).fork('vehicles'),
    totals: {
      vehicleUpdates: 0,
      vehicleM: 0,
      vehicleS: 0,
      co2Mg: 0,
      noxMg: 0,
      stops: 0,
      maxInNetwork: 0,
      maxQueuedVehicles: 0,
      inserted: 0,
      unreachable: 0,
      stuck: 0,
      insertionWaitS: 0,
      communeVehicleM: new Float64Array(C),
      communeCo2Mg: new Float64Array(C),
      communeDelayS: new Float64Array(C),
      signalDelayS: new Float64Array(net.city.signals.count),
      signalVehicles: new Uint32Array(net.city.signals.count),
      signalMaxQueue: new Uint16Array(net.city.signals.count),
      classHourEntries: new Float64Array(24 * 9),
      corridorPassages: new Float64Array(corridors.length),
      corridorTimeS: new Float64Array(corridors.length),
      corridorFreeFlowS: new Float64Array(corridors.length),
      corridorM: new Float64Array(corridors.length),
      linkPassages: new Uint32Array(net.linkCount),
      linkTravelS: new Float64Array(net.linkCount),
    },
    counts: new CountCalibration(assignment ?? { hourly: new Float32Array(net.linkCount * 24), days: 1, classHour: new Float64Array(24 * 9), peakHourVeh: () => 0 }, net.linkCount, net.city.links.reverse),
    scheduledTrips: trips.count,
    tripsOwned: false,
    corridors: corridors.map((c) => c.name),
    corridorOfLink: (() => {
      const m = new Int16Array(net.linkCount).fill(-1);
      corridors.forEach((c, k) => c.links.forEach((l) => (m[l] = k)));
      return m;
    })(),
    presenceMask: null,
    presence: new Map(),
    localHour: Math.floor(localTimeOfDayMs(startMs, EUROPE_PARIS) / 3_600_000) % 24,
    linkEntries: new Uint32Array(net.linkCount),
    linkTimeSumS: new Float64Array(net.linkCount),
    linkTimeCount: new Uint32Array(net.linkCount),
    linkTimeS: Float64Array.from(net.freeFlowS),
    rerouteEveryMs: params.rerouteEveryMs,
    nextRerouteMs: startMs + params.rerouteEveryMs,
    reroutes: 0,
  };
}

// ---- lanes ----------------------------------------------------------------------------------

function laneRemoveHead(sim: TrafficSim, veh: number): void {
  const v = sim.v;
  const lane = v.lane[veh];
  const b = v.behind[veh];
  sim.laneHead[lane] = b;
  if (b >= 0) v.ahead[b] = -1;
  else sim.laneTail[lane] = -1;
  sim.linkVehicles[v.link[veh]]--;
}

function laneAppend(sim: TrafficSim, veh: number, lane: number): void {
  const v = sim.v;
  const tail = sim.laneTail[lane];
  v.lane[veh] = lane;
  v.ahead[veh] = tail;
  v.behind[veh] = -1;
  if (tail >= 0) v.behind[tail] = veh;
  else sim.laneHead[lane] = veh;
  sim.laneTail[lane] = veh;
  sim.linkVehicles[sim.net.laneLink[lane]]++;
}

/** Next link from node n towards the vehicle's destination, or -1 on arrival. */
function routeNext(sim: TrafficSim, destZone: number, node: number): number {
  if (sim.routes.zoneNodes[destZone] === node) return -1;
  return sim.routes.nextLink[destZone * sim.net.nodeCount + node];
}

/**
 * The lane of `link` for a vehicle whose next move at the link's end is `after` (-1: it arrives),
 * coming from lane offset `fromOffset` (-1: inserted): turns take the outer lanes; going straight,
 * a vehicle keeps its lane when there is room, otherwise takes the lane with the most room.
 */
function chooseLane(sim: TrafficSim, link: number, after: number, fromOffset = -1): number {
  const net = sim.net;
  const a = net.laneStart[link];
  const n = net.laneStart[link + 1] - a;
  if (n === 1) return a;
  const t = after < 0 ? Turn.Straight : turnOf(net, link, after);
  if (t === Turn.Right) return a;
  if (t === Turn.Left || t === Turn.UTurn) return a + n - 1;
  if (fromOffset >= 0) {
    const keep = a + Math.min(fromOffset, n - 1);
    if (laneRoom(sim, keep) >= 20) return keep;
  }
  let best = a;
  let bestRoom = -Infinity;
  for (let k = a; k < a + n; k++) {
    const room = laneRoom(sim, k);
    if (room > bestRoom) {
      bestRoom = room;
      best = k;
    }
  }
  return best;
}

/** Free length at the back of a lane (m): where its last vehicle's rear is. */
function laneRoom(sim: TrafficSim, lane: number): number {
  const tail = sim.laneTail[lane];
  return tail < 0 ? 1e9 : sim.v.posM[tail] - sim.v.lenM[tail];
}

// ---- insertion ------------------------------------------------------------------------------

function allocSlot(sim: TrafficSim): number {
  const s = sim.freeSlots.pop();
  if (s !== undefined) return s;
  const used = sim.activeCount + sim.freeSlots.length;
  if (used >= sim.v.capacity) {
    sim.v = allocVehicles(sim.v.capacity * 2, sim.v);
    const act = new Int32Array(sim.v.capacity);
    act.set(sim.active);
    sim.active = act;
  }
  return used;
}

function tryInsert(sim: TrafficSim, trip: number, nowMs: number): boolean {
  const t = sim.trips;
  const net = sim.net;
  const origin = t.originNode[trip];
  const dz = t.destZone[trip];
  const first = routeNext(sim, dz, origin);
  if (first < 0) {
    sim.results.status[trip] = sim.routes.zoneNodes[dz] === origin ? TripStatus.Trivial : TripStatus.Unreachable;
    if (sim.results.status[trip] === TripStatus.Unreachable) sim.totals.unreachable++;
    return true;
  }
  const type = t.type[trip] as VehicleType;
  const p = PARAMS[type];
  const after = routeNext(sim, dz, net.city.links.toNode[first]);
  const lane = chooseLane(sim, first, after);
  const tail = sim.laneTail[lane];
  const v0 = Math.min(p.maxSpeedMps, net.speedLimitMps[first] * p.speedLimitFactor);
  let speed = v0;
  if (tail >= 0) {
    const room = sim.v.posM[tail] - LEN[sim.v.type[tail]];
    if (room < p.minGapM + 1) return false;
    speed = Math.min(v0, Math.max(0, (room - p.minGapM) / p.timeHeadwayS), sim.v.speedMps[tail] + 2);
  }
  const veh = allocSlot(sim);
  const v = sim.v;
  v.trip[veh] = trip;
  v.type[veh] = type;
  v.link[veh] = first;
  v.posM[veh] = 0;
  v.prevPosM[veh] = 0;
  v.speedMps[veh] = speed;
  v.accelMps2[veh] = 0;
  const dev = sim.params.speedDev;
  v.v0Factor[veh] = dev > 0 ? Math.min(1 + 2 * dev, Math.max(1 - 2 * dev, sim.rng.normal(1, dev))) : 1;
  v.nextLink[veh] = after;
  v.lenM[veh] = p.lengthM;
  v.v0Mps[veh] = Math.min(p.maxSpeedMps, net.speedLimitMps[first] * p.speedLimitFactor * v.v0Factor[veh]);
  v.turnNext[veh] = after >= 0 ? turnOf(net, first, after) : Turn.Straight;
  v.targetLane[veh] = -1;
  v.canGo[veh] = 0;
  v.departMs[veh] = nowMs;
  v.linkEnterMs[veh] = nowMs;
  v.freeFlowS[veh] = 0;
  v.distM[veh] = 0;
  v.stops[veh] = 0;
  v.waitS[veh] = 0;
  v.headWaitS[veh] = 0;
  laneAppend(sim, veh, lane);
  sim.active[sim.activeCount++] = veh;
  sim.results.status[trip] = TripStatus.Running;
  sim.totals.inserted++;
  sim.totals.insertionWaitS += (nowMs - t.departMs[trip]) / 1000;
  recordEntry(sim, first, nowMs);
  return true;
}

function insertDue(sim: TrafficSim, nowMs: number): void {
  sim.counts.applyUpTo(nowMs);
  if (sim.waiting.length > 0) {
    const still: number[] = [];
    for (const trip of sim.waiting) if (!tryInsert(sim, trip, nowMs)) still.push(trip);
    sim.waiting = still;
  }
  const t = sim.trips;
  const calibrated = sim.counts.countedRoads > 0;
  while (sim.nextTrip < sim.scheduledTrips && t.departMs[sim.nextTrip] <= nowMs) {
    const trip = sim.nextTrip++;
    const copies = calibrated ? sim.counts.copiesFor(routeScratch, routeOf(sim, trip), sim.rng.next()) : 1;
    if (copies === 0) {
      sim.results.status[trip] = TripStatus.Thinned;
      continue;
    }
    if (!tryInsert(sim, trip, nowMs)) sim.waiting.push(trip);
    for (let k = 1; k < copies; k++) {
      const copy = appendTrip(sim, trip, nowMs);
      if (!tryInsert(sim, copy, nowMs)) sim.waiting.push(copy);
    }
  }
}

let routeScratch = new Int32Array(256);

/** The links of a trip's route (as the current routes say), into routeScratch; returns their count. */
function routeOf(sim: TrafficSim, trip: number): number {
  const t = sim.trips;
  const dz = t.destZone[trip];
  const dest = sim.routes.zoneNodes[dz];
  let node = t.originNode[trip];
  let n = 0;
  for (let guard = 0; node !== dest && guard < 10_000; guard++) {
    const l = sim.routes.nextLink[dz * sim.net.nodeCount + node];
    if (l < 0) break;
    if (n === routeScratch.length) {
      const g = new Int32Array(n * 2);
      g.set(routeScratch);
      routeScratch = g;
    }
    routeScratch[n++] = l;
    node = sim.net.city.links.toNode[l];
  }
  return n;
}

/** Adds a copy of a trip departing now (the run's own trip table: a shared setup is never written). */
function appendTrip(sim: TrafficSim, trip: number, nowMs: number): number {
  if (!sim.tripsOwned) {
    const t = sim.trips;
    sim.trips = { ...t, originNode: t.originNode.slice(), destZone: t.destZone.slice(), departMs: t.departMs.slice(), type: t.type.slice(), originCommune: t.originCommune.slice() };
    sim.tripsOwned = true;
  }
  const t = sim.trips;
  const r = sim.results;
  if (t.count === t.originNode.length) {
    const grow = <A extends Int32Array | Float64Array | Uint8Array | Int16Array | Float32Array | Uint16Array>(a: A, fill?: number): A => {
      const b = new (a.constructor as new (n: number) => A)(Math.max(16, a.length * 2));
      b.set(a as ArrayLike<number>);
      if (fill !== undefined) b.fill(fill, a.length);
      return b;
    };
    t.originNode = grow(t.originNode);
    t.destZone = grow(t.destZone);
    t.departMs = grow(t.departMs);
    t.type = grow(t.type);
    t.originCommune = grow(t.originCommune);
    r.status = grow(r.status);
    r.travelS = grow(r.travelS, NaN);
    r.delayS = grow(r.delayS, NaN);
    r.distM = grow(r.distM);
    r.stops = grow(r.stops);
  }
  const i = t.count++;
  t.originNode[i] = t.originNode[trip];
  t.destZone[i] = t.destZone[trip];
  t.departMs[i] = nowMs;
  t.type[i] = t.type[trip];
  t.originCommune[i] = t.originCommune[trip];
  return i;
}

// ---- records --------------------------------------------------------------------------------

function recordEntry(sim: TrafficSim, link: number, nowMs: number): void {
  sim.totals.classHourEntries[sim.localHour * 9 + sim.net.city.links.roadClass[link]]++;
  sim.linkEntries[link]++;
  const mask = sim.presenceMask;
  if (!mask) return;
  let key = -1;
  if (mask[link]) key = link;
  else {
    const r = sim.net.city.links.reverse[link];
    if (r >= 0 && mask[r]) key = r;
  }
  if (key < 0) return;
  let list = sim.presence.get(key);
  if (!list) sim.presence.set(key, (list = []));
  list.push(nowMs);
}

function finishTrip(sim: TrafficSim, veh: number, nowMs: number, status: TripStatus): void {
  const v = sim.v;
  const trip = v.trip[veh];
  const r = sim.results;
  r.status[trip] = status;
  const travelS = (nowMs - v.departMs[veh]) / 1000;
  r.travelS[trip] = travelS;
  r.delayS[trip] = Math.max(0, travelS - v.freeFlowS[veh]);
  r.distM[trip] = v.distM[veh];
  r.stops[trip] = v.stops[veh];
}

function removeActive(sim: TrafficSim, index: number): void {
  const veh = sim.active[index];
  sim.active[index] = sim.active[--sim.activeCount];
  sim.freeSlots.push(veh);
}

// ---- the vehicle phase ----------------------------------------------------------------------

/** Whether head vehicle `veh` on `link` may pass the link's end into `next` this step. */
function permission(sim: TrafficSim, veh: number, link: number, next: number, remM: number, nowMs: number): boolean {
  const net = sim.net;
  const v = sim.v;
  const a = net.approachOfLink[link];
  const speed = v.speedMps[veh];
  if (a >= 0 && sim.controllerOfSignal[signalOfApproach(sim, a)]) {
    const light = sim.signals.light[a];
    const turn = turnOf(net, link, next);
    if (light === Light.Red) return false;
    if (light === Light.Amber) return speed * speed > 2 * AMBER_DECEL_MPS2 * Math.max(remM, 0.01) && remM > 0.5;
    if (light === Light.LeftOnly) return turn === Turn.Left || turn === Turn.UTurn;
    if ((turn === Turn.Left || turn === Turn.UTurn) && sim.signals.permissiveLeft[a]) {
      const o = sim.signals.oppositeApproach[a];
      if (o >= 0 && approachingWithin(sim, net.city.signals.approachLinks[o], CRITICAL_GAP_LEFT_S, nowMs, true)) return v.headWaitS[veh] >= 60 && courtesy(sim, net.city.links.toNode[link], nowMs);
    }
    return true;
  }
  const node = net.city.links.toNode[link];
  const arms = net.inStart[node + 1] - net.inStart[node];
  if (arms <= 1) return true;
  // On the main road, going straight or right, nobody has to be given way to.
  if (!net.yieldsAtEnd[link] && !net.equalPriority[node] && v.turnNext[veh] !== Turn.Left && v.turnNext[veh] !== Turn.UTurn) return true;
  const L = net.city.links;
  const myHeading = net.endHeading[link];
  let conflict = false;
  for (let k = net.inStart[node]; k < net.inStart[node + 1] && !conflict; k++) {
    const other = net.inLinks[k];
    if (other === link || L.reverse[other] === next) continue;
    let mustYield = false;
    if (net.yieldsAtEnd[link] && !net.yieldsAtEnd[other]) mustYield = true;
    else if (net.equalPriority[node]) {
      // Priorité à droite: give way to the arm on the right.
      const d = angleFrom(myHeading, net.endHeading[other]);
      mustYield = d > Math.PI / 4 && d < (3 * Math.PI) / 4;
    } else if (!net.yieldsAtEnd[link] && !net.yieldsAtEnd[other] && turnOf(net, link, next) === Turn.Left) {
      // A left turn off the main road gives way to oncoming main-road traffic.
      const d = Math.abs(angleFrom(myHeading, net.endHeading[other]));
      mustYield = d > (3 * Math.PI) / 4;
    }
    if (!mustYield) continue;
    const gap = net.yieldsAtEnd[link] ? CRITICAL_GAP_MINOR_S : net.equalPriority[node] ? CRITICAL_GAP_RIGHT_PRIORITY_S : CRITICAL_GAP_LEFT_S;
    if (approachingWithin(sim, other, gap, nowMs, false)) conflict = true;
  }
  if (!conflict) return true;
  return v.headWaitS[veh] >= COURTESY_WAIT_S && courtesy(sim, node, nowMs);
}

function angleFrom(a: number, b: number): number {
  let d = b - a;
  while (d <= -Math.PI) d += 2 * Math.PI;
  while (d > Math.PI) d -= 2 * Math.PI;
  return d;
}

function courtesy(sim: TrafficSim, node: number, nowMs: number): boolean {
  return nowMs - sim.nodeLastCrossMs[node] >= 2000;
}

let signalOfApproachCache: Int32Array | null = null;
let signalOfApproachCity: unknown = null;
function signalOfApproach(sim: TrafficSim, a: number): number {
  const S = sim.net.city.signals;
  if (signalOfApproachCity !== S) {
    signalOfApproachCache = new Int32Array(S.approachLinks.length);
    for (let s = 0; s < S.count; s++) for (let k = S.approachStart[s]; k < S.approachStart[s + 1]; k++) signalOfApproachCache[k] = s;
    signalOfApproachCity = S;
  }
  return signalOfApproachCache![a];
}

/** Whether a vehicle at the head of a lane of `link` reaches its end within gapS (ignoring those standing at a red or waiting to turn left). */
function approachingWithin(sim: TrafficSim, link: number, gapS: number, nowMs: number, skipLeftTurners: boolean): boolean {
  const net = sim.net;
  const v = sim.v;
  const len = net.lengthM[link];
  for (let lane = net.laneStart[link]; lane < net.laneStart[link + 1]; lane++) {
    const h = sim.laneHead[lane];
    if (h < 0) continue;
    const rem = len - v.posM[h];
    if (rem > 80) continue;
    const sp = v.speedMps[h];
    if (sp < 0.5 && rem < 5 && !v.canGo[h]) continue;
    if (skipLeftTurners && v.nextLink[h] >= 0 && turnOf(net, link, v.nextLink[h]) === Turn.Left) continue;
    if (rem / Math.max(sp, 0.5) < gapS) return true;
  }
  void nowMs;
  return false;
}

/** One step of dtMs: signals, insertion, vehicle plan, vehicle commit. */
export function stepTraffic(sim: TrafficSim, dtMs: number): void {
  const nowMs = sim.timeMs + dtMs;
  const dt = dtMs / 1000;
  const net = sim.net;
  const L = net.city.links;
  const demand: ApproachDemand = {
    count: (a) => sim.linkVehicles[net.city.signals.approachLinks[a]],
    downstreamCount: (a) => {
      const l = net.city.signals.approachLinks[a];
      const n = L.toNode[l];
      let sum = 0;
      let lanes = 0;
      for (let k = net.outStart[n]; k < net.outStart[n + 1]; k++) {
        const o = net.outLinks[k];
        if (o === L.reverse[l]) continue;
        sum += sim.linkVehicles[o];
        lanes += net.laneStart[o + 1] - net.laneStart[o];
      }
      return lanes > 0 ? sum / lanes : 0;
    },
  };
  if (nowMs % 60_000 < dtMs) sim.localHour = Math.floor(localTimeOfDayMs(nowMs, EUROPE_PARIS) / 3_600_000) % 24;
  if (sim.rerouteEveryMs > 0 && nowMs >= sim.nextRerouteMs) {
    reroute(sim);
    sim.nextRerouteMs = nowMs + sim.rerouteEveryMs;
  }
  // signals
  advanceSignals(net, sim.signals, nowMs, demand);
  // insertion
  insertDue(sim, nowMs);
  // Every 30 s the active list is put in lane order, head first, so that a vehicle's leader and
  // its link data were just touched (memory locality); the order is a function of the state, so runs stay deterministic.
  if (nowMs % 30_000 < dtMs) sortActive(sim);
  // vehicles: plan (every acceleration from the state at the start of the step)
  const v = sim.v;
  const { accelMps2, ahead, canGo, distM, headWaitS, link: vLink, linkEnterMs, nextLink, planLead, posM, prevPosM, speedMps, stops, targetLane, trip, type: vType, v0Factor, waitS, v0Mps, lenM, turnNext } = v;
  const lengthM = net.lengthM;
  const speedLimitMps = net.speedLimitMps;
  const approachOfLink = net.approachOfLink;
  const linkCommune = L.commune;
  const act = sim.active;
  for (let i = 0; i < sim.activeCount; i++) {
    const veh = act[i];
    const link = vLink[veh];
    const type = vType[veh] as VehicleType;
    const p = PARAMS[type];
    const pos = posM[veh];
    prevPosM[veh] = pos;
    const speed = speedMps[veh];
    const v0 = v0Mps[veh];
    const lead = ahead[veh];
    planLead[veh] = lead;
    let acc: number;
    if (lead >= 0) {
      const gap = posM[lead] - lenM[lead] - pos;
      // Standing bumper to bumper behind a standing leader: stays put (IDM would creep < 0.3 m).
      acc = speed === 0 && speedMps[lead] === 0 && gap <= p.minGapM + 0.3 ? 0 : idm(p, speed, v0, gap, speed - speedMps[lead]);
      canGo[veh] = 0;
    } else {
      const len = lengthM[link];
      const rem = len - pos;
      const next = nextLink[veh];
      if (next < 0) {
        acc = idm(p, speed, v0, Infinity, 0);
        canGo[veh] = 1;
      } else {
        if (type !== VehicleType.Car) requestPriority(sim, veh, link, rem, nowMs);
        // Far from the line the answer cannot change what the driver does yet (IDM reacts within ≈ 6 s of headway).
        const go = rem < 20 + 6 * speed ? permission(sim, veh, link, next, rem, nowMs) : true;
        canGo[veh] = go ? 1 : 0;
        if (go) {
          let tl = targetLane[veh];
          if (tl < 0 || net.laneLink[tl] !== next) {
            tl = chooseLane(sim, next, routeNext(sim, sim.trips.destZone[trip[veh]], L.toNode[next]), v.lane[veh] - net.laneStart[link]);
            targetLane[veh] = tl;
          }
          const tail = sim.laneTail[tl];
          if (tail >= 0) {
            const gap = rem + posM[tail] - lenM[tail];
            acc = idm(p, speed, v0, gap, speed - speedMps[tail]);
          } else acc = idm(p, speed, v0, Infinity, 0);
          if (turnNext[veh] !== Turn.Straight && rem > 0) {
            const need = (TURN_SPEED_MPS * TURN_SPEED_MPS - speed * speed) / (2 * rem);
            if (need < 0) acc = Math.min(acc, Math.max(need, -p.decelMps2 * 1.5));
          }
        } else {
          // Stop at the line: an obstacle just beyond it, so the vehicle halts 0.5 m before it.
          acc = idm(p, speed, v0, rem + p.minGapM - 0.5, speed);
        }
      }
    }
    accelMps2[veh] = acc < -MAX_DECEL ? -MAX_DECEL : acc > p.accelMps2 ? p.accelMps2 : acc;
  }
  // vehicles: commit (moves, bounded by where each leader stood; link changes; arrivals)
  const T = sim.totals;
  let queued = 0;
  for (let i = 0; i < sim.activeCount; i++) {
    const veh = act[i];
    const type = vType[veh] as VehicleType;
    const p = PARAMS[type];
    const a = accelMps2[veh];
    const sp = speedMps[veh];
    if (a === 0 && sp === 0 && planLead[veh] >= 0) {
      // Standing in a queue: idle emissions and waiting time only.
      const idleCo2 = (CO2C[type][0] / 3.6) * dt;
      T.co2Mg += idleCo2;
      T.noxMg += (NOXC[type][0] / 3.6) * dt;
      const c = linkCommune[vLink[veh]];
      if (c < T.communeCo2Mg.length) T.communeCo2Mg[c] += idleCo2;
      T.vehicleS += dt;
      waitS[veh] += dt;
      queued++;
      const ap0 = approachOfLink[vLink[veh]];
      if (ap0 >= 0) {
        const det = Math.max(0, lengthM[vLink[veh]] - 30);
        if (posM[veh] >= det && posM[veh] - lenM[veh] <= det) sim.signals.lastDetectionMs[ap0] = nowMs;
      }
      continue;
    }
    let nv = sp + a * dt;
    let dx: number;
    if (nv < 0) {
      dx = a < 0 ? (-sp * sp) / (2 * a) : 0;
      nv = 0;
    } else dx = sp * dt + 0.5 * a * dt * dt;
    let np = posM[veh] + dx;
    const lead = planLead[veh];
    if (lead >= 0) {
      const limit = prevPosM[lead] - lenM[lead] - 0.1;
      if (np > limit) {
        np = Math.max(posM[veh], limit);
        nv = Math.min(nv, speedMps[lead]);
      }
    }
    let link = vLink[veh];
    const len = lengthM[link];
    // detectors for actuated control
    const ap = approachOfLink[link];
    if (ap >= 0) {
      // The detector sees a vehicle passing over it or standing on it.
      const det = Math.max(0, len - 30);
      if (np >= det && posM[veh] - lenM[veh] <= det) sim.signals.lastDetectionMs[ap] = nowMs;
    }
    const moved = np - posM[veh];
    // emissions and totals
    const co2 = emit(CO2C[type], nv, a) * dt;
    T.co2Mg += co2;
    T.noxMg += emit(NOXC[type], nv, a) * dt;
    const commune = linkCommune[link];
    if (commune < T.communeCo2Mg.length) {
      T.communeCo2Mg[commune] += co2;
      T.communeVehicleM[commune] += moved;
    }
    T.vehicleM += moved;
    T.vehicleS += dt;
    distM[veh] += moved;
    if (sp >= 1 && nv < 0.1) {
      stops[veh]++;
      T.stops++;
    }
    if (nv < 0.1) {
      waitS[veh] += dt;
      queued++;
    }
    if (np > len && lead < 0) {
      const next = nextLink[veh];
      if (next < 0) {
        // arrival
        leaveLink(sim, veh, link, nowMs);
        laneRemoveHead(sim, veh);
        finishTrip(sim, veh, nowMs, TripStatus.Done);
        removeActive(sim, i);
        i--;
        continue;
      }
      let moveOn = canGo[veh] === 1;
      let p2 = np - len;
      let tl = targetLane[veh];
      if (moveOn) {
        // Another vehicle may have taken the room this step: any lane of the next link that fits will do.
        let fit = Math.min(p2, laneRoom(sim, tl) - 0.1);
        if (fit < 0) {
          for (let k = net.laneStart[next]; k < net.laneStart[next + 1]; k++) {
            const f = Math.min(p2, laneRoom(sim, k) - 0.1);
            if (f > fit) {
              fit = f;
              tl = k;
            }
          }
        }
        p2 = fit;
        if (p2 < 0) moveOn = false;
      }
      if (moveOn) {
        leaveLink(sim, veh, link, nowMs);
        laneRemoveHead(sim, veh);
        sim.nodeLastCrossMs[L.toNode[link]] = nowMs;
        link = next;
        vLink[veh] = link;
        laneAppend(sim, veh, tl);
        posM[veh] = p2;
        linkEnterMs[veh] = nowMs;
        const nl = routeNext(sim, sim.trips.destZone[trip[veh]], L.toNode[link]);
        nextLink[veh] = nl;
        turnNext[veh] = nl >= 0 ? turnOf(net, link, nl) : Turn.Straight;
        v0Mps[veh] = Math.min(p.maxSpeedMps, speedLimitMps[link] * p.speedLimitFactor * v0Factor[veh]);
        targetLane[veh] = -1;
        canGo[veh] = 0;
        speedMps[veh] = nv;
        headWaitS[veh] = 0;
        recordEntry(sim, link, nowMs);
        if (nextLink[veh] < 0 && sim.routes.zoneNodes[sim.trips.destZone[trip[veh]]] !== L.toNode[link]) {
          // The route broke (no way on from here): the trip ends as unreachable, counted.
          leaveLink(sim, veh, link, nowMs);
          laneRemoveHead(sim, veh);
          finishTrip(sim, veh, nowMs, TripStatus.Unreachable);
          T.unreachable++;
          removeActive(sim, i);
          i--;
        }
        continue;
      }
      np = len - 0.01;
      nv = 0;
    }
    posM[veh] = np;
    speedMps[veh] = nv;
    // gridlock: a head vehicle standing for STUCK_TIMEOUT_S is removed and reported (not teleported).
    if (ahead[veh] < 0 && nv < 0.1) {
      headWaitS[veh] += dt;
      if (headWaitS[veh] >= STUCK_TIMEOUT_S && nextLink[veh] >= 0) {
        leaveLink(sim, veh, link, nowMs);
        laneRemoveHead(sim, veh);
        finishTrip(sim, veh, nowMs, TripStatus.Stuck);
        T.stuck++;
        removeActive(sim, i);
        i--;
      }
    } else if (nv >= 0.1) headWaitS[veh] = 0;
  }
  T.vehicleUpdates += sim.activeCount;
  if (sim.activeCount > T.maxInNetwork) T.maxInNetwork = sim.activeCount;
  if (queued > T.maxQueuedVehicles) T.maxQueuedVehicles = queued;
  sim.timeMs = nowMs;
}

const VEHICLE_COLUMNS = [
  'trip', 'type', 'link', 'lane', 'posM', 'prevPosM', 'speedMps', 'accelMps2', 'v0Factor', 'ahead', 'behind', 'v0Mps', 'lenM', 'turnNext',
  'planLead', 'nextLink', 'targetLane', 'canGo', 'departMs', 'linkEnterMs', 'freeFlowS', 'distM', 'stops', 'waitS', 'headWaitS',
] as const satisfies readonly (keyof Vehicles)[];

/**
 * Puts the vehicles in lane order, head first, and renumbers their slots in that order, so the
 * step reads every column front to back and a leader's data sits just before its follower's.
 * The order is a function of the state, so runs stay deterministic.
 */
function sortActive(sim: TrafficSim): void {
  const n = sim.activeCount;
  const v = sim.v;
  const lane = v.lane;
  const pos = v.posM;
  const ids = Array.from(sim.active.subarray(0, n));
  ids.sort((a, b) => lane[a] - lane[b] || pos[b] - pos[a] || a - b);
  const spare = sim.spare && sim.spare.capacity === v.capacity ? sim.spare : allocVehicles(v.capacity);
  const newId = new Int32Array(v.capacity).fill(-1);
  for (let k = 0; k < n; k++) newId[ids[k]] = k;
  for (const key of VEHICLE_COLUMNS) {
    const from = v[key] as unknown as { [i: number]: number };
    const to = spare[key] as unknown as { [i: number]: number };
    for (let k = 0; k < n; k++) to[k] = from[ids[k]];
  }
  for (const key of ['ahead', 'behind', 'planLead'] as const) {
    const col = spare[key];
    for (let k = 0; k < n; k++) if (col[k] >= 0) col[k] = newId[col[k]];
  }
  for (let l = 0; l < sim.laneHead.length; l++) {
    if (sim.laneHead[l] >= 0) sim.laneHead[l] = newId[sim.laneHead[l]];
    if (sim.laneTail[l] >= 0) sim.laneTail[l] = newId[sim.laneTail[l]];
  }
  spare.capacity = v.capacity;
  sim.spare = v;
  sim.v = spare;
  for (let k = 0; k < n; k++) sim.active[k] = k;
  sim.freeSlots.length = 0;
}

/** Book the link just driven: its free-flow time, and control delay when it approached a signal. */
function leaveLink(sim: TrafficSim, veh: number, link: number, nowMs: number): void {
  const v = sim.v;
  const net = sim.net;
  const ff = net.freeFlowS[link];
  v.freeFlowS[veh] += ff;
  const spentS = (nowMs - v.linkEnterMs[veh]) / 1000;
  const delay = Math.max(0, spentS - ff);
  sim.linkTimeSumS[link] += spentS;
  sim.linkTimeCount[link]++;
  sim.totals.linkPassages[link]++;
  sim.totals.linkTravelS[link] += spentS;
  const cor = sim.corridorOfLink[link];
  if (cor >= 0) {
    const T = sim.totals;
    T.corridorPassages[cor]++;
    T.corridorTimeS[cor] += spentS;
    T.corridorFreeFlowS[cor] += ff;
    T.corridorM[cor] += net.lengthM[link];
  }
  const c = net.city.links.commune[link];
  if (c < sim.totals.communeDelayS.length) sim.totals.communeDelayS[c] += delay;
  const a = net.approachOfLink[link];
  if (a >= 0) {
    const s = signalOfApproach(sim, a);
    sim.totals.signalDelayS[s] += delay;
    sim.totals.signalVehicles[s]++;
    const q = sim.linkVehicles[link];
    if (q > sim.totals.signalMaxQueue[s]) sim.totals.signalMaxQueue[s] = q;
  }
}

function requestPriority(sim: TrafficSim, veh: number, link: number, remM: number, nowMs: number): void {
  const a = sim.net.approachOfLink[link];
  if (a < 0) return;
  const c = sim.controllerOfSignal[signalOfApproach(sim, a)];
  if (!c) return;
  const emergency = sim.v.type[veh] === VehicleType.Emergency;
  if (emergency ? !c.plan.emergencyPreemption : !c.plan.busPriority) return;
  if (remM > (emergency ? 400 : 150)) return;
  if (c.priorityApproach >= 0 && c.priorityUntilMs >= nowMs && c.priorityEmergency && !emergency) return;
  c.priorityApproach = sim.localOfApproach[a];
  c.priorityUntilMs = nowMs + 3000;
  c.priorityEmergency = emergency;
}

/**
 * Rerouting on congestion: link times become a blend of what vehicles measured since the last
 * reroute (and of the queue now standing on the link) with the previous estimate; every zone's
 * next-link table is rebuilt from them, so vehicles on their way take the new routes at the next node.
 */
function reroute(sim: TrafficSim): void {
  const net = sim.net;
  for (let l = 0; l < net.linkCount; l++) {
    if (!net.drivable[l]) continue;
    const n = sim.linkTimeCount[l];
    const lanes = net.laneStart[l + 1] - net.laneStart[l];
    // Vehicles standing on the link now add their expected discharge time (2 s headway per lane).
    const queueS = (sim.linkVehicles[l] * 2) / lanes;
    const measured = n > 0 ? sim.linkTimeSumS[l] / n : net.freeFlowS[l];
    const target = Math.max(net.freeFlowS[l], Math.max(measured, net.freeFlowS[l] + queueS));
    sim.linkTimeS[l] = 0.5 * sim.linkTimeS[l] + 0.5 * target;
    sim.linkTimeSumS[l] = 0;
    sim.linkTimeCount[l] = 0;
  }
  rebuildRoutes(net, sim.routes, sim.linkTimeS);
  sim.reroutes++;
}

/** Advance in whole steps up to toMs. */
export function advanceTrafficTo(sim: TrafficSim, toMs: number): void {
  const dt = sim.params.stepMs;
  while (sim.timeMs + dt <= toMs) stepTraffic(sim, dt);
}
