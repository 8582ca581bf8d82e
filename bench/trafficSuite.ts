// Traffic benchmarks: the twin against SUMO on the same large grid and demand (vehicle updates per
// second, both in one run), the cross-check report (agreement within tolerances), and a full weekday
// of the default métropole in Node (wall time, × real time, memory per vehicle; `--no-weekday` skips it).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeCity } from '../src/core/city/cityFile.ts';
import { parseScenarioText } from '../src/core/scenario/parse.ts';
import { advanceTraffic, createTraffic, trafficKpis } from '../src/core/traffic/index.ts';
import { trafficOptionsOf } from '../src/core/traffic/scenarioTraffic.ts';
import { gridCase } from '../src/traffic-ref/cases.ts';
import { type CaseOutcome, checkDischarge, checkTrafficCase, crossCheckCases, formatRows, TOLERANCES } from '../src/traffic-ref/crossCheck.ts';
import { type SumoTiming, sumoAvailable, sumoVersion, timeSumo } from '../src/traffic-ref/sumoRun.ts';
import { runTwin, withTwinRoutes } from '../src/traffic-ref/twinRun.ts';
import type { BenchRow } from './harness.ts';

const HOUR_MS = 3_600_000;

/** The benchmark grid: 12×12 nodes (100 signals), 600 veh/h each way on every inner row and column, 30 min (≈ 2,800 vehicles at once). */
export const BENCH_GRID = { size: 12, vehPerHour: 600, durationS: 1800 };

function memoryBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** The shipped weekday scenario: its traffic section, seed and first day. */
export const WEEKDAY_SCENARIO = 'dijon-weekday-traffic';

/** A weekday (00:00 to 24:00 Paris time) of the default métropole with the weekday scenario's generated demand and plans. */
function weekday(repoRoot: string, rows: BenchRow[], summary: Record<string, unknown>): void {
  const city = decodeCity(new Uint8Array(readFileSync(resolve(repoRoot, 'assets/dijon-generated.city'))), 'dijon-generated.city');
  const scenario = parseScenarioText(readFileSync(resolve(repoRoot, 'scenarios', `${WEEKDAY_SCENARIO}.scenario.json`), 'utf8'), WEEKDAY_SCENARIO);
  if (!scenario.traffic) throw new Error(`${WEEKDAY_SCENARIO} has no traffic section`);
  const startMs = Date.parse(scenario.period.start);
  const endMs = startMs + 24 * HOUR_MS;
  (globalThis as { gc?: () => void }).gc?.();
  const before = memoryBytes();
  const t0 = performance.now();
  const sim = createTraffic(city, { ...trafficOptionsOf(city, scenario.traffic), seed: scenario.seed, startMs, endMs });
  const createMs = performance.now() - t0;
  const afterCreate = memoryBytes();
  let peak = afterCreate;
  const t1 = performance.now();
  for (let t = startMs + HOUR_MS, h = 1; t <= endMs; t += HOUR_MS, h++) {
    advanceTraffic(sim, t);
    peak = Math.max(peak, memoryBytes());
    process.stderr.write(`weekday ${String(h).padStart(2, '0')}:00  ${sim.activeCount} vehicles running, ${((performance.now() - t1) / 1000).toFixed(0)} s\n`);
  }
  const stepMs = performance.now() - t1;
  const k = trafficKpis(sim);
  const wallS = (createMs + stepMs) / 1000;
  const perVehicle = (peak - afterCreate) / Math.max(1, k.maxVehiclesInNetwork);
  rows.push({ name: `weekday métropole (${WEEKDAY_SCENARIO}): wall time`, value: wallS, unit: 's', note: `${sim.trips.count} trips, create ${(createMs / 1000).toFixed(1)} s` });
  rows.push({ name: 'weekday métropole: × real time', value: 86_400 / wallS, unit: '×' });
  rows.push({ name: 'weekday métropole: vehicle updates per second', value: Math.round(k.vehicleUpdates / (stepMs / 1000)), unit: 'veh·steps/s', note: `${k.vehicleUpdates} updates, peak ${k.maxVehiclesInNetwork} vehicles` });
  rows.push({ name: 'weekday métropole: memory of the setup', value: (afterCreate - before) / 2 ** 20, unit: 'MiB', note: 'network, trips, routes (heap + array buffers)' });
  rows.push({ name: 'weekday métropole: memory per vehicle', value: Math.round(perVehicle), unit: 'B', note: 'peak growth during the run / peak vehicles in the network (GC noise included)' });
  // The vehicle columns themselves: bytes per slot of the struct-of-arrays.
  let columnBytes = sim.active.byteLength;
  for (const col of Object.values(sim.v)) if (ArrayBuffer.isView(col)) columnBytes += col.byteLength;
  const slotBytes = columnBytes / sim.v.capacity;
  rows.push({ name: 'weekday métropole: vehicle columns per slot', value: Math.round(slotBytes), unit: 'B', note: `${sim.v.capacity} slots allocated` });
  rows.push({ name: 'weekday métropole: completed trips', value: k.completedTrips, unit: 'trips', note: `${k.completionPct} % of due, ${k.stuckRemoved} removed stuck, mean ${k.meanTravelTimeS} s` });
  Object.assign(summary, {
    weekdayWallS: Math.round(wallS * 10) / 10,
    weekdayTimesRealTime: Math.round(86_400 / wallS),
    weekdayTrips: sim.trips.count,
    weekdayCompletedTrips: k.completedTrips,
    weekdayPeakVehicles: k.maxVehiclesInNetwork,
    weekdayBytesPerVehicle: Math.round(perVehicle),
    weekdayColumnBytesPerVehicleSlot: Math.round(slotBytes),
  });
}

