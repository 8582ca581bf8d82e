import { describe, expect, it } from 'vitest';
import { COMMUNE_MAX_RADIUS_PX, COMMUNE_MIN_RADIUS_PX, COMMUNE_RAMP, communeFigures } from './communeStats.ts';

describe('commune figures', () => {
  const names = ['A', 'B', 'C'];
  const population = new Uint32Array([1000, 4000, 0]);
  const lamps = new Uint32Array([200, 400, 10]);

  it('before any KPI: light points per 1,000 inhabitants; no inhabitants → unknown', () => {
    const f = communeFigures(names, population, lamps, null);
    expect(f.metric).toBe('lampsPerThousand');
    expect(f.values[0]).toBeCloseTo(200);
    expect(f.values[1]).toBeCloseTo(100);
    expect(Number.isNaN(f.values[2])).toBe(true);
    expect(f.max).toBeCloseTo(200);
  });

  it('with live KPIs: kWh per inhabitant; the largest gets the largest circle (area ∝ value) and the hot colour', () => {
    const f = communeFigures(names, population, lamps, { A: 500, B: 4000, C: 10 });
    expect(f.metric).toBe('kWhPerInhabitant');
    expect(f.values[0]).toBeCloseTo(0.5);
    expect(f.values[1]).toBeCloseTo(1);
    expect(f.radiiPx[1]).toBeCloseTo(COMMUNE_MAX_RADIUS_PX);
    const expected = COMMUNE_MIN_RADIUS_PX + (COMMUNE_MAX_RADIUS_PX - COMMUNE_MIN_RADIUS_PX) * Math.sqrt(0.5);
    expect(f.radiiPx[0]).toBeCloseTo(expected);
    expect([...f.fills.subarray(4, 7)]).toEqual([...COMMUNE_RAMP[COMMUNE_RAMP.length - 1]]);
    expect(f.fills.length).toBe(12);
    expect(f.radiiPx[2]).toBe(COMMUNE_MIN_RADIUS_PX);
  });

  it('a commune missing from the KPIs counts as zero', () => {
    const f = communeFigures(names, population, lamps, { B: 400 });
    expect(f.values[0]).toBe(0);
  });
});
