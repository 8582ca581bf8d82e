// `npm run sim -- <file.scenario.json> [--compare variant.scenario.json] [--days N | --hours N] [--start ISO] [--seed N] [--out result.json]`:
// a headless run (or a comparison) in Node; prints a few readable lines, then the one-line JSON summary last.

import { writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseIsoWithOffset, ScenarioError } from '../core/scenario/parse.ts';
import { comparePlan, runScenario, type RunKpis } from '../core/scenarioRun.ts';
import { changeAt, changeSpread, compareKpis, type KpiDelta } from '../core/compare.ts';
import { scenarioStartMs } from '../core/world.ts';
import { STUCK_TIMEOUT_S } from '../core/traffic/trafficSim.ts';
import { writeTripCsv } from '../core/traffic/tripTable.ts';
import { CliError, DEFAULT_CITY_PATH, printJsonLastLine, readCityFile, runCli } from './cliUtil.ts';
import { blamingFile, knownPhotometryOf, loadScenario, readRecording, readScenario, runLoadedSide } from './compareSide.ts';
import { runSideInWorker } from './sideInWorker.ts';

/** The longest run the CLI accepts (the scenario schema's limit too). */
const MAX_DAYS = 3660;
/** Seeds a comparison may be repeated with at most. */
const MAX_SEEDS = 50;

const USAGE = 'usage: npm run sim -- <file.scenario.json> [--compare variant.scenario.json] [--days N | --hours N] [--start ISO] [--seed N] [--seeds N] [--feed recording.ndjson] [--out result.json] [--trips trips.csv]';

function positiveNumber(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`--${name} must be a positive number, got "${v}"`);
  return n;
}


const fmt = (x: number) => x.toLocaleString('en');

function printRun(name: string, kpis: RunKpis, withFeed: boolean): void {
  const l = kpis.lighting;
  process.stdout.write(`${name}: ${kpis.start} → ${kpis.end}, seed ${kpis.seed}, ${l.lampCount} lamps (${Math.round(l.ledShare * 100)} % LED)\n`);
  process.stdout.write(`  lighting ${fmt(l.energyKWh)} kWh, €${fmt(l.costEUR)}, ${fmt(l.co2Kg)} kg CO₂ (${l.co2Factor.gPerKWh} g/kWh, ${l.co2Factor.source}), ${l.burningHours} h burning\n`);
  if (l.savings) process.stdout.write(`  ${l.savings.savingsVsBaselinePct} % less than ${l.savings.baseline}${l.savings.targetReductionPct !== null ? ` (target −${l.savings.targetReductionPct} %: ${l.savings.targetMet ? 'met' : 'not met'})` : ''}\n`);
  if (l.compliantRoadShare !== null) process.stdout.write(`  EN 13201 compliant lit road length: ${(l.compliantRoadShare * 100).toFixed(1)} % (time-weighted)\n`);
  const t = kpis.traffic;
  if (t) {
    process.stdout.write(`  traffic: ${fmt(t.completedTrips)} of ${fmt(t.trips)} trips completed (${t.completionPct} %), ${fmt(t.vehicleKm)} veh·km, mean travel time ${t.meanTravelTimeS} s, mean delay ${t.meanDelayS} s, ${fmt(t.totalDelayVehH)} veh·h of delay, ${fmt(t.stops)} stops\n`);
    process.stdout.write(`  emissions: ${fmt(t.co2Kg)} kg CO₂, ${fmt(t.noxKg)} kg NOx; signals: mean control delay ${t.signals.meanControlDelayS} s (LOS ${Object.entries(t.signals.los).map(([k, n]) => `${k} ${n}`).join(', ')})\n`);
    process.stdout.write(`  buses: ${t.bus.completed}/${t.bus.trips} runs, mean delay ${t.bus.meanDelayS} s; emergency: ${t.emergency.completed}/${t.emergency.runs} runs, mean response ${t.emergency.meanResponseS} s${t.stuckRemoved ? `; ${fmt(t.stuckRemoved)} vehicles removed from jams after ${STUCK_TIMEOUT_S} s standing` : ''}\n`);
  }
  if (withFeed) {
    const rejected = Object.entries(kpis.feeds.rejected).map(([r, n]) => `${r} ${n}`).join(', ');
    process.stdout.write(`  feed: ${kpis.feeds.accepted} observations accepted${rejected ? `, rejected: ${rejected}` : ''}\n`);
  }
}

