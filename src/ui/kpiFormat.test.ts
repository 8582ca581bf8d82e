import { describe, expect, it } from 'vitest';
import { initI18n } from './i18n/i18n.ts';
import { formatCo2, formatCost, formatEnergy, formatPercent, formatPower, formatSavings } from './kpiFormat.ts';

describe('KPI formatting', () => {
  it('picks kWh/MWh, €/k€/M€, kg/t, kW/MW with about three significant figures, in both languages', async () => {
    const i18n = await initI18n('en');
    const t = i18n.t.bind(i18n);
    expect(formatEnergy(512.34, t, 'en')).toBe('512 kWh');
    expect(formatEnergy(9_090_106.4, t, 'en')).toBe('9,090 MWh');
    expect(formatEnergy(29_412, t, 'en')).toBe('29.4 MWh');
    expect(formatCost(5887, t, 'en')).toBe('€5,887');
    expect(formatCost(1_818_021, t, 'en')).toBe('€1.82M');
    expect(formatCo2(472_685.5, t, 'en')).toBe('473 t');
    expect(formatCo2(12.3, t, 'en')).toBe('12.3 kg');
    expect(formatPower(2277.1, t, 'en')).toBe('2.28 MW');
    expect(formatPercent(0.592, t, 'en')).toBe('59 %');
    expect(formatSavings(42.7, t, 'en')).toBe('−42.7 %');
    expect(formatSavings(-3, t, 'en')).toBe('+3 %');
    await i18n.changeLanguage('fr');
    expect(formatCost(1_818_021, t, 'fr')).toBe('1,82 M€');
    expect(formatEnergy(29_412, t, 'fr')).toBe('29,4 MWh');
    expect(formatCo2(1530, t, 'fr')).toBe('1,53 t');
  });
});
