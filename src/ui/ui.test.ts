import { describe, expect, it } from 'vitest';
import { gridCity } from '../core/city/testing/gridCity.ts';
import { buildSearchEntries, normalise, searchEntries } from './searchIndex.ts';
import { selectionDetails } from './selectionAttributes.ts';
import { initI18n } from './i18n/i18n.ts';

describe('search', () => {
  const city = gridCity({ lines: 4 });
  const entries = buildSearchEntries(city);

  it('folds accents, case and apostrophes', () => {
    expect(normalise('  Rue de l’Église ')).toBe('rue de l eglise');
  });

  it('finds communes and streets, prefix matches first', () => {
    const communeName = city.communes.name[0];
    expect(searchEntries(entries, communeName.slice(0, 4))[0]).toMatchObject({ kind: 'commune', label: communeName });
    const streets = searchEntries(entries, 'rue');
    expect(streets.length).toBeGreaterThan(0);
    expect(streets.every((e) => e.kind === 'street' && /rue/i.test(e.label))).toBe(true);
    expect(searchEntries(entries, 'r')).toEqual([]);
  });
});

describe('selection attributes', () => {
  const city = gridCity({ lines: 3 });
  it('lists the lamp attributes the brief asks for, in both languages', async () => {
    const i18n = await initI18n('en');
    const en = selectionDetails(city, { kind: 'lamp', index: 0 }, i18n.t.bind(i18n), 'en')!;
    const labels = en.rows.map((r) => r.label);
    for (const l of ['Technology', 'Rated power', 'Mounting height', 'EN 13201 class', 'Cabinet', 'Commune', 'Provenance']) expect(labels).toContain(l);
    expect(en.rows.find((r) => r.label === 'Rated power')?.value).toMatch(/^\d[\d,.]* W$/);
    await i18n.changeLanguage('fr');
    const fr = selectionDetails(city, { kind: 'lamp', index: 0 }, i18n.t.bind(i18n), 'fr')!;
    expect(fr.rows.map((r) => r.label)).toContain('Puissance nominale');
  });

  it('describes links, intersections and buildings', async () => {
    const i18n = await initI18n('en');
    const t = i18n.t.bind(i18n);
    const link = selectionDetails(city, { kind: 'link', index: 0 }, t, 'en')!;
    expect(link.rows.map((r) => r.label)).toEqual(expect.arrayContaining(['Name', 'Class', 'Lanes this way', 'Speed limit', 'Length', 'One-way']));
    const signalised = city.intersections.signalised.indexOf(1);
    const x = selectionDetails(city, { kind: 'intersection', index: Math.max(0, signalised) }, t, 'en')!;
    expect(x.rows.find((r) => r.label === 'Traffic signals')?.value).toBe(signalised >= 0 ? 'yes' : 'no');
    expect(Number(x.rows.find((r) => r.label === 'Approaches')?.value)).toBeGreaterThan(0);
    if (city.buildings.count > 0) {
      const b = selectionDetails(city, { kind: 'building', index: 0 }, t, 'en')!;
      expect(b.rows.map((r) => r.label)).toContain('Footprint');
    }
    expect(selectionDetails(city, { kind: 'lamp', index: 1e9 }, t, 'en')).toBeNull();
  });
});
