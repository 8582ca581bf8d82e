// Everything the map draws, built once per city as binary columns (lon/lat Float64 positions,
// per-vertex RGBA, path start indices) that go straight into deck.gl attributes; pure, no deck import.

import type { CityModel } from '../../core/city/model.ts';
import { makeProjection } from '../../core/geo/projection.ts';

/** Road colour (RGB) and width (px) per RoadClass on the night map: major roads brighter and wider, cool tones so lamps stand out. */
export const ROAD_CLASS_STYLE: readonly { rgb: [number, number, number]; widthPx: number }[] = [
  { rgb: [104, 150, 255], widthPx: 3.2 }, // motorway
  { rgb: [96, 140, 240], widthPx: 2.8 }, // trunk
  { rgb: [72, 188, 214], widthPx: 2.4 }, // primary
  { rgb: [78, 150, 172], widthPx: 1.9 }, // secondary
  { rgb: [92, 112, 142], widthPx: 1.4 }, // tertiary
  { rgb: [66, 74, 94], widthPx: 1 }, // residential
  { rgb: [52, 58, 72], widthPx: 0.8 }, // service
  { rgb: [120, 96, 150], widthPx: 1 }, // pedestrian
  { rgb: [66, 74, 94], widthPx: 0.9 }, // unclassified
];

/** Points (lamps, signals, commune centres): lon, lat pairs. */
export interface PointColumns {
  length: number;
  positions: Float64Array;
}

/** One path per road (a two-way road once), major classes last so they draw on top. */
export interface RoadColumns {
  length: number;
  /** Vertex start of each path; length + 1 entries. */
  startIndices: Uint32Array;
  positions: Float64Array;
  /** Link index of each path (the lower index of a two-way pair). */
  link: Uint32Array;
  /** Per vertex RGBA by road class. */
  colours: Uint8Array;
  /** Per vertex width (px) by road class. */
  widthsPx: Float32Array;
}

export interface SignalColumns extends PointColumns {
  /** Intersection index of each signal (what a pick selects). */
  intersection: Uint32Array;
  approaches: Uint16Array;
}

export interface CommuneColumns extends PointColumns {
  lampCount: Uint32Array;
  /** Sum of the lamps' rated power (kW). */
  ratedKW: Float32Array;
  population: Uint32Array;
  /** Boundary rings as closed polygons (first point repeated last), when the city has them (imported with --communes). */
  rings: { length: number; startIndices: Uint32Array; positions: Float64Array; commune: Uint32Array };
}

export interface MapData {
  lamps: PointColumns;
  roads: RoadColumns;
  signals: SignalColumns;
  communes: CommuneColumns;
  /** West, south, east, north (degrees) of the road network and lamps. */
  boundsLonLat: [number, number, number, number];
}

export type ToLonLat = (xM: number, yM: number, out: Float64Array, at: number) => void;

/** Writes the lon, lat of a city point (metres east, north of the frame origin). */
export function lonLatWriter(city: CityModel): ToLonLat {
  const p = makeProjection(city.meta.frame);
  const { originLon, originLat } = city.meta.frame;
  const kx = 1 / p.mPerDegLon, ky = 1 / p.mPerDegLat;
  return (x, y, out, at) => {
    out[at] = originLon + x * kx;
    out[at + 1] = originLat + y * ky;
  };
}

export function buildLampColumns(city: CityModel, toLonLat: ToLonLat = lonLatWriter(city)): PointColumns {
  const { count, xM, yM } = city.lamps;
  const positions = new Float64Array(count * 2);
  for (let i = 0; i < count; i++) toLonLat(xM[i], yM[i], positions, i * 2);
  return { length: count, positions };
}

export function buildRoadColumns(city: CityModel, toLonLat: ToLonLat = lonLatWriter(city)): RoadColumns {
  const links = city.links;
  const drawn: number[] = [];
  let vertices = 0;
  for (let i = 0; i < links.count; i++) {
    const r = links.reverse[i];
    const n = links.shapeStart[i + 1] - links.shapeStart[i];
    if ((r < 0 || r > i) && n >= 2) {
      drawn.push(i);
      vertices += n;
    }
  }
  // Stable: minor classes first so major roads are drawn over them.
  drawn.sort((a, b) => links.roadClass[b] - links.roadClass[a] || a - b);
  const length = drawn.length;
  const startIndices = new Uint32Array(length + 1);
  const positions = new Float64Array(vertices * 2);
  const colours = new Uint8Array(vertices * 4);
  const widthsPx = new Float32Array(vertices);
  const link = Uint32Array.from(drawn);
  let v = 0;
  for (let k = 0; k < length; k++) {
    const i = drawn[k];
    startIndices[k] = v;
    const style = ROAD_CLASS_STYLE[links.roadClass[i]] ?? ROAD_CLASS_STYLE[8];
    for (let p = links.shapeStart[i]; p < links.shapeStart[i + 1]; p++, v++) {
      toLonLat(links.shapeXYM[p * 2], links.shapeXYM[p * 2 + 1], positions, v * 2);
      colours[v * 4] = style.rgb[0];
      colours[v * 4 + 1] = style.rgb[1];
      colours[v * 4 + 2] = style.rgb[2];
      colours[v * 4 + 3] = 255;
      widthsPx[v] = style.widthPx;
    }
  }
  startIndices[length] = v;
  return { length, startIndices, positions, link, colours, widthsPx };
}

