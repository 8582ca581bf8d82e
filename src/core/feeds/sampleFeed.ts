// The project's own sample recording for the default city: one night of lamp telemetry, cabinet
// meters and ambient illuminance made from a simulation run, car-park occupancy and air quality from
// stated daily profiles, with sensor noise and injected faults (malformed lines, duplicates, late
// and future messages, impossible values), seeded.

import type { CityModel } from '../city/model.ts';
import type { Scenario } from '../scenario/schema.ts';
import { cabinetExternalId, lampExternalId, ngsiUrn } from '../city/entityIds.ts';
import { createWorld, stepWorld, worldLampLevels } from '../world.ts';
import { powerFraction } from '../energy/powerModel.ts';
import { sunAltitudeRad } from '../time/sun.ts';
import { Rng } from '../rng.ts';
import { makeProjection } from '../geo/projection.ts';
import { localTimeOfDayMs, EUROPE_PARIS } from '../time/parisTime.ts';
import { writeRecording } from './recording.ts';

export interface SampleFeedOptions {
  startMs: number;
  hours: number;
  seed: number;
  /** Every n-th lamp reports its telemetry. */
  lampStride: number;
  lampPeriodMs: number;
  cabinetCount: number;
  weatherPeriodMs: number;
  /** Share of messages turned into each kind of fault. */
  faultShare: number;
  /** Car parks (one per most populous commune, near its centre) reporting occupancy every period. */
  carParkCount: number;
  carParkPeriodMs: number;
  /** Air-quality stations (most populous communes) reporting hourly. */
  airStationCount: number;
}

/**
 * Occupancy of a town-centre car park by local hour (stated profile: shoppers and evening outings,
 * residents overnight), and NO₂ (µg/m³) at an urban background station by local hour (traffic peaks).
 */
export const CAR_PARK_OCCUPANCY_BY_HOUR = [0.25, 0.2, 0.18, 0.17, 0.17, 0.2, 0.3, 0.5, 0.7, 0.8, 0.85, 0.88, 0.85, 0.85, 0.88, 0.9, 0.9, 0.88, 0.85, 0.75, 0.6, 0.5, 0.4, 0.3];
export const NO2_UGM3_BY_HOUR = [14, 11, 9, 8, 9, 13, 22, 34, 38, 31, 25, 22, 21, 21, 22, 25, 30, 36, 38, 33, 27, 22, 19, 16];

/** Ambient illuminance (lux) from the sun's altitude: daylight above the horizon, twilight below. */
export function ambientIlluminanceLux(altitudeRad: number): number {
  const deg = (altitudeRad * 180) / Math.PI;
  if (deg > 0) return 400 + 100_000 * Math.sin(altitudeRad);
  return Math.max(0.001, 400 * Math.exp(deg / 1.5));
}

const iso = (ms: number) => new Date(ms).toISOString();

