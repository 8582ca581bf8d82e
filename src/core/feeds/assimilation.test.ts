import { describe, expect, it } from 'vitest';
import { gridCity } from '../city/testing/gridCity.ts';
import { cabinetExternalId, lampExternalId, ngsiUrn } from '../city/entityIds.ts';
import { assimilateFeeds, createWorld, LATE_REPORT_GRACE_MS, restoreWorld, runToEnd, snapshotWorld, stepWorld, worldKpis, type World } from '../world.ts';
import { testScenario } from '../lighting/testing/scenarios.ts';
import { energyByCabinetKWh } from '../energy/lightingKpis.ts';
import { detectionBuffer, type PresenceSource } from '../lighting/presence.ts';
import { SLOT_MS } from '../lighting/lightingSim.ts';
import { parseRecording, writeRecording } from './recording.ts';
import { FeedPresence } from './feedPresence.ts';

const city = gridCity({ lines: 5 });
const iso = (ms: number) => new Date(ms).toISOString();
const presenceScenario = testScenario({ retrofit: [{ where: {}, technology: 'LED', ratedPowerW: 60 }], rules: [{ where: {}, policy: { type: 'presence', baseLevel: 0.2 } }] });
const START = Date.parse(presenceScenario.period.start);

/** Lamps of link 0 and of another road, and the roads' lamps reporting motion counters every 10 min. */
const motionLamp = city.lamps.link.indexOf(0);
function motionFeed(countsPer10Min: (k: number) => number): unknown[] {
  const out = [];
  let total = 1000;
  for (let k = 0; k <= 24 * 6; k++) {
    const t = START + k * 600_000;
    total += k === 0 ? 0 : countsPer10Min(k);
    out.push({ id: ngsiUrn('Streetlight', lampExternalId(city, motionLamp)), type: 'Streetlight', lifetimeMotionDetected: total, observationDateTime: iso(t) });
  }
  return out;
}

describe('presence detections from feed motion counters', () => {
  it('a reporting road uses the counted passers-by, the others the stochastic model', () => {
    const fallback: PresenceSource = { source: 'test model', detections: (_l, _c, _len, s, _ms, _h, out) => { out.count = 0; out.times[out.count++] = s + 5; } };
    const p = new FeedPresence(city, START, SLOT_MS, fallback);
    p.recordMotion(motionLamp, START + 60_000, 10);
    p.recordMotion(motionLamp, START + 10 * 60_000, 14); // 4 motions between 12:01 and 12:10
    const out = detectionBuffer(2);
    p.detections(0, 0, 100, START, SLOT_MS, 12, out);
    expect(Array.from(out.times.subarray(0, out.count))).toEqual([1, 2, 3, 4].map((k) => START + 60_000 + Math.ceil((9 * 60_000 * k) / 4)));
    p.detections(2, 0, 100, START, SLOT_MS, 12, out); // a road with no detector
    expect(Array.from(out.times.subarray(0, out.count))).toEqual([START + 5]);
    // An hour later with no report for 30 min: the detector is stale, the model decides again.
    p.detections(0, 0, 100, START + 2 * SLOT_MS, SLOT_MS, 14, out);
    expect(Array.from(out.times.subarray(0, out.count))).toEqual([START + 2 * SLOT_MS + 5]);
    // Released once integrated, the counter's origin kept.
    p.forgetBefore(START + 3 * SLOT_MS);
    expect(p.heldDetections).toBe(0);
    p.recordMotion(motionLamp, START + 3 * SLOT_MS + 60_000, 15);
    expect(p.detectionsRecorded).toBe(5);
  });

  it('quiet counters keep the lamps of their road at base level; busy ones light them more, whatever the stepping', () => {
    const run = (feed: unknown[] | null, stepMs?: number) => {
      const w = createWorld(city, presenceScenario, { feed: feed && parseRecording(writeRecording(null, feed)), lighting: { compliance: 'off' } });
      if (stepMs) while (w.timeMs < w.endMs) stepWorld(w, stepMs);
      else runToEnd(w);
      return w;
    };
    const cabinetOf = (w: World) => energyByCabinetKWh(w.lighting.model, w.lighting.state.acc)[city.lamps.cabinet[motionLamp]];
    const model = run(null);
    const quiet = run(motionFeed(() => 0));
    const busy = run(motionFeed(() => 30));
    expect(worldKpis(quiet).feeds.motion).toEqual({ detections: 0, reportingRoads: 1 });
    expect(worldKpis(busy).feeds.motion.detections).toBe(30 * 24 * 6);
    expect(cabinetOf(quiet)).toBeLessThan(cabinetOf(model));
    expect(cabinetOf(busy)).toBeGreaterThan(cabinetOf(quiet));
    // Only the reporting road changed: the city's energy moves by that road's lamps alone.
    const roadLamps = city.lamps.link.filter((l) => l === 0).length;
    const perLampKWh = (60 * 24) / 1000;
    expect(Math.abs(worldKpis(busy).lighting.energyKWh - worldKpis(model).lighting.energyKWh)).toBeLessThan(roadLamps * perLampKWh);
    // Energy does not depend on how time is stepped.
    const stepped = run(motionFeed(() => 30), 7 * 60_000 + 13);
    expect(worldKpis(stepped).lighting.energyKWh).toBeCloseTo(worldKpis(busy).lighting.energyKWh, 9);
  });

  it('snapshot → run → restore → run gives the same KPIs with a motion feed', () => {
    const w = createWorld(city, presenceScenario, { feed: parseRecording(writeRecording(null, motionFeed((k) => k % 7))), lighting: { compliance: 'off' } });
    stepWorld(w, 5 * SLOT_MS + 123_456);
    const snap = snapshotWorld(w);
    runToEnd(w);
    const first = worldKpis(w);
    restoreWorld(w, snap);
    runToEnd(w);
    expect(worldKpis(w)).toEqual(first);
  });
});

