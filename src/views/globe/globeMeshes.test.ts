import { describe, expect, it } from 'vitest';
import { gridCity } from '../../core/city/testing/gridCity.ts';
import { buildBuildingMesh, buildLampHeads, buildRoadLines, lampStepRgba, levelStep, LEVEL_STEPS } from './globeMeshes.ts';
import { cityToEcef } from './geo.ts';

/** Height above the WGS84 ellipsoid of an ECEF point near Dijon (small-height approximation). */
function heightM(x: number, y: number, z: number): number {
  const a = 6_378_137, f = 1 / 298.257223563, e2 = f * (2 - f);
  const p = Math.hypot(x, y);
  let lat = Math.atan2(z, p * (1 - e2));
  for (let k = 0; k < 5; k++) {
    const n = a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
    lat = Math.atan2(z + e2 * n * Math.sin(lat), p);
  }
  const n = a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
  return p / Math.cos(lat) - n;
}

describe('globe meshes (typed arrays, ECEF)', () => {
  const city = gridCity({ lines: 4 });

  it('buildings: one mesh, walls and roofs for every footprint, heights from the table', () => {
    const m = buildBuildingMesh(city);
    const b = city.buildings;
    let vertices = 0, triangles = 0;
    for (let i = 0; i < b.count; i++) {
      const n = b.ringStart[i + 1] - b.ringStart[i];
      vertices += n * 5;
      triangles += n * 2 + (n - 2);
    }
    expect(m.buildingCount).toBe(b.count);
    expect(m.positions.length).toBe(vertices * 3);
    expect(m.colours.length).toBe(vertices * 4);
    expect(m.triangleCount).toBe(triangles);
    expect(m.indices.length).toBe(triangles * 3);
    expect(Math.max(...m.indices)).toBeLessThan(vertices);
    // The first building: its walls start on the ground, its roof vertices sit at its height.
    const n0 = b.ringStart[1] - b.ringStart[0];
    expect(heightM(m.positions[0], m.positions[1], m.positions[2])).toBeCloseTo(0, 2);
    const roof = n0 * 4;
    expect(heightM(m.positions[roof * 3], m.positions[roof * 3 + 1], m.positions[roof * 3 + 2])).toBeCloseTo(Math.max(2.5, b.heightM[0]), 2);
    for (let k = 3; k < m.colours.length; k += 4) expect(m.colours[k]).toBe(255);
  });

  it('walls face outward: the first wall triangle of a counter-clockwise footprint turns away from its centre', () => {
    const m = buildBuildingMesh(city);
    const b = city.buildings;
    const toEcef = cityToEcef(city.meta.frame);
    let cx = 0, cy = 0;
    const n0 = b.ringStart[1] - b.ringStart[0];
    for (let k = 0; k < n0; k++) {
      cx += b.ringXYM[k * 2] / n0;
      cy += b.ringXYM[k * 2 + 1] / n0;
    }
    const c = new Float64Array(3);
    toEcef(cx, cy, 0, c, 0);
    const [i0, i1, i2] = m.indices;
    const p = (i: number) => [m.positions[i * 3], m.positions[i * 3 + 1], m.positions[i * 3 + 2]];
    const a = p(i0), bb = p(i1), d = p(i2);
    const u = [bb[0] - a[0], bb[1] - a[1], bb[2] - a[2]], v = [d[0] - a[0], d[1] - a[1], d[2] - a[2]];
    const normal = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    const out = [a[0] - c[0], a[1] - c[1], a[2] - c[2]];
    expect(normal[0] * out[0] + normal[1] * out[1] + normal[2] * out[2]).toBeGreaterThan(0);
  });

  it('roads: one segment per polyline edge of each drawn road, lifted above the ground', () => {
    const lines = buildRoadLines(city);
    let segments = 0;
    for (let i = 0; i < city.links.count; i++) {
      const r = city.links.reverse[i];
      if (r >= 0 && r < i) continue;
      segments += city.links.shapeStart[i + 1] - city.links.shapeStart[i] - 1;
    }
    expect(lines.segmentCount).toBe(segments);
    expect(lines.positions.length).toBe(segments * 6);
    expect(lines.colours.length).toBe(segments * 8);
    expect(heightM(lines.positions[0], lines.positions[1], lines.positions[2])).toBeCloseTo(1.5, 2);
  });

  it('lamp heads at mounting height, one per lamp', () => {
    const heads = buildLampHeads(city);
    expect(heads.length).toBe(city.lamps.count * 3);
    expect(heightM(heads[0], heads[1], heads[2])).toBeCloseTo(city.lamps.mountingHeightM[0] || 8, 2);
  });

  it('level steps and their colours: off is dim, full is bright, brightness grows with the level', () => {
    expect(levelStep(0)).toBe(0);
    expect(levelStep(1)).toBe(LEVEL_STEPS);
    expect(levelStep(2)).toBe(LEVEL_STEPS);
    expect(levelStep(-1)).toBe(0);
    let previous = -1;
    for (let k = 0; k <= LEVEL_STEPS; k++) {
      const [r, g, b] = lampStepRgba(k);
      const luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      expect(luma).toBeGreaterThan(previous);
      previous = luma;
    }
  });
});
