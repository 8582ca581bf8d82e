// What the parsers produce before the city frame is known: the builder's input types with
// WGS84 lon/lat instead of metres. project.ts turns them into builder input in one pass.

import type { BuildingInput, CommuneInput, LampInput, RoadInput, SignalInput } from '../city/builderInput.ts';

/** Road attributes without geometry: what tag mapping decides. */
export type RoadAttributes = Omit<RoadInput, 'xyM' | 'vertexKeys'>;

export interface RawRoad extends RoadAttributes {
  /** lon,lat pairs (degrees); projected in place into metres later. */
  lonLat: Float64Array;
  vertexKeys?: Float64Array;
}

export interface LonLat {
  lon: number;
  lat: number;
}

export type RawSignal = Omit<SignalInput, 'xM' | 'yM'> & LonLat;
export type RawLamp = Omit<LampInput, 'xM' | 'yM' | 'link'> & LonLat;

export interface RawBuilding extends Omit<BuildingInput, 'ringXYM'> {
  /** Open ring of lon,lat pairs. */
  lonLat: Float64Array;
}

export interface RawCommune extends Omit<CommuneInput, 'centreXM' | 'centreYM' | 'ringXYM' | 'radiusM'> {
  /** Outer rings (lon,lat pairs, open) and holes, from Polygon / MultiPolygon. */
  outerRings: Float64Array[];
  holes: Float64Array[];
}

/** Everything parsed from one or more files, in degrees. */
export interface RawCity {
  roads: RawRoad[];
  signals: RawSignal[];
  lamps: RawLamp[];
  buildings: RawBuilding[];
  communes: RawCommune[];
}

export function emptyRawCity(): RawCity {
  return { roads: [], signals: [], lamps: [], buildings: [], communes: [] };
}

/** True for a finite WGS84 coordinate pair. */
export function validLonLat(lon: unknown, lat: unknown): boolean {
  return (
    typeof lon === 'number' && typeof lat === 'number' &&
    Number.isFinite(lon) && Number.isFinite(lat) &&
    lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90
  );
}

/** Drops a closing point equal to the first (rings are stored open). */
export function openRing(lonLat: Float64Array): Float64Array {
  const n = lonLat.length;
  if (n >= 4 && lonLat[0] === lonLat[n - 2] && lonLat[1] === lonLat[n - 1]) return lonLat.subarray(0, n - 2);
  return lonLat;
}
