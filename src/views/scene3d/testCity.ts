// A tiny hand-filled CityModel (a street grid, lamps, buildings, one signal) for the 3D view's
// unit tests and the browser tests' "open a valid city file" case; never shipped as a default.

import type { CityModel } from '../../core/city/model.ts';

/** Street grid of `n` × `n` nodes, `spacingM` apart, centred on the origin. */
export function makeTestCity(opts: { n?: number; spacingM?: number; name?: string } = {}): CityModel {
  const n = opts.n ?? 5;
  const spacingM = opts.spacingM ?? 120;
  const half = ((n - 1) * spacingM) / 2;
  const strings: string[] = [];
  const str = (s: string): number => {
    const at = strings.indexOf(s);
    if (at >= 0) return at;
    strings.push(s);
    return strings.length - 1;
  };

  // Nodes: row-major grid; every node is an intersection.
  const nodeCount = n * n;
  const nodeX = new Float32Array(nodeCount);
  const nodeY = new Float32Array(nodeCount);
  const nodeInter = new Int32Array(nodeCount);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const i = r * n + c;
      nodeX[i] = c * spacingM - half;
      nodeY[i] = r * spacingM - half;
      nodeInter[i] = i;
    }
  }

  // Links: each street segment as two directed links pointing at each other.
  const from: number[] = [];
  const to: number[] = [];
  const names: number[] = [];
  const classes: number[] = [];
  const addRoad = (a: number, b: number, name: number, roadClass: number) => {
    from.push(a, b);
    to.push(b, a);
    names.push(name, name);
    classes.push(roadClass, roadClass);
  };
  const centre = Math.floor(n / 2);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n - 1; c++) {
      const main = r === centre;
      addRoad(r * n + c, r * n + c + 1, str(main ? 'Avenue du Test' : `Rue ${r + 1}`), main ? 2 : 5);
    }
  }
  for (let c = 0; c < n; c++) {
    for (let r = 0; r < n - 1; r++) {
      const main = c === centre;
      addRoad(r * n + c, (r + 1) * n + c, str(main ? 'Boulevard Central' : `Allée ${c + 1}`), main ? 3 : 5);
    }
  }
  const linkCount = from.length;
  const shapeStart = new Uint32Array(linkCount + 1);
  const shapeXYM = new Float32Array(linkCount * 4);
  const lengthM = new Float32Array(linkCount);
  for (let i = 0; i < linkCount; i++) {
    shapeStart[i] = i * 2;
    shapeXYM.set([nodeX[from[i]], nodeY[from[i]], nodeX[to[i]], nodeY[to[i]]], i * 4);
    lengthM[i] = Math.hypot(nodeX[to[i]] - nodeX[from[i]], nodeY[to[i]] - nodeY[from[i]]);
  }
  shapeStart[linkCount] = linkCount * 2;
  const reverse = new Int32Array(linkCount);
  for (let i = 0; i < linkCount; i++) reverse[i] = i ^ 1;

  // One signal at the central intersection, approached by every link that ends there.
  const centreNode = centre * n + centre;
  const approaches: number[] = [];
  for (let i = 0; i < linkCount; i++) if (to[i] === centreNode) approaches.push(i);
  const signalised = new Uint8Array(nodeCount);
  const signalOf = new Int32Array(nodeCount).fill(-1);
  signalised[centreNode] = 1;
  signalOf[centreNode] = 0;

  // Lamps every 30 m along one side of each road (even links only).
  const lamps: { x: number; y: number; link: number }[] = [];
  for (let i = 0; i < linkCount; i += 2) {
    const x0 = nodeX[from[i]], y0 = nodeY[from[i]], x1 = nodeX[to[i]], y1 = nodeY[to[i]];
    const len = lengthM[i];
    const nx = -(y1 - y0) / len, ny = (x1 - x0) / len;
    for (let d = 15; d < len; d += 30) {
      lamps.push({ x: x0 + ((x1 - x0) * d) / len + nx * 6, y: y0 + ((y1 - y0) * d) / len + ny * 6, link: i });
    }
  }
  const lampCount = lamps.length;

  // Buildings: four boxes in each block, taller near the centre.
  const rings: number[] = [];
  const ringStart: number[] = [0];
  const heights: number[] = [];
  for (let r = 0; r < n - 1; r++) {
    for (let c = 0; c < n - 1; c++) {
      const bx = nodeX[r * n + c], by = nodeY[r * n + c];
      const dist = Math.hypot(bx + spacingM / 2, by + spacingM / 2) / (half || 1);
      for (let k = 0; k < 4; k++) {
        const ox = bx + 18 + (k % 2) * 46, oy = by + 18 + Math.floor(k / 2) * 46;
        rings.push(ox, oy, ox + 36, oy, ox + 36, oy + 36, ox, oy + 36);
        ringStart.push(rings.length / 2);
        heights.push(Math.max(6, 30 - dist * 18 + k * 2));
      }
    }
  }
  // An L-shaped (concave) building at one corner exercises roof triangulation.
  const lx = -half - 80, ly = -half - 80;
  rings.push(lx, ly, lx + 50, ly, lx + 50, ly + 20, lx + 20, ly + 20, lx + 20, ly + 50, lx, ly + 50);
  ringStart.push(rings.length / 2);
  heights.push(9);
  const buildingCount = heights.length;

  return {
    meta: {
      name: opts.name ?? 'Test city',
      source: 'generated',
      sources: ['src/views/scene3d/testCity.ts'],
      seed: 1,
      frame: { originLat: 47.3220, originLon: 5.0415 },
      importReport: {},
    },
    communes: {
      count: 2,
      name: ['Testville', 'Testbourg'],
      inseeCode: ['99001', '99002'],
      population: new Uint32Array([12000, 3000]),
      centreXM: new Float32Array([0, -half]),
      centreYM: new Float32Array([0, -half]),
      ringStart: new Uint32Array([0, 0, 0]),
      ringXYM: new Float32Array(0),
    },
    nodes: { count: nodeCount, xM: nodeX, yM: nodeY, intersection: nodeInter },
    links: {
      count: linkCount,
      fromNode: Uint32Array.from(from),
      toNode: Uint32Array.from(to),
      lengthM,
      roadClass: Uint8Array.from(classes),
      lanes: new Uint8Array(linkCount).fill(1),
      speedLimitKph: Uint8Array.from(classes, (c) => (c <= 3 ? 50 : 30)),
      flags: new Uint8Array(linkCount).fill(2),
      reverse,
      name: Int32Array.from(names),
      commune: new Uint16Array(linkCount),
      lightingClass: Uint8Array.from(classes, (c) => (c <= 3 ? 2 : 9)),
      shapeStart,
      shapeXYM,
    },
    intersections: {
      count: nodeCount,
      node: Uint32Array.from({ length: nodeCount }, (_, i) => i),
      signalised,
      signal: signalOf,
      commune: new Uint16Array(nodeCount),
    },
    signals: {
      count: 1,
      intersection: Uint32Array.from([centreNode]),
      approachStart: Uint32Array.from([0, approaches.length]),
      approachLinks: Uint32Array.from(approaches),
      externalId: Int32Array.from([-1]),
    },
    lamps: {
      count: lampCount,
      xM: Float32Array.from(lamps, (l) => l.x),
      yM: Float32Array.from(lamps, (l) => l.y),
      mountingHeightM: Float32Array.from(lamps, (l) => (classes[l.link] <= 3 ? 10 : 6)),
      link: Int32Array.from(lamps, (l) => l.link),
      technology: Uint8Array.from(lamps, (_, i) => (i % 3 === 0 ? 2 : 1)),
      ratedPowerW: Float32Array.from(lamps, (_, i) => (i % 3 === 0 ? 60 : 100)),
      photometry: new Uint16Array(lampCount),
      lightingClass: Uint8Array.from(lamps, (l) => (classes[l.link] <= 3 ? 2 : 9)),
      cabinet: Uint32Array.from(lamps, (l) => (l.x < 0 ? 0 : 1)),
      commune: Uint16Array.from(lamps, (l) => (l.x < -half / 2 && l.y < -half / 2 ? 1 : 0)),
      flags: new Uint8Array(lampCount).fill(1),
      externalId: new Int32Array(lampCount).fill(-1),
    },
    cabinets: {
      count: 2,
      xM: new Float32Array([-half / 2, half / 2]),
      yM: new Float32Array([0, 0]),
      commune: new Uint16Array(2),
    },
    buildings: {
      count: buildingCount,
      ringStart: Uint32Array.from(ringStart),
      ringXYM: Float32Array.from(rings),
      heightM: Float32Array.from(heights),
      heightKnown: new Uint8Array(buildingCount),
      use: new Uint8Array(buildingCount).fill(1),
      commune: new Uint16Array(buildingCount),
    },
    strings,
    photometryRefs: ['generic-led.ldt'],
  };
}
