// Small road networks the project writes itself for traffic tests, cross-checks and benches: a
// signalised arterial corridor and a signalised grid, built through the real city builder.

import { buildCity, type CityBuildInput } from '../../city/builder.ts';
import type { RoadInput, SignalInput } from '../../city/builderInput.ts';
import type { CityModel } from '../../city/model.ts';
import { RoadClass } from '../../city/roadClass.ts';

/** A test network: the city, its entry/exit nodes by name, and its signalised intersections. */
export interface TestNetwork {
  city: CityModel;
  /** Named node indices (entries and exits of flows, crossings). */
  nodes: Record<string, number>;
  /** Signalised intersections (indices into city.intersections), in a stable order. */
  signalised: number[];
}

/** The node at a position (the builder renumbers nodes, so tests find them by place). */
export function nodeAt(city: CityModel, xM: number, yM: number, toleranceM = 0.5): number {
  const { xM: nx, yM: ny, count } = city.nodes;
  for (let n = 0; n < count; n++) if (Math.abs(nx[n] - xM) <= toleranceM && Math.abs(ny[n] - yM) <= toleranceM) return n;
  throw new Error(`no node at (${xM}, ${yM})`);
}

/** The link from one node to another (the direct link between two adjacent nodes). */
export function linkBetween(city: CityModel, fromNode: number, toNode: number): number {
  const { fromNode: f, toNode: t, count } = city.links;
  for (let l = 0; l < count; l++) if (f[l] === fromNode && t[l] === toNode) return l;
  throw new Error(`no link ${fromNode} → ${toNode}`);
}

/**
 * Approach links of a signalised intersection split by axis: 0 for links arriving along x
 * (east-west), 1 for links arriving along y (north-south), by the direction of their last segment.
 */
export function approachesByAxis(city: CityModel, intersection: number): [number[], number[]] {
  const s = city.intersections.signal[intersection];
  if (s < 0) throw new Error(`intersection ${intersection} has no signal`);
  const { approachStart, approachLinks } = city.signals;
  const { shapeStart, shapeXYM } = city.links;
  const axes: [number[], number[]] = [[], []];
  for (let k = approachStart[s]; k < approachStart[s + 1]; k++) {
    const l = approachLinks[k];
    const e = shapeStart[l + 1] - 1;
    const dx = shapeXYM[2 * e] - shapeXYM[2 * e - 2];
    const dy = shapeXYM[2 * e + 1] - shapeXYM[2 * e - 1];
    axes[Math.abs(dx) >= Math.abs(dy) ? 0 : 1].push(l);
  }
  return axes;
}

function baseInput(name: string, roads: RoadInput[], signals: SignalInput[]): CityBuildInput {
  return {
    name,
    source: 'imported',
    sources: [`${name} (traffic test network)`],
    seed: 1,
    frame: { originLat: 47.322, originLon: 5.0415 },
    roads,
    signals,
    lamps: [],
    buildings: [],
    communes: [],
    report: {},
  };
}

function signalisedIntersections(city: CityModel, nodes: number[]): number[] {
  return nodes.map((n) => {
    const i = city.nodes.intersection[n];
    if (i < 0 || !city.intersections.signalised[i]) throw new Error(`node ${n} is not a signalised intersection`);
    return i;
  });
}

export interface CorridorOptions {
  /** Arterial length (m); the crossings divide it into equal parts. */
  lengthM: number;
  crossings: number;
  /** Lanes per direction on the arterial (the minor roads have one). */
  lanesPerDirection: number;
  speedLimitKph: number;
  /** Length of each minor road arm on either side of the arterial (m). */
  minorArmM: number;
}

/**
 * A straight two-way arterial along x from (0,0) to (lengthM,0), crossed by `crossings` two-way
 * minor roads at equal spacing, each crossing signalised. Nodes: `west`, `east`, and per crossing
 * k (1-based) `c{k}`, `n{k}` (north end), `s{k}` (south end).
 */
