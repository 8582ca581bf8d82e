import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gridCity } from '../city/testing/gridCity.ts';
import { FeedIngest } from './ingest.ts';
import { REJECT_REASONS } from './observations.ts';

const city = gridCity({ lines: 4 });
const T0 = Date.parse('2025-01-15T21:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

const streetlightNormalised = (lamp: string, ms: number, level = 0.7) => ({
  id: `urn:ngsi-ld:Streetlight:${lamp}`,
  type: 'Streetlight',
  illuminanceLevel: { type: 'Property', value: level, observedAt: iso(ms) },
  powerState: { type: 'Property', value: 'on', observedAt: iso(ms) },
});
const weatherKeyValues = (ms: number, lux = 12) => ({ id: 'urn:ngsi-ld:WeatherObserved:dijon-centre', type: 'WeatherObserved', dateObserved: iso(ms), illuminance: lux });

describe('feed gate', () => {
  it('accepts normalised and key-values entities, mapped onto the city', () => {
    const gate = new FeedIngest(city);
    const a = gate.ingest(JSON.stringify(streetlightNormalised('lamp-000003', T0)), T0);
    expect(a).toMatchObject({ accepted: true, observation: { kind: 'streetlight', lamp: 3, illuminanceLevel: 0.7, powerState: 'on', timeMs: T0 } });
    const b = gate.ingest(weatherKeyValues(T0 + 1000), T0);
    expect(b).toMatchObject({ accepted: true, observation: { kind: 'weather', illuminanceLux: 12 } });
    const c = gate.ingest({ id: 'urn:ngsi-ld:TrafficFlowObserved:c1', type: 'TrafficFlowObserved', refRoadSegment: 'urn:ngsi-ld:RoadSegment:road-000001', dateObservedFrom: iso(T0 - 900_000), dateObservedTo: iso(T0), intensity: 42 }, T0);
    expect(c).toMatchObject({ accepted: true, observation: { kind: 'trafficFlow', intensity: 42, toMs: T0 } });
    expect(gate.counts()).toEqual({ accepted: 3, rejected: {} });
  });

  it('rejects each kind of bad message with its reason', () => {
    const gate = new FeedIngest(city);
    const cases: [unknown, string][] = [
      ['{"id": "urn:ngsi-ld:Streetlight:lamp-000001", "type": "Streetl', 'malformed-json'],
      ['x'.repeat(70_000), 'oversized'],
      [[1, 2, 3], 'not-an-entity'],
      [{ id: 'urn:ngsi-ld:Toaster:t1', type: 'Toaster' }, 'unknown-type'],
      [streetlightNormalised('lamp-999999', T0), 'unknown-entity'],
      [streetlightNormalised('lamp-000001', T0, Number.NaN), 'bad-value'],
      [streetlightNormalised('lamp-000001', T0, 1.5), 'bad-value'],
      [{ ...weatherKeyValues(T0), illuminance: '12 lux' }, 'bad-value'],
      [{ id: 'urn:ngsi-ld:WeatherObserved:w', type: 'WeatherObserved', illuminance: 3 }, 'missing-time'],
      [weatherKeyValues(T0 + 86_400_000), 'far-future'],
      [weatherKeyValues(T0 - 3 * 86_400_000), 'too-late'],
    ];
    for (const [msg, reason] of cases) {
      const r = gate.ingest(typeof msg === 'string' ? msg : JSON.stringify(msg), T0);
      expect(r.accepted, `${reason}: ${JSON.stringify(r)}`).toBe(false);
      if (!r.accepted) expect(r.reason).toBe(reason);
    }
    expect(gate.ingest(JSON.stringify(weatherKeyValues(T0)), T0).accepted).toBe(true);
    expect(gate.ingest(JSON.stringify(weatherKeyValues(T0)), T0)).toMatchObject({ accepted: false, reason: 'duplicate' });
  });

  it('over thousands of generated messages, never throws, counts every message, applies every valid one', () => {
    const valid = fc.record({ lamp: fc.integer({ min: 0, max: city.lamps.count - 1 }), dtMs: fc.integer({ min: -3_600_000, max: 60_000 }), level: fc.double({ min: 0, max: 1, noNaN: true }) })
      .map(({ lamp, dtMs, level }) => ({ valid: true, text: JSON.stringify(streetlightNormalised(`lamp-${String(lamp).padStart(6, '0')}`, T0 + dtMs, level)) }));
    const junk = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json(),
      fc.anything().map((v) => { try { return JSON.stringify(v) ?? 'undefined'; } catch { return '{'; } }),
      fc.record({ id: fc.string(), type: fc.constantFrom('Streetlight', 'WeatherObserved', 'OffStreetParking', 'TrafficFlowObserved'), illuminanceLevel: fc.anything(), dateObserved: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())) }).map((v) => JSON.stringify(v)),
    ).map((text) => ({ valid: false, text }));
    fc.assert(
      fc.property(fc.array(fc.oneof(valid, junk), { maxLength: 300 }), (msgs) => {
        const gate = new FeedIngest(city);
        const validKeys = new Set<string>();
        for (const m of msgs) {
          const r = gate.ingest(m.text, T0);
          if (m.valid) {
            // A valid message is applied, unless the same lamp and time came before (a duplicate).
            const key = m.text.slice(0, m.text.indexOf('"illuminanceLevel"')) + m.text.slice(m.text.indexOf('observedAt'), m.text.indexOf('observedAt') + 40);
            if (validKeys.has(key)) expect(r).toMatchObject({ accepted: false, reason: 'duplicate' });
            else expect(r.accepted).toBe(true);
            validKeys.add(key);
          }
        }
        const c = gate.counts();
        const rejected = Object.values(c.rejected).reduce((a, b) => a + (b ?? 0), 0);
        expect(c.accepted + rejected).toBe(msgs.length);
        for (const reason of Object.keys(c.rejected)) expect(REJECT_REASONS).toContain(reason);
        expect(gate.accepted.length).toBe(c.accepted);
      }),
      { numRuns: 200 },
    );
  });
});

