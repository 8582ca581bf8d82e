// The import entry point shared by the CLI and the browser: detects each file's format and
// role, parses, merges the sources and returns the builder's input (then buildCity makes the model).

import type { CityBuildInput } from '../city/builder.ts';
import { ImportError, checkInputSize, resolveLimits, type ImportLimits } from './limits.ts';
import { ImportReport, mergeReport } from './report.ts';
import { gunzipHead, isGzip, maybeGunzip, sniffFormat } from './bytes.ts';
import { parseOsmXml } from './osmXml.ts';
import { parseOsmPbf } from './osmPbf.ts';
import { readFeatureCollection, type GeoJsonFeature } from './geojson.ts';
import { parseRoadFeatures } from './geojsonRoads.ts';
import { parseLampFeatures, parseSignalFeatures } from './inventories.ts';
import { parseCommuneFeatures } from './communes.ts';
import { bboxOf, frameOf, projectRawCity } from './project.ts';
import { emptyRawCity, type RawCity, type RawLamp, type RawRoad, type RawSignal } from './raw.ts';

export { ImportError, DEFAULT_IMPORT_LIMITS, type ImportLimits } from './limits.ts';

export type ImportRole = 'osm' | 'roads' | 'lamps' | 'signals' | 'communes';
export type ImportFormat = 'osm-xml' | 'osm-pbf' | 'geojson';

export interface ImportFile {
  name: string;
  bytes: Uint8Array;
  role?: ImportRole;
}

export interface ImportOptions {
  /** City name; default: the first file's name without its extensions. */
  name: string;
  limits: Partial<ImportLimits>;
  /**
   * OSM `highway=street_lamp` nodes as the lamp table: 'auto' uses them only when they are
   * dense enough to be a real inventory (osmLampsMinPerKm), else lamps are synthesised.
   */
  osmLamps: 'auto' | 'always' | 'never';
  osmLampsMinPerKm: number;
  /** Lamps, signals and buildings further than this outside the roads' box are dropped. */
  areaMarginM: number;
}

export const DEFAULT_IMPORT_OPTIONS: Omit<ImportOptions, 'name' | 'limits'> = {
  osmLamps: 'auto',
  osmLampsMinPerKm: 10,
  areaMarginM: 1000,
};

/** Builder input plus human-readable notes (skips with feature indices, overridden sources). */
export interface ImportedCity extends CityBuildInput {
  warnings: string[];
}

const SNIFF_BYTES = 64 * 1024;

