// One scenario running on one city inside the simulation worker: the world, its baseline over the
// same period, advancing within a wall-time budget, KPIs so far, and the final KPIs as runScenario gives them.

import type { CityModel } from '../src/core/city/model.ts';
import { parseScenarioText } from '../src/core/scenario/parse.ts';
import type { Scenario } from '../src/core/scenario/schema.ts';
import { savingsKpis, type RunKpis, type SavingsKpis } from '../src/core/scenarioRun.ts';
import { SLOT_MS, accumulatorsAt, isNight, lampEnergyKWh } from '../src/core/lighting/lightingSim.ts';
import { localTimeOfDayMs } from '../src/core/time/parisTime.ts';
import { powerFraction } from '../src/core/energy/powerModel.ts';
import {
  createWorld, restoreWorld, scenarioStartMs, snapshotWorld, stepWorld, worldKpis, worldLampLevels,
  type World, type WorldKpis, type WorldSnapshot,
} from '../src/core/world.ts';
import { TrafficFrameWriter, type TrafficFrame } from '../src/core/traffic/frames.ts';
import type { TrafficSim } from '../src/core/traffic/trafficSim.ts';
import { PRESENCE_WINDOW_MS, countPresenceDetections } from '../src/core/lighting/presenceWindow.ts';
import type { FeedPoints, FleetColumns, LampEnergy, LiveKpis, PresenceCounts, ScenarioInfo } from './sim-protocol.ts';

export const DAY_MS = 86_400_000;
/** Car parks or stations sent to the page at most (the map and the chart). */
const MAX_FEED_POINTS = 2_000;

export interface ScenarioSource {
  text: string;
  file: string;
}

/** The period: the scenario's own, shortened to `days` from its start, or explicit (a snapshot's). */
export interface SessionPeriod {
  days?: number | null;
  startMs?: number;
  endMs?: number;
}

/** Scenarios the worker knows by name (the bundled ones), to resolve `energy.baseline`. */
export type ScenarioLibrary = ReadonlyMap<string, string>;

/** Wall clock in ms (performance.now in the worker; a fake in tests). */
export type WallClock = () => number;

/** Savings of `kpis` against the baseline's energy (the core's rule, as runScenario). */
export function savingsAgainst(scenario: Scenario, baseline: Scenario, energyKWh: number, baselineEnergyKWh: number): SavingsKpis {
  return savingsKpis(scenario, baseline.name, energyKWh, baselineEnergyKWh);
}

/** With traffic, the world steps at most this much simulated time between looks at the wall clock. */
export const TRAFFIC_CHUNK_MS = 5_000;

/**
 * Steps `world` towards `targetMs` one hour slot at a time (a few traffic steps at a time when it has
 * traffic) until the target or the wall deadline; returns true when the target is reached. Small
 * steps keep a slow scenario (presence, a peak hour of traffic) cancellable and its frames flowing.
 */
export function advanceWithin(world: World, targetMs: number, deadlineMs: number, now: WallClock, afterStep?: () => void): boolean {
  const target = Math.min(targetMs, world.endMs);
  while (world.timeMs < target) {
    const nextSlot = world.startMs + (Math.floor((world.timeMs - world.startMs) / SLOT_MS) + 1) * SLOT_MS;
    const next = world.traffic ? Math.min(nextSlot, world.timeMs + TRAFFIC_CHUNK_MS) : nextSlot;
    stepWorld(world, Math.min(target, next) - world.timeMs);
    afterStep?.();
    if (world.timeMs < target && now() >= deadlineMs) return false;
  }
  return true;
}

/** Mean power (kW) per local hour over the elapsed hours of a world (the core's night curve so far). */
export function elapsedPowerByLocalHourKW(world: World): number[] {
  return worldKpis(world).lighting.powerByLocalHourKW;
}

export class SimSession {
  readonly source: ScenarioSource;
  readonly scenario: Scenario;
  readonly baseline: Scenario | null;
  readonly baselineName: string | null;
  readonly world: World;
  readonly baseWorld: World | null;
  private readonly initial: WorldSnapshot;
  private readonly baseInitial: WorldSnapshot | null;
  private trafficWriter: TrafficFrameWriter | null = null;

