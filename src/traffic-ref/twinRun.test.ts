import { describe, expect, it } from 'vitest';
import { linkBetween } from '../core/traffic/testing/testNetworks.ts';
import { corridorCase } from './cases.ts';
import { fastestRoute } from './crossCheckCase.ts';
import { runTwin, twinSignalOverrides, withTwinRoutes } from './twinRun.ts';

describe('the twin side of the cross-check', () => {
  const { case: c, net } = corridorCase(undefined, 600);

  it('moves plan offsets onto the epoch clock the twin schedules on', () => {
    // 70 s cycles; an epoch start 10 s into a cycle shifts every offset by 10 s.
    const startMs = 70_000 * 1_000_000 + 10_000;
    const o = twinSignalOverrides(c, startMs);
    expect(o.map((s) => s.offsetS)).toEqual(c.signals.map((s) => (s.plan.offsetS + 10) % 70));
    expect(o[0].stages).toEqual(c.signals[0].plan.stages.map((st) => ({ greenApproachLinks: st.approachLinks, greenS: st.greenS })));
    expect(o[0].signal).toBe(c.city.intersections.signal[c.signals[0].intersection]);
  });

  it("fixes each flow's route to the twin's own (straight along the corridor)", () => {
    const routed = withTwinRoutes(c);
    expect(routed.flows[0].routeLinks).toEqual(fastestRoute(c.city, net.nodes.west, net.nodes.east));
  });

  it('records every stop-line passage of a watched approach, in order', () => {
    const l = linkBetween(c.city, net.nodes.west, net.nodes.c1);
    const r = runTwin(c, { stopLineLinks: [l] });
    const [lane] = r.stopLinePassagesS.get(l)!;
    // 600 veh/h for 600 s: 100 departures, those that reached the first crossing passed it once each.
    expect(lane.length).toBeGreaterThan(85);
    expect(lane.length).toBeLessThanOrEqual(100);
    expect([...lane].sort((a, b) => a - b)).toEqual(lane);
    expect(r.stepCpuMs).toBeGreaterThan(0);
    expect(r.vehicleUpdates).toBeGreaterThan(0);
  });
});
