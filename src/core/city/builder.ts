// Builds a read-only CityModel from importer or generator input: splits roads at shared
// vertices into a directed graph, finds intersections, places signals, lamps, cabinets, communes.

import type { CityFrame, CityModel, LinkTable } from './model.ts';
import { LampFlag, LinkFlag } from './model.ts';
import type { BuildingInput, CommuneInput, LampInput, RoadInput, SignalInput } from './builderInput.ts';
import { ROAD_CLASS_DEFAULTS } from './roadClass.ts';
import { LightingClass } from './lightingClass.ts';
import { makeCommuneLocator } from './communeLocator.ts';
import { buildLinkSegmentIndex, nearestLinkPoint } from './linkSegmentIndex.ts';
import { synthesizeLamps, type SynthesisOptions } from './lampSynthesis.ts';
import { assignCabinets } from './cabinets.ts';
import { buildBuildingTable } from './buildingTable.ts';
import { buildCommuneTable } from './communeTable.ts';
import { StringPool } from './stringPool.ts';
import { lampDefaults } from './lampCatalogue.ts';
import { validateCity } from './validate.ts';
import Flatbush from 'flatbush';

export interface CityBuildInput {
  name: string;
  source: 'generated' | 'imported';
  sources: string[];
  seed: number | null;
  frame: CityFrame;
  roads: RoadInput[];
  signals: SignalInput[];
  /** null: synthesise lamps along lit roads (flagged Synthesized). */
  lamps: LampInput[] | null;
  buildings: BuildingInput[];
  /** Empty: one commune named after the city, holding everything. */
  communes: CommuneInput[];
  report: Record<string, number>;
}

export interface BuildOptions {
  synthesis: SynthesisOptions;
  /** A signal point further than this from any intersection is not placed. */
  signalSnapM: number;
  /** An inventory lamp further than this from any road keeps link = -1. */
  lampSnapM: number;
  /** Lamps within this distance of an intersection node light the conflict area. */
  intersectionLampRadiusM: number;
  /** Lamps of one commune within one square cell of this size share a control cabinet. */
  cabinetCellM: number;
  /**
   * Built-up test for roads whose source does not say whether they are lit: a road is lit by
   * its class default only where at least `builtUpMinIntersections` intersections lie within
   * `builtUpRadiusM` of its midpoint (towns are dense in crossings, country roads are not).
   */
  builtUpRadiusM: number;
  builtUpMinIntersections: number;
}

export const DEFAULT_BUILD_OPTIONS: BuildOptions = {
  synthesis: { spacingScale: 1, technologyMix: { ledShare: 0.6 }, seed: 1 },
  signalSnapM: 35,
  lampSnapM: 40,
  intersectionLampRadiusM: 15,
  cabinetCellM: 400,
  builtUpRadiusM: 300,
  builtUpMinIntersections: 6,
};

const POSITION_QUANTUM_M = 0.1;
const KEY_OFFSET = 2 ** 24;

/** The vertex key of a position (0.1 m grid) when a road gives no vertex keys: equal keys meet. */
export function positionKey(x: number, y: number): number {
  const qx = Math.round(x / POSITION_QUANTUM_M) + KEY_OFFSET;
  const qy = Math.round(y / POSITION_QUANTUM_M) + KEY_OFFSET;
  return qx * 2 ** 26 + qy;
}

interface Edge {
  road: number;
  from: number; // vertex id
  to: number;
  xy: number[];
}

