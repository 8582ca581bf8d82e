import { describe, expect, it } from 'vitest';
import { gridCity } from '../src/core/city/testing/gridCity.ts';
import { testScenario } from '../src/core/lighting/testing/scenarios.ts';
import { comparePlan, runCompare } from '../src/core/scenarioRun.ts';
import { CompareHost } from './compare-host.ts';

const city = gridCity({ lines: 5 });
const base = testScenario({}, { name: 'base' });
const variant = testScenario({ rules: [{ where: {}, policy: { type: 'part-night', steps: [{ at: '22:00', level: 0.4 }, { at: '05:00', level: 1 }] } }] }, { name: 'variant', seed: 3, energy: { baseline: 'base' } });
const library = { base: JSON.stringify(base) };
const plan = comparePlan(base, { spanMs: 3 * 86_400_000 });

describe('compare host', () => {
  it('runs one side with the KPIs a headless compare gives, per-lamp energy summing to the total', async () => {
    const host = new CompareHost();
    host.setCity(city, 1);
    expect(host.cityIs(1)).toBe(true);
    const fractions: number[] = [];
    const out = await host.run({ text: JSON.stringify(variant), file: 'variant.scenario.json', plan, library }, (f) => fractions.push(f));
    expect(out.status).toBe('done');
    if (out.status !== 'done') return;
    const headless = runCompare(city, base, variant, { plan, baselineOfVariant: base });
    expect({ ...out.result.kpis, wallMs: 0 }).toEqual({ ...headless.variant, wallMs: 0 });
    expect(out.result.kpis.lighting.savings?.baseline).toBe('base');
    expect(fractions.at(-1)).toBe(1);
    const sum = out.result.lampKWh.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(out.result.kpis.lighting.energyKWh, 0);
    expect(out.result.lampMeanLevel.length).toBe(city.lamps.count);
    expect(Math.max(...out.result.lampMeanLevel)).toBeLessThan(1);
  });

  it('is cancelled by a newer job, and names the file of a bad scenario', async () => {
    const host = new CompareHost();
    host.setCity(city, 1);
    const long = { text: JSON.stringify(base), file: 'base.scenario.json', plan: comparePlan(base, { spanMs: 300 * 86_400_000 }), library };
    const first = host.run(long);
    host.cancel();
    expect((await first).status).toBe('cancelled');
    const bad = await host.run({ ...long, text: '{"schema": "twin-scenario", "version": 1', file: 'cut.scenario.json' });
    expect(bad).toMatchObject({ status: 'failed', error: expect.stringMatching(/cut\.scenario\.json: .*truncated/) });
  });

  it('previews one night of a draft', async () => {
    const host = new CompareHost();
    host.setCity(city, 1);
    const out = await host.preview({ text: JSON.stringify(variant), file: 'v', plan, library: {} });
    expect(out.status).toBe('done');
    if (out.status !== 'done') return;
    const oneNight = runCompare(city, base, variant, { plan: { ...plan, endMs: plan.startMs + 86_400_000 } });
    expect(out.result.energyKWh).toBe(oneNight.variant.lighting.energyKWh);
    expect(out.result.compliantRoadShare).toBe(oneNight.variant.lighting.compliantRoadShare);
    const worst = out.result.worstHour!;
    const shares = oneNight.variant.lighting.compliantShareByLocalHour.filter((x): x is number => x !== null);
    expect(worst.compliantShare).toBe(Math.min(...shares));
    expect(worst.belowLengthM).toBeGreaterThan(0);
    expect(worst.roads.length).toBeGreaterThan(0);
  });
});