export function makeSampleFeed(city: CityModel, scenario: Scenario, o: SampleFeedOptions): string {
  const rng = new Rng(o.seed).fork('sample-feed');
  const endMs = o.startMs + o.hours * 3_600_000;
  const world = createWorld(city, scenario, { startMs: o.startMs, endMs, lighting: { compliance: 'off' } });
  const fleet = world.lighting.model.fleet;
  const levels = new Float32Array(city.lamps.count);
  type Msg = { timeMs: number; entity: Record<string, unknown> };
  const msgs: Msg[] = [];
  const cabinets = Array.from({ length: Math.min(o.cabinetCount, city.cabinets.count) }, (_, k) => Math.floor((k * city.cabinets.count) / o.cabinetCount));
  const cabinetEnergyKWh = new Float64Array(city.cabinets.count);
  const stepMs = 60_000;
  // Car parks and stations at the centres of the most populous communes (the first in the centre's commune).
  const amenityRng = new Rng(o.seed).fork('sample-feed-amenities');
  const projection = makeProjection(city.meta.frame);
  const byPopulation = Array.from({ length: city.communes.count }, (_, c) => c).sort((a, b) => city.communes.population[b] - city.communes.population[a]);
  const placeNear = (c: number, k: number): [number, number] => {
    const [lon, lat] = projection.toLonLat(city.communes.centreXM[c] + 150 * Math.cos(k * 2.4), city.communes.centreYM[c] + 150 * Math.sin(k * 2.4));
    return [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
  };
  const carParks = Array.from({ length: Math.min(o.carParkCount, byPopulation.length * 2) }, (_, k) => {
    const c = byPopulation[k < 3 ? 0 : k - 2];
    return { id: ngsiUrn('OffStreetParking', `sample-${String(k + 1).padStart(2, '0')}`), name: `Parking ${city.communes.name[c]}${k < 3 ? ` ${k + 1}` : ''}`, total: 150 + 50 * amenityRng.int(0, 12), pull: k < 3 ? 1 : 0.75, lonLat: placeNear(c, k) };
  });
  const airStations = Array.from({ length: Math.min(o.airStationCount, byPopulation.length) }, (_, k) => {
    const c = byPopulation[k];
    return { id: ngsiUrn('AirQualityObserved', `sample-${String(k + 1).padStart(2, '0')}`), name: city.communes.name[c], pull: k === 0 ? 1 : 0.7, lonLat: placeNear(c, 7 + k) };
  });
  for (let t = o.startMs; t < endMs; t += stepMs) {
    stepWorld(world, t - world.timeMs);
    worldLampLevels(world, levels);
    // Cabinet meters integrate the modelled power minute by minute, with a 2 % metering noise at reading.
    for (const c of cabinets) cabinetEnergyKWh[c] += 0; // touched so every metered cabinet reports even when dark
    for (let i = 0; i < city.lamps.count; i++) {
      const c = city.lamps.cabinet[i];
      if (levels[i] > 0) cabinetEnergyKWh[c] += ((fleet.systemPowerW[i] * powerFraction(levels[i], fleet.technology[i]) + fleet.standbyW[i]) * stepMs) / 3.6e9;
    }
    const rel = t - o.startMs;
    if (rel % o.lampPeriodMs === 0) {
      for (let i = 0; i < city.lamps.count; i += o.lampStride) {
        const level = Math.max(0, Math.min(1, levels[i] + (levels[i] > 0 ? rng.normal(0, 0.01) : 0)));
        const power = levels[i] > 0 ? fleet.systemPowerW[i] * powerFraction(level, fleet.technology[i]) * (1 + rng.normal(0, 0.02)) : 0;
        const id = ngsiUrn('Streetlight', lampExternalId(city, i));
        const time = t + rng.int(0, 20_000);
        const normalised = (i / o.lampStride) % 2 === 0;
        msgs.push({
          timeMs: time,
          entity: normalised
            ? {
                id,
                type: 'Streetlight',
                illuminanceLevel: { type: 'Property', value: Math.round(level * 1000) / 1000, observedAt: iso(time) },
                powerState: { type: 'Property', value: levels[i] > 0 ? 'on' : 'off', observedAt: iso(time) },
                powerConsumption: { type: 'Property', value: Math.round(power * 10) / 10, observedAt: iso(time), unitCode: 'WTT' },
                status: { type: 'Property', value: 'ok', observedAt: iso(time) },
              }
            : { id, type: 'Streetlight', illuminanceLevel: Math.round(level * 1000) / 1000, powerState: levels[i] > 0 ? 'on' : 'off', powerConsumption: Math.round(power * 10) / 10, status: 'ok', observationDateTime: iso(time) },
        });
      }
    }
    if (rel % 3_600_000 === 0 && rel > 0) {
      for (const c of cabinets) {
        msgs.push({
          timeMs: t,
          entity: { id: ngsiUrn('StreetlightControlCabinet', cabinetExternalId(c)), type: 'StreetlightControlCabinet', energyConsumed: { type: 'Property', value: Math.round(cabinetEnergyKWh[c] * (1 + rng.normal(0, 0.02)) * 100) / 100, observedAt: iso(t), unitCode: 'KWH' } },
        });
      }
    }
    if (rel % o.carParkPeriodMs === 0) {
      const hour = Math.floor(localTimeOfDayMs(t, EUROPE_PARIS) / 3_600_000);
      for (const p of carParks) {
        const occ = Math.min(1, Math.max(0, CAR_PARK_OCCUPANCY_BY_HOUR[hour] * p.pull + amenityRng.normal(0, 0.03)));
        const available = Math.round(p.total * (1 - occ));
        msgs.push({ timeMs: t, entity: { id: p.id, type: 'OffStreetParking', name: p.name, totalSpotNumber: p.total, availableSpotNumber: available, occupancy: Math.round((1 - available / p.total) * 1000) / 1000, dateObserved: iso(t), location: { type: 'Point', coordinates: p.lonLat } } });
      }
    }
    if (rel % 3_600_000 === 0) {
      const hour = Math.floor(localTimeOfDayMs(t, EUROPE_PARIS) / 3_600_000);
      for (const st of airStations) {
        const r = (x: number) => Math.round(Math.max(0, x) * 10) / 10;
        const no2 = NO2_UGM3_BY_HOUR[hour] * st.pull * (1 + amenityRng.normal(0, 0.1));
        msgs.push({ timeMs: t, entity: { id: st.id, type: 'AirQualityObserved', name: st.name, dateObserved: iso(t), no2: r(no2), pm10: r(12 + 0.3 * no2 + amenityRng.normal(0, 2)), pm25: r(6 + 0.2 * no2 + amenityRng.normal(0, 1)), o3: r(45 - 0.6 * no2 + amenityRng.normal(0, 4)), location: { type: 'Point', coordinates: st.lonLat } } });
      }
    }
    if (rel % o.weatherPeriodMs === 0) {
      const lux = ambientIlluminanceLux(sunAltitudeRad(t, city.meta.frame.originLat, city.meta.frame.originLon)) * (1 + rng.normal(0, 0.05));
      msgs.push({ timeMs: t, entity: { id: ngsiUrn('WeatherObserved', 'dijon-centre'), type: 'WeatherObserved', dateObserved: iso(t), illuminance: Math.round(Math.max(0, lux) * 100) / 100, temperature: Math.round(rng.normal(2, 1.5) * 10) / 10 } });
    }
  }
  msgs.sort((a, b) => a.timeMs - b.timeMs || String(a.entity.id).localeCompare(String(b.entity.id)));
  // Faults, each a small share of the messages: what real feeds do.
  const lines: string[] = [];
  for (const m of msgs) {
    const text = JSON.stringify(m.entity);
    const r = rng.next();
    const f = o.faultShare;
    if (r < f) lines.push(text.slice(0, Math.floor(text.length / 2))); // truncated line
    else if (r < 2 * f) lines.push(text, text); // sent twice
    else if (r < 3 * f) lines.push(JSON.stringify({ ...m.entity, illuminanceLevel: 'NaN', observationDateTime: iso(m.timeMs), powerState: undefined }).replace('"NaN"', '"n/a"'));
    else if (r < 4 * f) lines.push(JSON.stringify({ ...m.entity, id: String(m.entity.id).replace(/:[^:]+$/, ':unknown-0001') }));
    else lines.push(text);
  }
  // A message from two days before and one a day ahead of the rest: late and future.
  const first = msgs[Math.floor(msgs.length / 2)];
  lines.splice(Math.floor(lines.length / 2), 0, JSON.stringify({ id: ngsiUrn('WeatherObserved', 'dijon-centre'), type: 'WeatherObserved', dateObserved: iso(first.timeMs - 2 * 86_400_000), illuminance: 3 }));
  const header = { city: city.meta.name, start: iso(o.startMs), end: iso(endMs), source: `generated from scenario ${scenario.name}, seed ${o.seed}, with sensor noise and injected faults`, description: 'Sample night of lamp telemetry, cabinet meters, ambient illuminance, car-park occupancy and air quality' };
  const body = writeRecording(header, []).trimEnd();
  return [body, ...lines].join('\n') + '\n';
}

export const DEFAULT_SAMPLE_FEED: Omit<SampleFeedOptions, 'startMs'> = {
  hours: 14,
  seed: 2017,
  lampStride: 227,
  lampPeriodMs: 15 * 60_000,
  cabinetCount: 40,
  weatherPeriodMs: 10 * 60_000,
  faultShare: 0.004,
  carParkCount: 8,
  carParkPeriodMs: 15 * 60_000,
  airStationCount: 2,
};
