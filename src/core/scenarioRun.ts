// Runs a scenario headless from start to end (Node CLI, benches, tests, the compare worker),
// with its baseline over the same period when it names one, and returns the KPI summary.

import type { CityModel } from './city/model.ts';
import type { Scenario } from './scenario/schema.ts';
import { createWorld, runToEnd, worldKpis, type WorldKpis, type WorldOptions } from './world.ts';

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
}

/** Savings of a run against its baseline over the same period, and whether the target is met. */
export function savingsKpis(scenario: Scenario, baselineName: string, energyKWh: number, baselineEnergyKWh: number): SavingsKpis {
  const target = scenario.energy.targetReductionPct ?? null;
  const pct = baselineEnergyKWh > 0 ? Math.round((1 - energyKWh / baselineEnergyKWh) * 1000) / 10 : 0;
  return { baseline: baselineName, baselineEnergyKWh, savingsVsBaselinePct: pct, targetReductionPct: target, targetMet: target === null ? null : pct >= target };
}

export function runScenario(city: CityModel, scenario: Scenario, options: RunOptions = {}): RunKpis {
  const now = options.wallClockMs ?? (() => 0);
  const t0 = now();
  const world = createWorld(city, scenario, options);
  runToEnd(world);
  const kpis = worldKpis(world);
  let savings: SavingsKpis | null = null;
  if (options.baseline) {
    const base = createWorld(city, options.baseline, { ...options, startMs: world.startMs, endMs: world.endMs, seed: world.seed, feed: options.feed });
    runToEnd(base);
    savings = savingsKpis(scenario, options.baseline.name, kpis.lighting.energyKWh, worldKpis(base).lighting.energyKWh);
  }
  return { ...kpis, wallMs: Math.round(now() - t0), lighting: { ...kpis.lighting, savings } };
}
