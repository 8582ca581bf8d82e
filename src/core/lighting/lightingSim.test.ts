import { describe, expect, it } from 'vitest';
import * as SunCalc from 'suncalc';
import { gridCity } from '../city/testing/gridCity.ts';
import { createWorld, restoreWorld, runToEnd, snapshotWorld, stepWorld, worldKpis, worldLampLevels } from '../world.ts';
import { lampEnergyKWh, accumulatorsAt } from './lightingSim.ts';
import { testScenario } from './testing/scenarios.ts';
import { DEFAULT_POWER_MODEL } from '../energy/powerModel.ts';

const city = gridCity({ lines: 5 });
const LAT = city.meta.frame.originLat;
const LON = city.meta.frame.originLon;
const HOUR = 3_600_000;

/** The night of 15→16 January 2025 from suncalc directly, independently of the simulation. */
const sunset = SunCalc.getTimes(new Date(Date.UTC(2025, 0, 15, 11)), LAT, LON).sunset!.getTime();
const sunrise = SunCalc.getTimes(new Date(Date.UTC(2025, 0, 16, 11)), LAT, LON).sunrise!.getTime();
const nightH = (sunrise - sunset) / HOUR;
/** Local (CET = UTC+1) 22:00 and 00:00 and 05:00 of that night, in UTC ms. */
const at22 = Date.UTC(2025, 0, 15, 21);
const at00 = Date.UTC(2025, 0, 15, 23);
const at05 = Date.UTC(2025, 0, 16, 4);

const allLed60 = [{ where: {}, technology: 'LED' as const, ratedPowerW: 60 }];

function energyOfLamp0(lighting: Parameters<typeof testScenario>[0]): number {
  const w = createWorld(city, testScenario(lighting));
  runToEnd(w);
  const acc = accumulatorsAt(w.lighting.model, w.lighting.state, w.timeMs);
  return lampEnergyKWh(w.lighting.model, acc)[0];
}

describe('lighting energy against hand computations', () => {
  const standbyW = DEFAULT_POWER_MODEL.ledStandbyW;

  it('a constant-level lamp burns its power × the hours between sunset and sunrise', () => {
    const e = energyOfLamp0({ retrofit: allLed60 });
    expect(e).toBeCloseTo(((60 + standbyW) * nightH) / 1000, 6);
  });

  it('a part-night profile (70 % from 22:00 to 05:00) gives the hand-computed energy', () => {
    const e = energyOfLamp0({
      retrofit: allLed60,
      rules: [{ where: {}, policy: { type: 'part-night', steps: [{ at: '22:00', level: 0.7 }, { at: '05:00', level: 1 }] } }],
    });
    const fullH = (at22 - sunset + (sunrise - at05)) / HOUR;
    const dimH = (at05 - at22) / HOUR;
    expect(e).toBeCloseTo((60 * (fullH + 0.7 * dimH) + standbyW * nightH) / 1000, 6);
  });

  it('a curfew (off 00:00–05:00) saves exactly those hours, standby aside', () => {
    const e = energyOfLamp0({ retrofit: allLed60, rules: [{ where: {}, policy: { type: 'curfew', from: '00:00', to: '05:00' } }] });
    const offH = (at05 - at00) / HOUR;
    expect(e).toBeCloseTo((60 * (nightH - offH) + standbyW * nightH) / 1000, 6);
  });

  it('a 170 W HPS system replaced by a 60 W LED, all else equal, saves 64.7 %', () => {
    const noStandby = { lighting: { power: { ...DEFAULT_POWER_MODEL, ledStandbyW: 0 } } };
    const run = (retrofit: Parameters<typeof testScenario>[0]) => {
      const w = createWorld(city, testScenario(retrofit), noStandby);
      runToEnd(w);
      return worldKpis(w).lighting.energyKWh;
    };
    const hps = run({ retrofit: [{ where: {}, technology: 'HPS', ratedPowerW: 150 }] });
    const led = run({ retrofit: [{ where: {}, technology: 'LED', ratedPowerW: 60 }] });
    expect((1 - led / hps) * 100).toBeCloseTo(64.7, 1);
  });
});