  /** Parses the scenario and builds its worlds; throws ScenarioError (or a selector/program error) with its message. */
  constructor(city: CityModel, source: ScenarioSource, library: ScenarioLibrary, period: SessionPeriod = {}) {
    this.source = source;
    this.scenario = parseScenarioText(source.text, source.file);
    const startMs = period.startMs ?? scenarioStartMs(this.scenario);
    const days = Math.min(period.days ?? this.scenario.period.days, this.scenario.period.days);
    const endMs = period.endMs ?? startMs + Math.round(days * DAY_MS);
    // The same construction as runScenario, so a run to the end gives its KPIs to the bit.
    this.world = createWorld(city, this.scenario, { startMs, endMs });
    this.baselineName = this.scenario.energy.baseline ?? null;
    const baseText = this.baselineName ? library.get(this.baselineName) : undefined;
    this.baseline = baseText !== undefined ? parseScenarioText(baseText, `${this.baselineName}.scenario.json`) : null;
    this.baseWorld = this.baseline ? createWorld(city, this.baseline, { startMs: this.world.startMs, endMs: this.world.endMs, seed: this.world.seed }) : null;
    this.initial = snapshotWorld(this.world);
    this.baseInitial = this.baseWorld ? snapshotWorld(this.baseWorld) : null;
  }

  get timeMs(): number {
    return this.world.timeMs;
  }
  get startMs(): number {
    return this.world.startMs;
  }
  get endMs(): number {
    return this.world.endMs;
  }

  info(): ScenarioInfo {
    const s = this.scenario;
    return {
      name: s.name,
      title: s.title,
      description: s.description ?? null,
      file: this.source.file,
      baseline: this.baselineName,
      baselineFound: this.baseline !== null,
      targetReductionPct: s.energy.targetReductionPct ?? null,
      seed: this.world.seed,
      scenarioDays: s.period.days,
      startMs: this.world.startMs,
      endMs: this.world.endMs,
    };
  }

  /** Clamps a time into the period. */
  clamp(timeMs: number): number {
    return Math.min(this.endMs, Math.max(this.startMs, Math.round(timeMs)));
  }

  /** Back to the period start when `timeMs` is behind the current time (integration only goes forward). */
  rewindFor(timeMs: number): void {
    if (timeMs < this.world.timeMs) restoreWorld(this.world, this.initial);
  }

  /** Advances the scenario world (see advanceWithin). */
  advanceTo(timeMs: number, deadlineMs: number, now: WallClock): boolean {
    this.rewindFor(timeMs);
    return advanceWithin(this.world, timeMs, deadlineMs, now, this.observeTraffic);
  }

  /** Brings the baseline world to `timeMs` (forward or back), within the deadline. */
  advanceBaselineTo(timeMs: number, deadlineMs: number, now: WallClock): boolean {
    const b = this.baseWorld;
    if (!b) return true;
    if (timeMs < b.timeMs) restoreWorld(b, this.baseInitial!);
    return advanceWithin(b, timeMs, deadlineMs, now);
  }

  /** Work left to reach `timeMs` in both worlds (ms of simulated time), for progress. */
  remainingMs(timeMs: number): number {
    const main = timeMs >= this.world.timeMs ? timeMs - this.world.timeMs : timeMs - this.startMs;
    const b = this.baseWorld;
    const base = !b ? 0 : timeMs >= b.timeMs ? timeMs - b.timeMs : timeMs - this.startMs;
    return Math.max(0, main) + Math.max(0, base);
  }

  levels(out?: Float32Array): Float32Array {
    return worldLampLevels(this.world, out);
  }

  private writerFor(sim: TrafficSim): TrafficFrameWriter {
    if (this.trafficWriter?.net !== sim.net) this.trafficWriter = new TrafficFrameWriter(sim.net);
    return this.trafficWriter;
  }

  /** After each step, with or without frames: the frame writer keeps the counters hourly volumes need (correct after a seek). */
  private readonly observeTraffic = (): void => {
    const sim = this.world.traffic;
    if (sim) this.writerFor(sim).observe(sim);
  };

  /** The traffic frame at the current time (reusing an earlier frame's buffer when it fits), or null without traffic. */
  trafficFrame(reuse?: ArrayBuffer | null): TrafficFrame | null {
    const sim = this.world.traffic;
    if (!sim) return null;
    return this.writerFor(sim).write(sim, reuse ?? null);
  }

