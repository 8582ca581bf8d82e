import { describe, expect, it } from 'vitest';
import { gridCity } from '../../core/city/testing/gridCity.ts';
import { buildMapData } from './mapData.ts';
import { diffLampTooltip, diffRoadTooltip } from './tooltip.ts';
import { diffSummaryOf, LAMP_ENERGY_PCT, LAMP_LEVEL_PTS, NO_DIFF_RGBA, ROAD_SPEED_PCT, divergingClass, pctChange, roadSpeedDiff, writeLampDiffColours } from './diffLayers.ts';

describe('difference maps (variant vs baseline)', () => {
  it('diverging classes: neutral in the middle, the ends open', () => {
    expect(divergingClass(0, ROAD_SPEED_PCT)).toBe(3);
    expect(divergingClass(-2.9, ROAD_SPEED_PCT)).toBe(3);
    expect(divergingClass(-3.1, ROAD_SPEED_PCT)).toBe(2);
    expect(divergingClass(-50, ROAD_SPEED_PCT)).toBe(0);
    expect(divergingClass(3, ROAD_SPEED_PCT)).toBe(4);
    expect(divergingClass(500, ROAD_SPEED_PCT)).toBe(6);
    expect(pctChange(0, 5)).toBeNaN();
    expect(pctChange(40, 30)).toBe(-25);
  });

  it('roads: mean speed over both directions, slower red, faster blue, undriven grey; both values kept per path', () => {
    const city = gridCity({ lines: 4 });
    const data = buildMapData(city);
    const n = city.links.count;
    const side = () => ({ passages: new Uint32Array(n), meanSpeedKph: new Float32Array(n).fill(NaN) });
    const base = side(), variant = side();
    const p0 = 0, p1 = 1, p2 = 2;
    const l0 = data.roads.link[p0], l1 = data.roads.link[p1];
    // Road 0: 40 → 30 km/h (−25 %); road 1: 30 → 34 (+13 %); road 2: not driven.
    for (const [r, l, kph] of [[base, l0, 40], [variant, l0, 30], [base, l1, 30], [variant, l1, 34]] as const) {
      r.passages[l] = 10;
      r.meanSpeedKph[l] = kph;
    }
    // The reverse direction of road 0 in the variant: 10 vehicles at 60 km/h give a space-mean of 2 / (1/30 + 1/60) = 40 km/h.
    const rev = city.links.reverse[l0];
    if (rev >= 0) {
      variant.passages[rev] = 10;
      variant.meanSpeedKph[rev] = 60;
    }
    const d = roadSpeedDiff(data.roads, city.links.reverse, city.links.lengthM, base, variant);
    expect(d.baselineKph[p0]).toBeCloseTo(40, 4);
    expect(d.variantKph[p0]).toBeCloseTo(rev >= 0 ? 40 : 30, 4);
    expect(d.variantKph[p1]).toBeCloseTo(34, 4);
    expect([...d.colours.subarray(p1 * 4, p1 * 4 + 3)]).toEqual([...ROAD_SPEED_PCT.rgb[5]]);
    expect([...d.colours.subarray(p2 * 4, p2 * 4 + 4)]).toEqual([...NO_DIFF_RGBA]);
    expect(d.compared).toBe(2);
    if (rev < 0) expect([...d.colours.subarray(0, 3)]).toEqual([...ROAD_SPEED_PCT.rgb[0]]);
    expect(() => roadSpeedDiff(data.roads, city.links.reverse, city.links.lengthM, { passages: new Uint32Array(2), meanSpeedKph: new Float32Array(2) }, variant)).toThrow(/2 and \d+ links, the city has/);
  });

  it('lamps: by change of mean level (points) or energy (%), counting dimmer and brighter', () => {
    const base = { lampKWh: Float64Array.of(10, 10, 10, 0), lampMeanLevel: Float32Array.of(1, 0.5, 0.5, 0) };
    const variant = { lampKWh: Float64Array.of(4, 10, 13, 2), lampMeanLevel: Float32Array.of(0.4, 0.5, 0.7, 0.2) };
    const out = new Uint8Array(16);
    expect(writeLampDiffColours('level', base, variant, out)).toEqual({ lower: 1, higher: 2 });
    expect([...out.subarray(0, 3)]).toEqual([...LAMP_LEVEL_PTS.rgb[0]]);
    expect([...out.subarray(4, 7)]).toEqual([...LAMP_LEVEL_PTS.rgb[3]]);
    expect(writeLampDiffColours('energy', base, variant, out)).toEqual({ lower: 1, higher: 1 });
    expect([...out.subarray(0, 3)]).toEqual([...LAMP_ENERGY_PCT.rgb[0]]);
    expect([...out.subarray(12, 16)]).toEqual([...NO_DIFF_RGBA]); // a zero baseline has no %
    expect(() => writeLampDiffColours('level', base, { ...variant, lampMeanLevel: new Float32Array(3) }, out)).toThrow(/4 and 3 lamps/);
  });

  it('tooltips give both values and the change with units', () => {
    const city = gridCity({ lines: 3 });
    const data = buildMapData(city);
    const t = (key: string, p?: Record<string, unknown>) => `${key}${p ? ' ' + Object.values(p).join(' | ') : ''}`;
    const ctx = { city, data, t, language: 'en', levels: new Float32Array(0), powerW: new Float32Array(0), communes: null as never };
    const roads = { baselineKph: Float32Array.of(40, NaN), variantKph: Float32Array.of(30, 20), colours: new Uint8Array(8), compared: 1 };
    const tip = diffRoadTooltip(ctx, 0, roads).split('\n');
    expect(tip.slice(1)).toEqual(['map.diff.baselineValue unit.kph 40', 'map.diff.variantValue unit.kph 30', 'map.diff.slower unit.kph −10 | −25 %']);
    expect(diffRoadTooltip(ctx, 1, roads)).toContain('map.diff.baselineValue map.diff.notDriven');
    const lamp = diffLampTooltip(ctx, 0, { lampKWh: Float64Array.of(40), lampMeanLevel: Float32Array.of(1) }, { lampKWh: Float64Array.of(30), lampMeanLevel: Float32Array.of(0.6) }).split('\n');
    expect(lamp[1]).toBe('map.diff.level unit.pct 100 | unit.pct 60 | −40');
    expect(lamp[2]).toBe('map.diff.energy unit.kWh 40 | unit.kWh 30 | unit.kWh −10 | −25 %');
  });

  it('the legend summary names both scenarios and the period, and says when no traffic was compared', () => {
    const side = (scenario: string) => ({ kpis: { scenario, start: '2025-01-15T11:00:00.000Z', end: '2025-01-16T11:00:00.000Z' } });
    const run = { baseline: side('dijon-2017-baseline'), variant: side('dijon-today') } as never;
    expect(diffSummaryOf({ run, roads: null, lower: 12, higher: 0 })).toEqual({
      baseline: 'dijon-2017-baseline', variant: 'dijon-today', start: '2025-01-15T11:00:00.000Z', end: '2025-01-16T11:00:00.000Z', lampsLower: 12, lampsHigher: 0, roadsCompared: null,
    });
    const roads = { baselineKph: new Float32Array(0), variantKph: new Float32Array(0), colours: new Uint8Array(0), compared: 5 };
    expect(diffSummaryOf({ run, roads, lower: 0, higher: 0 }).roadsCompared).toBe(5);
  });
});
