// `npm run sim -- <file.scenario.json> [--days N | --hours N] [--start ISO] [--seed N] [--out result.json]`:
// a headless run in Node; prints a few readable lines, then the one-line JSON KPI summary last.

import { readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkScenarioFits, parseIsoWithOffset, parseScenarioText, MAX_SCENARIO_BYTES, ScenarioError } from '../core/scenario/parse.ts';
import { genericPhotometries } from '../core/lighting/photometry/genericLuminaires.ts';

/** The longest run the CLI accepts (the scenario schema's limit too). */
const MAX_DAYS = 3660;
import type { Scenario } from '../core/scenario/schema.ts';
import { runScenario } from '../core/scenarioRun.ts';
import { MAX_RECORDING_BYTES, parseRecording } from '../core/feeds/recording.ts';
import { scenarioStartMs } from '../core/world.ts';
import { CliError, DEFAULT_CITY_PATH, printJsonLastLine, readCityFile, runCli } from './cliUtil.ts';

const USAGE = 'usage: npm run sim -- <file.scenario.json> [--days N | --hours N] [--start ISO] [--seed N] [--feed recording.ndjson] [--out result.json]';

function readScenario(path: string): Scenario {
  if (!existsSync(path)) throw new CliError(`${path}: no such scenario file`);
  if (statSync(path).size > MAX_SCENARIO_BYTES) throw new ScenarioError(path, [`larger than ${MAX_SCENARIO_BYTES} bytes`]);
  return parseScenarioText(readFileSync(path, 'utf8'), path);
}

function positiveNumber(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`--${name} must be a positive number, got "${v}"`);
  return n;
}

await runCli(() => {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: { days: { type: 'string' }, hours: { type: 'string' }, start: { type: 'string' }, seed: { type: 'string' }, feed: { type: 'string' }, out: { type: 'string' } },
    });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n${USAGE}`);
  }
  const file = args.positionals[0];
  if (!file) throw new CliError(USAGE);
  const v = args.values;
  if (v.days && v.hours) throw new CliError('give --days or --hours, not both');
  const scenario = readScenario(file);
  const dir = dirname(resolve(file));
  const city = readCityFile(scenario.city === 'default' ? DEFAULT_CITY_PATH : resolve(dir, scenario.city));
  const baselinePath = scenario.energy.baseline ? resolve(dir, `${scenario.energy.baseline}.scenario.json`) : null;
  const baseline = baselinePath ? readScenario(baselinePath) : null;

  let feed = null;
  if (v.feed !== undefined) {
    if (!existsSync(v.feed)) throw new CliError(`${v.feed}: no such recording`);
    if (statSync(v.feed).size > MAX_RECORDING_BYTES) throw new CliError(`${v.feed}: larger than a recording can be (${MAX_RECORDING_BYTES} bytes)`);
    feed = parseRecording(readFileSync(v.feed, 'utf8'), v.feed);
  }
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
  if (baseline && baseline.city !== scenario.city) throw new ScenarioError(file, [`energy.baseline: ${baseline.name} runs on city "${baseline.city}", not "${scenario.city}"; a baseline must use the same city`]);
  const knownPhotometry = [...new Set([...Object.keys(genericPhotometries()), ...city.photometryRefs])];
  checkScenarioFits(scenario, file, knownPhotometry);
  if (baseline && baselinePath) checkScenarioFits(baseline, baselinePath, knownPhotometry);
  let seed: number | undefined;
  if (v.seed !== undefined) {
    seed = Number(v.seed);
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new CliError(`--seed must be an integer from 0 to 4294967295, got "${v.seed}"`);
  }
  let kpis;
  try {
    kpis = runScenario(city, scenario, { startMs, endMs: startMs + spanMs, seed, baseline, feed, wallClockMs: () => performance.now() });
  } catch (e) {
    // Rules that do not fit the city (a commune or cabinet it lacks) are the scenario's fault: name the file.
    if ((e as Error).name === 'SelectorError' || (e as Error).name === 'SignalPlanError') throw new ScenarioError(file, [(e as Error).message]);
    throw e;
  }
  const l = kpis.lighting;
  process.stdout.write(`${scenario.name}: ${kpis.start} → ${kpis.end}, seed ${kpis.seed}, ${l.lampCount} lamps (${Math.round(l.ledShare * 100)} % LED)\n`);
  process.stdout.write(`  lighting ${l.energyKWh.toLocaleString('en')} kWh, €${l.costEUR.toLocaleString('en')}, ${l.co2Kg.toLocaleString('en')} kg CO₂ (${l.co2Factor.gPerKWh} g/kWh, ${l.co2Factor.source}), ${l.burningHours} h burning\n`);
  if (l.savings) process.stdout.write(`  ${l.savings.savingsVsBaselinePct} % less than ${l.savings.baseline}${l.savings.targetReductionPct !== null ? ` (target −${l.savings.targetReductionPct} %: ${l.savings.targetMet ? 'met' : 'not met'})` : ''}\n`);
  if (l.compliantRoadShare !== null) process.stdout.write(`  EN 13201 compliant lit road length: ${(l.compliantRoadShare * 100).toFixed(1)} % (time-weighted)\n`);
  const t = kpis.traffic;
  if (t) {
    process.stdout.write(`  traffic: ${t.completedTrips.toLocaleString('en')} of ${t.trips.toLocaleString('en')} trips completed (${t.completionPct} %), ${t.vehicleKm.toLocaleString('en')} veh·km, mean travel time ${t.meanTravelTimeS} s, mean delay ${t.meanDelayS} s, ${t.totalDelayVehH.toLocaleString('en')} veh·h of delay, ${t.stops.toLocaleString('en')} stops\n`);
    process.stdout.write(`  emissions: ${t.co2Kg.toLocaleString('en')} kg CO₂, ${t.noxKg.toLocaleString('en')} kg NOx; signals: mean control delay ${t.signals.meanControlDelayS} s (LOS ${Object.entries(t.signals.los).map(([k, n]) => `${k} ${n}`).join(', ')})\n`);
    process.stdout.write(`  buses: ${t.bus.completed}/${t.bus.trips} runs, mean delay ${t.bus.meanDelayS} s; emergency: ${t.emergency.completed}/${t.emergency.runs} runs, mean response ${t.emergency.meanResponseS} s${t.stuckRemoved ? `; ${t.stuckRemoved} vehicles removed from jams after ${300} s standing` : ''}\n`);
  }
  if (feed) {
    const rejected = Object.entries(kpis.feeds.rejected).map(([r, n]) => `${r} ${n}`).join(', ');
    process.stdout.write(`  feed: ${kpis.feeds.accepted} observations accepted${rejected ? `, rejected: ${rejected}` : ''}\n`);
  }
  if (v.out) writeFileSync(v.out, JSON.stringify(kpis, null, 2) + '\n');
  printJsonLastLine(kpis);
});
