// Runs a scenario headless from start to end (Node CLI, benches, tests, the compare worker),
// with its baseline over the same period when it names one, and returns the KPI summary; compares two runs.

import type { CityModel } from './city/model.ts';
import type { Scenario } from './scenario/schema.ts';
import { SLOT_MS } from './lighting/lightingSim.ts';
import { compareKpis, type CompareResult } from './compare.ts';
import { createWorld, scenarioStartMs, stepWorld, worldKpis, type World, type WorldKpis, type WorldOptions } from './world.ts';

export interface SavingsKpis {
  baseline: string;
  baselineEnergyKWh: number;
  savingsVsBaselinePct: number;
  targetReductionPct: number | null;
  targetMet: boolean | null;
}

export type RunKpis = WorldKpis & { wallMs: number; lighting: WorldKpis['lighting'] & { savings: SavingsKpis | null } };

export interface RunOptions extends Partial<WorldOptions> {
  /** The baseline scenario (already parsed), when the scenario names one. */
  baseline?: Scenario | null;
  /** Wall clock for the reported wallMs (the core never reads it itself). */
  wallClockMs?: () => number;
  /** Called with the finished world (e.g. to export per-trip results). */
  onFinished?: (world: World) => void;
}

/** Savings of a run against its baseline over the same period, and whether the target is met. */
export function savingsKpis(scenario: Scenario, baselineName: string, energyKWh: number, baselineEnergyKWh: number): SavingsKpis {
  const target = scenario.energy.targetReductionPct ?? null;
  const pct = baselineEnergyKWh > 0 ? Math.round((1 - energyKWh / baselineEnergyKWh) * 1000) / 10 : 0;
  return { baseline: baselineName, baselineEnergyKWh, savingsVsBaselinePct: pct, targetReductionPct: target, targetMet: target === null ? null : pct >= target };
}

/**
 * A run that can advance a few hour slots at a time (progress bars, cancel) and gives the same
 * KPIs as a run in one step: lighting integrates whole slots analytically whatever the step.
 */
export class ScenarioRun {
  readonly scenario: Scenario;
  readonly world: World;
  readonly baseWorld: World | null;
  private readonly baseline: Scenario | null;

  constructor(city: CityModel, scenario: Scenario, options: RunOptions = {}) {
    this.scenario = scenario;
    this.world = createWorld(city, scenario, options);
    this.baseline = options.baseline ?? null;
    this.baseWorld = this.baseline
      ? createWorld(city, this.baseline, { ...options, startMs: this.world.startMs, endMs: this.world.endMs, seed: this.world.seed, feed: options.feed })
      : null;
  }

  /** Share of the work done (both worlds), 0–1. */
  get fraction(): number {
    const span = this.world.endMs - this.world.startMs;
    const done = (w: World) => (w.timeMs - w.startMs) / span;
    return this.baseWorld ? (done(this.world) + done(this.baseWorld)) / 2 : done(this.world);
  }

  get done(): boolean {
    return this.world.timeMs >= this.world.endMs && (!this.baseWorld || this.baseWorld.timeMs >= this.baseWorld.endMs);
  }

  /**
   * Advances by at most `slots` spans of `spanMs` (an hour slot unless given; shorter spans keep progress
   * moving through a traffic day, with the same results), the scenario first, then its baseline; true once both are at the end.
   */
  advance(slots = Infinity, spanMs = SLOT_MS): boolean {
    let left = slots;
    for (const w of this.baseWorld ? [this.world, this.baseWorld] : [this.world]) {
      while (w.timeMs < w.endMs && left > 0) {
        const nextSlot = w.startMs + (Math.floor((w.timeMs - w.startMs) / spanMs) + 1) * spanMs;
        stepWorld(w, (left === Infinity ? w.endMs : Math.min(w.endMs, nextSlot)) - w.timeMs);
        left--;
      }
    }
    return this.done;
  }

  /** The KPIs of the whole period (call once done). */
  kpis(wallMs = 0): RunKpis {
    const kpis = worldKpis(this.world);
    const savings = this.baseWorld && this.baseline
      ? savingsKpis(this.scenario, this.baseline.name, kpis.lighting.energyKWh, worldKpis(this.baseWorld).lighting.energyKWh)
      : null;
    return { ...kpis, wallMs: Math.round(wallMs), lighting: { ...kpis.lighting, savings } };
  }
}

export function runScenario(city: CityModel, scenario: Scenario, options: RunOptions = {}): RunKpis {
  const now = options.wallClockMs ?? (() => 0);
  const t0 = now();
  const run = new ScenarioRun(city, scenario, options);
  run.advance();
  const kpis = run.kpis(now() - t0);
  options.onFinished?.(run.world);
  return kpis;
}

/** Period and seed both sides of a comparison share: the baseline's, unless given. */
export interface ComparePlan {
  startMs: number;
  endMs: number;
  seed: number;
}

export function comparePlan(baseline: Scenario, options: { startMs?: number; spanMs?: number; seed?: number } = {}): ComparePlan {
  const startMs = Math.round(options.startMs ?? scenarioStartMs(baseline));
  const spanMs = Math.round(options.spanMs ?? baseline.period.days * 86_400_000);
  return { startMs, endMs: startMs + spanMs, seed: options.seed ?? baseline.seed };
}

export interface CompareOptions {
  plan: ComparePlan;
  /** The recording replayed into both runs. */
  feed?: WorldOptions['feed'];
  /** The scenarios each side names as its own `energy.baseline` (for its savings), when found. */
  baselineOfBaseline?: Scenario | null;
  baselineOfVariant?: Scenario | null;
  wallClockMs?: () => number;
}

/** The options of one side of a comparison: the shared period, seed and feed; its own savings baseline. */
export function compareRunOptions(plan: ComparePlan, o: { feed?: WorldOptions['feed']; ownBaseline?: Scenario | null; wallClockMs?: () => number } = {}): RunOptions {
  return { startMs: plan.startMs, endMs: plan.endMs, seed: plan.seed, feed: o.feed ?? null, baseline: o.ownBaseline ?? null, wallClockMs: o.wallClockMs };
}

/** Runs baseline and variant over the same period, seed and feed; each KPI object is that of a plain run. */
export function runCompare(city: CityModel, baseline: Scenario, variant: Scenario, o: CompareOptions): CompareResult<RunKpis> {
  const a = runScenario(city, baseline, compareRunOptions(o.plan, { feed: o.feed, ownBaseline: o.baselineOfBaseline, wallClockMs: o.wallClockMs }));
  const b = runScenario(city, variant, compareRunOptions(o.plan, { feed: o.feed, ownBaseline: o.baselineOfVariant, wallClockMs: o.wallClockMs }));
  return compareKpis(a, b);
}
