// Travel demand: the trips of a run (origin node, destination zone, departure, vehicle type),
// either a métropole weekday drawn from commune populations or explicit flows on test networks.

import type { CityModel } from '../city/model.ts';
import { RoadClass } from '../city/roadClass.ts';
import { Rng } from '../rng.ts';
import { localTimeOfDayMs, EUROPE_PARIS } from '../time/parisTime.ts';
import type { TrafficNetwork } from './network.ts';

export enum VehicleType {
  Car = 0,
  Bus = 1,
  Emergency = 2,
}
export const VEHICLE_TYPE_NAMES = ['car', 'bus', 'emergency'] as const;

/** Share of a weekday's car trips departing in each local hour (peaks 07:30–09:00 and 16:30–18:30). */
export const WEEKDAY_DEPARTURE_SHARE = (() => {
  const w = [0.6, 0.3, 0.2, 0.2, 0.4, 1.2, 3.8, 8.0, 8.5, 5.2, 4.6, 5.0, 5.8, 5.6, 5.2, 6.0, 8.0, 9.0, 7.6, 5.0, 3.0, 2.2, 1.6, 1.0];
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
})();

export interface MetropoleDemandSpec {
  kind: 'metropole';
  /** Trips per inhabitant and day, all modes (DOMAIN: ≈ 3.5). */
  tripsPerPerson: number;
  /** Share of trips made by car (DOMAIN: about half). */
  carShare: number;
  /** Multiplies the car trips (1 = the modelled weekday). */
  scale: number;
  /** Share of car trips that enter, leave or cross the métropole through its motorway and trunk ends. */
  externalShare: number;
  /** Bus lines from the centre to the largest communes, both ways, every `busHeadwayMin` by day. */
  busLines: number;
  busHeadwayMin: number;
  /** Emergency runs from the centre to random destinations, spread over the period. */
  emergencyRuns: number;
  /** Distance decay of the gravity model (km). */
  gravityKm: number;
}

export interface FlowSpec {
  fromNode: number;
  toNode: number;
  vehPerHour: number;
  /** Seconds after the run's start. */
  beginS?: number;
  endS?: number;
  vehicleType?: 'car' | 'bus' | 'emergency';
}

export interface FlowDemandSpec {
  kind: 'flows';
  flows: FlowSpec[];
}

export type DemandSpec = MetropoleDemandSpec | FlowDemandSpec;

export const DEFAULT_METROPOLE_DEMAND: MetropoleDemandSpec = {
  kind: 'metropole',
  tripsPerPerson: 3.5,
  carShare: 0.5,
  scale: 1,
  externalShare: 0.12,
  busLines: 8,
  busHeadwayMin: 10,
  emergencyRuns: 6,
  gravityKm: 6,
};

/** Trips sorted by departure; zone z is node zoneNodes[z]. */
export interface Trips {
  count: number;
  originNode: Int32Array;
  destZone: Int32Array;
  departMs: Float64Array;
  type: Uint8Array;
  /** Commune of the origin (-1 outside the métropole). */
  originCommune: Int16Array;
  zoneNodes: Int32Array;
  /** Zone indices by role, for reports. */
  busLines: { from: number; to: number }[];
  /** Trips whose origin node has no drivable link out, counted and not generated. */
  source: string;
}

class TripBuilder {
  origin: number[] = [];
  dest: number[] = [];
  depart: number[] = [];
  type: number[] = [];
  commune: number[] = [];
  add(origin: number, destZone: number, departMs: number, type: VehicleType, commune: number): void {
    this.origin.push(origin);
    this.dest.push(destZone);
    this.depart.push(departMs);
    this.type.push(type);
    this.commune.push(commune);
  }
  build(zoneNodes: number[], busLines: { from: number; to: number }[], source: string): Trips {
    const n = this.origin.length;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => this.depart[a] - this.depart[b] || a - b);
    const t: Trips = {
      count: n,
      originNode: new Int32Array(n),
      destZone: new Int32Array(n),
      departMs: new Float64Array(n),
      type: new Uint8Array(n),
      originCommune: new Int16Array(n),
      zoneNodes: Int32Array.from(zoneNodes),
      busLines,
      source,
    };
    order.forEach((k, i) => {
      t.originNode[i] = this.origin[k];
      t.destZone[i] = this.dest[k];
      t.departMs[i] = this.depart[k];
      t.type[i] = this.type[k];
      t.originCommune[i] = this.commune[k];
    });
    return t;
  }
}

/** Explicit flows: equally spaced departures (as SUMO's vehsPerHour), destinations as zones. */
export function flowTrips(spec: FlowDemandSpec, startMs: number, endMs: number): Trips {
  const zones: number[] = [];
  const zoneOf = new Map<number, number>();
  const b = new TripBuilder();
  for (const f of spec.flows) {
    if (!(f.vehPerHour > 0) || !Number.isFinite(f.vehPerHour)) throw new Error(`flow ${f.fromNode}→${f.toNode}: vehPerHour must be positive`);
    let z = zoneOf.get(f.toNode);
    if (z === undefined) {
      z = zones.length;
      zones.push(f.toNode);
      zoneOf.set(f.toNode, z);
    }
    const headMs = 3_600_000 / f.vehPerHour;
    const t1 = Math.min(endMs, startMs + (f.endS ?? Infinity) * 1000);
    const type = f.vehicleType === 'bus' ? VehicleType.Bus : f.vehicleType === 'emergency' ? VehicleType.Emergency : VehicleType.Car;
    for (let t = startMs + (f.beginS ?? 0) * 1000; t < t1; t += headMs) b.add(f.fromNode, z, Math.round(t), type, -1);
  }
  return b.build(zones, [], `${spec.flows.length} explicit flows`);
}

