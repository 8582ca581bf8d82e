import { describe, expect, it } from 'vitest';
import { gridCity } from '../../core/city/testing/gridCity.ts';
import { buildMapData } from './mapData.ts';
import { maxHexSum } from './hexScale.ts';
import { HEX_RADIUS_M } from './mapLayers.ts';
import { linkMidpoints, presenceColumns, presenceLegendOf } from './presenceLayer.ts';
import { presenceTooltip } from './tooltip.ts';

const HOUR_MS = 3_600_000;

describe('presence heat layer', () => {
  const city = gridCity({ lines: 4 });
  const mids = linkMidpoints(city);
  const n = city.links.count;

  it('link midpoints lie halfway along each link, inside the map bounds', () => {
    const [w, s, e, north] = buildMapData(city).boundsLonLat;
    for (let l = 0; l < n; l++) {
      const a = city.links.shapeStart[l], b = city.links.shapeStart[l + 1] - 1;
      const x0 = city.links.shapeXYM[2 * a], y0 = city.links.shapeXYM[2 * a + 1], x1 = city.links.shapeXYM[2 * b], y1 = city.links.shapeXYM[2 * b + 1];
      // Grid links are straight: the midpoint is the mean of the ends.
      expect(mids.xM[l]).toBeCloseTo((x0 + x1) / 2, 0);
      expect(mids.yM[l]).toBeCloseTo((y0 + y1) / 2, 0);
      expect(mids.lonLatZ[3 * l]).toBeGreaterThanOrEqual(w);
      expect(mids.lonLatZ[3 * l]).toBeLessThanOrEqual(e);
      expect(mids.lonLatZ[3 * l + 1]).toBeGreaterThanOrEqual(s);
      expect(mids.lonLatZ[3 * l + 1]).toBeLessThanOrEqual(north);
      expect(mids.lonLatZ[3 * l + 2]).toBe(0);
    }
  });

  it('only roads with detections become points, rated per hour over the window; the scale covers the busiest hexagon', () => {
    const counts = new Float32Array(n);
    counts[1] = 12;
    counts[5] = 3;
    const hour = presenceColumns(mids, { fromMs: 0, timeMs: HOUR_MS, detectionsByLink: counts, roads: 4 }, HEX_RADIUS_M);
    expect(hour.length).toBe(2);
    expect(Array.from(hour.ratePerH)).toEqual([12, 3]);
    expect(hour.totalPerH).toBe(15);
    expect(hour.fullHour).toBe(true);
    expect(hour.domainPerH[1]).toBeGreaterThanOrEqual(maxHexSum(Float32Array.of(mids.xM[1], mids.xM[5]), Float32Array.of(mids.yM[1], mids.yM[5]), hour.ratePerH, HEX_RADIUS_M));
    expect(Array.from(hour.positions.subarray(0, 3))).toEqual(Array.from(mids.lonLatZ.subarray(3, 6)));
    // Half an hour since the period start: the same detections are twice the rate, and the window says since when.
    const half = presenceColumns(mids, { fromMs: 0, timeMs: HOUR_MS / 2, detectionsByLink: counts, roads: 4 }, HEX_RADIUS_M);
    expect(Array.from(half.ratePerH)).toEqual([24, 6]);
    expect(presenceLegendOf(half)).toMatchObject({ fullHour: false, fromMs: 0, roads: 4 });
    expect(() => presenceColumns(mids, { fromMs: 0, timeMs: HOUR_MS, detectionsByLink: new Float32Array(3), roads: 1 }, HEX_RADIUS_M)).toThrow(/3 links, the city has/);
  });

  it('the tooltip gives the rate in detections/h and the window', () => {
    const t = (key: string, p?: Record<string, unknown>) => `${key}${p ? ' ' + Object.values(p).join(' ') : ''}`;
    const ctx = { city, data: buildMapData(city), t, language: 'en', levels: new Float32Array(0), powerW: new Float32Array(0), communes: null as never };
    expect(presenceTooltip(ctx, 2, 15, { fullHour: true, fromMs: 0 }).split('\n')).toEqual(['map.tip.presenceRate 15', 'map.tip.lastHour', 'map.tip.presenceRoads 2 2']);
    expect(presenceTooltip(ctx, 1, 2.25, { fullHour: false, fromMs: Date.UTC(2025, 0, 1, 20) })).toContain('map.tip.since 2025-01-01 21:00');
  });
});