function reportMarkdown(outcomes: CaseOutcome[], perf: Record<string, unknown>): string {
  const rows = outcomes.flatMap((o) => o.rows);
  const ok = rows.filter((r) => r.ok).length;
  const lines = [
    '# Traffic cross-check: the twin against SUMO',
    '',
    `Generated by \`npm run bench -- traffic\` on ${new Date().toISOString()}. ${sumoVersion()} runs the same`,
    'networks (exported as plain XML and built by netconvert), the same flows on the same routes and the',
    "same fixed-time plans, once with the twin's IDM parameters (ballistic update, 1 s steps) and once with",
    "SUMO's default car (Krauss, Euler update).",
    '',
    `Agreement: **${ok} of ${rows.length}** comparisons within tolerance.`,
    '',
    `Tolerances: throughput ±${TOLERANCES.throughput * 100} %, mean travel time ±${TOLERANCES.meanTravelTime * 100} %, mean delay ±${TOLERANCES.meanDelay * 100} % or ±${TOLERANCES.meanDelayAbsS} s`,
    `(twin: travel time − free-flow time; SUMO: timeLoss), discharge 1,800 veh/h/lane ±${TOLERANCES.dischargeVsTextbook * 100} % and within ±${TOLERANCES.dischargeVsSumoIdm * 100} % of SUMO's IDM.`,
    '',
    formatRows(rows),
    '',
    '## Speed on the same grid and demand',
    '',
    '```json',
    JSON.stringify(perf, null, 2),
    '```',
    '',
  ];
  return lines.join('\n');
}

