import { describe, expect, it } from 'vitest';
import { gridCity } from '../city/testing/gridCity.ts';
import { testScenario } from '../lighting/testing/scenarios.ts';
import { createWorld, restoreWorld, snapshotWorld, stepWorld, worldKpis, runToEnd } from '../world.ts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../../testing/sharedData.ts';
import { parseScenarioText } from '../scenario/parse.ts';
import { trafficOptionsOf } from './scenarioTraffic.ts';
import { SignalPlanError } from './signals.ts';

const city = gridCity({ lines: 7, spacingM: 150, signalAtCentre: true, buildings: false });
const presenceEverywhere = { rules: [{ where: {}, policy: { type: 'presence' as const, baseLevel: 0.2, activeLevel: 1, holdS: 60 } }] };
const traffic = (couple: boolean) => ({ demand: { tripsPerPerson: 3.5, carShare: 0.5, scale: 1 }, couple: { presence: couple, adaptiveVolumes: couple }, rerouteEveryMin: 0 });
const period = { start: '2025-01-15T17:00:00+01:00', days: 0.25 };

describe('traffic in the world', () => {
  it('vehicles are the presence detections of dim-up lamps: more traffic, more energy', () => {
    const run = (scale: number) => {
      const w = createWorld(city, testScenario(presenceEverywhere, { period, traffic: { ...traffic(true), demand: { tripsPerPerson: 3.5, carShare: 0.5, scale } } }));
      runToEnd(w);
      return worldKpis(w);
    };
    const quiet = run(0.2);
    const busy = run(3);
    expect(quiet.traffic!.completedTrips).toBeGreaterThan(0);
    expect(busy.traffic!.vehicleKm).toBeGreaterThan(quiet.traffic!.vehicleKm * 5);
    expect(busy.lighting.energyKWh).toBeGreaterThan(quiet.lighting.energyKWh);
  });

  it('a world without a traffic section has no traffic KPIs; with one, the KPI line gains them', () => {
    const w = createWorld(city, testScenario(presenceEverywhere, { period }));
    runToEnd(w);
    expect(worldKpis(w).traffic).toBeUndefined();
    const t = createWorld(city, testScenario(presenceEverywhere, { period, traffic: traffic(false) }));
    runToEnd(t);
    const k = worldKpis(t).traffic!;
    for (const key of ['trips', 'completedTrips', 'vehicleKm', 'meanTravelTimeS', 'totalDelayVehH', 'stops', 'co2Kg'] as const) expect(Number.isFinite(k[key])).toBe(true);
    expect(k.co2Kg).toBeGreaterThan(0);
  });

  it('snapshot → run → restore → run gives the same KPIs with traffic', () => {
    const w = createWorld(city, testScenario(presenceEverywhere, { period, traffic: traffic(true) }));
    stepWorld(w, 3_600_000);
    const snap = snapshotWorld(w);
    runToEnd(w);
    const first = worldKpis(w);
    restoreWorld(w, snap);
    runToEnd(w);
    expect(worldKpis(w)).toEqual(first);
  });

  it('the shipped traffic scenarios resolve on the default city: green wave offsets grow along the corridor', async () => {
    const { readCityFile } = await import('../../cli/cliUtil.ts');
    const dijon = readCityFile(resolve(REPO_ROOT, 'assets/dijon-generated.city'));
    const s = parseScenarioText(readFileSync(resolve(REPO_ROOT, 'scenarios/dijon-green-wave.scenario.json'), 'utf8'), 'green wave');
    const o = trafficOptionsOf(dijon, s.traffic!);
    const wave = o.signals.filter((p) => p.origin?.startsWith('green wave'));
    expect(wave.length).toBeGreaterThanOrEqual(6);
    expect(new Set(wave.map((p) => p.cycleS))).toEqual(new Set([90]));
    expect(new Set(wave.map((p) => Math.round(p.offsetS ?? 0))).size).toBeGreaterThan(3);
    for (const name of ['dijon-weekday-traffic', 'dijon-max-pressure', 'dijon-bus-priority']) {
      const sc = parseScenarioText(readFileSync(resolve(REPO_ROOT, `scenarios/${name}.scenario.json`), 'utf8'), name);
      expect(sc.traffic, name).toBeDefined();
    }
    const bad = parseScenarioText(readFileSync(resolve(REPO_ROOT, 'scenarios/dijon-green-wave.scenario.json'), 'utf8').replaceAll('Avenue de Saint-Apollinaire', 'Rue Imaginaire'), 'bad');
    expect(() => trafficOptionsOf(dijon, bad.traffic!)).toThrow(SignalPlanError);
    expect(() => trafficOptionsOf(dijon, bad.traffic!)).toThrow(/corridor: no signalised intersection on "Rue Imaginaire"/);
  });
});

describe('traffic counts from feeds', () => {
  it('a TrafficFlowObserved message scales the demand on its road and shows in the KPI line', async () => {
    const { roadExternalId } = await import('../city/entityIds.ts');
    const w = createWorld(city, testScenario({}, { period, traffic: traffic(false) }));
    const a = w.trafficInit!.setup.assignment;
    const startMs = w.startMs;
    // The count covers 18:00–18:15 local time, on the road the demand uses most in that hour.
    const hour = 18;
    let best = 0;
    for (let l = 1; l < city.links.count; l++) if (a.hourly[l * 24 + hour] > a.hourly[best * 24 + hour]) best = l;
    const fromMs = startMs + 3_600_000;
    const iso = (t: number) => new Date(t).toISOString();
    const entity = { id: 'urn:ngsi-ld:TrafficFlowObserved:count-1', type: 'TrafficFlowObserved', refRoadSegment: `urn:ngsi-ld:RoadSegment:${roadExternalId(best)}`, dateObservedFrom: iso(fromMs), dateObservedTo: iso(fromMs + 900_000), intensity: Math.round(a.hourly[best * 24 + hour] * 2) };
    stepWorld(w, 3_600_000 + 900_000);
    expect(w.feeds.gate.ingest(entity, w.timeMs)).toMatchObject({ accepted: true });
    runToEnd(w);
    const k = worldKpis(w).traffic!;
    expect(k.counts.counts).toBe(1);
    expect(k.counts.meanRatio).toBeGreaterThan(1.5);
  });
});
