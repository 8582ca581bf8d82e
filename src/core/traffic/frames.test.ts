import { describe, expect, it } from 'vitest';
import { gridCity } from '../city/testing/gridCity.ts';
import type { CityModel } from '../city/model.ts';
import { createTraffic } from './index.ts';
import { stepTraffic } from './trafficSim.ts';
import { LANE_WIDTH_M, TrafficFrameWriter, laneOffsetRightM, linkShapeCumulativeM, pointOnLink, trafficFrameBytes, trafficFrameOver } from './frames.ts';

const START = Date.parse('2025-03-11T08:00:00+01:00');

function nodeAt(city: CityModel, x: number, y: number): number {
  for (let n = 0; n < city.nodes.count; n++) if (Math.abs(city.nodes.xM[n] - x) < 1 && Math.abs(city.nodes.yM[n] - y) < 1) return n;
  throw new Error(`no node at ${x},${y}`);
}

/** Distance from (x, y) to link l's polyline, and the distance along it of the nearest point. */
function nearestOnLink(city: CityModel, l: number, x: number, y: number): { distM: number; alongM: number } {
  const { shapeStart, shapeXYM } = city.links;
  let best = { distM: Infinity, alongM: 0 };
  let along = 0;
  for (let p = shapeStart[l]; p < shapeStart[l + 1] - 1; p++) {
    const ax = shapeXYM[2 * p], ay = shapeXYM[2 * p + 1];
    const dx = shapeXYM[2 * p + 2] - ax, dy = shapeXYM[2 * p + 3] - ay;
    const len2 = dx * dx + dy * dy;
    const u = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
    const d = Math.hypot(ax + u * dx - x, ay + u * dy - y);
    if (d < best.distM) best = { distM: d, alongM: along + u * Math.sqrt(len2) };
    along += Math.sqrt(len2);
  }
  return best;
}

describe('points along a link polyline', () => {
  // One L-shaped link: 100 m east, then 50 m north.
  const city = { links: { count: 1, shapeStart: new Uint32Array([0, 3]), shapeXYM: new Float32Array([0, 0, 100, 0, 100, 50]) } } as unknown as CityModel;
  const cum = linkShapeCumulativeM(city);
  const out = new Float32Array(2);

  it('follows the segments, scaled from the nominal length to the drawn one', () => {
    expect(Array.from(cum)).toEqual([0, 100, 150]);
    expect(pointOnLink(city, cum, 0, 40, 150, 0, out, 0)).toBeCloseTo(0);
    expect(Array.from(out)).toEqual([40, 0]);
    expect(pointOnLink(city, cum, 0, 125, 150, 0, out, 0)).toBeCloseTo(Math.PI / 2);
    expect(out[0]).toBeCloseTo(100);
    expect(out[1]).toBeCloseTo(25);
    // A nominal length of 300 m drawn on 150 m: two thirds of the way is the corner.
    pointOnLink(city, cum, 0, 200, 300, 0, out, 0);
    expect(out[0]).toBeCloseTo(100);
    expect(out[1]).toBeCloseTo(0);
    // Beyond either end stays on the ends.
    pointOnLink(city, cum, 0, -5, 150, 0, out, 0);
    expect(Array.from(out)).toEqual([0, 0]);
    pointOnLink(city, cum, 0, 999, 150, 0, out, 0);
    expect(Array.from(out)).toEqual([100, 50]);
  });

  it('moves the lane offset to the right of travel', () => {
    // Eastbound: right is south.
    pointOnLink(city, cum, 0, 40, 150, 1.6, out, 0);
    expect(out[0]).toBeCloseTo(40);
    expect(out[1]).toBeCloseTo(-1.6);
    // Northbound: right is east.
    pointOnLink(city, cum, 0, 125, 150, 1.6, out, 0);
    expect(out[0]).toBeCloseTo(101.6);
    expect(out[1]).toBeCloseTo(25);
  });

  it('lane offsets: two-way roads keep right of the centreline, one-way roads are centred, lane 0 outermost', () => {
    expect(laneOffsetRightM(1, 0, true)).toBeCloseTo(LANE_WIDTH_M / 2);
    expect(laneOffsetRightM(2, 0, true)).toBeCloseTo(1.5 * LANE_WIDTH_M);
    expect(laneOffsetRightM(2, 1, true)).toBeCloseTo(0.5 * LANE_WIDTH_M);
    expect(laneOffsetRightM(1, 0, false)).toBe(0);
    expect(laneOffsetRightM(2, 0, false)).toBeCloseTo(LANE_WIDTH_M / 2);
    expect(laneOffsetRightM(2, 1, false)).toBeCloseTo(-LANE_WIDTH_M / 2);
  });

  it('lays the columns out in one buffer that a larger frame reuses', () => {
    const layout = { capacity: 8, links: 5, approaches: 3, signals: 2 };
    const f = trafficFrameOver(layout);
    expect(f.buffer.byteLength).toBe(trafficFrameBytes(layout));
    expect(f.vehicleXYM.length).toBe(16);
    expect(f.approachLight.byteOffset + f.approachLight.length).toBe(f.buffer.byteLength);
    const g = trafficFrameOver({ ...layout, capacity: 4 }, f.buffer);
    expect(g.buffer).toBe(f.buffer);
  });
});