describe('late and long-running live reports', () => {
  const motion = (ms: number, count: number) => JSON.stringify({ id: ngsiUrn('Streetlight', lampExternalId(city, motionLamp)), type: 'Streetlight', lifetimeMotionDetected: count, observationDateTime: iso(ms) });
  /** Steps to `arriveMs`, then two motion reports about 22:00–23:00 (origin at 22:00, 60 passers-by by 22:58) pass the gate. */
  const energyWithReportsAt = (arriveMs: number | null) => {
    const w = createWorld(city, presenceScenario, { lighting: { compliance: 'off' } });
    if (arriveMs !== null) {
      stepWorld(w, arriveMs - w.timeMs);
      for (const m of [motion(START + 10 * SLOT_MS, 1000), motion(START + 10 * SLOT_MS + 58 * 60_000, 1060)]) expect(w.feeds.gate.ingest(m, w.timeMs).accepted).toBe(true);
      assimilateFeeds(w);
    }
    runToEnd(w);
    return worldKpis(w).lighting.energyKWh;
  };

  it('a motion report arriving after its hour ended, within the grace, counts in that hour\'s energy', () => {
    const onTime = energyWithReportsAt(START + 10 * SLOT_MS + 59 * 60_000);
    expect(onTime).not.toBeCloseTo(energyWithReportsAt(null), 6);
    expect(energyWithReportsAt(START + 11 * SLOT_MS + LATE_REPORT_GRACE_MS - 60_000)).toBeCloseTo(onTime, 9);
  });

  it('three days of outage telemetry every 10 minutes keep a bounded timeline and the right state', () => {
    const startMs = START;
    const w = createWorld(city, presenceScenario, { startMs, endMs: startMs + 4 * 86_400_000, lighting: { compliance: 'off' } });
    const lamp = motionLamp;
    const id = ngsiUrn('Streetlight', lampExternalId(city, lamp));
    let held = 0;
    for (let t = startMs + 600_000; t <= startMs + 3 * 86_400_000; t += 600_000) {
      stepWorld(w, t - w.timeMs);
      const broken = Math.floor((t - startMs) / 3_600_000) % 5 === 0; // one hour in five reported broken
      w.feeds.gate.ingest(JSON.stringify({ id, type: 'Streetlight', status: broken ? 'defectiveLamp' : 'ok', observationDateTime: iso(t - 60_000) }), w.timeMs);
      assimilateFeeds(w);
      held = Math.max(held, w.lighting.model.outages.heldReports);
    }
    // Reports within the gate's 24 h lateness and the open slots are kept; the rest is compacted (≈ 432 reports arrived).
    expect(held).toBeLessThanOrEqual(6 * 27 + 2);
    expect(held).toBeGreaterThan(6 * 24);
    expect(w.lighting.model.outages.darkAt(lamp, w.timeMs)).toBe(Math.floor((w.timeMs - 60_000 - startMs) / 3_600_000) % 5 === 0);
  });
});

