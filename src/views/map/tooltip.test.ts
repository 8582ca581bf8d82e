import { describe, expect, it } from 'vitest';
import { gridCity } from '../../core/city/testing/gridCity.ts';
import { buildMapData } from './mapData.ts';
import { roadTooltip, volumeSinceMs } from './tooltip.ts';

const HOUR_MS = 3_600_000;

describe('road volume span in tooltips', () => {
  it('says "last hour" for an hour of volumes, "since" with the local time when the span is shorter', () => {
    expect(volumeSinceMs({ timeMs: 10 * HOUR_MS, volumeFromMs: 9 * HOUR_MS - 60_000 })).toBeNull();
    expect(volumeSinceMs({ timeMs: 10 * HOUR_MS, volumeFromMs: 9.5 * HOUR_MS })).toBe(9.5 * HOUR_MS);
    const city = gridCity({ lines: 3 });
    const n = city.links.count;
    const t = (key: string, p?: Record<string, unknown>) => `${key}${p ? ' ' + Object.values(p).join(' | ') : ''}`;
    const traffic = { linkSpeedRatio: new Float32Array(n).fill(0.8), linkVolumeVehPerH: new Float32Array(n).fill(100), signalDelayS: new Float32Array(0) };
    const ctx = { city, data: buildMapData(city), t, language: 'en', levels: new Float32Array(0), powerW: new Float32Array(0), communes: null as never };
    expect(roadTooltip({ ...ctx, traffic }, 0)).toMatch(/map\.tip\.volume \d+$/);
    const since = Date.UTC(2025, 0, 15, 7, 30);
    expect(roadTooltip({ ...ctx, traffic: { ...traffic, volumeSinceMs: since } }, 0)).toMatch(/map\.tip\.volumeSince \d+ \| 2025-01-15 08:30$/);
  });
});