describe('traffic frames of a run on a 5×5 grid with a signal at the centre', () => {
  const city = gridCity({ lines: 5, spacingM: 200, signalAtCentre: true, buildings: false });
  const west = nodeAt(city, 0, 400);
  const east = nodeAt(city, 800, 400);
  const south = nodeAt(city, 400, 0);
  const north = nodeAt(city, 400, 800);
  const vph = 500;
  const demand = { kind: 'flows' as const, flows: [
    { fromNode: west, toNode: east, vehPerHour: vph },
    { fromNode: east, toNode: west, vehPerHour: vph },
    { fromNode: south, toNode: north, vehPerHour: vph },
    { fromNode: north, toNode: south, vehPerHour: vph },
  ] };
  const sim = createTraffic(city, { seed: 7, startMs: START, endMs: START + 2 * 3_600_000, demand, rerouteEveryMin: 0 });
  const writer = new TrafficFrameWriter(sim.net);
  const first = writer.write(sim);

  it('starts empty: no vehicles, no volume, no speed on undriven links', () => {
    expect(first.vehicleCount).toBe(0);
    expect(Array.from(first.linkVolumeVehPerH).every((x) => x === 0)).toBe(true);
    expect(Array.from(first.linkSpeedRatio).every((x) => Number.isNaN(x))).toBe(true);
  });

  it('puts every active vehicle on its lane beside its link polyline, heading along it', () => {
    for (let k = 0; k < 600; k++) stepTraffic(sim, 1000);
    const f = writer.write(sim, first);
    expect(f).toBe(first);
    expect(sim.activeCount).toBeGreaterThan(10);
    expect(f.vehicleCount).toBe(sim.activeCount);
    const v = sim.v;
    let onTwoWay = 0;
    for (let i = 0; i < f.vehicleCount; i++) {
      const veh = sim.active[i];
      const link = v.link[veh];
      const x = f.vehicleXYM[2 * i], y = f.vehicleXYM[2 * i + 1];
      const lanes = sim.net.laneStart[link + 1] - sim.net.laneStart[link];
      const offset = laneOffsetRightM(lanes, v.lane[veh] - sim.net.laneStart[link], city.links.reverse[link] >= 0);
      const near = nearestOnLink(city, link, x, y);
      expect(near.distM).toBeCloseTo(Math.abs(offset), 3);
      expect(near.alongM).toBeCloseTo(Math.max(0, v.posM[veh] - v.lenM[veh] / 2), 1);
      // Straight grid links: the heading is the link's, and the offset lies to its right.
      const h = f.vehicleHeadingRad[i];
      expect(h).toBeCloseTo(sim.net.startHeading[link], 5);
      const s = city.links.shapeStart[link];
      const rx = Math.sin(h), ry = -Math.cos(h);
      const side = (x - city.links.shapeXYM[2 * s]) * rx + (y - city.links.shapeXYM[2 * s + 1]) * ry;
      expect(side).toBeCloseTo(offset, 3);
      if (offset > 0) onTwoWay++;
      expect(f.vehicleSpeedMps[i]).toBeCloseTo(v.speedMps[veh], 4);
      expect(f.vehicleType[i]).toBe(v.type[veh]);
    }
    expect(onTwoWay).toBeGreaterThan(0);
  });

  it('signals: the lights are the controllers\' and the delay follows the crossings', () => {
    const f = writer.write(sim, first);
    expect(Array.from(f.approachLight)).toEqual(Array.from(sim.signals.light));
    expect(f.approachLight.length).toBe(city.signals.approachLinks.length);
    const seen = new Set<number>();
    for (let k = 0; k < 200; k++) {
      stepTraffic(sim, 1000);
      writer.write(sim, f);
      for (const l of f.approachLight) seen.add(l);
    }
    expect(seen.has(0) && seen.has(1)).toBe(true);
    const d = f.signalDelayS[0];
    expect(d).toBeGreaterThan(0);
    expect(d).toBeCloseTo(sim.totals.signalDelayS[0] / sim.totals.signalVehicles[0], 4);
  });

  it('speed ratios lie in [0, 1.5] where vehicles drove, and hourly volumes approach the flows', () => {
    while (sim.timeMs < START + 90 * 60_000) {
      stepTraffic(sim, 1000);
      if (sim.timeMs % 60_000 === 0) writer.write(sim, first);
    }
    const f = writer.write(sim, first);
    let driven = 0;
    for (let l = 0; l < city.links.count; l++) {
      const r = f.linkSpeedRatio[l];
      if (sim.linkEntries[l] > 0) {
        driven++;
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThanOrEqual(1.5);
      }
    }
    expect(driven).toBeGreaterThan(8);
    // The link leaving the west gateway carries the west → east flow only.
    const out = Array.from({ length: city.links.count }, (_, l) => l).find((l) => city.links.fromNode[l] === west && sim.linkEntries[l] > 0)!;
    expect(f.linkVolumeVehPerH[out]).toBeGreaterThan(vph * 0.8);
    expect(f.linkVolumeVehPerH[out]).toBeLessThan(vph * 1.2);
  });
});