export function buildSignalColumns(city: CityModel, toLonLat: ToLonLat = lonLatWriter(city)): SignalColumns {
  const { signals, intersections, nodes } = city;
  const positions = new Float64Array(signals.count * 2);
  const intersection = new Uint32Array(signals.count);
  const approaches = new Uint16Array(signals.count);
  for (let s = 0; s < signals.count; s++) {
    const ix = signals.intersection[s];
    const node = intersections.node[ix];
    toLonLat(nodes.xM[node], nodes.yM[node], positions, s * 2);
    intersection[s] = ix;
    approaches[s] = signals.approachStart[s + 1] - signals.approachStart[s];
  }
  return { length: signals.count, positions, intersection, approaches };
}

/** Sum of the lamps' rated power per commune (kW), from the inventory's ratings or a scenario fleet's. */
export function communeRatedKW(city: CityModel, ratedPowerW: Float32Array): Float32Array {
  const out = new Float32Array(city.communes.count);
  const commune = city.lamps.commune;
  for (let i = 0; i < city.lamps.count; i++) if (commune[i] < out.length) out[commune[i]] += ratedPowerW[i] / 1000;
  return out;
}

export function buildCommuneColumns(city: CityModel, toLonLat: ToLonLat = lonLatWriter(city)): CommuneColumns {
  const c = city.communes;
  const positions = new Float64Array(c.count * 2);
  for (let i = 0; i < c.count; i++) toLonLat(c.centreXM[i], c.centreYM[i], positions, i * 2);
  const lampCount = new Uint32Array(c.count);
  const { lamps } = city;
  for (let i = 0; i < lamps.count; i++) if (lamps.commune[i] < c.count) lampCount[lamps.commune[i]]++;
  const ratedKW = communeRatedKW(city, lamps.ratedPowerW);
  // Rings: one polygon per commune that has at least a triangle.
  const withRing: number[] = [];
  let vertices = 0;
  for (let i = 0; i < c.count; i++) {
    const n = c.ringStart[i + 1] - c.ringStart[i];
    if (n >= 3) {
      withRing.push(i);
      vertices += n + 1;
    }
  }
  const ringStartIndices = new Uint32Array(withRing.length + 1);
  const ringPositions = new Float64Array(vertices * 2);
  let v = 0;
  withRing.forEach((i, k) => {
    ringStartIndices[k] = v;
    for (let p = c.ringStart[i]; p < c.ringStart[i + 1]; p++, v++) toLonLat(c.ringXYM[p * 2], c.ringXYM[p * 2 + 1], ringPositions, v * 2);
    ringPositions[v * 2] = ringPositions[ringStartIndices[k] * 2];
    ringPositions[v * 2 + 1] = ringPositions[ringStartIndices[k] * 2 + 1];
    v++;
  });
  ringStartIndices[withRing.length] = v;
  return {
    length: c.count,
    positions,
    lampCount,
    ratedKW,
    population: c.population,
    rings: { length: withRing.length, startIndices: ringStartIndices, positions: ringPositions, commune: Uint32Array.from(withRing) },
  };
}

function lonLatBounds(...columns: Float64Array[]): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const col of columns) {
    for (let i = 0; i < col.length; i += 2) {
      if (col[i] < w) w = col[i];
      if (col[i] > e) e = col[i];
      if (col[i + 1] < s) s = col[i + 1];
      if (col[i + 1] > n) n = col[i + 1];
    }
  }
  return w <= e ? [w, s, e, n] : [0, 0, 0, 0];
}

export function buildMapData(city: CityModel): MapData {
  const toLonLat = lonLatWriter(city);
  const lamps = buildLampColumns(city, toLonLat);
  const roads = buildRoadColumns(city, toLonLat);
  return {
    lamps,
    roads,
    signals: buildSignalColumns(city, toLonLat),
    communes: buildCommuneColumns(city, toLonLat),
    boundsLonLat: lonLatBounds(roads.positions, lamps.positions),
  };
}

/** Lon/lat geometry of the store's selection: a point for a lamp or intersection, a path for a link or a building outline. */
export function selectionShape(city: CityModel, sel: { kind: string; index: number } | null): { kind: 'point' | 'path'; positions: Float64Array } | null {
  if (!sel || sel.index < 0) return null;
  const toLonLat = lonLatWriter(city);
  const point = (x: number, y: number) => {
    const positions = new Float64Array(2);
    toLonLat(x, y, positions, 0);
    return { kind: 'point' as const, positions };
  };
  const path = (xy: Float32Array, start: number, end: number, close: boolean) => {
    const n = end - start + (close ? 1 : 0);
    const positions = new Float64Array(n * 2);
    for (let p = start; p < end; p++) toLonLat(xy[p * 2], xy[p * 2 + 1], positions, (p - start) * 2);
    if (close) toLonLat(xy[start * 2], xy[start * 2 + 1], positions, (n - 1) * 2);
    return { kind: 'path' as const, positions };
  };
  if (sel.kind === 'lamp' && sel.index < city.lamps.count) return point(city.lamps.xM[sel.index], city.lamps.yM[sel.index]);
  if (sel.kind === 'intersection' && sel.index < city.intersections.count) {
    const node = city.intersections.node[sel.index];
    return point(city.nodes.xM[node], city.nodes.yM[node]);
  }
  if (sel.kind === 'link' && sel.index < city.links.count) return path(city.links.shapeXYM, city.links.shapeStart[sel.index], city.links.shapeStart[sel.index + 1], false);
  if (sel.kind === 'building' && sel.index < city.buildings.count) {
    const b = city.buildings;
    return path(b.ringXYM, b.ringStart[sel.index], b.ringStart[sel.index + 1], true);
  }
  return null;
}