describe('determinism and state', () => {
  const lighting = {
    retrofit: [{ where: {}, technology: 'LED' as const }],
    rules: [
      { where: {}, policy: { type: 'part-night' as const, steps: [{ at: '22:00', level: 0.7 }, { at: '05:00', level: 1 }] } },
      { where: { roadClasses: ['residential' as const] }, policy: { type: 'presence' as const, baseLevel: 0.2 } },
    ],
  };
  const scenario = testScenario(lighting, { period: { start: '2025-01-15T12:00:00+01:00', days: 3 } });

  it('gives identical KPIs however time is stepped', () => {
    const once = createWorld(city, scenario);
    runToEnd(once);
    const stepped = createWorld(city, scenario);
    let dt = 1;
    while (stepped.timeMs < stepped.endMs) {
      stepWorld(stepped, dt * 60_000 + 17);
      dt = (dt * 7) % 113 || 1;
    }
    expect(worldKpis(stepped)).toEqual(worldKpis(once));
    expect(worldKpis(once).lighting.presenceDetections).toBeGreaterThan(0);
  });

  it('snapshot → run → restore → run gives the same result', () => {
    const w = createWorld(city, scenario);
    stepWorld(w, 30 * HOUR + 123);
    const snap = snapshotWorld(w);
    runToEnd(w);
    const first = worldKpis(w);
    restoreWorld(w, snap);
    expect(w.timeMs).toBe(snap.timeMs);
    runToEnd(w);
    expect(worldKpis(w)).toEqual(first);
  });

  it('a different seed gives different presence detections', () => {
    const a = createWorld(city, scenario);
    const b = createWorld(city, scenario, { seed: 99 });
    runToEnd(a);
    runToEnd(b);
    expect(worldKpis(a).lighting.presenceDetections).not.toBe(worldKpis(b).lighting.presenceDetections);
  });
});

describe('lamp levels for frames', () => {
  it('are 0 by day, the profile level at night, and at least the floor at intersections', () => {
    const s = testScenario({
      retrofit: [{ where: {}, technology: 'LED' }],
      rules: [{ where: {}, policy: { type: 'constant', level: 0.3 } }],
      intersectionMinLevel: 0.8,
    });
    const w = createWorld(city, s);
    const noon = worldLampLevels(w);
    expect(Math.max(...noon)).toBe(0);
    stepWorld(w, 10 * HOUR); // 22:00 local
    const night = worldLampLevels(w);
    const model = w.lighting.model;
    for (let i = 0; i < night.length; i++) {
      const atIntersection = model.grouping.groups[model.grouping.lampGroup[i]].atIntersection;
      expect(night[i]).toBeCloseTo(atIntersection ? 0.8 : 0.3, 6);
    }
  });
});

describe('aggregation and tariffs', () => {
  it('sums lamp energy per cabinet and per commune to the métropole total', async () => {
    const { energyByCabinetKWh } = await import('../energy/lightingKpis.ts');
    const w = createWorld(city, testScenario({}));
    runToEnd(w);
    const acc = accumulatorsAt(w.lighting.model, w.lighting.state, w.timeMs);
    const total = worldKpis(w).lighting.energyKWh;
    const cabinets = energyByCabinetKWh(w.lighting.model, acc);
    expect(cabinets.length).toBe(city.cabinets.count);
    expect(cabinets.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 0);
    expect(Object.values(worldKpis(w).lighting.energyByCommuneKWh).reduce((a, b) => a + b, 0)).toBeCloseTo(total, 0);
  });

  it('prices off-peak hours at the off-peak tariff', () => {
    const halfHour = createWorld(city, testScenario({}, { energy: { tariff: { eurPerKWh: 0.2, offPeak: { eurPerKWh: 0.1, start: '22:30', end: '23:00' } } } }));
    runToEnd(halfHour);
    const flat = createWorld(city, testScenario({}, { energy: { tariff: { eurPerKWh: 0.2 } } }));
    const offPeak = createWorld(city, testScenario({}, { energy: { tariff: { eurPerKWh: 0.2, offPeak: { eurPerKWh: 0.1, start: '22:00', end: '06:00' } } } }));
    runToEnd(flat);
    runToEnd(offPeak);
    const e = worldKpis(flat).lighting;
    const o = worldKpis(offPeak).lighting;
    expect(o.energyKWh).toBe(e.energyKWh);
    // 22:00–06:00 is 8 of the ≈ 15.5 hours of this January night at constant power
    const offShare = 8 / ((sunrise - sunset) / HOUR);
    expect(o.costEUR / e.costEUR).toBeCloseTo(1 - offShare / 2, 1);
    // a half-hour off-peak band is priced for half an hour, not the whole hour slot
    const exactCost = (w: ReturnType<typeof createWorld>) => accumulatorsAt(w.lighting.model, w.lighting.state, w.timeMs).slotCostEUR.reduce((a, b) => a + b, 0);
    expect((exactCost(flat) - exactCost(halfHour)) / exactCost(flat)).toBeCloseTo(0.5 / ((sunrise - sunset) / HOUR) / 2, 4);
  });
});

describe('feed assimilation', () => {
  it('a lamp reported defective is dark in the twin and stops drawing energy from that time', async () => {
    const { FeedIngest } = await import('../feeds/ingest.ts');
    const s = testScenario({ retrofit: allLed60 });
    const healthy = createWorld(city, s);
    runToEnd(healthy);
    const w = createWorld(city, s);
    stepWorld(w, at00 - w.timeMs); // midnight local
    const report = { id: 'urn:ngsi-ld:Streetlight:lamp-000000', type: 'Streetlight', status: 'defectiveLamp', observationDateTime: new Date(at00).toISOString() };
    expect(w.feeds.gate.ingest(JSON.stringify(report), at00).accepted).toBe(true);
    stepWorld(w, 60_000);
    expect(worldLampLevels(w)[0]).toBe(0);
    expect(worldLampLevels(w)[1]).toBeGreaterThan(0);
    runToEnd(w);
    const lost = worldKpis(healthy).lighting.energyKWh - worldKpis(w).lighting.energyKWh;
    // 60 W from midnight to sunrise
    expect(lost).toBeCloseTo((60 * (sunrise - at00)) / HOUR / 1000, 1);
    const perLamp = lampEnergyKWh(w.lighting.model, accumulatorsAt(w.lighting.model, w.lighting.state, w.timeMs));
    expect(perLamp[0]).toBeCloseTo(((60 + DEFAULT_POWER_MODEL.ledStandbyW) * (at00 - sunset) + DEFAULT_POWER_MODEL.ledStandbyW * (sunrise - at00)) / HOUR / 1000, 3);
  });
});

