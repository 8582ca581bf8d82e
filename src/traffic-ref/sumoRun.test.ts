// SUMO itself on the project's networks (skipped without Debian's sumo): the export builds, runs
// without collisions, and SUMO's default car discharges near the textbook saturation flow.

import { expect, it } from 'vitest';
import { corridorCase, saturatedCase } from './cases.ts';
import { greenWindows } from './crossCheckCase.ts';
import { dischargeFlow, pooledDischarge } from './discharge.ts';
import { runSumo } from './sumoRun.ts';
import { describeWithSumo } from './testing/sumo.ts';

describeWithSumo('SUMO on the exported corridor', () => {
  it('drives every flow through the signals, above free-flow time, without collisions', () => {
    const { case: c } = corridorCase(undefined, 1200);
    for (const r of runSumo(c, [{ model: 'idm' }, { model: 'krauss-default' }])) {
      expect(r.collisions).toBe(0);
      expect(r.teleports).toBe(0);
      // 2 × 600 + 6 × 150 veh/h for 20 min, evenly spaced.
      expect(r.inserted).toBeGreaterThanOrEqual(695);
      expect(r.completedTrips).toBeGreaterThan(0.9 * r.inserted);
      expect(r.vehicleUpdates).toBeGreaterThan(r.completedTrips * 20);
      // The shortest trip (400 m across) takes 29 s at 50 km/h; signals add delay, not too much.
      expect(r.meanTravelTimeS).toBeGreaterThan(29);
      expect(r.meanTimeLossS).toBeGreaterThan(5);
      expect(r.meanTimeLossS).toBeLessThan(60);
    }
  });

  it("discharges a saturated approach near 1,800 veh/h/lane with SUMO's default car", () => {
    const s = saturatedCase();
    const greens = greenWindows(s.case.signals[0].plan, 0, s.case.durationS);
    const [r] = runSumo(s.case, [{ model: 'krauss-default', stopLineLinks: [s.approachLink] }]);
    const d = pooledDischarge(r.stopLinePassagesS.get(s.approachLink)!.map((p) => dischargeFlow(p, greens)));
    expect(d.saturatedGreens).toBeGreaterThanOrEqual(10);
    expect(d.vehPerHourPerLane).toBeGreaterThan(1800 * 0.85);
    expect(d.vehPerHourPerLane).toBeLessThan(1800 * 1.15);
  });
});
