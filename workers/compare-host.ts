// A compare worker's host (a plain class, run in Node by tests): holds the city, runs one side of a
// comparison or a one-night preview in slices (progress, cancel), with the core's ScenarioRun; and
// Webster suggestions for the studio's signal editor (the free-flow assignment kept per demand).

import { transfer } from 'comlink';
import type { CityModel } from '../src/core/city/model.ts';
import { parseScenarioText } from '../src/core/scenario/parse.ts';
import { compareRunOptions, ScenarioRun, type ComparePlan } from '../src/core/scenarioRun.ts';
import { accumulatorsAt, isNight, lampEnergyKWh, lampLevelsAt, linkComplianceAt, SLOT_MS } from '../src/core/lighting/lightingSim.ts';
import { roadsBelowClass } from '../src/core/lighting/roadsBelowClass.ts';
import { localTimeOfDayMs } from '../src/core/time/parisTime.ts';
import { lampTechnologies, sampleLampLevels } from '../src/core/present/nightSamples.ts';
import { prepareTraffic, type TrafficSetup } from '../src/core/traffic/index.ts';
import { volumeSourceOf } from '../src/core/traffic/assignment.ts';
import type { Scenario } from '../src/core/scenario/schema.ts';
import { trafficOptionsOf } from '../src/core/traffic/scenarioTraffic.ts';
import { describeSignal, websterSuggestion } from '../src/core/traffic/signalTiming.ts';
import { TripStatus, type TrafficSim } from '../src/core/traffic/trafficSim.ts';
import { scenarioStartMs } from '../src/core/world.ts';
import type { CompareJob, LinkResultArrays, PreviewOutcome, PreviewResult, SideOutcome, SideResult, TripResultArrays, WebsterJob, WebsterOutcome } from './compare-protocol.ts';
import { Yielder } from './sim-pacing.ts';

/** Wall time of work between two yields (cancel and progress get through). */
const SLICE_MS = 40;
const DAY_MS = 86_400_000;
/** Simulated span advanced at a time when the world has traffic (an hour of a busy day is seconds of work). */
export const TRAFFIC_SPAN_MS = 15 * 60_000;

/** Per-trip results of a traffic run by trip number, for the trips due in the period (NaN: not completed). */
export function tripResultArrays(sim: TrafficSim): TripResultArrays {
  const t = sim.trips;
  const r = sim.results;
  let n = 0;
  while (n < t.count && t.departMs[n] <= sim.timeMs) n++;
  const travelS = new Float32Array(n);
  const delayS = new Float32Array(n);
  const type = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const done = r.status[i] === TripStatus.Done;
    travelS[i] = done ? r.travelS[i] : NaN;
    delayS[i] = done ? r.delayS[i] : NaN;
    type[i] = t.type[i];
  }
  return { travelS, delayS, type };
}

