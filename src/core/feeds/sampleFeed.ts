// The project's own sample recording for the default city: one night of lamp telemetry, cabinet
// meters and ambient illuminance made from a simulation run, with sensor noise and injected faults
// (malformed lines, duplicates, late and future messages, impossible values), seeded.

import type { CityModel } from '../city/model.ts';
import type { Scenario } from '../scenario/schema.ts';
import { cabinetExternalId, lampExternalId, ngsiUrn } from '../city/entityIds.ts';
import { createWorld, stepWorld, worldLampLevels } from '../world.ts';
import { powerFraction } from '../energy/powerModel.ts';
import { sunAltitudeRad } from '../time/sun.ts';
import { Rng } from '../rng.ts';
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
}

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
  const header = { city: city.meta.name, start: iso(o.startMs), end: iso(endMs), source: `generated from scenario ${scenario.name}, seed ${o.seed}, with sensor noise and injected faults`, description: 'Sample night of lamp telemetry, cabinet meters and ambient illuminance' };
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
};