function nodeDegree(net: TrafficNetwork, n: number): number {
  return net.outStart[n + 1] - net.outStart[n] + net.inStart[n + 1] - net.inStart[n];
}

/** Zone nodes per commune: nodes with a way in and out on ordinary streets, about one per 1,000 inhabitants. */
function communeZones(net: TrafficNetwork, city: CityModel, rng: Rng): number[][] {
  const C = city.communes.count;
  const candidates: number[][] = Array.from({ length: Math.max(C, 1) }, () => []);
  const L = city.links;
  for (let n = 0; n < net.nodeCount; n++) {
    if (net.outStart[n + 1] === net.outStart[n] || net.inStart[n + 1] === net.inStart[n]) continue;
    const l = net.outLinks[net.outStart[n]];
    const rc = L.roadClass[l];
    if (rc === RoadClass.Motorway || rc === RoadClass.Trunk) continue;
    candidates[C > 0 ? L.commune[l] : 0].push(n);
  }
  return candidates.map((cands, c) => {
    const pop = C > 0 ? city.communes.population[c] : 1000;
    const k = Math.min(cands.length, Math.max(2, Math.min(120, Math.round(pop / 1000))));
    const shuffled = cands.slice();
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    return shuffled.slice(0, k);
  });
}

/** Ends of the motorway and trunk network at the edge of the map: where external traffic enters. */
function gatewayNodes(net: TrafficNetwork, city: CityModel): number[] {
  const out: number[] = [];
  const L = city.links;
  for (let n = 0; n < net.nodeCount; n++) {
    if (nodeDegree(net, n) > 2 || net.outStart[n + 1] === net.outStart[n] || net.inStart[n + 1] === net.inStart[n]) continue;
    const l = net.outLinks[net.outStart[n]];
    if (L.roadClass[l] <= RoadClass.Trunk || (L.roadClass[l] === RoadClass.Primary && nodeDegree(net, n) <= 2 && isOnHull(city, n))) out.push(n);
  }
  return out;
}

function isOnHull(city: CityModel, n: number): boolean {
  const xs = city.nodes.xM;
  const ys = city.nodes.yM;
  let r = 0;
  for (let i = 0; i < city.nodes.count; i++) r = Math.max(r, Math.hypot(xs[i], ys[i]));
  return Math.hypot(xs[n], ys[n]) > 0.8 * r;
}

function poisson(rng: Rng, mean: number): number {
  // Expected counts here are large or fractional; a rounded draw keeps totals exact on average.
  return Math.floor(mean + rng.next());
}

