import { describe, expect, it } from 'vitest';
import { changeAt, changeSpread, compareKpis, kpiChange, kpiDelta } from './compare.ts';
import { gridCity } from './city/testing/gridCity.ts';
import { testScenario } from './lighting/testing/scenarios.ts';
import { comparePlan, runCompare, runScenario, ScenarioRun } from './scenarioRun.ts';

describe('KPI delta', () => {
  it('gives variant − baseline at the inputs’ precision and the change in % of the baseline', () => {
    expect(kpiChange(100.1, 123.4)).toEqual({ diff: 23.3, pct: 23.3 });
    expect(kpiChange(200, 150)).toEqual({ diff: -50, pct: -25 });
    expect(kpiChange(0.7099, 0.4273)).toEqual({ diff: -0.2826, pct: -39.8 });
    expect(kpiChange(5, 5)).toEqual({ diff: 0, pct: 0 });
    expect(Object.is(kpiChange(0.3, 0.3).diff, 0)).toBe(true);
  });

  it('has no relative change from a zero baseline or across signs', () => {
    expect(kpiChange(0, 3)).toEqual({ diff: 3, pct: null });
    expect(kpiChange(0, 0)).toEqual({ diff: 0, pct: 0 });
    expect(kpiChange(-2, 3).pct).toBeNull();
  });

  it('walks nested objects and arrays, skipping identifiers, strings and nulls', () => {
    const a = { scenario: 'a', seed: 1, wallMs: 90, lighting: { energyKWh: 10, compliantRoadShare: null, byHour: [1, 2, null], byCommune: { X: 4, Y: 1 }, factor: { source: 's', g: 52 } } };
    const b = { scenario: 'b', seed: 1, wallMs: 70, lighting: { energyKWh: 7.5, compliantRoadShare: 0.5, byHour: [1, 3, 4], byCommune: { X: 2, Z: 9 }, factor: { source: 't', g: 52 } } };
    expect(kpiDelta(a, b)).toEqual({
      lighting: {
        energyKWh: { diff: -2.5, pct: -25 },
        byHour: [{ diff: 0, pct: 0 }, { diff: 1, pct: 50 }, null],
        byCommune: { X: { diff: -2, pct: -50 } },
        factor: { g: { diff: 0, pct: 0 } },
      },
    });
  });

  it('takes in KPI groups it has never heard of (a traffic object joins without code)', () => {
    const base = { lighting: { energyKWh: 1 }, traffic: { trips: 1000, completedTrips: 990, vehicleKm: 5000, meanTravelTimeS: 600, totalDelayVehH: 40, stops: 3000, co2Kg: 800 } };
    const variant = { lighting: { energyKWh: 1 }, traffic: { trips: 1000, completedTrips: 995, vehicleKm: 5000, meanTravelTimeS: 540, totalDelayVehH: 30, stops: 2400, co2Kg: 760 } };
    const r = compareKpis(base, variant);
    expect(changeAt(r.delta, 'traffic.meanTravelTimeS')).toEqual({ diff: -60, pct: -10 });
    expect(changeAt(r.delta, 'traffic.stops')).toEqual({ diff: -600, pct: -20 });
    expect(changeAt(r.delta, 'traffic.nothing')).toBeNull();
    expect(r.baseline).toBe(base);
  });
});

describe('compare runs', () => {
  const city = gridCity({ lines: 5 });
  const base = testScenario({});
  const variant = testScenario({ rules: [{ where: {}, policy: { type: 'part-night', steps: [{ at: '22:00', level: 0.5 }, { at: '05:00', level: 1 }] } }] }, { name: 'dimmed', seed: 99 });

  it('runs both sides on the baseline’s period and seed, each KPI object that of a plain run', () => {
    const plan = comparePlan(base, { spanMs: 86_400_000 });
    expect(plan.seed).toBe(base.seed);
    const r = runCompare(city, base, variant, { plan });
    expect(r.variant.seed).toBe(base.seed);
    expect(r.variant.start).toBe(r.baseline.start);
    expect(r.variant).toEqual(runScenario(city, variant, { startMs: plan.startMs, endMs: plan.endMs, seed: plan.seed }));
    const e = changeAt(r.delta, 'lighting.energyKWh')!;
    expect(e.diff).toBeLessThan(0);
    expect(e.diff).toBeCloseTo(r.variant.lighting.energyKWh - r.baseline.lighting.energyKWh, 6);
    expect(r.delta).not.toHaveProperty('seed');
  });

  it('gives the same KPIs advanced slot by slot as in one step', () => {
    const run = new ScenarioRun(city, variant, { baseline: base });
    const fractions: number[] = [];
    while (!run.advance(3)) fractions.push(run.fraction);
    expect(fractions.length).toBeGreaterThan(4);
    expect(fractions).toEqual([...fractions].sort((x, y) => x - y));
    expect(run.kpis()).toEqual(runScenario(city, variant, { baseline: base }));
  });
});

describe('change spread over seeds', () => {
  it('gives mean, sample sd, extremes and the seeds where the figure fell, skipping absent paths', () => {
    const deltas = [3, -1, 4, -2].map((d) => kpiDelta({ traffic: { meanTravelTimeS: 100 } }, { traffic: { meanTravelTimeS: 100 + d } }));
    const s = changeSpread(deltas, ['traffic.meanTravelTimeS', 'traffic.stops']);
    expect(Object.keys(s)).toEqual(['traffic.meanTravelTimeS']);
    const m = s['traffic.meanTravelTimeS'];
    expect(m).toMatchObject({ seeds: 4, mean: 1, min: -2, max: 4, lowerIn: 2 });
    expect(m.sd).toBeCloseTo(Math.sqrt((4 + 4 + 9 + 9) / 3), 12);
  });
});