export function buildCity(input: CityBuildInput, options: Partial<BuildOptions> = {}): CityModel {
  const opts: BuildOptions = {
    ...DEFAULT_BUILD_OPTIONS,
    ...options,
    synthesis: { ...DEFAULT_BUILD_OPTIONS.synthesis, ...options.synthesis },
  };
  const report: Record<string, number> = { ...input.report };
  const strings = new StringPool();

  // 1. Intern vertices and count how many road points use each.
  const vertexOf = new Map<number, number>();
  const vx: number[] = [];
  const vy: number[] = [];
  const uses: number[] = [];
  const roadVertices: Int32Array[] = [];
  for (let r = 0; r < input.roads.length; r++) {
    const road = input.roads[r];
    const n = Math.floor(road.xyM.length / 2);
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const x = road.xyM[2 * i];
      const y = road.xyM[2 * i + 1];
      const key = road.vertexKeys ? road.vertexKeys[i] : positionKey(x, y);
      let v = vertexOf.get(key);
      if (v === undefined) {
        v = vx.length;
        vertexOf.set(key, v);
        vx.push(x);
        vy.push(y);
        uses.push(0);
      }
      ids[i] = v;
      // A point repeated right after itself is one vertex of the road, not a second use.
      if (i > 0 && ids[i - 1] === v) {
        if (i === n - 1) uses[v] += 1;
        continue;
      }
      uses[v] += i === 0 || i === n - 1 ? 2 : 1;
    }
    roadVertices.push(ids);
  }

  // 2. Split every road at vertices shared with another road (or its own ends) into edges.
  const edges: Edge[] = [];
  for (let r = 0; r < input.roads.length; r++) {
    const ids = roadVertices[r];
    let start = 0;
    let xy: number[] = [vx[ids[0]], vy[ids[0]]];
    for (let i = 1; i < ids.length; i++) {
      if (ids[i] === ids[i - 1]) continue; // repeated point
      xy.push(vx[ids[i]], vy[ids[i]]);
      const isNode = i === ids.length - 1 || uses[ids[i]] >= 2;
      if (isNode) {
        if (ids[i] !== ids[start] || xy.length > 4) edges.push({ road: r, from: ids[start], to: ids[i], xy });
        start = i;
        xy = [vx[ids[i]], vy[ids[i]]];
      }
    }
    if (ids.length < 2) report.roadsSkippedTooShort = (report.roadsSkippedTooShort ?? 0) + 1;
  }

  // 3. Graph nodes are the edge end vertices, renumbered densely.
  const nodeOfVertex = new Int32Array(vx.length).fill(-1);
  const nodeX: number[] = [];
  const nodeY: number[] = [];
  const nodeFor = (v: number): number => {
    if (nodeOfVertex[v] < 0) {
      nodeOfVertex[v] = nodeX.length;
      nodeX.push(vx[v]);
      nodeY.push(vy[v]);
    }
    return nodeOfVertex[v];
  };
  for (const e of edges) {
    e.from = nodeFor(e.from);
    e.to = nodeFor(e.to);
  }
  const nodeCount = nodeX.length;

  // 4. Communes (needed to label links, lamps, buildings).
  const communes = buildCommuneTable(input.communes, input.name);
  const communeAt = makeCommuneLocator(communes, input.communes.map((c) => c.radiusM));

  // 5. Directed links.
  const { links, linkRoad } = buildLinks(edges, input.roads, strings, communeAt);

  // 6. Intersections: nodes where three or more distinct roads segments meet.
  const degree = new Uint16Array(nodeCount);
  for (let l = 0; l < links.count; l++) {
    if (links.reverse[l] >= 0 && links.reverse[l] < l) continue; // count a two-way road once
    degree[links.fromNode[l]]++;
    degree[links.toNode[l]]++;
  }
  const intersectionOfNode = new Int32Array(nodeCount).fill(-1);
  const interNodes: number[] = [];
  for (let n = 0; n < nodeCount; n++) {
    if (degree[n] >= 3) {
      intersectionOfNode[n] = interNodes.length;
      interNodes.push(n);
    }
  }
  const nodes = {
    count: nodeCount,
    xM: Float32Array.from(nodeX),
    yM: Float32Array.from(nodeY),
    intersection: intersectionOfNode,
  };
  const interCount = interNodes.length;
  const intersections = {
    count: interCount,
    node: Uint32Array.from(interNodes),
    signalised: new Uint8Array(interCount),
    signal: new Int32Array(interCount).fill(-1),
    commune: new Uint16Array(interCount),
  };
  for (let i = 0; i < interCount; i++) {
    const n = interNodes[i];
    intersections.commune[i] = communeAt(nodeX[n], nodeY[n]);
  }

  const interIndex = buildPointIndex(interNodes.length, (i) => nodeX[interNodes[i]], (i) => nodeY[interNodes[i]]);
  applyBuiltUpLighting(links, linkRoad, input.roads, interIndex, interNodes.length, opts);

  // 7. Signals: snap each signal point to an intersection; several points may share one.
  const signals = placeSignals(input.signals, vertexOf, nodeOfVertex, nodes, intersections, links, interIndex, opts.signalSnapM, strings, report);

  // 8. Lamps: snap inventory lamps to their road, or synthesise along lit roads.
  const segIndex = buildLinkSegmentIndex(links);
  const lampInputs = input.lamps ?? synthesizeLamps(links, opts.synthesis);
  const lamps = placeLamps(lampInputs, input.lamps === null, links, segIndex, interIndex, opts, strings, communeAt, report);

  // 9. Cabinets group lamps by commune and cell.
  const cabinets = assignCabinets(lamps, opts.cabinetCellM);

  // 10. Buildings.
  const buildings = buildBuildingTable(input.buildings, communeAt, report, input.source === 'generated');

  const model: CityModel = {
    meta: {
      name: input.name,
      source: input.source,
      sources: input.sources,
      seed: input.seed,
      frame: input.frame,
      importReport: report,
    },
    communes,
    nodes,
    links,
    intersections,
    signals,
    lamps,
    cabinets,
    buildings,
    strings: strings.values,
    photometryRefs: lamps.photometryRefs,
  };
  delete (model.lamps as Partial<typeof lamps>).photometryRefs;
  validateCity(model);
  return model;
}

