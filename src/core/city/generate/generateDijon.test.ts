import { beforeAll, describe, expect, it } from 'vitest';
import type { CityBuildInput } from '../builder.ts';
import { generateDijon } from './generateDijon.ts';
import { findUnjoinedCrossings } from './planarise.ts';
import { DIJON_COMMUNES } from './dijonCommunes.ts';
import { DEFAULT_DIJON_PARAMS } from './params.ts';
import { RoadClass } from '../roadClass.ts';

/** FNV-1a over every coordinate and attribute of the generated input. */
function fingerprint(input: CityBuildInput): string {
  let h = 0x811c9dc5;
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  const mix = (v: number) => {
    f64[0] = v;
    h = Math.imul(h ^ u32[0], 0x01000193) >>> 0;
    h = Math.imul(h ^ u32[1], 0x01000193) >>> 0;
  };
  const mixStr = (s: string | undefined) => {
    for (let i = 0; i < (s ?? '').length; i++) mix(s!.charCodeAt(i));
  };
  for (const r of input.roads) {
    for (let i = 0; i < r.xyM.length; i++) mix(r.xyM[i]);
    mix(r.roadClass);
    mix(r.oneWay ?? 0);
    mix(r.lit ? 1 : 0);
    mixStr(r.name);
  }
  for (const s of input.signals) mix(s.xM + 3 * s.yM);
  for (const b of input.buildings) {
    for (let i = 0; i < b.ringXYM.length; i++) mix(b.ringXYM[i]);
    mix(b.heightM ?? -1);
    mix(b.use ?? -1);
  }
  return `${input.roads.length}/${input.buildings.length}/${h.toString(16)}`;
}

let city: CityBuildInput;
beforeAll(() => {
  city = generateDijon();
});

describe('generateDijon', () => {
  it('is labelled as generated, with its seed and provenance', () => {
    expect(city.source).toBe('generated');
    expect(city.seed).toBe(DEFAULT_DIJON_PARAMS.seed);
    expect(city.lamps).toBeNull();
    expect(city.sources.join(' ')).toMatch(/synthetic/);
  });

  it('is deterministic: same seed, same city; another seed, another city', () => {
    const again = generateDijon();
    expect(fingerprint(again)).toBe(fingerprint(city));
    expect(fingerprint(generateDijon({ seed: 7 }))).not.toBe(fingerprint(city));
  });

  it('places the 23 communes with their INSEE codes and populations', () => {
    expect(city.communes).toHaveLength(23);
    city.communes.forEach((c, i) => {
      expect(c.inseeCode).toBe(DIJON_COMMUNES[i].inseeCode);
      expect(c.population).toBe(DIJON_COMMUNES[i].population);
      expect(c.radiusM).toBeGreaterThan(0);
    });
    expect(city.communes[0].centreXM).toBeCloseTo(0, 6);
    expect(city.communes[0].centreYM).toBeCloseTo(0, 6);
  });

  it('is planar: roads cross only at shared vertices, except bridges over grade-separated roads', () => {
    const bad = findUnjoinedCrossings(city.roads.map((r) => r.xyM), (a, b) => !!(city.roads[a].bridge || city.roads[b].bridge));
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('has every kind of road the brief asks for', () => {
    const km = new Map<RoadClass, number>();
    for (const r of city.roads) {
      let len = 0;
      for (let i = 2; i < r.xyM.length; i += 2) len += Math.hypot(r.xyM[i] - r.xyM[i - 2], r.xyM[i + 1] - r.xyM[i - 1]);
      km.set(r.roadClass, (km.get(r.roadClass) ?? 0) + len / 1000);
    }
    for (const c of [RoadClass.Trunk, RoadClass.Primary, RoadClass.Secondary, RoadClass.Tertiary, RoadClass.Residential, RoadClass.Pedestrian]) {
      expect(km.get(c) ?? 0, `class ${c}`).toBeGreaterThan(1);
    }
    expect(city.roads.some((r) => r.oneWay)).toBe(true);
    expect(city.roads.some((r) => r.speedLimitKph === 30)).toBe(true);
    expect(city.roads.some((r) => r.lit === false)).toBe(true);
    expect(city.roads.filter((r) => r.name?.startsWith('Route de')).length).toBeGreaterThan(5);
    expect(city.roads.every((r) => r.xyM.length >= 4)).toBe(true);
  });

  it('places the requested signals at distinct major crossings', () => {
    expect(city.signals).toHaveLength(DEFAULT_DIJON_PARAMS.signalCount);
    expect(generateDijon({ signalCount: 150 }).signals.length).toBe(150);
  });

  it('places tens of thousands of buildings with heights and uses', () => {
    expect(city.buildings.length).toBeGreaterThanOrEqual(10_000);
    const bad = city.buildings.filter((b) => b.ringXYM.length !== 8 || !(b.heightM! > 2) || b.use === undefined);
    expect(bad).toHaveLength(0);
  });

  it('keeps footprints apart (separating-axis test between neighbours)', () => {
    const cellM = 60;
    const cells = new Map<number, number[]>();
    const boxes = city.buildings.map((b) => {
      const xs = [0, 2, 4, 6].map((i) => b.ringXYM[i]);
      const ys = [1, 3, 5, 7].map((i) => b.ringXYM[i]);
      return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    });
    boxes.forEach(([x0, y0, x1, y1], i) => {
      for (let cx = Math.floor(x0 / cellM); cx <= Math.floor(x1 / cellM); cx++) {
        for (let cy = Math.floor(y0 / cellM); cy <= Math.floor(y1 / cellM); cy++) {
          const k = cx * 100_000 + cy;
          cells.set(k, [...(cells.get(k) ?? []), i]);
        }
      }
    });
    const separated = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      for (const poly of [a, b]) {
        for (let k = 0; k < 4; k++) {
          const m = (k + 1) % 4;
          const nx = poly[2 * m + 1] - poly[2 * k + 1];
          const ny = poly[2 * k] - poly[2 * m];
          let aMin = Infinity, aMax = -Infinity, bMin = Infinity, bMax = -Infinity;
          for (let i = 0; i < 4; i++) {
            const pa = a[2 * i] * nx + a[2 * i + 1] * ny;
            const pb = b[2 * i] * nx + b[2 * i + 1] * ny;
            aMin = Math.min(aMin, pa); aMax = Math.max(aMax, pa);
            bMin = Math.min(bMin, pb); bMax = Math.max(bMax, pb);
          }
          if (aMax <= bMin || bMax <= aMin) return true;
        }
      }
      return false;
    };
    let overlaps = 0;
    for (const list of cells.values()) {
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          const [a, b] = [list[i], list[j]];
          const [ax0, ay0, ax1, ay1] = boxes[a];
          const [bx0, by0, bx1, by1] = boxes[b];
          if (ax1 < bx0 || bx1 < ax0 || ay1 < by0 || by1 < ay0) continue;
          if (!separated(city.buildings[a].ringXYM, city.buildings[b].ringXYM)) overlaps++;
        }
      }
    }
    expect(overlaps).toBe(0);
  });
});
