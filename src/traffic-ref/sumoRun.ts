// Runs a cross-check case in SUMO (Node only): writes the inputs into a temporary folder, runs
// netconvert then a headless sumo with 1 s steps, and reads trips, per-step counts and detector passages.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CrossCheckCase } from './crossCheckCase.ts';
import { edgesXml, type LaneConnection, netconvertArgs, nodesXml, routesXml, stopLineDetectorPrefix, stopLineDetectorsXml, type SumoModel, tlsProgramsXml, type TlsConnection } from './sumoNetwork.ts';
import { parseInstantLoopEntries, parseLaneConnections, parseRunLog, parseSummary, parseTlsConnections, parseTripinfo, type TripInfo } from './sumoOutputs.ts';

export interface SumoRunOptions {
  model: SumoModel;
  /** Links whose stop lines get a detector on every lane. */
  stopLineLinks?: number[];
  /** Arrivals before this time are left out of the throughput (s). */
  warmupS?: number;
  seed?: number;
}

export interface SumoRunResult {
  model: SumoModel;
  /** Vehicles that entered the network by the end. */
  inserted: number;
  /** Vehicles that reached their destination before the end. */
  completedTrips: number;
  meanTravelTimeS: number;
  /** Mean time lost against driving the route at the desired speed (SUMO's timeLoss). */
  meanTimeLossS: number;
  meanDepartDelayS: number;
  /** Mean travel time of each case flow's completed trips (NaN when none arrived). */
  meanTravelTimeByFlowS: number[];
  /** Arrivals per hour after the warm-up. */
  throughputPerHour: number;
  /** Σ over steps of the vehicles running in that step. */
  vehicleUpdates: number;
  maxRunning: number;
  teleports: number;
  collisions: number;
  emergencyStops: number;
  /** Wall time of the sumo process, loading included (ms). */
  processWallMs: number;
  /** SUMO's own timing of its simulation loop (ms). */
  simulationWallMs: number;
  /** CPU time of the sumo process, loading included (ms). */
  processCpuMs: number;
  /** Vehicle front passages at the stop line, per link, one sorted list of times (s) per lane. */
  stopLinePassagesS: Map<number, number[][]>;
  trips: TripInfo[];
}