/** The middle of the middle segment of points [start, end): the same point for both directions of a road. */
function middleOfPolyline(xy: ArrayLike<number>, start: number, end: number): [number, number] {
  const a = start + Math.floor((end - start - 1) / 2);
  const b = start + Math.ceil((end - start - 1) / 2);
  return [(xy[2 * a] + xy[2 * b]) / 2, (xy[2 * a + 1] + xy[2 * b + 1]) / 2];
}

/** A static index over n points (Flatbush wants at least one item: an empty one gets a far sentinel). */
function buildPointIndex(n: number, x: (i: number) => number, y: (i: number) => number): Flatbush {
  const index = new Flatbush(Math.max(1, n));
  for (let i = 0; i < n; i++) index.add(x(i), y(i), x(i), y(i));
  if (n === 0) index.add(1e12, 1e12, 1e12, 1e12);
  index.finish();
  return index;
}

/** Roads whose source does not say whether they are lit are lit only inside built-up areas. */
function applyBuiltUpLighting(links: LinkTable, linkRoad: Int32Array, roads: RoadInput[], interIndex: Flatbush, interCount: number, opts: BuildOptions): void {
  // A place with fewer crossings than the test needs (a village, a small extract) is all built-up.
  if (interCount < opts.builtUpMinIntersections * 2) return;
  for (let l = 0; l < links.count; l++) {
    if (roads[linkRoad[l]].lit !== undefined || !(links.flags[l] & LinkFlag.Lit)) continue;
    const [mx, my] = middleOfPolyline(links.shapeXYM, links.shapeStart[l], links.shapeStart[l + 1]);
    const near = interIndex.neighbors(mx, my, opts.builtUpMinIntersections, opts.builtUpRadiusM);
    if (near.length < opts.builtUpMinIntersections) {
      links.flags[l] &= ~LinkFlag.Lit;
      links.lightingClass[l] = LightingClass.None;
    }
  }
}