/** The format of a file from its content (gzip looked through), falling back on its name. */
export function detectFormat(file: { name: string; bytes: Uint8Array }): ImportFormat {
  const head = isGzip(file.bytes) ? gunzipHead(file.bytes, SNIFF_BYTES) : file.bytes.subarray(0, SNIFF_BYTES);
  const sniffed = sniffFormat(head);
  if (sniffed === 'osm-pbf') return 'osm-pbf';
  if (sniffed === 'osm-xml' || sniffed === 'xml') return 'osm-xml';
  if (sniffed === 'json') return 'geojson';
  const n = file.name.toLowerCase().replace(/\.gz$/, '');
  if (n.endsWith('.pbf')) return 'osm-pbf';
  if (n.endsWith('.osm') || n.endsWith('.xml')) return 'osm-xml';
  if (n.endsWith('.geojson') || n.endsWith('.json')) return 'geojson';
  const hex = Array.from(head.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  throw new ImportError(`unrecognised format: expected OSM XML, OSM PBF or GeoJSON (first bytes: ${hex || 'none'})`, { file: file.name });
}

/** Role of a GeoJSON file from its geometry, properties and name, when not given. */
export function guessGeoJsonRole(name: string, features: readonly GeoJsonFeature[]): Exclude<ImportRole, 'osm'> {
  const first = features.find((f) => f && typeof f === 'object' && f.geometry && typeof f.geometry.type === 'string');
  const type = first?.geometry?.type as string | undefined;
  if (type === 'LineString' || type === 'MultiLineString') return 'roads';
  if (type === 'Polygon' || type === 'MultiPolygon') return 'communes';
  if (type === 'Point' || type === 'MultiPoint') {
    const p = first?.properties ?? {};
    if ('type_lante' in p || /lamp|light|eclairage|éclairage|lumin|lanterne/i.test(name)) return 'lamps';
    if ('CAR_LIEU' in p || /signal|feux|carrefour/i.test(name)) return 'signals';
    throw new ImportError('points file: cannot tell whether it lists lamps or signals; give its role (--lamps or --signals)', { file: name });
  }
  throw new ImportError(`cannot tell what this GeoJSON holds (first geometry: ${type ?? 'none'}); give its role`, { file: name });
}

interface ParsedSources {
  osm: RawCity[];
  roads: RawRoad[][];
  lamps: RawLamp[][];
  signals: RawSignal[][];
  raw: RawCity;
  osmNames: string[];
  roadNames: string[];
}

export function importCity(files: readonly ImportFile[], options: Partial<ImportOptions> = {}): ImportedCity {
  const opts = { ...DEFAULT_IMPORT_OPTIONS, ...options };
  const limits = resolveLimits(options.limits);
  if (files.length === 0) throw new ImportError('no input files');
  const report = new ImportReport();
  const parsed: ParsedSources = { osm: [], roads: [], lamps: [], signals: [], raw: emptyRawCity(), osmNames: [], roadNames: [] };
  for (const file of files) parseFile(file, limits, parsed, report);

  // Merge: explicit road / lamp / signal files take precedence over what OSM gives.
  const raw = parsed.raw;
  const osmRoads = parsed.osm.flatMap((o) => o.roads);
  const fileRoads = parsed.roads.flat();
  if (fileRoads.length && osmRoads.length) report.warn(`roads from ${parsed.roadNames.join(', ')} replace the ${osmRoads.length} OSM roads of ${parsed.osmNames.join(', ')}`);
  raw.roads = fileRoads.length ? fileRoads : osmRoads;
  checkRoadPoints(raw.roads, limits);
  raw.buildings = parsed.osm.flatMap((o) => o.buildings);

  const osmSignals = parsed.osm.flatMap((o) => o.signals);
  const fileSignals = parsed.signals.flat();
  if (fileSignals.length && osmSignals.length) report.warn(`the signal inventory replaces ${osmSignals.length} OSM traffic_signals nodes`);
  raw.signals = fileSignals.length ? fileSignals : fileRoads.length ? osmSignals.map(({ vertexKey: _unused, ...s }) => s) : osmSignals;

  const osmLamps = parsed.osm.flatMap((o) => o.lamps);
  const fileLamps = parsed.lamps.flat();
  raw.lamps = fileLamps.length ? fileLamps : osmLamps;

  if (raw.roads.length === 0) {
    const reasons = report.describeSkips('roads');
    throw new ImportError(`no usable roads in ${files.map((f) => f.name).join(', ')}${reasons.length ? `: ${reasons.join('; ')}` : ''}`);
  }
  const box = bboxOf(raw)!;
  const frame = frameOf(box);
  const projected = projectRawCity(raw, frame, report, opts.areaMarginM);

  let lamps: CityBuildInput['lamps'] = projected.lamps;
  if (fileLamps.length === 0) {
    const roadKm = totalLengthM(projected.roads) / 1000;
    const perKm = roadKm > 0 ? projected.lamps.length / roadKm : 0;
    const useOsm = opts.osmLamps === 'always' || (opts.osmLamps === 'auto' && projected.lamps.length > 0 && perKm >= opts.osmLampsMinPerKm);
    if (!useOsm) {
      if (projected.lamps.length) {
        report.add('osmStreetLampsNotUsed', projected.lamps.length);
        report.warn(`${projected.lamps.length} OSM street lamps (${perKm.toFixed(1)} per road km) are too sparse to be an inventory: lamps are synthesised instead`);
      }
      lamps = null;
    }
  }
  if (fileLamps.length && projected.lamps.length === 0) report.warn('every lamp of the inventory lies outside the road network area');

  const name = options.name ?? baseName(files[0].name);
  return {
    name,
    source: 'imported',
    sources: files.map((f) => f.name),
    seed: null,
    frame,
    roads: projected.roads,
    signals: projected.signals,
    lamps,
    buildings: projected.buildings,
    communes: projected.communes,
    report: report.counts,
    warnings: report.warnings,
  };
}

function parseFile(file: ImportFile, limits: ImportLimits, parsed: ParsedSources, global: ImportReport): void {
  checkInputSize(file.name, file.bytes.length, limits);
  const report = new ImportReport();
  const format = detectFormat(file);
  if (format !== 'geojson') {
    if (file.role !== undefined && file.role !== 'osm') {
      throw new ImportError(`this is an OSM file (${format}), not a GeoJSON ${file.role} file`, { file: file.name });
    }
    const city = format === 'osm-pbf'
      ? parseOsmPbf(maybeGunzip(file.bytes, file.name, limits), file.name, limits, report)
      : parseOsmXml(file.bytes, file.name, limits, report);
    parsed.osm.push(city);
    parsed.osmNames.push(file.name);
    noteSkips(report, file.name, 'roads', 'way ');
    noteSkips(report, file.name, 'buildings', 'way '); // buildingsSkipped*: closed ways
    noteSkips(report, file.name, 'buildingRelations', 'relation '); // buildingRelationsSkipped*: multipolygons
  } else {
    if (file.role === 'osm') throw new ImportError('given as OSM but this is JSON (GeoJSON is read with --roads, --lamps, --signals or --communes)', { file: file.name });
    const features = readFeatureCollection(file.bytes, file.name, limits);
    const role = file.role ?? guessGeoJsonRole(file.name, features);
    if (role === 'roads') {
      const roads = parseRoadFeatures(features, report);
      if (roads.length === 0) throw new ImportError(`no usable road centrelines among ${features.length} features${describe(report, 'roads')}`, { file: file.name });
      parsed.roads.push(roads);
      parsed.roadNames.push(file.name);
    } else if (role === 'lamps') {
      const lamps = parseLampFeatures(features, report);
      if (lamps.length === 0) throw new ImportError(`no usable lamp points among ${features.length} features${describe(report, 'lamps')}`, { file: file.name });
      parsed.lamps.push(lamps);
    } else if (role === 'signals') {
      const signals = parseSignalFeatures(features, report);
      if (signals.length === 0) throw new ImportError(`no usable signal points among ${features.length} features${describe(report, 'signals')}`, { file: file.name });
      parsed.signals.push(signals);
    } else {
      const communes = parseCommuneFeatures(features, report);
      if (communes.length === 0) throw new ImportError(`no usable commune polygons among ${features.length} features${describe(report, 'communes')}`, { file: file.name });
      parsed.raw.communes.push(...communes);
    }
    noteSkips(report, file.name, role, '#');
  }
  mergeReport(global, report);
}

/** The builder interns road vertices in a Map: their total must stay below V8's Map limit. */
function checkRoadPoints(roads: readonly RawRoad[], limits: ImportLimits): void {
  let points = 0;
  for (const r of roads) points += r.lonLat.length / 2;
  if (points > limits.maxCoordinates) {
    throw new ImportError(`${points} road points in all the inputs, above the limit of ${limits.maxCoordinates} (maxCoordinates)`);
  }
}

function describe(report: ImportReport, prefix: string): string {
  const lines = report.describeSkips(prefix);
  return lines.length ? `: ${lines.join('; ')}` : '';
}

function noteSkips(report: ImportReport, file: string, prefix: string, label: string): void {
  const lines = report.describeSkips(prefix, label);
  if (lines.length) report.warn(`${file}: skipped ${lines.join('; ')}`);
}

function totalLengthM(roads: readonly { xyM: ArrayLike<number> }[]): number {
  let m = 0;
  for (const r of roads) for (let i = 2; i + 1 < r.xyM.length; i += 2) m += Math.hypot(r.xyM[i] - r.xyM[i - 2], r.xyM[i + 1] - r.xyM[i - 1]);
  return m;
}

function baseName(path: string): string {
  const file = path.split(/[\\/]/).pop() ?? path;
  return file.replace(/(\.(gz|osm|xml|pbf|geojson|json))+$/i, '') || file;
}