/** Per-link passages and mean speed (km/h) over the run so far, in city link order. */
export function linkResultArrays(sim: TrafficSim): LinkResultArrays {
  const T = sim.totals;
  const n = T.linkPassages.length;
  const passages = T.linkPassages.slice();
  const meanSpeedKph = new Float32Array(n);
  for (let l = 0; l < n; l++) {
    const p = passages[l];
    meanSpeedKph[l] = p > 0 && T.linkTravelS[l] > 0 ? ((sim.net.lengthM[l] * p) / T.linkTravelS[l]) * 3.6 : NaN;
  }
  return { passages, meanSpeedKph };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Mean level of each lamp while lit over the first night of the run, sampled at each half hour. */
export function firstNightMeanLevels(run: ScenarioRun): Float32Array {
  const m = run.world.lighting.model;
  const n = run.world.city.lamps.count;
  const sum = new Float64Array(n);
  const levels = new Float32Array(n);
  let samples = 0;
  const end = Math.min(run.world.endMs, run.world.startMs + DAY_MS);
  for (let t = run.world.startMs + SLOT_MS / 2; t < end; t += SLOT_MS) {
    if (!isNight(m, t)) continue;
    lampLevelsAt(m, t, levels);
    for (let i = 0; i < n; i++) sum[i] += levels[i];
    samples++;
  }
  const out = new Float32Array(n);
  if (samples) for (let i = 0; i < n; i++) out[i] = sum[i] / samples;
  return out;
}

/** The least compliant hour of the run's first night, and which streets are below their class at its middle. */
export function worstHourOf(run: ScenarioRun, compliantShareByLocalHour: (number | null)[]): PreviewResult['worstHour'] {
  let hour = -1;
  for (let h = 0; h < 24; h++) {
    const c = compliantShareByLocalHour[h];
    if (c !== null && (hour < 0 || c < compliantShareByLocalHour[hour]!)) hour = h;
  }
  if (hour < 0) return null;
  const m = run.world.lighting.model;
  const end = Math.min(run.world.endMs, run.world.startMs + DAY_MS);
  for (let t = run.world.startMs + SLOT_MS / 2; t < end; t += SLOT_MS) {
    if (Math.floor(localTimeOfDayMs(t, m.options.timeZone) / SLOT_MS) !== hour) continue;
    const r = linkComplianceAt(m, t);
    if (!r) return null;
    return { localHour: hour, compliantShare: compliantShareByLocalHour[hour]!, ...roadsBelowClass(run.world.city, r) };
  }
  return null;
}

export class CompareHost {
  private city: CityModel | null = null;
  private cityKey = -1;
  private job = 0;
  private readonly yielder = new Yielder();
  private readonly now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.now = now;
  }

  /** The city both sides run on (a structured clone of the page's); `key` says which one it is. */
  setCity(city: CityModel, key: number): void {
    this.city = city;
    this.cityKey = key;
  }

  cityIs(key: number): boolean {
    return this.city !== null && this.cityKey === key;
  }

  /** Stops the running job where it is. */
  cancel(): void {
    this.job++;
  }

  private build(job: CompareJob, withOwnBaseline: boolean): ScenarioRun {
    if (!this.city) throw new Error('no city loaded for the comparison');
    const scenario = parseScenarioText(job.text, job.file);
    const ownName = withOwnBaseline ? scenario.energy.baseline : undefined;
    const ownText = ownName ? job.library[ownName] : undefined;
    const own = ownText !== undefined ? parseScenarioText(ownText, `${ownName}.scenario.json`) : null;
    return new ScenarioRun(this.city, scenario, compareRunOptions(job.plan, { ownBaseline: own }));
  }

  /** Advances in slices until done (true) or cancelled by a newer job (false). */
  private async drive(run: ScenarioRun, id: number, progress?: (fraction: number) => void): Promise<boolean> {
    while (!run.done) {
      const deadline = this.now() + SLICE_MS;
      const spanMs = run.world.traffic ? TRAFFIC_SPAN_MS : SLOT_MS;
      while (!run.advance(1, spanMs) && this.now() < deadline);
      progress?.(run.fraction);
      await this.yielder.next();
      if (id !== this.job) return false;
    }
    return true;
  }

  /** One side of a comparison over the plan's period and seed, with its KPIs as a plain run gives them. */
  async run(job: CompareJob, progress?: (fraction: number) => void): Promise<SideOutcome> {
    const id = ++this.job;
    try {
      const t0 = this.now();
      const run = this.build(job, true);
      if (!(await this.drive(run, id, progress))) return { status: 'cancelled' };
      const kpis = run.kpis(this.now() - t0);
      const m = run.world.lighting.model;
      const lampKWh = lampEnergyKWh(m, accumulatorsAt(m, run.world.lighting.state, run.world.timeMs));
      const trips = run.world.traffic ? tripResultArrays(run.world.traffic) : null;
      const links = run.world.traffic ? linkResultArrays(run.world.traffic) : null;
      const result: SideResult = { kpis, lampKWh, lampMeanLevel: firstNightMeanLevels(run), lampTechnology: lampTechnologies(m), trips, links };
      const buffers: ArrayBuffer[] = [lampKWh.buffer as ArrayBuffer, result.lampMeanLevel.buffer as ArrayBuffer, result.lampTechnology!.buffer as ArrayBuffer];
      if (trips) buffers.push(trips.travelS.buffer as ArrayBuffer, trips.delayS.buffer as ArrayBuffer, trips.type.buffer as ArrayBuffer);
      if (links) buffers.push(links.passages.buffer as ArrayBuffer, links.meanSpeedKph.buffer as ArrayBuffer);
      if (job.sampleTimesMs?.length) {
        result.levelSamples = sampleLampLevels(m, job.sampleTimesMs);
        buffers.push(result.levelSamples.buffer as ArrayBuffer);
      }
      return transfer({ status: 'done', result }, buffers);
    } catch (e) {
      return { status: 'failed', error: messageOf(e) };
    }
  }

  /**
   * The draft over the first day of the plan only, without its savings baseline: the figures shown
   * while editing, in about a second. A scenario with traffic is previewed without vehicles: the
   * adaptive classes read its demand's hourly volumes (as the full run does), presence dim-up the
   * stochastic passers-by instead of simulated vehicles; a comparison runs the vehicles.
   */
  async preview(job: CompareJob): Promise<PreviewOutcome> {
    const id = ++this.job;
    try {
      if (!this.city) throw new Error('no city loaded for the preview');
      const t0 = this.now();
      const plan = { ...job.plan, endMs: Math.min(job.plan.endMs, job.plan.startMs + DAY_MS) };
      const parsed = parseScenarioText(job.text, job.file);
      const { traffic, ...lightingOnly } = parsed;
      const volumes = traffic?.couple.adaptiveVolumes ? this.demandSetup(parsed, plan) : null;
      const run = new ScenarioRun(this.city, lightingOnly, {
        ...compareRunOptions(plan),
        ...(volumes ? { lighting: { traffic: volumeSourceOf(volumes.assignment, `simulated demand (${volumes.trips.source})`) } } : {}),
      });
      if (!(await this.drive(run, id))) return { status: 'cancelled' };
      const l = run.kpis().lighting;
      return {
        status: 'done',
        result: {
          energyKWh: l.energyKWh,
          compliantRoadShare: l.compliantRoadShare,
          compliantShareByLocalHour: l.compliantShareByLocalHour,
          powerByLocalHourKW: l.powerByLocalHourKW,
          worstHour: worstHourOf(run, l.compliantShareByLocalHour),
          withoutVehicles: !!traffic,
          wallMs: Math.round(this.now() - t0),
        },
      };
    } catch (e) {
      return { status: 'failed', error: messageOf(e) };
    }
  }

  /** The last free-flow assignment made, by what it depends on (city, seed, first day, demand). */
  private setup: { key: string; setup: TrafficSetup } | null = null;

  /** The free-flow assignment of a scenario's demand for a seed and period, kept while city, seed, period and demand stay. */
  private demandSetup(scenario: Scenario, { seed, startMs, endMs }: ComparePlan): TrafficSetup {
    if (!this.city || !scenario.traffic) throw new Error('a demand needs a city and a traffic section');
    const demand = trafficOptionsOf(this.city, scenario.traffic).demand;
    const key = JSON.stringify([this.cityKey, seed, startMs, endMs, demand]);
    if (this.setup?.key !== key) this.setup = { key, setup: prepareTraffic(this.city, { seed, startMs, endMs, demand }) };
    return this.setup.setup;
  }

  /**
   * Webster greens for one intersection's stages from the scenario's demand over its first day: the
   * free-flow assignment (about a second on the default city) is made once per city, seed, day and demand.
   */
  suggestWebster(job: WebsterJob): WebsterOutcome {
    try {
      if (!this.city) throw new Error('no city loaded for the suggestion');
      const t0 = this.now();
      const scenario = parseScenarioText(job.text, job.file);
      if (!scenario.traffic) throw new Error(`${job.file}: the scenario has no traffic section`);
      const startMs = scenarioStartMs(scenario);
      const setup = this.demandSetup(scenario, { seed: scenario.seed, startMs, endMs: startMs + DAY_MS });
      const t = describeSignal(setup.net, job.signal);
      if (!t) throw new Error(`signal ${job.signal}: no drivable approach`);
      return { status: 'done', suggestion: websterSuggestion(setup, t, job.plan), wallMs: Math.round(this.now() - t0) };
    } catch (e) {
      return { status: 'failed', error: messageOf(e) };
    }
  }
}
