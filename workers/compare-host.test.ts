import { describe, expect, it } from 'vitest';
import { gridCity } from '../src/core/city/testing/gridCity.ts';
import { testScenario } from '../src/core/lighting/testing/scenarios.ts';
import { comparePlan, runCompare } from '../src/core/scenarioRun.ts';
import { CompareHost } from './compare-host.ts';
import { compileNetwork } from '../src/core/traffic/network.ts';
import { prepareTraffic } from '../src/core/traffic/index.ts';
import { trafficOptionsOf } from '../src/core/traffic/scenarioTraffic.ts';
import { describeSignal, websterSuggestion } from '../src/core/traffic/signalTiming.ts';

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

describe('compare host with traffic', () => {
  const tcity = gridCity({ lines: 7, spacingM: 150, signalAtCentre: true, buildings: false });
  const traffic = { demand: { tripsPerPerson: 3.5, carShare: 0.5, scale: 1 }, rerouteEveryMin: 0 };
  const period = { start: '2025-01-15T16:00:00+01:00', days: 0.25 };
  const tbase = testScenario({}, { name: 'tbase', period, traffic });
  const tvariant = testScenario({}, { name: 'tvariant', period, traffic: { ...traffic, defaultPlan: 'max-pressure' as const } });
  const tplan = comparePlan(tbase);

  it('advances a traffic day in quarter hours, and returns per-trip results paired by trip number', async () => {
    let clock = 0;
    const host = new CompareHost(() => (clock += 30));
    host.setCity(tcity, 1);
    const fractions: number[] = [];
    const a = await host.run({ text: JSON.stringify(tbase), file: 'tbase', plan: tplan, library: {} }, (f) => fractions.push(f));
    const b = await host.run({ text: JSON.stringify(tvariant), file: 'tvariant', plan: tplan, library: {} });
    if (a.status !== 'done' || b.status !== 'done') throw new Error('a side failed');
    // Six hours: 24 quarter hours, about two per 40 ms slice of this clock (hour slots would give 3 updates).
    expect(fractions.length).toBeGreaterThanOrEqual(10);
    expect(fractions.at(-1)).toBe(1);
    const headless = runCompare(tcity, tbase, tvariant, { plan: tplan });
    expect({ ...a.result.kpis, wallMs: 0 }).toEqual({ ...headless.baseline, wallMs: 0 });
    expect({ ...b.result.kpis, wallMs: 0 }).toEqual({ ...headless.variant, wallMs: 0 });
    const ta = a.result.trips!;
    const tb = b.result.trips!;
    expect(ta.travelS.length).toBe(headless.baseline.traffic!.trips);
    expect(ta.travelS.filter(Number.isFinite).length).toBe(headless.baseline.traffic!.completedTrips);
    expect(tb.travelS.filter(Number.isFinite).length).toBe(headless.variant.traffic!.completedTrips);
    // Same seed, same demand: the same trips on both sides.
    expect(tb.type).toEqual(ta.type);
    const done = Array.from(ta.travelS).filter(Number.isFinite);
    expect(done.reduce((x, y) => x + y, 0) / done.length).toBeCloseTo(headless.baseline.traffic!.meanTravelTimeS, 0);
    // Per link: passages and mean speeds over the period, never above the limit by much, NaN where nobody drove.
    const la = a.result.links!;
    expect(la.passages.length).toBe(tcity.links.count);
    expect(la.meanSpeedKph.length).toBe(tcity.links.count);
    let driven = 0;
    for (let l = 0; l < tcity.links.count; l++) {
      if (la.passages[l] === 0) expect(la.meanSpeedKph[l]).toBeNaN();
      else {
        driven++;
        expect(la.meanSpeedKph[l]).toBeGreaterThan(0);
        expect(la.meanSpeedKph[l]).toBeLessThan(tcity.links.speedLimitKph[l] * 1.3);
      }
    }
    expect(driven).toBeGreaterThan(0);
    // Every completed trip drove at least one link to its end.
    expect(la.passages.reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(headless.baseline.traffic!.completedTrips);
  });

  it('previews a traffic draft without its vehicles, its adaptive classes reading the same demand volumes as the full run', async () => {
    const night = { start: '2025-01-15T17:00:00+01:00', days: 0.25 };
    const adaptive = testScenario({ rules: [{ where: {}, policy: { type: 'adaptive' as const, minLevel: 0.3 } }] }, { name: 'tadaptive', period: night, traffic });
    const nightPlan = comparePlan(adaptive);
    const host = new CompareHost();
    host.setCity(tcity, 1);
    const out = await host.preview({ text: JSON.stringify(adaptive), file: 'tadaptive', plan: nightPlan, library: {} });
    if (out.status !== 'done') throw new Error(out.status === 'failed' ? out.error : 'cancelled');
    expect(out.result.withoutVehicles).toBe(true);
    // No presence rule: vehicles change nothing in the lighting, so the preview is the full run's lighting.
    const full = runCompare(tcity, adaptive, adaptive, { plan: nightPlan }).variant;
    expect(full.traffic!.completedTrips).toBeGreaterThan(0);
    expect(out.result.energyKWh).toBe(full.lighting.energyKWh);
    expect(out.result.compliantShareByLocalHour).toEqual(full.lighting.compliantShareByLocalHour);
    // Without the demand's volumes (fixed profile) the adaptive classes would differ.
    const profile = runCompare(tcity, { ...adaptive, traffic: undefined }, { ...adaptive, traffic: undefined }, { plan: nightPlan }).variant;
    expect(profile.lighting.energyKWh).not.toBe(full.lighting.energyKWh);
  });

  it('suggests Webster greens for one intersection from the scenario demand, as the core computes them', async () => {
    const host = new CompareHost();
    host.setCity(tcity, 1);
    const net = compileNetwork(tcity);
    const t = describeSignal(net, 0)!;
    const out = host.suggestWebster({ text: JSON.stringify(tbase), file: 'tbase', signal: 0, plan: t.generated });
    if (out.status !== 'done') throw new Error(out.status === 'failed' ? out.error : 'no result');
    const startMs = Date.parse(period.start);
    const setup = prepareTraffic(tcity, { seed: tbase.seed, startMs, endMs: startMs + 86_400_000, demand: trafficOptionsOf(tcity, tbase.traffic!).demand });
    expect(out.suggestion).toEqual(websterSuggestion(setup, t, t.generated));
    expect(out.suggestion.greensS).toHaveLength(t.generated.stages.length);
    const none = host.suggestWebster({ text: JSON.stringify(base), file: 'base.scenario.json', signal: 0, plan: t.generated });
    expect(none).toEqual({ status: 'failed', error: 'base.scenario.json: the scenario has no traffic section' });
  });
});
