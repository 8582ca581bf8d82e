// Adapters from real CSV exports to NGSI-LD entities: Dijon's DiviaPark car-park occupancy
// (`datetime,parking,pourcentage`, local time) and hourly air quality (`timestamp,pm10,…`).
// Values are carried as read: a negative percentage stays negative so the gate rejects it.

import { EUROPE_PARIS, utcOffsetMs } from '../time/parisTime.ts';
import { ngsiUrn } from '../city/entityIds.ts';

export class CsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvError';
  }
}

/** UTC ms of a local Europe/Paris wall-clock time "YYYY-MM-DDTHH:MM[:SS]". */
export function parisLocalToUtcMs(local: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return NaN;
  const naive = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  // The offset in force at that wall time: try the later (winter) offset first, then correct.
  const guess = naive - utcOffsetMs(naive, EUROPE_PARIS);
  return naive - utcOffsetMs(guess, EUROPE_PARIS);
}

function rows(text: string, file: string, header: string[]): string[][] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const got = lines[0]?.split(',').map((s) => s.trim());
  if (!got || header.some((h, i) => got[i] !== h)) throw new CsvError(`${file}:1: expected columns ${header.join(',')}, got ${lines[0]?.slice(0, 80) ?? 'nothing'}`);
  return lines.slice(1).map((l) => l.split(','));
}

/** DiviaPark occupancy rows → OffStreetParking entities (key-values), time-ordered. */
export function diviaParkToEntities(text: string, file = 'diviapark.csv'): Record<string, unknown>[] {
  const out = rows(text, file, ['datetime', 'parking', 'pourcentage']).map(([datetime, parking, pct]) => {
    const t = parisLocalToUtcMs(datetime);
    return {
      id: ngsiUrn('OffStreetParking', `diviapark-${parking.toLowerCase()}`),
      type: 'OffStreetParking',
      name: parking,
      occupancy: Number(pct) / 100,
      dateObserved: Number.isFinite(t) ? new Date(t).toISOString() : datetime,
    };
  });
  return out.sort((a, b) => Date.parse(a.dateObserved) - Date.parse(b.dateObserved));
}

/** Hourly air-quality rows (µg/m³) at one station → AirQualityObserved entities (key-values). */
export function airQualityToEntities(text: string, stationId: string, file = 'air-quality.csv'): Record<string, unknown>[] {
  return rows(text, file, ['timestamp', 'pm10', 'pm2_5', 'no2', 'o3', 'co']).map(([timestamp, pm10, pm25, no2, o3, co]) => {
    const t = parisLocalToUtcMs(timestamp);
    const n = (s: string) => (s === '' ? undefined : Number(s));
    return {
      id: ngsiUrn('AirQualityObserved', stationId),
      type: 'AirQualityObserved',
      dateObserved: Number.isFinite(t) ? new Date(t).toISOString() : timestamp,
      pm10: n(pm10),
      pm25: n(pm25),
      no2: n(no2),
      o3: n(o3),
      co: n(co),
    };
  });
}