describe('bounded accepted log', () => {
  const msg = (k: number) => JSON.stringify(streetlightNormalised(`lamp-${String(k % city.lamps.count).padStart(6, '0')}`, T0 - 3_600_000 + k, 0.5));

  it('releases what every cursor has read and keeps a bounded tail, losing nothing unread', () => {
    const gate = new FeedIngest(city, { retainRecent: 500 });
    const eager = gate.openCursor();
    const slow = gate.openCursor();
    const readByEager: number[] = [];
    let peak = 0;
    for (let k = 0; k < 50_000; k++) {
      expect(gate.ingest(msg(k), T0).accepted).toBe(true);
      if (k % 97 === 0) gate.read(eager, (o) => readByEager.push(o.timeMs));
      if (k === 20_000) {
        // The slow reader holds back the log until it reads: nothing it has not read is dropped.
        expect(gate.accepted.length).toBeGreaterThan(20_000);
        let n = 0;
        gate.read(slow, () => n++);
        expect(n).toBe(20_001);
        gate.closeCursor(slow);
      }
      if (k > 20_000) peak = Math.max(peak, gate.accepted.length);
    }
    gate.read(eager, (o) => readByEager.push(o.timeMs));
    expect(readByEager).toEqual(Array.from({ length: 50_000 }, (_, k) => T0 - 3_600_000 + k));
    expect(peak).toBeLessThanOrEqual(2 * 500 + 1024 + 1);
    expect(gate.accepted.length).toBeLessThanOrEqual(500 + 1024);
    expect(gate.acceptedCount).toBe(50_000);
    expect(gate.oldestHeld + gate.accepted.length).toBe(50_000);
  });

  it('remembers the last duplicateMemory (entity, time) pairs, oldest forgotten first', () => {
    const gate = new FeedIngest(city, { duplicateMemory: 3 });
    const msg = (lamp: number, ms: number) => JSON.stringify(streetlightNormalised(`lamp-00000${lamp}`, ms));
    for (const [lamp, ms] of [[1, T0], [1, T0 - 1000], [2, T0], [3, T0]]) expect(gate.ingest(msg(lamp, ms), T0).accepted).toBe(true);
    // (1, T0) was the oldest of four and is forgotten; the three others are still refused.
    expect(gate.ingest(msg(1, T0 - 1000), T0)).toMatchObject({ accepted: false, reason: 'duplicate' });
    expect(gate.ingest(msg(2, T0), T0)).toMatchObject({ accepted: false, reason: 'duplicate' });
    expect(gate.ingest(msg(3, T0), T0)).toMatchObject({ accepted: false, reason: 'duplicate' });
    expect(gate.ingest(msg(1, T0), T0).accepted).toBe(true);
  });

  it('keeps the latest observation of each entity by observation time', () => {
    const gate = new FeedIngest(city);
    gate.ingest(weatherKeyValues(T0, 5), T0);
    gate.ingest(weatherKeyValues(T0 - 60_000, 9), T0); // older, arrives later
    gate.ingest(weatherKeyValues(T0 + 60_000, 7), T0);
    expect(gate.latest.get('urn:ngsi-ld:WeatherObserved:dijon-centre')).toMatchObject({ illuminanceLux: 7 });
    const small = new FeedIngest(city, { maxLatestEntities: 2 });
    for (let k = 0; k < 4; k++) small.ingest(streetlightNormalised(`lamp-00000${k}`, T0), T0);
    expect(small.latest.size).toBe(2);
    expect(small.latestOverflow).toBe(2);
  });
});

describe('car parks and air-quality stations', () => {
  it('keeps their latest reading with its location and name, and refuses a malformed location', () => {
    const gate = new FeedIngest(city);
    const park = (ms: number, occ: number, location: unknown = { type: 'Point', coordinates: [5.04, 47.32] }) =>
      ({ id: 'urn:ngsi-ld:OffStreetParking:p1', type: 'OffStreetParking', name: 'Darcy', occupancy: occ, dateObserved: iso(ms), location });
    expect(gate.ingest(park(T0 - 60_000, 0.4), T0).accepted).toBe(true);
    expect(gate.ingest(park(T0, 0.6), T0).accepted).toBe(true);
    expect(gate.ingest(park(T0 + 1, 0.6, { type: 'Point', coordinates: [500, 47] }), T0)).toMatchObject({ accepted: false, reason: 'bad-value' });
    expect(gate.ingest({ id: 'urn:ngsi-ld:AirQualityObserved:s1', type: 'AirQualityObserved', dateObserved: iso(T0), no2: 21.5, location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [5.03, 47.33] } } }, T0).accepted).toBe(true);
    expect(gate.latestOf('parking')).toEqual([expect.objectContaining({ occupancy: 0.6, name: 'Darcy', lonLat: [5.04, 47.32] })]);
    expect(gate.latestOf('airQuality')).toEqual([expect.objectContaining({ no2: 21.5, lonLat: [5.03, 47.33] })]);
  });
});
