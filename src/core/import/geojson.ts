// GeoJSON reading shared by the road, inventory and commune importers: the FeatureCollection
// check, and geometry readers that keep valid WGS84 parts and count what they drop, by reason.

import { ImportError, formatBytes, type ImportLimits } from './limits.ts';
import { isGzip, maybeGunzip } from './bytes.ts';
import { validLonLat, type LonLat } from './raw.ts';
import type { ImportReport } from './report.ts';

export interface GeoJsonFeature {
  type?: unknown;
  id?: unknown;
  properties?: Record<string, unknown> | null;
  geometry?: { type?: unknown; coordinates?: unknown; geometries?: unknown } | null;
}

/** CRS names old GeoJSON files may carry that still mean WGS84 lon/lat. */
const WGS84_CRS = /(CRS84|EPSG::?4326|EPSG:4326)$/i;

/**
 * Parses bytes (gzip or not) into the features of a FeatureCollection, or throws ImportError.
 * Memory is bounded before JSON.parse: the text by maxJsonBytes (while gunzipping), its arrays
 * and objects by maxJsonContainers (a byte scan); then positions by maxCoordinates.
 */
export function readFeatureCollection(bytes: Uint8Array, file: string, limits: ImportLimits): GeoJsonFeature[] {
  if (!isGzip(bytes) && bytes.length > limits.maxJsonBytes) {
    throw new ImportError(`JSON text of ${formatBytes(bytes.length)}, above the limit of ${formatBytes(limits.maxJsonBytes)} (maxJsonBytes)`, { file });
  }
  const data = maybeGunzip(bytes, file, limits, { maxBytes: limits.maxJsonBytes, limit: 'maxJsonBytes', what: 'JSON text' });
  if (data.length > limits.maxJsonBytes) {
    throw new ImportError(`JSON text of ${formatBytes(data.length)}, above the limit of ${formatBytes(limits.maxJsonBytes)} (maxJsonBytes)`, { file });
  }
  const past = containerPastLimit(data, limits.maxJsonContainers);
  if (past >= 0) {
    throw new ImportError(`more than ${limits.maxJsonContainers} JSON arrays and objects (limit maxJsonContainers; every coordinate position is one array)`, { file, byteOffset: past });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8').decode(data);
  } catch (e) {
    throw new ImportError(`too large to decode as one JSON text (${(e as Error).message})`, { file });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`not valid JSON: ${(e as Error).message}`, { file });
  }
  return featuresOf(json, file, limits);
}

/**
 * Byte offset of the first array or object (a `[` or `{` outside strings) beyond the first
 * `max`, or -1 when the text has no more than `max`. UTF-8 never uses these bytes inside a
 * multi-byte character, so the scan works on the bytes.
 */
export function containerPastLimit(data: Uint8Array, max: number): number {
  let n = 0;
  let inString = false;
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if ((c === 0x5b /* [ */ || c === 0x7b) /* { */ && ++n > max) return i;
  }
  return -1;
}

export function featuresOf(json: unknown, file: string, limits: ImportLimits): GeoJsonFeature[] {
  const obj = json as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } } | null;
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new ImportError('not GeoJSON: the JSON is not an object', { file });
  if (obj.type !== 'FeatureCollection' || !Array.isArray(obj.features)) {
    throw new ImportError(`not a GeoJSON FeatureCollection (type is ${JSON.stringify(obj.type)?.slice(0, 40) ?? 'missing'})`, { file });
  }
  const crs = obj.crs?.properties?.name;
  if (typeof crs === 'string' && !WGS84_CRS.test(crs)) {
    throw new ImportError(`unsupported CRS "${crs.slice(0, 80)}": coordinates must be WGS84 lon/lat (EPSG:4326)`, { file });
  }
  if (obj.features.length > limits.maxElements) {
    throw new ImportError(`${obj.features.length} features, above the limit of ${limits.maxElements} (maxElements)`, { file });
  }
  const features = obj.features as GeoJsonFeature[];
  let positions = 0;
  for (let i = 0; i < features.length; i++) {
    positions += positionCount(features[i]);
    if (positions > limits.maxCoordinates) {
      throw new ImportError(`more than ${limits.maxCoordinates} coordinate positions (limit maxCoordinates)`, { file, featureIndex: i });
    }
  }
  return features;
}

/** Nesting of positions in each geometry type the readers accept: Point 0, LineString 1… */
const POSITION_DEPTH: ReadonlyMap<string, number> = new Map([
  ['Point', 0], ['MultiPoint', 1], ['LineString', 1], ['MultiLineString', 2], ['Polygon', 2], ['MultiPolygon', 3],
]);

/** Positions a feature's geometry holds (what the readers would read), by array lengths. */
function positionCount(f: GeoJsonFeature): number {
  if (f === null || typeof f !== 'object') return 0;
  const g = f.geometry;
  const depth = g && typeof g === 'object' && typeof g.type === 'string' ? POSITION_DEPTH.get(g.type) : undefined;
  if (depth === undefined) return 0;
  const count = (v: unknown, d: number): number => {
    if (!Array.isArray(v)) return 0;
    if (d === 0) return 1;
    if (d === 1) return v.length;
    let n = 0;
    for (const x of v) n += count(x, d - 1);
    return n;
  };
  return count(g!.coordinates, depth);
}

/**
 * Valid lon,lat pairs of one coordinate array; invalid positions (NaN, ±Infinity, out of
 * range, not numbers) are dropped and counted under `${prefix}PointsDroppedBadCoordinate`.
 */
