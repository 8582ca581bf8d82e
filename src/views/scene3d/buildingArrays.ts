// Extrudes every building footprint (walls + flat roof) into ONE set of typed arrays for a single
// merged BufferGeometry; pure (no three import) so it can run in a worker or in Node tests.

import type { BuildingTable } from '../../core/city/model.ts';
import { triangulateRing } from './triangulate.ts';

/** Vertex layout: position (x, heightM, -y) and shade (u metres along facade, v metres up or -1 on roofs, lit share, seed). */
export interface BuildingArrays {
  positions: Float32Array;
  shade: Float32Array;
  indices: Uint32Array;
  buildingCount: number;
  /** First vertex of building i's walls; buildings own [vertexStart[i], vertexStart[i+1]). */
  vertexStart: Uint32Array;
}

export interface BuildingLookOptions {
  /** City centre (metres) around which windows are most often lit. */
  centreXM: number;
  centreYM: number;
  /** Distance (m) at which the lit-window share has fallen to its suburban floor. */
  suburbRadiusM: number;
}

function hash01(i: number): number {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

export function buildBuildingArrays(b: BuildingTable, look: BuildingLookOptions): BuildingArrays {
  const { ringStart, ringXYM, heightM } = b;
  // Count first so every array is allocated once.
  let vertexCount = 0;
  let indexCount = 0;
  for (let i = 0; i < b.count; i++) {
    const n = ringStart[i + 1] - ringStart[i];
    if (n < 3) continue;
    vertexCount += n * 4 + n;
    indexCount += n * 6 + (n - 2) * 3;
  }
  const positions = new Float32Array(vertexCount * 3);
  const shade = new Float32Array(vertexCount * 4);
  const indices = new Uint32Array(indexCount);
  const vertexStart = new Uint32Array(b.count + 1);
  let v = 0;
  let ix = 0;
  const put = (x: number, y: number, z: number, u: number, h: number, lit: number, seed: number) => {
    positions[v * 3] = x;
    positions[v * 3 + 1] = y;
    positions[v * 3 + 2] = z;
    shade[v * 4] = u;
    shade[v * 4 + 1] = h;
    shade[v * 4 + 2] = lit;
    shade[v * 4 + 3] = seed;
    v++;
  };

  for (let i = 0; i < b.count; i++) {
    vertexStart[i] = v;
    const s = ringStart[i];
    const n = ringStart[i + 1] - s;
    if (n < 3) continue;
    const h = Math.max(2.5, heightM[i] || 0);
    let area2 = 0;
    let cx = 0;
    let cy = 0;
    for (let k = 0; k < n; k++) {
      const ax = ringXYM[(s + k) * 2], ay = ringXYM[(s + k) * 2 + 1];
      const j = s + ((k + 1) % n);
      area2 += ax * ringXYM[j * 2 + 1] - ringXYM[j * 2] * ay;
      cx += ax;
      cy += ay;
    }
    cx /= n;
    cy /= n;
    const ccw = area2 >= 0;
    const dist = Math.hypot(cx - look.centreXM, cy - look.centreYM);
    const urban = Math.max(0, 1 - dist / look.suburbRadiusM);
    // Lit-window share: ~45 % downtown, ~12 % in the suburbs, jittered per building.
    const seed = hash01(i);
    const lit = Math.min(0.9, 0.12 + 0.33 * urban * urban + (seed - 0.5) * 0.12);

    // Walls: one quad per ring edge, u runs along the perimeter so windows line up.
    let u = 0;
    for (let k = 0; k < n; k++) {
      const a = s + k;
      const bIdx = s + ((k + 1) % n);
      const ax = ringXYM[a * 2], ay = ringXYM[a * 2 + 1];
      const bx = ringXYM[bIdx * 2], by = ringXYM[bIdx * 2 + 1];
      const len = Math.hypot(bx - ax, by - ay);
      const base = v;
      put(ax, 0, -ay, u, 0, lit, seed);
      put(bx, 0, -by, u + len, 0, lit, seed);
      put(bx, h, -by, u + len, h, lit, seed);
      put(ax, h, -ay, u, h, lit, seed);
      u += len;
      if (ccw) {
        indices.set([base, base + 1, base + 2, base, base + 2, base + 3], ix);
      } else {
        indices.set([base, base + 2, base + 1, base, base + 3, base + 2], ix);
      }
      ix += 6;
    }
    // Roof: flat, facing up; v = -1 marks roof fragments for the shader.
    const roofBase = v;
    for (let k = 0; k < n; k++) {
      put(ringXYM[(s + k) * 2], h, -ringXYM[(s + k) * 2 + 1], 0, -1, lit, seed);
    }
    ix = triangulateRing(ringXYM, s, n, ccw, roofBase, indices, ix);
  }
  vertexStart[b.count] = v;
  return {
    positions: v * 3 === positions.length ? positions : positions.slice(0, v * 3),
    shade: v * 4 === shade.length ? shade : shade.slice(0, v * 4),
    indices: ix === indices.length ? indices : indices.slice(0, ix),
    buildingCount: b.count,
    vertexStart,
  };
}