describe('cabinet meters against the model', () => {
  const s = testScenario({ retrofit: [{ where: {}, technology: 'LED', ratedPowerW: 60 }] });
  const start = Date.parse(s.period.start);
  /** Honest meters: the modelled cumulative energy per cabinet at every half hour (from a run without feed), plus `bias`. */
  function meterFeed(bias: (cabinet: number) => number, form: 'energy' | 'power' = 'energy'): unknown[] {
    const w = createWorld(city, s, { lighting: { compliance: 'off' } });
    const out: unknown[] = [];
    let prev: Float64Array = new Float64Array(city.cabinets.count);
    for (let t = start + 1800_000; t <= w.endMs; t += 1800_000) {
      stepWorld(w, t - w.timeMs);
      // Exact at whole hours (slot boundaries); half-hours are interpolated by the check, so skip them for energy.
      const at = energyByCabinetKWh(w.lighting.model, w.lighting.state.acc);
      for (let c = 0; c < city.cabinets.count; c++) {
        const id = ngsiUrn('StreetlightControlCabinet', cabinetExternalId(c));
        if (form === 'energy' && (t - start) % SLOT_MS === 0) out.push({ id, type: 'StreetlightControlCabinet', energyConsumed: at[c] * bias(c), dateObserved: iso(t) });
        if (form === 'power' && (t - start) % SLOT_MS === 0) out.push({ id, type: 'StreetlightControlCabinet', totalActivePower: ((at[c] - prev[c]) * bias(c)), dateObserved: iso(t) });
      }
      if ((t - start) % SLOT_MS === 0) prev = at;
    }
    return out;
  }
  const runWith = (feed: unknown[], stepMs?: number) => {
    const w = createWorld(city, s, { feed: parseRecording(writeRecording(null, feed)), lighting: { compliance: 'off' } });
    if (stepMs) while (w.timeMs < w.endMs) stepWorld(w, stepMs);
    else runToEnd(w);
    return w;
  };

  it('flags the cabinet whose meter departs from the model beyond the tolerance, not the others', () => {
    const w = runWith(meterFeed((c) => (c === 1 ? 1.4 : 1.01)));
    const k = worldKpis(w).feeds.cabinetChecks;
    expect(k).toMatchObject({ checked: city.cabinets.count, flagged: 1, worstIds: [cabinetExternalId(1)], toleranceShare: 0.15 });
    expect(k.worst[0].deviationShare).toBeCloseTo(0.4, 3);
    for (const c of w.feeds.cabinets.checks()) if (c.id !== cabinetExternalId(1)) expect(Math.abs(c.deviationShare!)).toBeLessThan(0.011);
    // The same result however time is stepped.
    expect(worldKpis(runWith(meterFeed((c) => (c === 1 ? 1.4 : 1.01)), 17 * 60_000 + 7)).feeds.cabinetChecks).toEqual(k);
  });

  it('integrates power-only meters, and survives snapshot/restore', () => {
    const feed = meterFeed((c) => (c === 0 ? 0.5 : 1), 'power');
    const w = runWith(feed);
    const k = worldKpis(w).feeds.cabinetChecks;
    expect(k.flagged).toBe(1);
    expect(k.worstIds).toEqual([cabinetExternalId(0)]);
    const v = createWorld(city, s, { feed: parseRecording(writeRecording(null, feed)), lighting: { compliance: 'off' } });
    stepWorld(v, 9 * SLOT_MS + 1);
    const snap = structuredClone(snapshotWorld(v));
    runToEnd(v);
    restoreWorld(v, snap);
    runToEnd(v);
    expect(worldKpis(v).feeds.cabinetChecks).toEqual(k);
  });
});