function readPositions(coords: unknown, report: ImportReport, prefix: string): { lonLat: Float64Array; bad: number } | null {
  if (!Array.isArray(coords)) return null;
  const out = new Float64Array(coords.length * 2);
  let n = 0;
  let bad = 0;
  for (const p of coords) {
    if (Array.isArray(p) && validLonLat(p[0], p[1])) {
      out[n++] = p[0];
      out[n++] = p[1];
    } else bad++;
  }
  if (bad) report.add(`${prefix}PointsDroppedBadCoordinate`, bad);
  return { lonLat: out.subarray(0, n), bad };
}

function geometryType(f: GeoJsonFeature): string | null {
  const g = f.geometry;
  return g && typeof g === 'object' && typeof g.type === 'string' ? g.type : null;
}

/** Skip reason when the feature has no usable geometry of the accepted types, else null. */
function checkGeometry(f: GeoJsonFeature, accepted: readonly string[], report: ImportReport, prefix: string, index: number): string | null {
  if (f === null || typeof f !== 'object' || f.type !== 'Feature') {
    report.skip(`${prefix}SkippedNotAFeature`, index);
    return null;
  }
  const t = geometryType(f);
  if (t === null) {
    report.skip(`${prefix}SkippedNoGeometry`, index);
    return null;
  }
  if (!accepted.includes(t)) {
    report.skip(`${prefix}SkippedGeometryType`, index);
    return null;
  }
  return t;
}

/** Polylines (each ≥ 2 valid points) of a LineString or MultiLineString feature. */
export function readLines(f: GeoJsonFeature, report: ImportReport, prefix: string, index: number): Float64Array[] {
  const t = checkGeometry(f, ['LineString', 'MultiLineString'], report, prefix, index);
  if (!t) return [];
  const coords = f.geometry!.coordinates;
  const parts = t === 'LineString' ? [coords] : Array.isArray(coords) ? coords : [];
  const lines: Float64Array[] = [];
  let anyBad = false;
  for (const part of parts) {
    const r = readPositions(part, report, prefix);
    if (r === null || r.bad) anyBad = true;
    if (r === null) continue;
    if (r.lonLat.length >= 4) lines.push(r.lonLat);
  }
  if (lines.length === 0) report.skip(anyBad ? `${prefix}SkippedBadCoordinates` : `${prefix}SkippedTooFewPoints`, index);
  return lines;
}

/** Positions of a Point or MultiPoint feature. */
export function readPoints(f: GeoJsonFeature, report: ImportReport, prefix: string, index: number): LonLat[] {
  const t = checkGeometry(f, ['Point', 'MultiPoint'], report, prefix, index);
  if (!t) return [];
  const coords = f.geometry!.coordinates;
  const r = readPositions(t === 'Point' ? [coords] : coords, report, prefix);
  const out: LonLat[] = [];
  if (r) for (let i = 0; i < r.lonLat.length; i += 2) out.push({ lon: r.lonLat[i], lat: r.lonLat[i + 1] });
  if (out.length === 0) report.skip(`${prefix}SkippedBadCoordinates`, index);
  return out;
}

/** Outer rings and holes (open, ≥ 3 points) of a Polygon or MultiPolygon feature. */
export function readPolygons(f: GeoJsonFeature, report: ImportReport, prefix: string, index: number): { outer: Float64Array[]; holes: Float64Array[] } {
  const res = { outer: [] as Float64Array[], holes: [] as Float64Array[] };
  const t = checkGeometry(f, ['Polygon', 'MultiPolygon'], report, prefix, index);
  if (!t) return res;
  const coords = f.geometry!.coordinates;
  const polygons = t === 'Polygon' ? [coords] : Array.isArray(coords) ? coords : [];
  for (const poly of polygons) {
    if (!Array.isArray(poly)) continue;
    poly.forEach((ring, k) => {
      const r = readPositions(ring, report, prefix);
      if (!r) return;
      let ll = r.lonLat;
      if (ll.length >= 4 && ll[0] === ll[ll.length - 2] && ll[1] === ll[ll.length - 1]) ll = ll.subarray(0, ll.length - 2);
      if (ll.length >= 6) (k === 0 ? res.outer : res.holes).push(ll);
    });
  }
  if (res.outer.length === 0) report.skip(`${prefix}SkippedBadCoordinates`, index);
  return res;
}

/** First property among `names` that is a non-empty string or a finite number. */
export function prop(p: Record<string, unknown> | null | undefined, names: readonly string[]): string | number | undefined {
  if (!p) return undefined;
  for (const n of names) {
    const v = p[n];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
}

export function propString(p: Record<string, unknown> | null | undefined, names: readonly string[]): string | undefined {
  const v = prop(p, names);
  return v === undefined ? undefined : String(v);
}

export function propNumber(p: Record<string, unknown> | null | undefined, names: readonly string[]): number | undefined {
  const v = prop(p, names);
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : Number(v.replace(',', '.'));
  return Number.isFinite(n) ? n : undefined;
}

/** The feature's id (GeoJSON `id`, else the first id-like property) as a string. */
export function featureId(f: GeoJsonFeature, idProps: readonly string[]): string | undefined {
  if ((typeof f.id === 'string' && f.id !== '') || (typeof f.id === 'number' && Number.isFinite(f.id))) return String(f.id);
  return propString(f.properties, idProps);
}
