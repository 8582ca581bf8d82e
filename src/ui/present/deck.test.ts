import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { gridCity } from '../../core/city/testing/gridCity.ts';
import { LampTechnology } from '../../core/city/model.ts';
import { testScenario } from '../../core/lighting/testing/scenarios.ts';
import { changeAt, compareKpis } from '../../core/compare.ts';
import { clockTimes, LEVEL_STEPS, tourClock } from '../../core/present/nightSamples.ts';
import { comparePlan, runCompare } from '../../core/scenarioRun.ts';
import type { SideResult } from '../../../workers/compare-protocol.ts';
import { CompareHost } from '../../../workers/compare-host.ts';
import { bigNumbers, buildDeck, decodeDeck, DeckFileError, encodeDeck, meanSampleLevel, sampleIndexAt, writeSampleLevels, type Deck } from './deck.ts';

const city = gridCity({ lines: 5 });
const base = testScenario({}, { name: 'base' });
const variant = testScenario(
  { retrofit: [{ name: 'all LED', where: {}, technology: 'LED' }], rules: [{ where: {}, policy: { type: 'part-night', steps: [{ at: '22:00', level: 0.4 }, { at: '05:00', level: 1 }] } }] },
  { name: 'variant', energy: { baseline: 'base', targetReductionPct: 65 } },
);
const library = { base: JSON.stringify(base), variant: JSON.stringify(variant) };
const plan = comparePlan(base, { spanMs: 86_400_000 });
const clock = tourClock(plan.startMs, city.meta.frame.originLat, city.meta.frame.originLon);

async function side(host: CompareHost, text: string, file: string): Promise<SideResult> {
  const out = await host.run({ text, file, plan, library, sampleTimesMs: clockTimes(clock) });
  if (out.status !== 'done') throw new Error(JSON.stringify(out));
  return out.result;
}

async function preparedDeck(): Promise<Deck> {
  const host = new CompareHost();
  host.setCity(city, 1);
  const a = await side(host, library.base, 'base.scenario.json');
  const b = await side(host, library.variant, 'variant.scenario.json');
  return buildDeck({
    city: { name: city.meta.name, lampCount: city.lamps.count },
    baseline: { name: base.name, title: base.title },
    variant: { name: variant.name, title: variant.title },
    plan,
    clock,
    result: compareKpis(a.kpis, b.kpis),
    levels: { baseline: a.levelSamples, variant: b.levelSamples },
    technology: { baseline: a.lampTechnology, variant: b.lampTechnology },
    preparedWallMs: 12.4,
  });
}

