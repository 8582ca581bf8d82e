import { describe, expect, it } from 'vitest';
import { initI18n } from '../i18n/i18n.ts';
import { compareKpis } from '../../core/compare.ts';
import { deltaCards, formatSpread } from './deltaCards.ts';

describe('a card change over seeds', () => {
  it('reads as the signed mean ± the standard deviation in the card unit (points for a share)', async () => {
    const i18n = await initI18n('en');
    const t = i18n.t.bind(i18n);
    const kpis = (tt: number, share: number) => ({ lighting: { energyKWh: 10, compliantRoadShare: share }, traffic: { meanTravelTimeS: tt } });
    const cards = deltaCards(compareKpis(kpis(600, 0.5), kpis(590, 0.45)));
    const travel = cards.find((c) => c.id === 'travelTime')!;
    const share = cards.find((c) => c.id === 'compliance')!;
    const spread = { seeds: 3, mean: -12.4, sd: 20.6, min: -30, max: 8, lowerIn: 2 };
    expect(formatSpread(travel, spread, t, 'en')).toEqual({ mean: `−${travel.format(12.4, t, 'en')}`, sd: travel.format(20.6, t, 'en') });
    expect(formatSpread(travel, spread, t, 'en').mean).toMatch(/^−12 s$/);
    expect(formatSpread(share, { ...spread, mean: 0.021, sd: 0.004 }, t, 'en')).toEqual({ mean: '+2.1 points', sd: '0.4 points' });
  });
});