  /** Copies of the scenario fleet's ratings (retrofits applied), to transfer to the page. */
  fleetColumns(): FleetColumns {
    const f = this.world.lighting.model.fleet;
    return { ratedPowerW: f.ratedPowerW.slice(), technology: f.technology.slice() };
  }

  /** Energy of every lamp from the period start to now (kWh), as the KPIs integrate it. */
  lampEnergy(): LampEnergy {
    const m = this.world.lighting.model;
    const kWh = Float32Array.from(lampEnergyKWh(m, accumulatorsAt(m, this.world.lighting.state, this.world.timeMs)));
    return { fromMs: this.world.startMs, timeMs: this.world.timeMs, kWh };
  }

  /** Presence detections per road over the last hour up to now (null when no lamp is presence-controlled). */
  presenceCounts(): PresenceCounts | null {
    const m = this.world.lighting.model;
    if (m.presenceRoads.length === 0) return null;
    const timeMs = this.world.timeMs;
    const fromMs = Math.max(this.world.startMs, timeMs - PRESENCE_WINDOW_MS);
    const detectionsByLink = new Float32Array(this.world.city.links.count);
    countPresenceDetections(m, fromMs, timeMs, detectionsByLink);
    return { fromMs, timeMs, detectionsByLink, roads: new Set(m.presenceRoads.map((r) => r.link)).size };
  }

  /** Electrical power of the fleet (kW) for the levels at the current time, standby included. */
  powerKW(levels: Float32Array): number {
    const m = this.world.lighting.model;
    if (!isNight(m, this.world.timeMs)) return 0;
    const { systemPowerW, standbyW, technology } = m.fleet;
    const power = m.options.power;
    let w = 0;
    for (let i = 0; i < levels.length; i++) w += systemPowerW[i] * powerFraction(levels[i], technology[i], power) + standbyW[i];
    return Math.round(w / 100) / 10;
  }

  /** KPIs from the start to now, with savings against the baseline over the same elapsed time. */
  live(): LiveKpis {
    const kpis = worldKpis(this.world);
    let savings: SavingsKpis | null = null;
    let basePower: number[] | null = null;
    if (this.baseWorld && this.baseline) {
      this.advanceBaselineTo(this.world.timeMs, Infinity, () => 0);
      const base = worldKpis(this.baseWorld);
      savings = savingsAgainst(this.scenario, this.baseline, kpis.lighting.energyKWh, base.lighting.energyKWh);
      basePower = elapsedPowerByLocalHourKW(this.baseWorld);
    }
    return { timeMs: this.world.timeMs, kpis, savings, powerByLocalHourKW: elapsedPowerByLocalHourKW(this.world), baselinePowerByLocalHourKW: basePower, feedPoints: this.feedPoints() };
  }

  /** Latest car-park and air-quality readings (at most MAX_FEED_POINTS of each). */
  feedPoints(): FeedPoints {
    const g = this.world.feeds.gate;
    return { parking: g.latestOf('parking').slice(0, MAX_FEED_POINTS), airQuality: g.latestOf('airQuality').slice(0, MAX_FEED_POINTS) };
  }

  /** The KPIs of the whole period, shaped like runScenario's (call once both worlds are at the end). */
  final(wallMs: number): RunKpis {
    const kpis: WorldKpis = worldKpis(this.world);
    let savings: SavingsKpis | null = null;
    if (this.baseWorld && this.baseline) {
      savings = savingsAgainst(this.scenario, this.baseline, kpis.lighting.energyKWh, worldKpis(this.baseWorld).lighting.energyKWh);
    }
    return { ...kpis, wallMs: Math.round(wallMs), lighting: { ...kpis.lighting, savings } };
  }

  snapshot(): { world: WorldSnapshot; baselineWorld: WorldSnapshot | null } {
    return { world: snapshotWorld(this.world), baselineWorld: this.baseWorld ? snapshotWorld(this.baseWorld) : null };
  }

  restore(world: WorldSnapshot, baselineWorld: WorldSnapshot | null): void {
    restoreWorld(this.world, world);
    if (this.baseWorld) restoreWorld(this.baseWorld, baselineWorld ?? this.baseInitial!);
  }
}
