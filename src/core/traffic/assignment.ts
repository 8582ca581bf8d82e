// Free-flow assignment of the demand: every trip walked along its route once, giving hourly link
// volumes before simulation — for Webster timings and for the adaptive lighting's volume classes.

import { localTimeOfDayMs, EUROPE_PARIS } from '../time/parisTime.ts';
import type { TrafficNetwork } from './network.ts';
import type { RoutingTable } from './routing.ts';
import type { Trips } from './demand.ts';
import type { TrafficVolumeSource } from '../lighting/adaptive.ts';

export interface Assignment {
  /** Vehicles entering link l in local hour h, summed over the days of the period: hourly[l * 24 + h]. */
  hourly: Float32Array;
  days: number;
  /** The busiest hour's volume on a link (veh/h, per day). */
  peakHourVeh(link: number): number;
  /** Volume by road class and local hour (per day): classHour[h * 9 + class]. */
  classHour: Float64Array;
}

export function assignFreeFlow(net: TrafficNetwork, routes: RoutingTable, trips: Trips): Assignment {
  const hourly = new Float32Array(net.linkCount * 24);
  const classHour = new Float64Array(24 * 9);
  const N = net.nodeCount;
  const L = net.city.links;
  let first = Infinity;
  let last = -Infinity;
  for (let t = 0; t < trips.count; t++) {
    const dz = trips.destZone[t];
    const dest = routes.zoneNodes[dz];
    let node = trips.originNode[t];
    let timeMs = trips.departMs[t];
    first = Math.min(first, timeMs);
    last = Math.max(last, timeMs);
    for (let guard = 0; node !== dest && guard < 10_000; guard++) {
      const l = routes.nextLink[dz * N + node];
      if (l < 0) break;
      const h = Math.floor(localTimeOfDayMs(timeMs, EUROPE_PARIS) / 3_600_000) % 24;
      hourly[l * 24 + h]++;
      classHour[h * 9 + L.roadClass[l]]++;
      timeMs += net.freeFlowS[l] * 1000;
      node = L.toNode[l];
    }
  }
  const days = trips.count > 0 ? Math.max(1, Math.round((last - first) / 86_400_000)) : 1;
  for (let i = 0; i < hourly.length; i++) hourly[i] /= days;
  for (let i = 0; i < classHour.length; i++) classHour[i] /= days;
  return {
    hourly,
    days,
    classHour,
    peakHourVeh(link: number): number {
      let m = 0;
      for (let h = 0; h < 24; h++) m = Math.max(m, hourly[link * 24 + h]);
      return m;
    },
  };
}

/** Hourly volume ratios by road class from an assignment: what adaptive lighting reads. */
export function volumeSourceOf(a: Assignment, description: string): TrafficVolumeSource {
  const peak = new Float64Array(9);
  for (let h = 0; h < 24; h++) for (let c = 0; c < 9; c++) peak[c] = Math.max(peak[c], a.classHour[h * 9 + c]);
  return {
    source: description,
    volumeRatio(roadClass: number, localHour: number): number {
      const h = ((localHour % 24) + 24) % 24;
      return peak[roadClass] > 0 ? a.classHour[h * 9 + roadClass] / peak[roadClass] : 0;
    },
  };
}