export function signalisedCorridor(o: Partial<CorridorOptions> = {}): TestNetwork {
  const { lengthM = 1500, crossings = 3, lanesPerDirection = 1, speedLimitKph = 50, minorArmM = 200 } = o;
  const spacingM = lengthM / (crossings + 1);
  const arterial: number[] = [0, 0];
  const roads: RoadInput[] = [];
  const signals: SignalInput[] = [];
  for (let k = 1; k <= crossings; k++) {
    const x = k * spacingM;
    arterial.push(x, 0);
    roads.push({ xyM: [x, minorArmM, x, 0, x, -minorArmM], roadClass: RoadClass.Tertiary, lanes: 2, speedLimitKph, name: `Rue ${k}` });
    signals.push({ xM: x, yM: 0, externalId: `corridor-c${k}` });
  }
  arterial.push(lengthM, 0);
  roads.unshift({ xyM: arterial, roadClass: RoadClass.Primary, lanes: 2 * lanesPerDirection, speedLimitKph, name: 'Avenue du test' });
  const city = buildCity(baseInput('Signalised corridor', roads, signals));
  const nodes: Record<string, number> = { west: nodeAt(city, 0, 0), east: nodeAt(city, lengthM, 0) };
  const crossingNodes: number[] = [];
  for (let k = 1; k <= crossings; k++) {
    const x = k * spacingM;
    nodes[`c${k}`] = nodeAt(city, x, 0);
    nodes[`n${k}`] = nodeAt(city, x, minorArmM);
    nodes[`s${k}`] = nodeAt(city, x, -minorArmM);
    crossingNodes.push(nodes[`c${k}`]);
  }
  return { city, nodes, signalised: signalisedIntersections(city, crossingNodes) };
}

export interface GridOptions {
  /** Nodes per side (n×n nodes). */
  size: number;
  blockM: number;
  lanesPerDirection: number;
  speedLimitKph: number;
  /** The border streets are residential at this speed, so that routes cross the grid rather than go round it. */
  borderSpeedLimitKph: number;
}

/**
 * An n×n grid of two-way streets, `blockM` apart, signals at every inner crossing (the border
 * nodes are unsignalised T-junctions on slower residential border streets, the corners plain bends). Nodes: `w{j}`/`e{j}` at the west and
 * east ends of row j, `s{i}`/`n{i}` at the south and north ends of column i (1 ≤ i, j ≤ size − 2),
 * and `x{i}_{j}` for every node.
 */
export function signalisedGrid(o: Partial<GridOptions> = {}): TestNetwork {
  const { size = 5, blockM = 200, lanesPerDirection = 1, speedLimitKph = 50, borderSpeedLimitKph = 30 } = o;
  if (size < 3) throw new Error('a signalised grid needs at least 3 nodes per side');
  const roads: RoadInput[] = [];
  const signals: SignalInput[] = [];
  const last = (size - 1) * blockM;
  for (let j = 0; j < size; j++) {
    const row: number[] = [];
    const col: number[] = [];
    for (let i = 0; i < size; i++) {
      row.push(i * blockM, j * blockM);
      col.push(j * blockM, i * blockM);
    }
    const border = j === 0 || j === size - 1;
    const kind = border
      ? { roadClass: RoadClass.Residential, lanes: 2, speedLimitKph: borderSpeedLimitKph }
      : { roadClass: RoadClass.Secondary, lanes: 2 * lanesPerDirection, speedLimitKph };
    roads.push({ xyM: row, ...kind, name: `Rue ${j}` });
    roads.push({ xyM: col, ...kind, name: `Avenue ${j}` });
  }
  for (let j = 1; j < size - 1; j++) for (let i = 1; i < size - 1; i++) signals.push({ xM: i * blockM, yM: j * blockM, externalId: `grid-${i}-${j}` });
  const city = buildCity(baseInput(`Signalised grid ${size}×${size}`, roads, signals));
  const nodes: Record<string, number> = {};
  const inner: number[] = [];
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const n = nodeAt(city, i * blockM, j * blockM);
      nodes[`x${i}_${j}`] = n;
      if (i > 0 && j > 0 && i < size - 1 && j < size - 1) inner.push(n);
    }
  }
  for (let k = 1; k < size - 1; k++) {
    nodes[`w${k}`] = nodeAt(city, 0, k * blockM);
    nodes[`e${k}`] = nodeAt(city, last, k * blockM);
    nodes[`s${k}`] = nodeAt(city, k * blockM, 0);
    nodes[`n${k}`] = nodeAt(city, k * blockM, last);
  }
  return { city, nodes, signalised: signalisedIntersections(city, inner) };
}