describe('presentation deck', () => {
  it('holds the big numbers of the headless compare for the same pair and period', async () => {
    const deck = await preparedDeck();
    const headless = runCompare(city, base, variant, { plan, baselineOfVariant: base });
    const n = deck.numbers;
    expect(n.baseline.energyKWh).toBe(headless.baseline.lighting.energyKWh);
    expect(n.variant.energyKWh).toBe(headless.variant.lighting.energyKWh);
    expect(n.variant.costEUR).toBe(headless.variant.lighting.costEUR);
    expect(n.variant.co2Kg).toBe(headless.variant.lighting.co2Kg);
    expect(n.energySavedPct).toBe(-changeAt(headless.delta, 'lighting.energyKWh')!.pct!);
    expect(n.energySavedKWh).toBe(-changeAt(headless.delta, 'lighting.energyKWh')!.diff);
    expect(n.costSavedEUR).toBe(-changeAt(headless.delta, 'lighting.costEUR')!.diff);
    expect(n.co2SavedKg).toBe(-changeAt(headless.delta, 'lighting.co2Kg')!.diff);
    expect(n.energySavedPct!).toBeGreaterThan(0);
    expect(n.targetReductionPct).toBe(65);
    expect(n.targetMet).toBe(n.energySavedPct! >= 65);
    expect(n.complianceChange).toBe(changeAt(headless.delta, 'lighting.compliantRoadShare')?.diff ?? null);
    expect(deck.preparedWallMs).toBe(12);
  });

  it('keeps both sides\' levels over the night: off at dusk, the variant dimmer late', async () => {
    const deck = await preparedDeck();
    expect(deck.levels.baseline.length).toBe(clock.count * city.lamps.count);
    const late = sampleIndexAt(clock, clock.startMs + (clock.count - 1) * clock.stepMs);
    expect(late).toBe(clock.count - 1);
    expect(meanSampleLevel(deck, 'baseline', 0)).toBe(0);
    expect(meanSampleLevel(deck, 'baseline', late)).toBe(1);
    expect(meanSampleLevel(deck, 'variant', late)).toBeLessThan(0.6);
    const out = new Float32Array(city.lamps.count);
    writeSampleLevels(deck, 'variant', late, out);
    expect(out[0]).toBeCloseTo(deck.levels.variant[late * city.lamps.count] / LEVEL_STEPS, 6);
    expect(() => writeSampleLevels(deck, 'variant', late, new Float32Array(3))).toThrow(/3 lamps/);
  });

  it('keeps each side\'s lamp technologies: the city\'s before, the retrofit\'s after', async () => {
    const deck = await preparedDeck();
    expect(Array.from(deck.technology.baseline)).toEqual(Array.from(city.lamps.technology));
    expect(new Set(deck.technology.variant)).toEqual(new Set([LampTechnology.LED]));
  });

  it('places a time on the sample at or before it, clamped to the clock', () => {
    expect(sampleIndexAt(clock, clock.startMs - 1)).toBe(0);
    expect(sampleIndexAt(clock, clock.startMs + clock.stepMs - 1)).toBe(0);
    expect(sampleIndexAt(clock, clock.startMs + clock.stepMs)).toBe(1);
    expect(sampleIndexAt(clock, clock.startMs + 1e12)).toBe(clock.count - 1);
  });

  it('refuses a comparison whose sides did not sample levels', () => {
    const k = runCompare(city, base, variant, { plan, baselineOfVariant: base });
    const input = { city: { name: 'x', lampCount: city.lamps.count }, baseline: base, variant, plan, clock, result: k, preparedWallMs: 0 };
    const tech = { baseline: new Uint8Array(city.lamps.count), variant: new Uint8Array(city.lamps.count) };
    const full = new Uint8Array(clock.count * city.lamps.count);
    expect(() => buildDeck({ ...input, technology: tech, levels: { baseline: undefined, variant: undefined } })).toThrow(/baseline run returned no level samples/);
    expect(() => buildDeck({ ...input, technology: tech, levels: { baseline: full, variant: new Uint8Array(5) } })).toThrow(/variant run sampled 5/);
    expect(() => buildDeck({ ...input, technology: { ...tech, variant: undefined }, levels: { baseline: full, variant: full } })).toThrow(/variant run returned no lamp technologies/);
    expect(bigNumbers(k).targetReductionPct).toBe(65);
  });

  it('saves and reads back a deck; refuses another file, a truncated one and another version', async () => {
    const deck = await preparedDeck();
    const bytes = encodeDeck(deck);
    const back = decodeDeck(bytes, 'talk.deck');
    expect(back).toEqual(deck);
    expect(() => decodeDeck(new Uint8Array([1, 2, 3]), 'x.deck')).toThrow(DeckFileError);
    expect(() => decodeDeck(gzipSync(new TextEncoder().encode('hello world')), 'y.deck')).toThrow(/y\.deck: not a presentation deck/);
    const raw = (await import('fflate')).gunzipSync(bytes);
    expect(() => decodeDeck(gzipSync(raw.subarray(0, raw.length - 10)), 'cut.deck')).toThrow(/cut\.deck: truncated levels/);
    const other = structuredClone(deck) as unknown as { version: number };
    other.version = 99;
    expect(() => decodeDeck(encodeDeck(other as unknown as Deck), 'new.deck')).toThrow(/version 99/);
  });
});