describe('presence energy', () => {
  it('does not depend on how a street is cut into links', async () => {
    const { buildCity } = await import('../city/builder.ts');
    const { RoadClass } = await import('../city/roadClass.ts');
    const street = (cuts: number) => {
      const roads = [];
      for (let k = 0; k < cuts; k++) roads.push({ xyM: [(800 / cuts) * k, 0, (800 / cuts) * (k + 1), 0], roadClass: RoadClass.Residential, lit: true, name: 'Rue longue' });
      return buildCity({ name: 'street', source: 'imported', sources: [], seed: 1, frame: city.meta.frame, roads, signals: [], lamps: null, buildings: [], communes: [], report: {} });
    };
    const s = testScenario({ retrofit: [{ where: {}, technology: 'LED' }], rules: [{ where: {}, policy: { type: 'presence', baseLevel: 0.2 } }] }, { period: { start: '2025-01-15T12:00:00+01:00', days: 7 } });
    const perLamp = (c: ReturnType<typeof street>) => {
      const w = createWorld(c, s, { lighting: { compliance: 'off' } });
      runToEnd(w);
      return worldKpis(w).lighting.energyKWh / c.lamps.count;
    };
    const one = perLamp(street(1));
    const eight = perLamp(street(8));
    expect(Math.abs(one - eight) / eight).toBeLessThan(0.12);
  });
});

describe('snapshots with a replayed feed', () => {
  it('restoring before a defect report un-applies it, and the run ends the same', async () => {
    const { parseRecording, writeRecording } = await import('../feeds/recording.ts');
    const report = { id: 'urn:ngsi-ld:Streetlight:lamp-000000', type: 'Streetlight', status: 'defectiveLamp', observationDateTime: new Date(at00).toISOString() };
    const feed = parseRecording(writeRecording(null, [report]));
    const s = testScenario({ retrofit: allLed60 });
    const w = createWorld(city, s, { feed });
    stepWorld(w, at22 - w.timeMs);
    const snap = snapshotWorld(w);
    runToEnd(w);
    const first = worldKpis(w);
    expect(first.feeds.accepted).toBe(1);
    restoreWorld(w, snap);
    expect(w.feeds.gate.counts().accepted).toBe(0);
    expect(w.lighting.model.outages.size).toBe(0);
    runToEnd(w);
    expect(worldKpis(w)).toEqual(first);
  });
});

describe('photocell switching from a feed', () => {
  it('burns while the reported ambient light is below the threshold, and follows the sun without readings', async () => {
    const { parseRecording, writeRecording } = await import('../feeds/recording.ts');
    const at = (h: number, m: number) => Date.UTC(2025, 0, 15, h, m); // UTC: local is UTC+1
    const dark = at(15, 30); // 16:30 local, before sunset
    const bright = at(30, 30); // 07:30 local next day, before sunrise
    const reading = (t: number, lux: number) => ({ id: 'urn:ngsi-ld:WeatherObserved:roof', type: 'WeatherObserved', dateObserved: new Date(t).toISOString(), illuminance: lux });
    // readings every 20 minutes (fresher than the 30-minute staleness) from 14:00 to 09:00 UTC
    const entities = [];
    for (let t = at(13, 0); t <= at(32, 0); t += 20 * 60_000) entities.push(reading(t, t >= dark && t < bright ? 3 : 200));
    const feed = parseRecording(writeRecording(null, entities));
    const s = testScenario({ retrofit: allLed60, switching: { mode: 'photocell', thresholdLux: 30 } });
    const w = createWorld(city, s, { feed, lighting: { power: { ...DEFAULT_POWER_MODEL, ledStandbyW: 0 } } });
    runToEnd(w);
    const e = lampEnergyKWh(w.lighting.model, accumulatorsAt(w.lighting.model, w.lighting.state, w.timeMs))[0];
    expect(e).toBeCloseTo((60 * (bright - dark)) / HOUR / 1000, 4);
    const noFeed = createWorld(city, s, { lighting: { power: { ...DEFAULT_POWER_MODEL, ledStandbyW: 0 } } });
    runToEnd(noFeed);
    expect(worldKpis(noFeed).lighting.burningHours).toBeCloseTo(nightH, 1);
  });
});
