// One side of a headless comparison, from file paths alone (so it can run in a worker thread):
// reads the scenario and its own baseline, checks them against the city, and runs the plan.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkScenarioFits, parseScenarioText, MAX_SCENARIO_BYTES, ScenarioError } from '../core/scenario/parse.ts';
import { genericPhotometries } from '../core/lighting/photometry/genericLuminaires.ts';
import type { Scenario } from '../core/scenario/schema.ts';
import type { CityModel } from '../core/city/model.ts';
import { compareRunOptions, runScenario, type ComparePlan, type RunKpis } from '../core/scenarioRun.ts';
import { MAX_RECORDING_BYTES, parseRecording, type Recording } from '../core/feeds/recording.ts';
import { CliError, readCityFile } from './cliUtil.ts';

export function readScenario(path: string): Scenario {
  if (!existsSync(path)) throw new CliError(`${path}: no such scenario file`);
  if (statSync(path).size > MAX_SCENARIO_BYTES) throw new ScenarioError(path, [`larger than ${MAX_SCENARIO_BYTES} bytes`]);
  return parseScenarioText(readFileSync(path, 'utf8'), path);
}

export function readRecording(path: string): Recording {
  if (!existsSync(path)) throw new CliError(`${path}: no such recording`);
  if (statSync(path).size > MAX_RECORDING_BYTES) throw new CliError(`${path}: larger than a recording can be (${MAX_RECORDING_BYTES} bytes)`);
  return parseRecording(readFileSync(path, 'utf8'), path);
}

/** A scenario file and the scenario it names as `energy.baseline` (its file beside it), checked against the city. */
export interface LoadedScenario {
  file: string;
  scenario: Scenario;
  baseline: Scenario | null;
}

export function knownPhotometryOf(city: CityModel): string[] {
  return [...new Set([...Object.keys(genericPhotometries()), ...city.photometryRefs])];
}

export function loadScenario(file: string, scenario: Scenario, city: CityModel, knownPhotometry: readonly string[]): LoadedScenario {
  const baselinePath = scenario.energy.baseline ? resolve(dirname(resolve(file)), `${scenario.energy.baseline}.scenario.json`) : null;
  const baseline = baselinePath ? readScenario(baselinePath) : null;
  if (baseline && baseline.city !== scenario.city) throw new ScenarioError(file, [`energy.baseline: ${baseline.name} runs on city "${baseline.city}", not "${scenario.city}"; a baseline must use the same city`]);
  checkScenarioFits(scenario, file, knownPhotometry);
  if (baseline && baselinePath) checkScenarioFits(baseline, baselinePath, knownPhotometry);
  return { file, scenario, baseline };
}

/** Rules that do not fit the city (a commune or cabinet it lacks) are the scenario's fault: name the file. */
export function blamingFile<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if ((e as Error).name === 'SelectorError' || (e as Error).name === 'SignalPlanError') throw new ScenarioError(file, [(e as Error).message]);
    throw e;
  }
}

/** Runs one loaded side over the plan. */
export function runLoadedSide(city: CityModel, side: LoadedScenario, plan: ComparePlan, feed: Recording | null): RunKpis {
  return blamingFile(side.file, () => runScenario(city, side.scenario, compareRunOptions(plan, { feed, ownBaseline: side.baseline, wallClockMs: () => performance.now() })));
}

/** What a worker thread needs to run one side: paths and the plan (all structured-cloneable). */
export interface SideJob {
  file: string;
  cityPath: string;
  feedPath: string | null;
  plan: ComparePlan;
}

export function runSideJob(job: SideJob): RunKpis {
  const city = readCityFile(job.cityPath);
  const side = loadScenario(job.file, readScenario(job.file), city, knownPhotometryOf(city));
  return runLoadedSide(city, side, job.plan, job.feedPath === null ? null : readRecording(job.feedPath));
}
