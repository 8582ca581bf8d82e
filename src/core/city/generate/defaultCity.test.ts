import { beforeAll, describe, expect, it } from 'vitest';
import type { CityModel } from '../model.ts';
import { LinkFlag } from '../model.ts';
import { dijonBuildOptions, generateDefaultCity } from './defaultCity.ts';
import { generateDijon } from './generateDijon.ts';
import { DIJON_FACTS } from './dijonFacts.ts';
import { segmentCrossing } from './geometry.ts';

let city: CityModel;
beforeAll(() => {
  city = generateDefaultCity();
});

const canonical = (l: number) => city.links.reverse[l] < 0 || city.links.reverse[l] > l;

describe('the default city built from the generator', () => {
  it('is labelled generated', () => {
    expect(city.meta.source).toBe('generated');
    expect(city.meta.seed).not.toBeNull();
  });

  it('has about 34,000 synthesised lamps (±5 %)', () => {
    const target = DIJON_FACTS.lightPoints.value;
    expect(Math.abs(city.lamps.count - target) / target).toBeLessThan(0.05);
  });

  it('has at least 113 signalised intersections', () => {
    expect(city.signals.count).toBeGreaterThanOrEqual(DIJON_FACTS.signalisedIntersections.value);
  });

  it('has about 850 km of lit urban streets (±15 %)', () => {
    let litM = 0;
    for (let l = 0; l < city.links.count; l++) if (canonical(l) && city.links.flags[l] & LinkFlag.Lit) litM += city.links.lengthM[l];
    const target = DIJON_FACTS.urbanStreetKm.value;
    expect(Math.abs(litM / 1000 - target) / target).toBeLessThan(0.15);
  });

  it('has at least 10,000 buildings', () => {
    expect(city.buildings.count).toBeGreaterThanOrEqual(10_000);
  });

  it('gives every lamp, link and building a commune, and every commune some of each', () => {
    const n = city.communes.count;
    expect(n).toBe(23);
    const links = new Uint32Array(n);
    const lamps = new Uint32Array(n);
    const buildings = new Uint32Array(n);
    for (let l = 0; l < city.links.count; l++) links[city.links.commune[l]]++;
    for (let l = 0; l < city.lamps.count; l++) lamps[city.lamps.commune[l]]++;
    for (let b = 0; b < city.buildings.count; b++) buildings[city.buildings.commune[b]]++;
    const sum = (a: Uint32Array) => a.reduce((s, v) => s + v, 0);
    expect([sum(links), sum(lamps), sum(buildings)]).toEqual([city.links.count, city.lamps.count, city.buildings.count]);
    for (let c = 0; c < n; c++) {
      expect(links[c] > 0 && lamps[c] > 0 && buildings[c] > 0, city.communes.name[c]).toBe(true);
    }
    for (let l = 0; l < city.lamps.count; l++) if (city.lamps.link[l] < 0) throw new Error(`lamp ${l} has no link`);
  });

  it('has no building over a road centreline', () => {
    const cellM = 100;
    const cells = new Map<number, number[]>();
    const key = (cx: number, cy: number) => (cx + 32768) * 65536 + cy + 32768;
    const { shapeStart, shapeXYM } = city.links;
    for (let l = 0; l < city.links.count; l++) {
      if (!canonical(l)) continue;
      for (let p = shapeStart[l]; p < shapeStart[l + 1] - 1; p++) {
        const x0 = Math.floor(Math.min(shapeXYM[2 * p], shapeXYM[2 * p + 2]) / cellM);
        const x1 = Math.floor(Math.max(shapeXYM[2 * p], shapeXYM[2 * p + 2]) / cellM);
        const y0 = Math.floor(Math.min(shapeXYM[2 * p + 1], shapeXYM[2 * p + 3]) / cellM);
        const y1 = Math.floor(Math.max(shapeXYM[2 * p + 1], shapeXYM[2 * p + 3]) / cellM);
        for (let cx = x0; cx <= x1; cx++) for (let cy = y0; cy <= y1; cy++) {
          const k = key(cx, cy);
          const list = cells.get(k) ?? [];
          list.push(p);
          cells.set(k, list);
        }
      }
    }
    const { ringStart, ringXYM } = city.buildings;
    let overlapping = 0;
    for (let b = 0; b < city.buildings.count; b++) {
      const s = ringStart[b];
      const e = ringStart[b + 1];
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (let k = s; k < e; k++) {
        minX = Math.min(minX, ringXYM[2 * k]);
        maxX = Math.max(maxX, ringXYM[2 * k]);
        minY = Math.min(minY, ringXYM[2 * k + 1]);
        maxY = Math.max(maxY, ringXYM[2 * k + 1]);
      }
      const seen = new Set<number>();
      let hit = false;
      for (let cx = Math.floor(minX / cellM); cx <= Math.floor(maxX / cellM) && !hit; cx++) {
        for (let cy = Math.floor(minY / cellM); cy <= Math.floor(maxY / cellM) && !hit; cy++) {
          for (const p of cells.get(key(cx, cy)) ?? []) {
            if (seen.has(p)) continue;
            seen.add(p);
            const ax = shapeXYM[2 * p], ay = shapeXYM[2 * p + 1], bx = shapeXYM[2 * p + 2], by = shapeXYM[2 * p + 3];
            // A centreline point inside the footprint, or a centreline segment crossing an edge.
            let inside = false;
            for (let i = s, j = e - 1; i < e; j = i++) {
              const xi = ringXYM[2 * i], yi = ringXYM[2 * i + 1], xj = ringXYM[2 * j], yj = ringXYM[2 * j + 1];
              if (yi > ay !== yj > ay && ax < ((xj - xi) * (ay - yi)) / (yj - yi) + xi) inside = !inside;
              if (segmentCrossing(ax, ay, bx, by, xi, yi, xj, yj)) hit = true;
            }
            if (inside) hit = true;
            if (hit) break;
          }
        }
      }
      if (hit) overlapping++;
    }
    expect(overlapping).toBe(0);
  });
});
