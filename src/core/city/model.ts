// The static city: typed-array tables with integer indices, read-only once built.
// Built once by the default generator or an importer, then passed read-only to every step.

import type { RoadClass } from './roadClass.ts';
import type { LightingClass } from './lightingClass.ts';

/** Local planar frame: metres east (x) and north (y) of an origin, equirectangular. */
export interface CityFrame {
  originLat: number;
  originLon: number;
}

export interface CityMeta {
  name: string;
  /** 'generated' cities are synthetic and must be labelled so in every view. */
  source: 'generated' | 'imported';
  /** Human-readable provenance: generator parameters or the imported file names. */
  sources: string[];
  seed: number | null;
  frame: CityFrame;
  /** Import statistics (skipped features by reason…); empty for generated cities. */
  importReport: Record<string, number>;
}

/** Struct-of-arrays tables; `count` rows, every column of that length unless said. */
export interface CommuneTable {
  count: number;
  name: string[];
  inseeCode: string[];
  population: Uint32Array;
  centreXM: Float32Array;
  centreYM: Float32Array;
  /** Boundary rings: commune i owns ring points [ringStart[i], ringStart[i+1]) in ringXYM (x,y pairs); empty when unknown. */
  ringStart: Uint32Array; // count + 1
  ringXYM: Float32Array;
}

export interface NodeTable {
  count: number;
  xM: Float32Array;
  yM: Float32Array;
  /** Index into the intersection table, or -1 when the node is not an intersection. */
  intersection: Int32Array;
}

export enum LinkFlag {
  OneWay = 1,
  Lit = 2,
  Bridge = 4,
  Tunnel = 8,
  Roundabout = 16,
}

/** Directed links. A two-way road is two links that point at each other through `reverse`. */
export interface LinkTable {
  count: number;
  fromNode: Uint32Array;
  toNode: Uint32Array;
  lengthM: Float32Array;
  roadClass: Uint8Array; // RoadClass
  lanes: Uint8Array; // lanes in this direction
  speedLimitKph: Uint8Array;
  flags: Uint8Array; // LinkFlag bits
  /** The opposite-direction link of the same road, or -1 on a one-way road. */
  reverse: Int32Array;
  /** Street name: index into `strings`, or -1 when unnamed. */
  name: Int32Array;
  commune: Uint16Array;
  lightingClass: Uint8Array; // LightingClass of the road
  /** Polyline including both end nodes: points [shapeStart[i], shapeStart[i+1]) of shapeXYM. */
  shapeStart: Uint32Array; // count + 1
  shapeXYM: Float32Array;
}

export interface IntersectionTable {
  count: number;
  node: Uint32Array;
  signalised: Uint8Array;
  /** Index into the signal table, or -1. */
  signal: Int32Array;
  commune: Uint16Array;
}

/** A signal controller at one intersection, with the links that approach it. */
export interface SignalTable {
  count: number;
  intersection: Uint32Array;
  approachStart: Uint32Array; // count + 1
  approachLinks: Uint32Array;
  /** Inventory or OSM id, index into `strings`, or -1. */
  externalId: Int32Array;
}

export enum LampTechnology {
  Unknown = 0,
  HPS = 1, // high-pressure sodium
  LED = 2,
  MH = 3, // metal halide
  LPS = 4, // low-pressure sodium
  Fluorescent = 5,
  MercuryVapour = 6,
}
export const LAMP_TECHNOLOGY_NAMES = ['unknown', 'HPS', 'LED', 'MH', 'LPS', 'fluorescent', 'mercury-vapour'] as const;

export enum LampFlag {
  Synthesized = 1,
  FromInventory = 2,
  /** Lights an intersection (conflict area) rather than the road between them. */
  AtIntersection = 4,
}

export interface LampTable {
  count: number;
  xM: Float32Array;
  yM: Float32Array;
  mountingHeightM: Float32Array;
  /** The road link it lights, or -1 when it could not be snapped. */
  link: Int32Array;
  technology: Uint8Array; // LampTechnology
  ratedPowerW: Float32Array;
  /** Photometry reference: index into `photometryRefs`. */
  photometry: Uint16Array;
  lightingClass: Uint8Array; // LightingClass of its road (or conflict area)
  cabinet: Uint32Array;
  commune: Uint16Array;
  flags: Uint8Array; // LampFlag bits
  /** Inventory id, index into `strings`, or -1 (then the id is derived from the index). */
  externalId: Int32Array;
}

export interface CabinetTable {
  count: number;
  xM: Float32Array;
  yM: Float32Array;
  commune: Uint16Array;
}

export enum BuildingUse {
  Unknown = 0,
  Residential = 1,
  Commercial = 2,
  Industrial = 3,
  Public = 4,
  Office = 5,
}
export const BUILDING_USE_NAMES = ['unknown', 'residential', 'commercial', 'industrial', 'public', 'office'] as const;

export interface BuildingTable {
  count: number;
  /** Footprint ring (not closed): points [ringStart[i], ringStart[i+1]) of ringXYM. */
  ringStart: Uint32Array; // count + 1
  ringXYM: Float32Array;
  heightM: Float32Array;
  /** 1 when the height came from data (height or levels tag), 0 when estimated. */
  heightKnown: Uint8Array;
  use: Uint8Array; // BuildingUse
  commune: Uint16Array;
}

export interface CityModel {
  meta: CityMeta;
  communes: CommuneTable;
  nodes: NodeTable;
  links: LinkTable;
  intersections: IntersectionTable;
  signals: SignalTable;
  lamps: LampTable;
  cabinets: CabinetTable;
  buildings: BuildingTable;
  /** Shared string pool for names and external ids. */
  strings: string[];
  /** Photometry references (generic luminaire file names), indexed by LampTable.photometry. */
  photometryRefs: string[];
}

export type { RoadClass, LightingClass };