/** Whether `cmd` runs (SUMO's binaries exit 0 on --version). */
export function sumoAvailable(cmd = 'sumo'): boolean {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

/** SUMO's version line ("Eclipse SUMO sumo Version 1.15.0"), or '' without sumo. */
export function sumoVersion(): string {
  const r = spawnSync('sumo', ['--version'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? '' : (r.stdout.split('\n').find((l) => /Version/.test(l)) ?? '').trim();
}

/** Runs a SUMO binary in `cwd`; returns its standard output, throws with its errors. */
function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (r.error || r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.error?.message ?? ''}${r.stderr.slice(-2000)}`);
  return r.stdout;
}

/**
 * Runs a command through the shell, whose `times` then prints the CPU time of its children: on a
 * shared machine CPU seconds compare two programs better than wall seconds. Returns stdout and CPU ms.
 */
function runTimed(cmd: string, args: string[], cwd: string): { stdout: string; cpuMs: number } {
  const stdout = run('sh', ['-c', '"$0" "$@"; s=$?; times; exit $s', cmd, ...args], cwd);
  const lines = stdout.trimEnd().split('\n');
  const m = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(lines[lines.length - 1] ?? '');
  const cpuMs = m ? (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000 : NaN;
  return { stdout, cpuMs };
}

/** A SUMO net built from a case's city in a folder, with its signal-controlled connections. */
export interface SumoNet {
  dir: string;
  netFile: string;
  connections: TlsConnection[];
  laneConnections: LaneConnection[];
  /** Wall time of netconvert (ms). */
  buildMs: number;
}

export function buildSumoNet(c: CrossCheckCase, dir: string): SumoNet {
  writeFileSync(join(dir, 'city.nod.xml'), nodesXml(c.city));
  writeFileSync(join(dir, 'city.edg.xml'), edgesXml(c.city));
  const t0 = performance.now();
  run('netconvert', netconvertArgs('city.nod.xml', 'city.edg.xml', 'city.net.xml'), dir);
  const buildMs = performance.now() - t0;
  const netFile = join(dir, 'city.net.xml');
  const netXml = readFileSync(netFile, 'utf8');
  return { dir, netFile, connections: parseTlsConnections(netXml), laneConnections: parseLaneConnections(netXml), buildMs };
}

export function runSumoOnNet(c: CrossCheckCase, net: SumoNet, o: SumoRunOptions): SumoRunResult {
  const { dir } = net;
  const tag = o.model;
  const files = {
    routes: `${tag}.rou.xml`,
    tls: 'twin.tls.add.xml',
    detectors: `${tag}.det.add.xml`,
    detectorOut: `${tag}.det.out.xml`,
    tripinfo: `${tag}.tripinfo.xml`,
    summary: `${tag}.summary.xml`,
  };
  writeFileSync(join(dir, files.routes), routesXml(c, o.model));
  writeFileSync(join(dir, files.tls), tlsProgramsXml(c, net.connections));
  const additional = [files.tls];
  const stopLineLinks = o.stopLineLinks ?? [];
  if (stopLineLinks.length) {
    writeFileSync(join(dir, files.detectors), stopLineDetectorsXml(stopLineLinks, net.laneConnections, files.detectorOut));
    additional.push(files.detectors);
  }
  const args = [
    '--net-file', 'city.net.xml',
    '--route-files', files.routes,
    '--additional-files', additional.join(','),
    '--begin', '0',
    '--end', String(c.durationS),
    '--step-length', '1',
    '--no-step-log', 'true',
    '--seed', String(o.seed ?? 1),
    '--tripinfo-output', files.tripinfo,
    '--summary-output', files.summary,
    '--duration-log.statistics', 'true',
    '--collision.action', 'warn',
    '--no-warnings', 'true',
    '--xml-validation', 'never',
  ];
  // The twin integrates ballistically; the IDM run does too, the default run keeps SUMO's Euler.
  if (o.model === 'idm') args.push('--step-method.ballistic', 'true');
  const t0 = performance.now();
  const { stdout, cpuMs } = runTimed('sumo', args, dir);
  const processWallMs = performance.now() - t0;

  const trips = parseTripinfo(readFileSync(join(dir, files.tripinfo), 'utf8'));
  const steps = parseSummary(readFileSync(join(dir, files.summary), 'utf8'));
  const log = parseRunLog(stdout);
  const warmupS = o.warmupS ?? 0;
  const mean = (f: (t: TripInfo) => number) => (trips.length ? trips.reduce((s, t) => s + f(t), 0) / trips.length : NaN);
  const last = steps[steps.length - 1];
  // Flow f's vehicles are named "f<f>.<n>".
  const byFlow = c.flows.map(() => [0, 0]);
  for (const t of trips) {
    const f = Number(/^f(\d+)\./.exec(t.id)?.[1] ?? -1);
    if (f >= 0 && f < byFlow.length) {
      byFlow[f][0] += t.durationS;
      byFlow[f][1]++;
    }
  }
  const stopLinePassagesS = new Map<number, number[][]>();
  if (stopLineLinks.length) {
    const entries = parseInstantLoopEntries(readFileSync(join(dir, files.detectorOut), 'utf8'));
    for (const l of stopLineLinks) {
      const lanes = Array.from({ length: c.city.links.lanes[l] }, (_, k) => {
        const prefix = stopLineDetectorPrefix(l, k);
        const times: number[] = [];
        for (const [id, list] of entries) if (id.startsWith(prefix)) times.push(...list);
        return times.sort((a, b) => a - b);
      });
      stopLinePassagesS.set(l, lanes);
    }
  }
  return {
    model: o.model,
    inserted: last ? last.inserted : 0, // the summary's counts are cumulative
    completedTrips: trips.length,
    meanTravelTimeS: mean((t) => t.durationS),
    meanTimeLossS: mean((t) => t.timeLossS),
    meanDepartDelayS: mean((t) => t.departDelayS),
    meanTravelTimeByFlowS: byFlow.map(([sumS, n]) => (n ? sumS / n : NaN)),
    throughputPerHour: (trips.filter((t) => t.arrivalS >= warmupS).length / Math.max(1, c.durationS - warmupS)) * 3600,
    vehicleUpdates: steps.reduce((s, x) => s + x.running, 0),
    maxRunning: steps.reduce((m, x) => Math.max(m, x.running), 0),
    teleports: log.teleports,
    collisions: log.collisions,
    emergencyStops: log.emergencyStops,
    processWallMs,
    simulationWallMs: log.simulationWallS * 1000,
    processCpuMs: cpuMs,
    stopLinePassagesS,
    trips,
  };
}

/** A speed run: SUMO with no output files, its figures read from the statistics it prints. */
export interface SumoTiming {
  model: SumoModel;
  /** Vehicle updates per second of SUMO's simulation loop (its own "UPS"). */
  vehicleUpdatesPerSecond: number;
  /** UPS × loop duration (the loop duration has 10 ms resolution). */
  vehicleUpdates: number;
  simulationWallMs: number;
  processWallMs: number;
  processCpuMs: number;
  inserted: number;
  completedTrips: number;
  meanTravelTimeS: number;
}

export function timeSumoOnNet(c: CrossCheckCase, net: SumoNet, model: SumoModel): SumoTiming {
  const routes = `${model}.speed.rou.xml`;
  writeFileSync(join(net.dir, routes), routesXml(c, model));
  writeFileSync(join(net.dir, 'twin.tls.add.xml'), tlsProgramsXml(c, net.connections));
  const args = ['--net-file', 'city.net.xml', '--route-files', routes, '--additional-files', 'twin.tls.add.xml', '--begin', '0', '--end', String(c.durationS), '--step-length', '1', '--no-step-log', 'true', '--seed', '1', '--duration-log.statistics', 'true', '--no-warnings', 'true', '--xml-validation', 'never'];
  if (model === 'idm') args.push('--step-method.ballistic', 'true');
  const t0 = performance.now();
  const { stdout, cpuMs } = runTimed('sumo', args, net.dir);
  const processWallMs = performance.now() - t0;
  const log = parseRunLog(stdout);
  return {
    model,
    vehicleUpdatesPerSecond: log.vehicleUpdatesPerSecond,
    vehicleUpdates: Math.round(log.vehicleUpdatesPerSecond * log.simulationWallS),
    simulationWallMs: log.simulationWallS * 1000,
    processWallMs,
    processCpuMs: cpuMs,
    inserted: log.inserted,
    completedTrips: log.arrived,
    meanTravelTimeS: log.meanTravelTimeS,
  };
}

/** Speed runs of each model on a net built in a fresh temporary folder, removed afterwards. */
export function timeSumo(c: CrossCheckCase, models: SumoModel[]): SumoTiming[] {
  const dir = mkdtempSync(join(tmpdir(), 'twin-sumo-'));
  try {
    const net = buildSumoNet(c, dir);
    return models.map((m) => timeSumoOnNet(c, net, m));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds the net and runs each model in a fresh temporary folder, removed afterwards. */
export function runSumo(c: CrossCheckCase, runs: SumoRunOptions[]): SumoRunResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'twin-sumo-'));
  try {
    const net = buildSumoNet(c, dir);
    return runs.map((o) => runSumoOnNet(c, net, o));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
