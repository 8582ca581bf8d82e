// A cloned traffic run steps on exactly as the original would, and neither disturbs the other.

import { describe, expect, it } from 'vitest';
import { twoCommuneSignalGrid } from '../city/testing/gridCity.ts';
import { testScenario } from '../lighting/testing/scenarios.ts';
import { createWorld, stepWorld } from '../world.ts';
import { cloneTraffic } from './cloneTraffic.ts';
import { advanceTraffic, trafficKpis } from './index.ts';

const HOUR_MS = 3_600_000;

describe('cloneTraffic', () => {
  const city = twoCommuneSignalGrid();
  const scenario = testScenario({}, { traffic: { rerouteEveryMin: 10 }, period: { start: '2025-01-15T06:00:00+01:00', days: 1 } });

  it('steps on to the same KPIs as the original, independently, with the same vehicles at the copy', () => {
    const reference = createWorld(city, scenario);
    stepWorld(reference, 3 * HOUR_MS);
    const w = createWorld(city, scenario);
    stepWorld(w, 2 * HOUR_MS);
    const sim = w.traffic!;
    expect(sim.activeCount).toBeGreaterThan(0);
    const copy = cloneTraffic(sim, w.trafficInit!.setup);
    expect(copy.activeCount).toBe(sim.activeCount);
    expect(copy.v.posM).not.toBe(sim.v.posM);
    expect(copy.net).toBe(sim.net);
    const at2h = trafficKpis(sim);
    // The copy runs an hour ahead first: the original has not moved.
    advanceTraffic(copy, sim.timeMs + HOUR_MS);
    expect(trafficKpis(sim)).toEqual(at2h);
    stepWorld(w, HOUR_MS);
    expect(trafficKpis(copy)).toEqual(trafficKpis(reference.traffic!));
    expect(trafficKpis(sim)).toEqual(trafficKpis(reference.traffic!));
  });
});
