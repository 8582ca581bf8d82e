// Readers of SUMO's outputs: the built net's signal connections, trip infos, the per-step
// summary, instant induction loop passages and the run statistics printed on standard output.

import { SaxesParser } from 'saxes';
import { type LaneConnection, linkOfEdge, type TlsConnection } from './sumoNetwork.ts';

type Attributes = Record<string, string>;

/** Calls `onElement` for every element named in `names`, with its attributes. */
function eachElement(xml: string, names: string[], onElement: (name: string, a: Attributes) => void): void {
  const wanted = new Set(names);
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    if (wanted.has(tag.name)) onElement(tag.name, tag.attributes as Attributes);
  });
  parser.on('error', (e) => {
    throw e;
  });
  parser.write(xml).close();
}

const numberOf = (a: Attributes, key: string): number => {
  const v = Number(a[key]);
  if (!Number.isFinite(v)) throw new Error(`attribute ${key}="${a[key]}" is not a number`);
  return v;
};

/** The signal-controlled connections between city links in a built .net.xml. */
export function parseTlsConnections(netXml: string): TlsConnection[] {
  const out: TlsConnection[] = [];
  eachElement(netXml, ['connection'], (_, a) => {
    if (a.tl === undefined || a.linkIndex === undefined) return;
    const fromLink = linkOfEdge(a.from);
    if (fromLink < 0) return;
    out.push({ tl: a.tl, linkIndex: numberOf(a, 'linkIndex'), fromLink, toLink: linkOfEdge(a.to), dir: a.dir ?? 's' });
  });
  return out;
}

/** Every connection between two city links in a built .net.xml (internal ones left out). */
export function parseLaneConnections(netXml: string): LaneConnection[] {
  const out: LaneConnection[] = [];
  eachElement(netXml, ['connection'], (_, a) => {
    const fromLink = linkOfEdge(a.from);
    const toLink = linkOfEdge(a.to);
    if (fromLink < 0 || toLink < 0) return;
    out.push({ fromLink, fromLane: numberOf(a, 'fromLane'), toLink, via: a.via ?? '' });
  });
  return out;
}

export interface TripInfo {
  id: string;
  departS: number;
  arrivalS: number;
  durationS: number;
  timeLossS: number;
  departDelayS: number;
  routeLengthM: number;
  waitingCount: number;
  vType: string;
}

export function parseTripinfo(xml: string): TripInfo[] {
  const out: TripInfo[] = [];
  eachElement(xml, ['tripinfo'], (_, a) =>
    out.push({
      id: a.id,
      departS: numberOf(a, 'depart'),
      arrivalS: numberOf(a, 'arrival'),
      durationS: numberOf(a, 'duration'),
      timeLossS: numberOf(a, 'timeLoss'),
      departDelayS: numberOf(a, 'departDelay'),
      routeLengthM: numberOf(a, 'routeLength'),
      waitingCount: numberOf(a, 'waitingCount'),
      vType: a.vType ?? '',
    }),
  );
  return out;
}

export interface SummaryStep {
  timeS: number;
  running: number;
  inserted: number;
  arrived: number;
  waiting: number;
}

export function parseSummary(xml: string): SummaryStep[] {
  const out: SummaryStep[] = [];
  eachElement(xml, ['step'], (_, a) =>
    out.push({
      timeS: numberOf(a, 'time'),
      running: numberOf(a, 'running'),
      inserted: numberOf(a, 'inserted'),
      arrived: numberOf(a, 'arrived'),
      waiting: numberOf(a, 'waiting'),
    }),
  );
  return out;
}

/** Times (s) at which vehicle fronts entered each instant induction loop, by detector id, sorted. */
export function parseInstantLoopEntries(xml: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  eachElement(xml, ['instantOut'], (_, a) => {
    if (a.state !== 'enter') return;
    let list = out.get(a.id);
    if (!list) out.set(a.id, (list = []));
    list.push(numberOf(a, 'time'));
  });
  for (const list of out.values()) list.sort((x, y) => x - y);
  return out;
}

export interface SumoRunLog {
  /** SUMO's own timing of its simulation loop, without loading the net and routes (s). */
  simulationWallS: number;
  vehicleUpdatesPerSecond: number;
  teleports: number;
  collisions: number;
  emergencyStops: number;
  inserted: number;
  /** Trips that arrived and their mean duration (s), from "Statistics (avg of N)". */
  arrived: number;
  meanTravelTimeS: number;
}

/** The statistics that `--duration-log.statistics` prints on standard output (absent counts are 0). */
export function parseRunLog(stdout: string): SumoRunLog {
  const duration = /Performance:[\s\S]*?Duration:\s*([\d.]+)\s*s/.exec(stdout);
  if (!duration) throw new Error('no "Performance: Duration" in the sumo output (was --duration-log.statistics on?)');
  const count = (label: string): number => Number(new RegExp(`^\\s*${label}:\\s*(\\d+)`, 'm').exec(stdout)?.[1] ?? 0);
  const ups = /UPS:\s*([\d.]+)/.exec(stdout);
  const stats = /Statistics \(avg of (\d+)\):[\s\S]*?Duration:\s*([\d.]+)/.exec(stdout);
  return {
    simulationWallS: Number(duration[1]),
    vehicleUpdatesPerSecond: ups ? Number(ups[1]) : NaN,
    teleports: count('Teleports'),
    collisions: count('Collisions'),
    emergencyStops: count('Emergency Stops'),
    inserted: count('Inserted'),
    arrived: stats ? Number(stats[1]) : 0,
    meanTravelTimeS: stats ? Number(stats[2]) : NaN,
  };
}
