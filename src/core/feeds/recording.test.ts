import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gridCity } from '../city/testing/gridCity.ts';
import { FeedIngest } from './ingest.ts';
import { parseRecording, Replay, writeRecording } from './recording.ts';
import { airQualityToEntities, diviaParkToEntities, parisLocalToUtcMs } from './csvAdapters.ts';
import { dataPath, describeWithData } from '../../testing/sharedData.ts';

const city = gridCity({ lines: 4 });

describe('recordings', () => {
  const entities = [0, 1, 2, 3].map((k) => ({ id: 'urn:ngsi-ld:WeatherObserved:w', type: 'WeatherObserved', dateObserved: new Date(Date.UTC(2025, 0, 15, 20, k * 10)).toISOString(), illuminance: 5 + k }));
  const text = writeRecording({ city: 'grid', start: entities[0].dateObserved }, entities);

  it('round-trips through NDJSON with a header line', () => {
    const rec = parseRecording(text);
    expect(rec.header).toEqual({ city: 'grid', start: entities[0].dateObserved });
    expect(rec.lines.map((l) => JSON.parse(l.text))).toEqual(entities);
    expect(rec.lines.map((l) => l.timeMs)).toEqual(entities.map((e) => Date.parse(e.dateObserved)));
  });

  it('replays in step with the clock, the same however it is stepped, and seeks', () => {
    const a = new FeedIngest(city);
    const ra = new Replay(parseRecording(text), a);
    ra.advanceTo(Date.UTC(2025, 0, 15, 20, 15));
    expect(a.counts().accepted).toBe(2);
    ra.advanceTo(Date.UTC(2025, 0, 16));
    const b = new FeedIngest(city);
    new Replay(parseRecording(text), b).advanceTo(Date.UTC(2025, 0, 16));
    expect(a.accepted).toEqual(b.accepted);
    const c = new FeedIngest(city);
    const rc = new Replay(parseRecording(text), c);
    rc.seek(Date.UTC(2025, 0, 15, 20, 20));
    rc.advanceTo(Date.UTC(2025, 0, 16));
    expect(c.accepted.map((o) => o.timeMs)).toEqual(entities.slice(2).map((e) => Date.parse(e.dateObserved)));
  });

  it('loops with times shifted by the recording span', () => {
    const g = new FeedIngest(city);
    const r = new Replay(parseRecording(text), g, { loop: true });
    r.advanceTo(Date.UTC(2025, 0, 15, 21, 25));
    expect(g.counts().accepted).toBeGreaterThan(4);
    expect(g.counts().rejected).toEqual({});
  });
});

describe('CSV adapters', () => {
  it('reads local Paris time in winter and summer', () => {
    expect(new Date(parisLocalToUtcMs('2023-01-10T12:00')).toISOString()).toBe('2023-01-10T11:00:00.000Z');
    expect(new Date(parisLocalToUtcMs('2023-07-10T12:00:00')).toISOString()).toBe('2023-07-10T10:00:00.000Z');
  });
});

describeWithData('the real DiviaPark and air-quality feeds', () => {
  it('rejects the negative DiviaPark readings as bad values and applies all the others', () => {
    const csv = readFileSync(dataPath('dijon/dijon-diviapark-occupancy-2023-06-20_2023-09-30.csv'), 'utf8');
    const entities = diviaParkToEntities(csv);
    expect(entities.length).toBe(47_900);
    const gate = new FeedIngest(city);
    const rec = parseRecording(writeRecording({ source: 'DiviaPark' }, entities));
    new Replay(rec, gate).advanceTo(Date.parse('2024-01-01T00:00:00Z'));
    const c = gate.counts();
    expect(c.rejected['bad-value']).toBe(543);
    expect(c.accepted + (c.rejected.duplicate ?? 0)).toBe(47_900 - 543);
  });

  it('reads a year of hourly air quality', () => {
    const entities = airQualityToEntities(readFileSync(dataPath('dijon/dijon-air-quality-openmeteo-cams-2024-hourly.csv'), 'utf8'), 'dijon-centre-cams');
    expect(entities.length).toBe(8784);
    const gate = new FeedIngest(city);
    new Replay(parseRecording(writeRecording(null, entities)), gate).advanceTo(Date.parse('2025-01-02T00:00:00Z'));
    expect(gate.counts().accepted).toBeGreaterThan(8700);
  });
});
