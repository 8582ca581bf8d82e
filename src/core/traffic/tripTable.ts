// Per-trip results of a traffic run as CSV (one row per trip due in the period): what a
// before/after comparison of two scenarios pairs up by trip number (same seed, same demand).

import { VEHICLE_TYPE_NAMES } from './demand.ts';
import { TripStatus, type TrafficSim } from './trafficSim.ts';

const STATUS_NAMES: Record<TripStatus, string> = {
  [TripStatus.Pending]: 'pending',
  [TripStatus.Running]: 'running',
  [TripStatus.Done]: 'done',
  [TripStatus.Unreachable]: 'unreachable',
  [TripStatus.Stuck]: 'stuck',
  [TripStatus.Trivial]: 'no-travel',
  [TripStatus.Thinned]: 'thinned-by-counts',
};

export const TRIP_CSV_HEADER = 'trip,type,originNode,destinationNode,departUtc,status,travelTimeS,delayS,distanceM,stops';

/** Writes the CSV rows through `write` (chunks), so a day of 400,000 trips never sits in one string. */
export function writeTripCsv(sim: TrafficSim, write: (chunk: string) => void): number {
  const t = sim.trips;
  const r = sim.results;
  write(TRIP_CSV_HEADER + '\n');
  let rows = 0;
  let chunk = '';
  for (let i = 0; i < t.count; i++) {
    if (t.departMs[i] > sim.timeMs) continue;
    const done = r.status[i] === TripStatus.Done || r.status[i] === TripStatus.Stuck;
    chunk += `${i},${VEHICLE_TYPE_NAMES[t.type[i]]},${t.originNode[i]},${t.zoneNodes[t.destZone[i]]},${new Date(t.departMs[i]).toISOString()},${STATUS_NAMES[r.status[i] as TripStatus]},${done ? r.travelS[i].toFixed(1) : ''},${done ? r.delayS[i].toFixed(1) : ''},${done ? Math.round(r.distM[i]) : ''},${done ? r.stops[i] : ''}\n`;
    rows++;
    if (chunk.length > 1 << 16) {
      write(chunk);
      chunk = '';
    }
  }
  if (chunk) write(chunk);
  return rows;
}