function buildLinks(
  edges: Edge[],
  roads: RoadInput[],
  strings: StringPool,
  communeAt: (x: number, y: number) => number,
): { links: LinkTable; linkRoad: Int32Array } {
  // Count directed links first so every column is allocated once.
  let count = 0;
  let shapePoints = 0;
  for (const e of edges) {
    const dirs = roads[e.road].oneWay ? 1 : 2;
    count += dirs;
    shapePoints += dirs * (e.xy.length / 2);
  }
  const t: LinkTable = {
    count,
    fromNode: new Uint32Array(count),
    toNode: new Uint32Array(count),
    lengthM: new Float32Array(count),
    roadClass: new Uint8Array(count),
    lanes: new Uint8Array(count),
    speedLimitKph: new Uint8Array(count),
    flags: new Uint8Array(count),
    reverse: new Int32Array(count).fill(-1),
    name: new Int32Array(count).fill(-1),
    commune: new Uint16Array(count),
    lightingClass: new Uint8Array(count),
    shapeStart: new Uint32Array(count + 1),
    shapeXYM: new Float32Array(shapePoints * 2),
  };
  const linkRoad = new Int32Array(count);
  let l = 0;
  let p = 0;
  const push = (e: Edge, forward: boolean, lanes: number): number => {
    const road = roads[e.road];
    linkRoad[l] = e.road;
    const d = ROAD_CLASS_DEFAULTS[road.roadClass] ?? ROAD_CLASS_DEFAULTS[8];
    const n = e.xy.length / 2;
    t.fromNode[l] = forward ? e.from : e.to;
    t.toNode[l] = forward ? e.to : e.from;
    let len = 0;
    for (let i = 1; i < n; i++) len += Math.hypot(e.xy[2 * i] - e.xy[2 * i - 2], e.xy[2 * i + 1] - e.xy[2 * i - 1]);
    t.lengthM[l] = len;
    t.roadClass[l] = road.roadClass;
    t.lanes[l] = Math.max(1, Math.min(255, lanes));
    t.speedLimitKph[l] = Math.max(1, Math.min(255, Math.round(road.speedLimitKph ?? d.speedLimitKph)));
    let flags = 0;
    if (road.oneWay) flags |= LinkFlag.OneWay;
    if (road.lit ?? d.litInTown) flags |= LinkFlag.Lit; // refined by the built-up test when road.lit is absent
    if (road.bridge) flags |= LinkFlag.Bridge;
    if (road.tunnel) flags |= LinkFlag.Tunnel;
    if (road.roundabout) flags |= LinkFlag.Roundabout;
    t.flags[l] = flags;
    t.name[l] = road.name ? strings.intern(road.name) : -1;
    t.lightingClass[l] = flags & LinkFlag.Lit ? d.lightingClass : LightingClass.None;
    const [mx, my] = middleOfPolyline(e.xy, 0, n);
    t.commune[l] = communeAt(mx, my);
    t.shapeStart[l] = p;
    for (let i = 0; i < n; i++) {
      const j = forward ? i : n - 1 - i;
      t.shapeXYM[p * 2] = e.xy[2 * j];
      t.shapeXYM[p * 2 + 1] = e.xy[2 * j + 1];
      p++;
    }
    return l++;
  };
  for (const e of edges) {
    const road = roads[e.road];
    const d = ROAD_CLASS_DEFAULTS[road.roadClass] ?? ROAD_CLASS_DEFAULTS[8];
    const [fwdLanes, bwdLanes] = lanesPerDirection(road, d.lanesPerDirection);
    if (road.oneWay === 1) push(e, true, fwdLanes);
    else if (road.oneWay === -1) push(e, false, fwdLanes);
    else {
      const a = push(e, true, fwdLanes);
      const b = push(e, false, bwdLanes);
      t.reverse[a] = b;
      t.reverse[b] = a;
    }
  }
  t.shapeStart[count] = p;
  return { links: t, linkRoad };
}

/** Lanes in each direction from OSM-style tags, falling back on the class default. */
export function lanesPerDirection(road: RoadInput, classDefault: number): [number, number] {
  const valid = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x) && x >= 1;
  const { lanes, lanesForward: fwd, lanesBackward: bwd } = road;
  if (road.oneWay) {
    // OSM: on a oneway=-1 road the traffic runs backward, so its lanes are lanes:backward.
    const directional = road.oneWay === -1 ? bwd : fwd;
    return [Math.round(valid(directional) ? directional : valid(lanes) ? lanes : classDefault), 0];
  }
  if (valid(fwd) && valid(bwd)) return [Math.round(fwd), Math.round(bwd)];
  if (valid(lanes)) {
    const total = Math.round(lanes);
    // One direction given: the other has what remains of the total.
    if (valid(fwd)) return [Math.round(fwd), Math.max(1, total - Math.round(fwd))];
    if (valid(bwd)) return [Math.max(1, total - Math.round(bwd)), Math.round(bwd)];
    const f = Math.max(1, Math.ceil(total / 2));
    return [f, Math.max(1, total - f)];
  }
  return [valid(fwd) ? Math.round(fwd) : classDefault, valid(bwd) ? Math.round(bwd) : classDefault];
}