export function trafficSuite(repoRoot: string): { rows: BenchRow[]; summary: Record<string, unknown> } {
  const rows: BenchRow[] = [];
  const summary: Record<string, unknown> = {};
  if (!sumoAvailable() || !sumoAvailable('netconvert')) {
    process.stderr.write('traffic: sumo not found (install the Debian packages sumo and sumo-tools): SUMO comparisons left out\n');
  } else {
    // 1. Cross-check on the small networks.
    const cases = crossCheckCases();
    const outcomes: CaseOutcome[] = [checkDischarge(), ...Object.values(cases).map((k) => checkTrafficCase(k.case, k.warmupS, k.flowLabels))];
    const all = outcomes.flatMap((o) => o.rows);
    rows.push({ name: 'cross-check: comparisons within tolerance', value: all.filter((r) => r.ok).length, unit: `of ${all.length}` });
    for (const r of all) rows.push({ name: `cross-check ${r.caseName}: ${r.metric} vs ${r.against}`, value: r.relDiff * 100, unit: '%', note: `twin ${r.twin.toFixed(1)}, reference ${r.reference.toFixed(1)}, tolerance ${r.tolerance}${r.ok ? '' : ', OUT'}` });

    // 2. Speed: the same large grid and demand on both, in this run.
    const g = withTwinRoutes(gridCase(BENCH_GRID.size, BENCH_GRID.vehPerHour, BENCH_GRID.durationS).case);
    const twin = runTwin(g, { warmupS: 600 });
    // SUMO writes no output files here: its own statistics give the updates, trips and mean travel time.
    const [idm, krauss] = timeSumo(g, ['idm', 'krauss-default']);
    const twinUps = twin.vehicleUpdates / (twin.stepWallMs / 1000);
    const twinCpuUps = twin.vehicleUpdates / (twin.stepCpuMs / 1000);
    // SUMO: its own UPS (updates / wall time of its simulation loop, loading left out), and updates
    // / the CPU time of the whole process (loading included, so a lower bound).
    const ups = (r: SumoTiming) => r.vehicleUpdatesPerSecond;
    const cpuUps = (r: SumoTiming) => r.vehicleUpdates / (r.processCpuMs / 1000);
    const label = `grid ${BENCH_GRID.size}×${BENCH_GRID.size}, ${g.flows.length} flows × ${BENCH_GRID.vehPerHour} veh/h, ${BENCH_GRID.durationS / 60} min`;
    rows.push({ name: `twin: ${label}`, value: Math.round(twinUps), unit: 'veh·steps/s', note: `${twin.vehicleUpdates} updates in ${(twin.stepWallMs / 1000).toFixed(2)} s wall, ${(twin.stepCpuMs / 1000).toFixed(2)} s CPU; peak ${twin.maxRunning} vehicles, mean travel ${twin.meanTravelTimeS} s` });
    rows.push({ name: `twin: ${label}, per CPU second`, value: Math.round(twinCpuUps), unit: 'veh·steps/CPU s' });
    for (const r of [idm, krauss]) {
      rows.push({ name: `SUMO ${r.model}: ${label}`, value: Math.round(ups(r)), unit: 'veh·steps/s', note: `${r.vehicleUpdates} updates in ${(r.simulationWallMs / 1000).toFixed(2)} s of its loop (${(r.processWallMs / 1000).toFixed(2)} s with loading, ${(r.processCpuMs / 1000).toFixed(2)} s CPU); mean travel ${r.meanTravelTimeS.toFixed(1)} s` });
      rows.push({ name: `SUMO ${r.model}: ${label}, per CPU second`, value: Math.round(cpuUps(r)), unit: 'veh·steps/CPU s' });
    }
    rows.push({ name: 'twin / SUMO (same IDM), vehicle updates per wall second', value: twinUps / ups(idm), unit: '×', note: 'same grid, demand and routes, same run' });
    rows.push({ name: 'twin / SUMO (same IDM), vehicle updates per CPU second', value: twinCpuUps / cpuUps(idm), unit: '×', note: 'steadier than wall time on a shared machine' });
    rows.push({ name: 'twin / SUMO (default Krauss), vehicle updates per wall second', value: twinUps / ups(krauss), unit: '×' });
    const perf = {
      grid: label,
      twin: { vehicleUpdates: twin.vehicleUpdates, stepWallS: twin.stepWallMs / 1000, stepCpuS: twin.stepCpuMs / 1000, peakVehicles: twin.maxRunning, completedTrips: twin.completedTrips, meanTravelTimeS: twin.meanTravelTimeS },
      sumoIdm: { vehicleUpdates: idm.vehicleUpdates, loopWallS: idm.simulationWallMs / 1000, processWallS: idm.processWallMs / 1000, processCpuS: idm.processCpuMs / 1000, completedTrips: idm.completedTrips, meanTravelTimeS: idm.meanTravelTimeS },
      sumoKrauss: { vehicleUpdates: krauss.vehicleUpdates, loopWallS: krauss.simulationWallMs / 1000, processWallS: krauss.processWallMs / 1000, processCpuS: krauss.processCpuMs / 1000, completedTrips: krauss.completedTrips, meanTravelTimeS: krauss.meanTravelTimeS },
    };
    const dir = resolve(repoRoot, 'bench/reports');
    mkdirSync(dir, { recursive: true });
    const report = resolve(dir, 'traffic-crosscheck.md');
    writeFileSync(report, reportMarkdown(outcomes, perf));
    process.stdout.write(`cross-check report: ${report}\n`);
    Object.assign(summary, {
      vehicleUpdatesPerSec: Math.round(twinUps),
      sumoVehicleUpdatesPerSec: Math.round(ups(idm)),
      sumoKraussVehicleUpdatesPerSec: Math.round(ups(krauss)),
      ratio: Math.round((twinUps / ups(idm)) * 100) / 100,
      vehicleUpdatesPerCpuSec: Math.round(twinCpuUps),
      sumoVehicleUpdatesPerCpuSec: Math.round(cpuUps(idm)),
      ratioCpu: Math.round((twinCpuUps / cpuUps(idm)) * 100) / 100,
      ratioKrauss: Math.round((twinUps / ups(krauss)) * 100) / 100,
      benchPeakVehicles: twin.maxRunning,
      crossCheckWithinTolerance: all.filter((r) => r.ok).length,
      crossCheckComparisons: all.length,
    });
  }
  // 3. A weekday of the default métropole (`--no-weekday` leaves it out: it takes minutes).
  if (!process.argv.includes('--no-weekday')) weekday(repoRoot, rows, summary);
  return { rows, summary };
}
