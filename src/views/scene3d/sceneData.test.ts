import { describe, expect, it } from 'vitest';
import { makeTestCity } from './testCity.ts';
import { buildSceneData } from './sceneData.ts';
import { triangulateRing } from './triangulate.ts';
import { buildPickIndex, pick, pickBuilding } from './pickIndex.ts';

describe('3D scene data', () => {
  const city = makeTestCity();
  const data = buildSceneData(city);

  it('extrudes every building: 4 wall vertices per edge plus the roof ring, n−2 roof triangles', () => {
    let edges = 0;
    for (let i = 0; i < city.buildings.count; i++) edges += city.buildings.ringStart[i + 1] - city.buildings.ringStart[i];
    expect(data.buildings.buildingCount).toBe(city.buildings.count);
    expect(data.buildings.positions.length / 3).toBe(edges * 5);
    expect(data.buildings.indices.length).toBe(edges * 6 + (edges - 2 * city.buildings.count) * 3);
    const maxIndex = data.buildings.indices.reduce((m, v) => Math.max(m, v), 0);
    expect(maxIndex).toBeLessThan(data.buildings.positions.length / 3);
  });

  it('roofs face up and walls face out', () => {
    const p = data.buildings.positions;
    const idx = data.buildings.indices;
    let up = 0;
    let outward = 0;
    for (let t = 0; t < idx.length; t += 3) {
      const [a, b, c] = [idx[t] * 3, idx[t + 1] * 3, idx[t + 2] * 3];
      const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
      const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
      const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
      if (Math.abs(ny) > 1e-6) {
        if (ny > 0) up++;
        else throw new Error(`roof triangle ${t / 3} faces down`);
      } else {
        const cx = (p[a] + p[b] + p[c]) / 3, cz = (p[a + 2] + p[b + 2] + p[c + 2]) / 3;
        // Outward: the normal points away from the building's roof centroid.
        const bi = data.buildings.vertexStart.findLastIndex((s) => s <= idx[t]);
        const s0 = data.buildings.vertexStart[bi], s1 = data.buildings.vertexStart[bi + 1];
        // The centroid test only holds for convex footprints (the boxes).
        if (city.buildings.ringStart[bi + 1] - city.buildings.ringStart[bi] !== 4) continue;
        let mx = 0, mz = 0;
        for (let v = s0; v < s1; v++) { mx += p[v * 3]; mz += p[v * 3 + 2]; }
        mx /= s1 - s0; mz /= s1 - s0;
        if (nx * (cx - mx) + nz * (cz - mz) > 0) outward++;
        else throw new Error(`wall triangle ${t / 3} faces in`);
      }
    }
    expect(up).toBeGreaterThan(0);
    expect(outward).toBeGreaterThan(0);
  });

  it('triangulates a concave ring into n−2 triangles in either orientation', () => {
    const l = [0, 0, 50, 0, 50, 20, 20, 20, 20, 50, 0, 50];
    const out = new Uint32Array(12);
    expect(triangulateRing(l, 0, 6, true, 0, out, 0)).toBe(12);
    const rev = [0, 50, 20, 50, 20, 20, 50, 20, 50, 0, 0, 0];
    expect(triangulateRing(rev, 0, 6, false, 0, new Uint32Array(12), 0)).toBe(12);
    let area = 0;
    for (let t = 0; t < 12; t += 3) {
      const [a, b, c] = [out[t], out[t + 1], out[t + 2]];
      area += ((l[b * 2] - l[a * 2]) * (l[c * 2 + 1] - l[a * 2 + 1]) - (l[b * 2 + 1] - l[a * 2 + 1]) * (l[c * 2] - l[a * 2])) / 2;
    }
    expect(area).toBeCloseTo(50 * 20 + 20 * 30, 6);
  });

  it('draws each two-way road once, one lamp sprite per lamp, one head per signal approach', () => {
    expect(data.roads.roadCount).toBe(city.links.count / 2);
    expect(data.lamps.count).toBe(city.lamps.count);
    expect(data.signals.count).toBe(city.signals.approachStart[1]);
    expect(data.signals.state.some((s) => s === 2)).toBe(true);
    expect(data.signals.state.some((s) => s === 0)).toBe(true);
  });

  it('picks a building by marching a ray, and the lamp, intersection or road under a click', () => {
    const idx = buildPickIndex(city);
    const b = 0;
    const s = city.buildings.ringStart[b];
    const cx = (city.buildings.ringXYM[s * 2] + city.buildings.ringXYM[s * 2 + 4]) / 2;
    const cy = (city.buildings.ringXYM[s * 2 + 1] + city.buildings.ringXYM[s * 2 + 5]) / 2;
    const down = { ox: cx, oy: cy, oz: 500, dx: 0, dy: 0, dz: -1 };
    expect(pickBuilding(idx, city, down)?.index).toBe(b);

    // Top-down orthographic-like projection for screen tests: 1 px = 1 m.
    const ctx = (x: number, y: number) => ({
      ray: { ox: x, oy: y, oz: 1000, dx: 0, dy: 0, dz: -1 },
      toScreenPx: (px: number, py: number) => [px, -py] as [number, number],
      clickPx: [x, -y] as [number, number],
      mPerPx: 1,
    });
    const lamp = 7;
    expect(pick(idx, city, ctx(city.lamps.xM[lamp] + 1, city.lamps.yM[lamp]))).toEqual({ kind: 'lamp', index: lamp });
    const node = city.intersections.node[12];
    expect(pick(idx, city, ctx(city.nodes.xM[node] + 3, city.nodes.yM[node] - 2))).toEqual({ kind: 'intersection', index: 12 });
    // Middle of a street, away from lamps (lamps sit 6 m to the left of even links).
    const l = 0;
    const mx = (city.links.shapeXYM[0] + city.links.shapeXYM[2]) / 2 + 16;
    const my = (city.links.shapeXYM[1] + city.links.shapeXYM[3]) / 2 - 3;
    const hit = pick(idx, city, { ...ctx(mx, my), tolerancePx: 4 });
    expect(hit?.kind).toBe('link');
    expect([l, city.links.reverse[l]]).toContain(hit?.index);
  });
});
