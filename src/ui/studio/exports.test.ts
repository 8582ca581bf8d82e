import { describe, expect, it } from 'vitest';
import { gridCity } from '../../core/city/testing/gridCity.ts';
import { testScenario } from '../../core/lighting/testing/scenarios.ts';
import { comparePlan, compareRunOptions, ScenarioRun } from '../../core/scenarioRun.ts';
import { compareKpis } from '../../core/compare.ts';
import { accumulatorsAt, lampEnergyKWh } from '../../core/lighting/lightingSim.ts';
import { firstNightMeanLevels } from '../../../workers/compare-host.ts';
import type { CompareRun } from '../../sim-client/compareClient.ts';
import { communeCsv, csvField, flattenDelta, kpiCsv, lampDiffGeoJson } from './exports.ts';
import { deltaCards, formatChange } from './deltaCards.ts';
import { reportHtml } from './report.ts';
import en from '../i18n/en.json';
import studioEn from './i18n.en.json';

const city = gridCity({ lines: 5 });
const base = testScenario({}, { name: 'base' });
const variant = testScenario({ rules: [{ where: {}, policy: { type: 'part-night', steps: [{ at: '22:00', level: 0.5 }, { at: '05:00', level: 1 }] } }] }, { name: 'dim' });
const plan = comparePlan(base, { spanMs: 86_400_000 });

function side(s: typeof base) {
  const run = new ScenarioRun(city, s, compareRunOptions(plan));
  run.advance();
  const m = run.world.lighting.model;
  return { kpis: run.kpis(), lampKWh: lampEnergyKWh(m, accumulatorsAt(m, run.world.lighting.state, run.world.timeMs)), lampMeanLevel: firstNightMeanLevels(run), trips: null };
}
const a = side(base);
const b = side(variant);
const run: CompareRun = { plan, result: compareKpis(a.kpis, b.kpis), baseline: a, variant: b, wallMs: 5 };

/** A stand-in for i18next's t over the English strings (nested keys, {{value}} interpolation). */
const strings = { ...en, studio: studioEn } as Record<string, unknown>;
const t = (key: string, o: Record<string, unknown> = {}) => {
  let v: unknown = strings;
  for (const k of key.split('.')) v = (v as Record<string, unknown>)?.[k];
  if (typeof v !== 'string') return key;
  return v.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(o[k]));
};

function parseCsv(text: string): string[][] {
  return text.trim().split('\r\n').map((l) => l.split(','));
}

describe('comparison exports', () => {
  it('quotes CSV fields only when needed', () => {
    expect(csvField('Chenôve')).toBe('Chenôve');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
    expect(csvField(NaN)).toBe('');
  });

  it('writes every numeric KPI with both values and the delta of the compare', () => {
    const rows = parseCsv(kpiCsv(run));
    expect(rows[0]).toEqual(['kpi', 'baseline', 'variant', 'change', 'change_pct']);
    const energy = rows.find((r) => r[0] === 'lighting.energyKWh')!;
    expect(Number(energy[1])).toBe(a.kpis.lighting.energyKWh);
    expect(Number(energy[2])).toBe(b.kpis.lighting.energyKWh);
    expect(Number(energy[3])).toBe((run.result.delta as never as { lighting: { energyKWh: { diff: number } } }).lighting.energyKWh.diff);
    expect(Number(energy[3])).toBeLessThan(0);
    expect(rows.find((r) => r[0] === 'lighting.powerByLocalHourKW[23]')).toBeDefined();
    expect(rows.length).toBe(5 + flattenDelta(run.result.delta).length);
    expect(rows.find((r) => r[0] === 'seed')).toEqual(['seed', String(base.seed), String(base.seed), '', '']);
  });

  it('writes one row per commune whose energies are the KPIs', () => {
    const rows = parseCsv(communeCsv(city, run));
    expect(rows).toHaveLength(1 + city.communes.count);
    const r = rows[1];
    const name = city.communes.name[0];
    expect(r[0]).toBe(name);
    expect(Number(r[4])).toBe(a.kpis.lighting.energyByCommuneKWh[name]);
    expect(Number(r[5])).toBe(b.kpis.lighting.energyByCommuneKWh[name]);
    expect(Number(r[3])).toBe(city.lamps.count);
  });

  it('gives every lamp as a WGS 84 point with its energy and level change', () => {
    const g = lampDiffGeoJson(city, run);
    expect(g.type).toBe('FeatureCollection');
    expect(g.features).toHaveLength(city.lamps.count);
    const f = g.features[0];
    expect(f.geometry.type).toBe('Point');
    const [lon, lat] = f.geometry.coordinates;
    expect(Math.abs(lon - city.meta.frame.originLon)).toBeLessThan(0.1);
    expect(Math.abs(lat - city.meta.frame.originLat)).toBeLessThan(0.1);
    expect(f.properties.changeKWh).toBeCloseTo(f.properties.variantKWh - f.properties.baselineKWh, 2);
    expect(f.properties.baselineMeanLevel).toBe(1);
    expect(f.properties.variantMeanLevel).toBeLessThan(1);
    const total = g.features.reduce((s, x) => s + x.properties.changeKWh, 0);
    expect(total).toBeCloseTo(b.kpis.lighting.energyKWh - a.kpis.lighting.energyKWh, 0);
    expect(JSON.parse(JSON.stringify(g)).properties.baseline).toBe('base');
  });

  it('shows the delta cards of the compare and a one-page report with them', () => {
    const cards = deltaCards(run.result);
    expect(cards.map((c) => c.id)).toEqual(['energy', 'cost', 'co2', 'compliance', 'peak']);
    expect(formatChange(cards[0], t, 'en')).toMatch(/^−[\d.,]+ kWh \(−[\d.]+ %\)$/);
    const html = reportHtml({ city, run, t, lang: 'en', titles: { baseline: 'Base <b>', variant: 'Dim' }, madeAt: new Date('2026-01-01T10:00:00Z') });
    expect(html).toContain('<!doctype html>');
    expect(html).toContain('Base &lt;b&gt;');
    expect(html).toContain(formatChange(cards[0], t, 'en'));
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script/i);
  });
});

describe('studio strings', () => {
  it('French and English have the same keys', async () => {
    const fr = (await import('./i18n.fr.json')).default;
    const keys = (o: object, p = ''): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v ? keys(v, `${p}${k}.`) : [`${p}${k}`]));
    expect(keys(fr).sort()).toEqual(keys(studioEn).sort());
  });
});