/** The headline changes of a comparison, one per line; any other numeric KPI is in the JSON delta. */
const HEADLINE_CHANGES: [path: string, label: string, unit: string, scale?: number][] = [
  ['lighting.energyKWh', 'energy', 'kWh'],
  ['lighting.costEUR', 'cost', '€'],
  ['lighting.co2Kg', 'CO₂', 'kg'],
  ['lighting.compliantRoadShare', 'EN 13201 compliant lit road length', 'percentage points', 100],
  ['lighting.peakPowerKW', 'peak power', 'kW'],
  ['traffic.meanTravelTimeS', 'mean travel time', 's'],
  ['traffic.totalDelayVehH', 'total delay', 'veh·h'],
  ['traffic.stops', 'stops', ''],
  ['traffic.co2Kg', 'traffic CO₂', 'kg'],
  ['traffic.meanDelayS', 'mean delay per trip', 's'],
  ['traffic.bus.meanDelayS', 'bus delay', 's'],
  ['traffic.emergency.meanResponseS', 'emergency response time', 's'],
  ['traffic.noxKg', 'NOx', 'kg'],
];

await runCli(async () => {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        days: { type: 'string' }, hours: { type: 'string' }, start: { type: 'string' }, seed: { type: 'string' }, feed: { type: 'string' }, out: { type: 'string' },
        compare: { type: 'string' }, trips: { type: 'string' }, seeds: { type: 'string' },
      },
    });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n${USAGE}`);
  }
  const file = args.positionals[0];
  if (!file) throw new CliError(USAGE);
  const v = args.values;
  if (v.days && v.hours) throw new CliError('give --days or --hours, not both');
  const scenario = readScenario(file);
  const variantScenario = v.compare !== undefined ? readScenario(v.compare) : null;
  if (variantScenario && v.compare !== undefined && variantScenario.city !== scenario.city) {
    throw new ScenarioError(v.compare, [`city: "${variantScenario.city}" is not the baseline's city "${scenario.city}"; a comparison runs both on one city`]);
  }
  const cityPath = scenario.city === 'default' ? DEFAULT_CITY_PATH : resolve(dirname(resolve(file)), scenario.city);
  const city = readCityFile(cityPath);
  const knownPhotometry = knownPhotometryOf(city);
  const main = loadScenario(file, scenario, city, knownPhotometry);
  const variant = variantScenario && v.compare !== undefined ? loadScenario(v.compare, variantScenario, city, knownPhotometry) : null;

  const feed = v.feed === undefined ? null : readRecording(v.feed);
  let startMs = scenarioStartMs(scenario);
  if (v.start !== undefined) {
    const t = parseIsoWithOffset(v.start);
    if (t === null) throw new CliError(`--start: "${v.start}" is not an ISO 8601 date-time with its offset (e.g. 2025-01-15T12:00:00+01:00)`);
    startMs = t;
  }
  const days = positiveNumber('days', v.days);
  const hours = positiveNumber('hours', v.hours);
  const spanMs = Math.round(hours !== undefined ? hours * 3_600_000 : (days ?? scenario.period.days) * 86_400_000);
  if (spanMs < 60_000 || spanMs > MAX_DAYS * 86_400_000) throw new CliError(`the period must last from 1 minute to ${MAX_DAYS} days`);
  let seed: number | undefined;
  if (v.seed !== undefined) {
    seed = Number(v.seed);
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new CliError(`--seed must be an integer from 0 to 4294967295, got "${v.seed}"`);
  }
  const wallClockMs = () => performance.now();

  const seedCount = v.seeds === undefined ? 1 : Number(v.seeds);
  if (!Number.isInteger(seedCount) || seedCount < 1 || seedCount > MAX_SEEDS) throw new CliError(`--seeds must be an integer from 1 to ${MAX_SEEDS}, got "${v.seeds}"`);
  if (seedCount > 1 && !variant) throw new CliError('--seeds needs --compare: it repeats a comparison with other seeds');

  if (variant) {
    // Both sides: the baseline's period (or the one given), one seed, one feed.
    const plan = comparePlan(scenario, { startMs, spanMs, seed });
    const t0 = performance.now();
    // With traffic (tens of seconds a day per side) the variant runs in a worker thread while the
    // baseline runs here, both at once on two cores; lighting alone takes less than a thread's start.
    const inParallel = !!(scenario.traffic || variant.scenario.traffic) && process.env.TWIN_SIM_SEQUENTIAL !== '1';
    const comparePair = async (p: typeof plan) => {
      const inWorker = inParallel ? runSideInWorker({ file: variant.file, cityPath, feedPath: v.feed ?? null, plan: p }) : null;
      inWorker?.kpis.catch(() => undefined); // awaited below, after the baseline (which may throw first)
      await inWorker?.started;
      const baselineKpis = runLoadedSide(city, main, p, feed);
      return compareKpis(baselineKpis, inWorker ? await inWorker.kpis : runLoadedSide(city, variant, p, feed));
    };
    const result = await comparePair(plan);
    printRun(`baseline ${scenario.name}`, result.baseline, !!feed);
    printRun(`variant ${variant.scenario.name}`, result.variant, !!feed);
    process.stdout.write(`change (variant − baseline), ${Math.round(performance.now() - t0)} ms for both${inParallel ? ' (in parallel)' : ''}:\n`);
    for (const [path, label, unit, scale = 1] of HEADLINE_CHANGES) {
      const c = changeAt(result.delta, path);
      if (!c) continue;
      const d = Math.round(c.diff * scale * 100) / 100;
      process.stdout.write(`  ${label} ${d > 0 ? '+' : ''}${fmt(d)}${unit ? ` ${unit}` : ''}${c.pct !== null && scale === 1 ? ` (${c.pct > 0 ? '+' : ''}${c.pct} %)` : ''}\n`);
    }
    let output: object = result;
    if (seedCount > 1) {
      // The same comparison with the next seeds: is the change larger than what the seed alone moves?
      const deltas: KpiDelta[] = [result.delta];
      const seeds = [plan.seed];
      for (let k = 1; k < seedCount; k++) {
        const p = { ...plan, seed: (plan.seed + k) >>> 0 };
        deltas.push((await comparePair(p)).delta);
        seeds.push(p.seed);
      }
      const spread = changeSpread(deltas, HEADLINE_CHANGES.map(([path]) => path));
      process.stdout.write(`over ${seedCount} seeds (${seeds.join(', ')}): mean change (standard deviation; lowest … highest; seeds where it fell), ${Math.round(performance.now() - t0)} ms in all:\n`);
      for (const [path, label, unit, scale = 1] of HEADLINE_CHANGES) {
        const c = spread[path];
        if (!c) continue;
        const r = (x: number) => fmt(Math.round(x * scale * 100) / 100);
        process.stdout.write(`  ${label} ${c.mean > 0 ? '+' : ''}${r(c.mean)}${unit ? ` ${unit}` : ''} (sd ${r(c.sd)}; ${r(c.min)} … ${r(c.max)}; fell in ${c.lowerIn} of ${c.seeds})\n`);
      }
      output = { ...result, seeds: { seeds, deltas, spread } };
    }
    if (v.out) writeFileSync(v.out, JSON.stringify(output, null, 2) + '\n');
    printJsonLastLine(output);
    return;
  }

  let tripRows = 0;
  const kpis = blamingFile(file, () =>
    runScenario(city, scenario, {
      startMs,
      endMs: startMs + spanMs,
      seed,
      baseline: main.baseline,
      feed,
      wallClockMs,
      onFinished: (world) => {
        if (!v.trips) return;
        if (!world.traffic) throw new CliError(`--trips: ${file} simulates no traffic (no "traffic" section)`);
        const fd = openSync(v.trips, 'w');
        try {
          tripRows = writeTripCsv(world.traffic, (chunk) => writeSync(fd, chunk));
        } finally {
          closeSync(fd);
        }
      },
    }),
  );
  if (v.trips) process.stdout.write(`per-trip results: ${tripRows.toLocaleString('en')} rows in ${v.trips}\n`);
  printRun(scenario.name, kpis, !!feed);
  if (v.out) writeFileSync(v.out, JSON.stringify(kpis, null, 2) + '\n');
  printJsonLastLine(kpis);
});
