import { describe, expect, it } from 'vitest';
import { FrameReceiver, POWER_WINDOW_MS } from './frames.ts';
import type { LiveKpis, SimFrame } from './types.ts';
import { trafficFrameOver } from '../core/traffic/frames.ts';

const frame = (seq: number, timeMs: number, level: number, n = 4, live: LiveKpis | null = null): SimFrame => ({
  seq, session: 1, timeMs, levels: new Float32Array(n).fill(level), powerKW: level * 100, traffic: null, live,
});

describe('frame receiver', () => {
  it('writes levels into attached views by mutation and bumps their version', () => {
    const r = new FrameReceiver();
    const view = { levels: new Float32Array(4).fill(1), version: 1 };
    const other = { levels: new Float32Array(9).fill(1), version: 1 };
    const detach = r.attach(view);
    r.attach(other);
    const array = view.levels;
    r.receive(frame(1, 1000, 0.7));
    expect(view.levels).toBe(array);
    expect(Array.from(view.levels)).toEqual([0.7, 0.7, 0.7, 0.7].map(Math.fround));
    expect(view.version).toBe(2);
    expect(other.version).toBe(1); // another city's view (other lamp count) is left alone
    detach();
    r.receive(frame(2, 2000, 0.2));
    expect(view.version).toBe(2);
    // A view attached later gets the latest levels at once.
    const late = { levels: new Float32Array(4), version: 0 };
    r.attach(late);
    expect(late.levels[0]).toBeCloseTo(0.2);
    expect(late.version).toBe(1);
  });

  it('hands the previous buffer back for reuse, tells frame listeners, and KPI subscribers only on KPI frames', () => {
    const r = new FrameReceiver();
    const f1 = frame(1, 1000, 1);
    expect(r.receive(f1)).toBeNull();
    expect(r.receive(frame(2, 2000, 1))).toBe(f1.levels);
    const seen: number[] = [];
    r.onFrame((f) => seen.push(f.timeMs));
    let kpiCalls = 0;
    r.subscribeLive(() => kpiCalls++);
    r.receive(frame(3, 3000, 1));
    const live = { timeMs: 4000 } as LiveKpis;
    r.receive(frame(4, 4000, 1, 4, live));
    expect(seen).toEqual([3000, 4000]);
    expect(kpiCalls).toBe(1);
    expect(r.getLive()).toBe(live);
  });

  it('keeps a thinned power series over a window of simulated time, restarted by a seek back', () => {
    const r = new FrameReceiver();
    const step = POWER_WINDOW_MS / 100;
    for (let k = 0; k <= 300; k++) r.receive(frame(k, k * step, 0.5), k);
    expect(r.power.length).toBeGreaterThan(50);
    expect(r.power.at(-1)!.timeMs - r.power[0].timeMs).toBeLessThanOrEqual(POWER_WINDOW_MS);
    r.receive(frame(999, 0, 0.5));
    expect(r.power).toEqual([{ timeMs: 0, powerKW: 50 }]);
    expect(r.framesPerSecond()).toBeGreaterThan(0);
  });

  it('keeps the latest traffic frame and releases the one it replaces, once', () => {
    const r = new FrameReceiver();
    const layout = { capacity: 4, links: 2, approaches: 1, signals: 1 };
    const t1 = trafficFrameOver(layout);
    const t2 = trafficFrameOver(layout);
    r.receive({ ...frame(1, 1000, 1), traffic: t1 });
    expect(r.traffic).toBe(t1);
    expect(r.takeReleasedTraffic()).toBeNull();
    r.receive({ ...frame(2, 2000, 1), traffic: t2 });
    expect(r.traffic).toBe(t2);
    expect(r.trafficSeq).toBe(2);
    expect(r.takeReleasedTraffic()).toBe(t1.buffer);
    expect(r.takeReleasedTraffic()).toBeNull();
    // A frame without a traffic part keeps the last one.
    r.receive({ ...frame(3, 3000, 1), traffic: undefined });
    expect(r.traffic).toBe(t2);
    expect(r.takeReleasedTraffic()).toBeNull();
    r.receive(frame(4, 4000, 1));
    expect(r.traffic).toBeNull();
    expect(r.takeReleasedTraffic()).toBe(t2.buffer);
  });

  it('keeps the fleet and presence counts a frame brought until another replaces them; a reset forgets them', () => {
    const r = new FrameReceiver();
    const fleet = { ratedPowerW: new Float32Array(4).fill(20), technology: new Uint8Array(4).fill(2) };
    const presence = { fromMs: 0, timeMs: 3_600_000, detectionsByLink: new Float32Array([3, 0, 5]), roads: 2 };
    r.receive({ ...frame(1, 1000, 1), fleet, presence });
    const seqs = [r.fleetSeq, r.presenceSeq];
    r.receive(frame(2, 2000, 1));
    expect(r.fleet).toBe(fleet);
    expect(r.presence).toBe(presence);
    expect([r.fleetSeq, r.presenceSeq]).toEqual(seqs);
    r.receive({ ...frame(3, 3000, 1), presence: null });
    expect(r.presence).toBeNull();
    expect(r.presenceSeq).toBe(seqs[1] + 1);
    const lampEnergy = { fromMs: 0, timeMs: 3000, kWh: new Float32Array([1, 2, 3, 4]) };
    r.receive({ ...frame(4, 4000, 1), lampEnergy });
    const energySeq = r.lampEnergySeq;
    r.receive(frame(5, 5000, 1));
    expect(r.lampEnergy).toBe(lampEnergy);
    expect(r.lampEnergySeq).toBe(energySeq);
    r.reset();
    expect(r.fleet).toBeNull();
    expect(r.lampEnergy).toBeNull();
    expect(r.fleetSeq).toBe(seqs[0] + 1);
    expect(r.lampEnergySeq).toBe(energySeq + 1);
  });
});