/** A weekday of trips for the métropole over [startMs, endMs), seeded. */
export function metropoleTrips(net: TrafficNetwork, spec: MetropoleDemandSpec, startMs: number, endMs: number, seed: number): Trips {
  const city = net.city;
  const rng = new Rng(seed).fork('demand');
  const zonesByCommune = communeZones(net, city, rng.fork('zones'));
  const zoneNodes: number[] = [];
  const zoneRange: [number, number][] = zonesByCommune.map((zs) => {
    const a = zoneNodes.length;
    zoneNodes.push(...zs);
    return [a, zoneNodes.length];
  });
  const gates = gatewayNodes(net, city);
  const gateZone0 = zoneNodes.length;
  zoneNodes.push(...gates);
  const C = zonesByCommune.length;
  // A city that gives no populations (a test grid, an import without communes) gets 1,000 inhabitants per commune.
  const knownPop = city.communes.count > 0 && Array.from(city.communes.population).some((p) => p > 0);
  const pop = Array.from({ length: C }, (_, c) => (knownPop ? city.communes.population[c] : 1000));
  const cx = Array.from({ length: C }, (_, c) => (city.communes.count > 0 ? city.communes.centreXM[c] : 0));
  const cy = Array.from({ length: C }, (_, c) => (city.communes.count > 0 ? city.communes.centreYM[c] : 0));
  const totalPop = pop.reduce((a, b) => a + b, 0);
  // Gravity: destination commune given the origin commune.
  const destCdf: Float64Array[] = [];
  for (let i = 0; i < C; i++) {
    const w = new Float64Array(C);
    let acc = 0;
    for (let j = 0; j < C; j++) {
      const dKm = i === j ? 1.5 : Math.hypot(cx[i] - cx[j], cy[i] - cy[j]) / 1000;
      acc += zonesByCommune[j].length > 0 ? pop[j] * Math.exp(-dKm / spec.gravityKm) : 0;
      w[j] = acc;
    }
    destCdf.push(w);
  }
  const originCdf = new Float64Array(C);
  let acc = 0;
  for (let c = 0; c < C; c++) originCdf[c] = acc += zonesByCommune[c].length > 0 ? pop[c] : 0;
  const pickCdf = (cdf: Float64Array): number => {
    const x = rng.next() * cdf[cdf.length - 1];
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const zoneIn = (c: number): number => {
    const [a, b] = zoneRange[c];
    return rng.int(a, b - 1);
  };
  const daily = totalPop * spec.tripsPerPerson * spec.carShare * spec.scale;
  const b = new TripBuilder();
  const HOUR = 3_600_000;
  const canExternal = gates.length >= 2 && originCdf[C - 1] > 0;
  // A gateway carries at most about 6,000 external trips a day (both ways), whatever the share asked.
  const externalShare = daily > 0 ? Math.min(spec.externalShare, (gates.length * 6000) / daily) : 0;
  for (let t = startMs; t < endMs; t += HOUR) {
    const slotEnd = Math.min(endMs, t + HOUR);
    const hour = Math.floor(localTimeOfDayMs(t, EUROPE_PARIS) / HOUR) % 24;
    const n = poisson(rng, daily * WEEKDAY_DEPARTURE_SHARE[hour] * ((slotEnd - t) / HOUR));
    for (let k = 0; k < n; k++) {
      const dep = t + Math.floor(rng.next() * (slotEnd - t));
      if (canExternal && rng.chance(externalShare)) {
        const g = gateZone0 + rng.int(0, gates.length - 1);
        if (rng.chance(1 / 3)) {
          let g2 = gateZone0 + rng.int(0, gates.length - 1);
          if (g2 === g) g2 = gateZone0 + ((g2 - gateZone0 + 1) % gates.length);
          b.add(zoneNodes[g], g2, dep, VehicleType.Car, -1);
        } else if (rng.chance(0.5)) {
          b.add(zoneNodes[g], zoneIn(pickCdf(originCdf)), dep, VehicleType.Car, -1);
        } else {
          const c = pickCdf(originCdf);
          b.add(zoneNodes[zoneIn(c)], g, dep, VehicleType.Car, c);
        }
        continue;
      }
      const oc = pickCdf(originCdf);
      const dc = pickCdf(destCdf[oc]);
      const oz = zoneIn(oc);
      let dz = zoneIn(dc);
      if (dz === oz) {
        const [a, e] = zoneRange[dc];
        if (e - a < 2) continue;
        dz = a + ((dz - a + 1) % (e - a));
      }
      b.add(zoneNodes[oz], dz, dep, VehicleType.Car, oc);
    }
  }
  // Buses: the centre (largest commune) to the next largest communes and back.
  const byPop = Array.from({ length: C }, (_, c) => c).filter((c) => zonesByCommune[c].length > 0).sort((a, b2) => pop[b2] - pop[a]);
  const busLines: { from: number; to: number }[] = [];
  if (byPop.length >= 2) {
    const hub = nearestZone(city, zoneNodes, zoneRange[byPop[0]], cx[byPop[0]], cy[byPop[0]]);
    for (const c of byPop.slice(1, 1 + spec.busLines)) {
      const z = nearestZone(city, zoneNodes, zoneRange[c], cx[c], cy[c]);
      busLines.push({ from: hub, to: z });
    }
    const headMs = spec.busHeadwayMin * 60_000;
    for (let t = startMs; t < endMs; t += 60_000) {
      const local = localTimeOfDayMs(t, EUROPE_PARIS);
      const minute = Math.floor(local / 60_000);
      const dayService = minute >= 6 * 60 && minute < 21 * 60;
      const evening = minute >= 21 * 60 || minute < 30;
      const every = dayService ? headMs : evening ? 2 * headMs : 0;
      if (every === 0 || Math.floor(local / 60_000) % Math.round(every / 60_000) !== 0) continue;
      busLines.forEach((line) => {
        b.add(zoneNodes[line.from], line.to, t, VehicleType.Bus, byPop[0]);
        b.add(zoneNodes[line.to], line.from, t, VehicleType.Bus, -1);
      });
    }
    const spacing = (endMs - startMs) / Math.max(1, spec.emergencyRuns);
    for (let k = 0; k < spec.emergencyRuns; k++) {
      const dc = pickCdf(originCdf);
      b.add(zoneNodes[hub], zoneIn(dc), Math.round(startMs + (k + 0.5) * spacing), VehicleType.Emergency, byPop[0]);
    }
  }
  return b.build(zoneNodes, busLines, `métropole weekday: ${spec.tripsPerPerson} trips/person, ${Math.round(spec.carShare * 100)} % by car, scale ${spec.scale}, ${gates.length} gateways`);
}

function nearestZone(city: CityModel, zoneNodes: number[], range: [number, number], x: number, y: number): number {
  let best = range[0];
  let bestD = Infinity;
  for (let z = range[0]; z < range[1]; z++) {
    const n = zoneNodes[z];
    const d = Math.hypot(city.nodes.xM[n] - x, city.nodes.yM[n] - y);
    if (d < bestD) {
      bestD = d;
      best = z;
    }
  }
  return best;
}