function placeSignals(
  inputs: SignalInput[],
  vertexOf: Map<number, number>,
  nodeOfVertex: Int32Array,
  nodes: CityModel['nodes'],
  intersections: CityModel['intersections'],
  links: LinkTable,
  interIndex: Flatbush,
  snapM: number,
  strings: StringPool,
  report: Record<string, number>,
): CityModel['signals'] {
  const signalOfIntersection = new Map<number, number>();
  const order: number[] = [];
  const externalIds: number[] = [];
  let unmatched = 0;
  for (const s of inputs) {
    let inter = -1;
    if (s.vertexKey !== undefined) {
      const v = vertexOf.get(s.vertexKey);
      const node = v === undefined ? -1 : nodeOfVertex[v];
      if (node >= 0) inter = nodes.intersection[node];
    }
    if (inter < 0 && intersections.count > 0) {
      const [near] = interIndex.neighbors(s.xM, s.yM, 1, snapM);
      if (near !== undefined) inter = near;
    }
    if (inter < 0) {
      unmatched++;
      continue;
    }
    if (!signalOfIntersection.has(inter)) {
      signalOfIntersection.set(inter, order.length);
      order.push(inter);
      externalIds.push(s.externalId ? strings.intern(s.externalId) : -1);
    }
  }
  if (inputs.length) {
    report.signalPointsInput = inputs.length;
    report.signalPointsUnmatched = unmatched;
  }
  // Approaches: links entering the intersection's node.
  const incoming: number[][] = order.map(() => []);
  const slotOfNode = new Map<number, number>();
  order.forEach((inter, s) => slotOfNode.set(intersections.node[inter], s));
  for (let l = 0; l < links.count; l++) {
    const s = slotOfNode.get(links.toNode[l]);
    if (s !== undefined) incoming[s].push(l);
  }
  const count = order.length;
  const approachStart = new Uint32Array(count + 1);
  let total = 0;
  for (let s = 0; s < count; s++) {
    approachStart[s] = total;
    total += incoming[s].length;
  }
  approachStart[count] = total;
  const approachLinks = new Uint32Array(total);
  for (let s = 0; s < count; s++) approachLinks.set(incoming[s], approachStart[s]);
  for (let s = 0; s < count; s++) {
    intersections.signalised[order[s]] = 1;
    intersections.signal[order[s]] = s;
  }
  return {
    count,
    intersection: Uint32Array.from(order),
    approachStart,
    approachLinks,
    externalId: Int32Array.from(externalIds),
  };
}

function placeLamps(
  inputs: LampInput[],
  synthesized: boolean,
  links: LinkTable,
  segIndex: ReturnType<typeof buildLinkSegmentIndex>,
  nodeIndex: Flatbush,
  opts: BuildOptions,
  strings: StringPool,
  communeAt: (x: number, y: number) => number,
  report: Record<string, number>,
) {
  const count = inputs.length;
  const photometryRefs: string[] = [];
  const photometryIndex = new Map<string, number>();
  const t = {
    count,
    xM: new Float32Array(count),
    yM: new Float32Array(count),
    mountingHeightM: new Float32Array(count),
    link: new Int32Array(count).fill(-1),
    technology: new Uint8Array(count),
    ratedPowerW: new Float32Array(count),
    photometry: new Uint16Array(count),
    lightingClass: new Uint8Array(count).fill(LightingClass.None),
    cabinet: new Uint32Array(count),
    commune: new Uint16Array(count),
    flags: new Uint8Array(count),
    externalId: new Int32Array(count).fill(-1),
    photometryRefs,
  };
  let unsnapped = 0;
  for (let i = 0; i < count; i++) {
    const lamp = inputs[i];
    t.xM[i] = lamp.xM;
    t.yM[i] = lamp.yM;
    let link = lamp.link ?? -1;
    if (link < 0 || link >= links.count) {
      const near = nearestLinkPoint(segIndex, links, lamp.xM, lamp.yM, opts.lampSnapM);
      link = near ? near.link : -1;
    }
    if (link >= 0 && links.reverse[link] >= 0 && links.reverse[link] < link) link = links.reverse[link];
    t.link[i] = link;
    if (link < 0) unsnapped++;
    const roadClass = link >= 0 ? links.roadClass[link] : 5;
    const tech = lamp.technology ?? 0;
    const defaults = lampDefaults(roadClass, tech);
    t.technology[i] = tech;
    t.mountingHeightM[i] = lamp.mountingHeightM ?? ROAD_CLASS_DEFAULTS[roadClass].mountingHeightM;
    t.ratedPowerW[i] = lamp.ratedPowerW ?? defaults.ratedPowerW;
    const ref = lamp.photometry ?? defaults.photometry;
    let pi = photometryIndex.get(ref);
    if (pi === undefined) {
      pi = photometryRefs.length;
      photometryRefs.push(ref);
      photometryIndex.set(ref, pi);
    }
    t.photometry[i] = pi;
    t.lightingClass[i] = link >= 0 ? (links.lightingClass[link] === LightingClass.None ? ROAD_CLASS_DEFAULTS[roadClass].lightingClass : links.lightingClass[link]) : LightingClass.None;
    t.commune[i] = communeAt(lamp.xM, lamp.yM);
    let flags = synthesized ? LampFlag.Synthesized : LampFlag.FromInventory;
    if (nodeIndex.neighbors(lamp.xM, lamp.yM, 1, opts.intersectionLampRadiusM).length) flags |= LampFlag.AtIntersection;
    t.flags[i] = flags;
    if (lamp.externalId) t.externalId[i] = strings.intern(lamp.externalId);
  }
  if (!synthesized) {
    report.lampsInput = count;
    report.lampsUnsnapped = unsnapped;
  }
  return t;
}
