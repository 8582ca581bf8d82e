// The `.city` binary file: a versioned header, a JSON manifest, then each typed-array column
// deflated with its own CRC-32. A truncated, foreign or corrupt file is a CityFileError.

import { deflateSync, Inflate } from 'fflate';
import type { CityMeta, CityModel } from './model.ts';
import { crc32 } from '../crc32.ts';
import { validateCity, CityModelError } from './validate.ts';

export const CITY_FILE_MAGIC = 'CITYTWIN';
export const CITY_FILE_VERSION = 1;
const HEADER_BYTES = 32;
/** A manifest larger than this is not one we wrote (street names of a large region fit easily). */
const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

export class CityFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CityFileError';
  }
}

type DType = 'u8' | 'u16' | 'u32' | 'i32' | 'f32';
type TypedColumn = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array;

const CONSTRUCTORS: Record<DType, { new (buffer: ArrayBuffer, byteOffset?: number, length?: number): TypedColumn; BYTES_PER_ELEMENT: number }> = {
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  i32: Int32Array,
  f32: Float32Array,
};

/** The file's schema: every column of every table, with its element type. */
export const CITY_FILE_SCHEMA: Record<string, Record<string, DType>> = {
  communes: { population: 'u32', centreXM: 'f32', centreYM: 'f32', ringStart: 'u32', ringXYM: 'f32' },
  nodes: { xM: 'f32', yM: 'f32', intersection: 'i32' },
  links: {
    fromNode: 'u32', toNode: 'u32', lengthM: 'f32', roadClass: 'u8', lanes: 'u8', speedLimitKph: 'u8', flags: 'u8',
    reverse: 'i32', name: 'i32', commune: 'u16', lightingClass: 'u8', shapeStart: 'u32', shapeXYM: 'f32',
  },
  intersections: { node: 'u32', signalised: 'u8', signal: 'i32', commune: 'u16' },
  signals: { intersection: 'u32', approachStart: 'u32', approachLinks: 'u32', externalId: 'i32' },
  lamps: {
    xM: 'f32', yM: 'f32', mountingHeightM: 'f32', link: 'i32', technology: 'u8', ratedPowerW: 'f32', photometry: 'u16',
    lightingClass: 'u8', cabinet: 'u32', commune: 'u16', flags: 'u8', externalId: 'i32',
  },
  cabinets: { xM: 'f32', yM: 'f32', commune: 'u16' },
  buildings: { ringStart: 'u32', ringXYM: 'f32', heightM: 'f32', heightKnown: 'u8', use: 'u8', commune: 'u16' },
};

interface SectionEntry {
  column: string; // "table.column"
  dtype: DType;
  offset: number;
  byteLength: number;
  rawByteLength: number;
  crc32: number;
}

interface Manifest {
  format: 'city-twin';
  version: number;
  meta: CityMeta;
  counts: Record<string, number>;
  communeNames: string[];
  communeInseeCodes: string[];
  strings: string[];
  photometryRefs: string[];
  sections: SectionEntry[];
}

const align8 = (n: number) => (n + 7) & ~7;

/** Columns whose length is not fixed by the row count (polyline points, rings, approach lists). */
const FREE_COLUMNS = new Set(['communes.ringXYM', 'links.shapeXYM', 'signals.approachLinks', 'buildings.ringXYM']);
/** Columns with one more entry than rows (offsets). */
const OFFSET_COLUMNS = new Set(['communes.ringStart', 'links.shapeStart', 'signals.approachStart', 'buildings.ringStart']);
/** Deflate cannot expand data by more than about 1032:1; typed columns compress far less. */
const MAX_INFLATE_RATIO = 1100;
const MAX_COLUMN_BYTES = 1024 * 1024 * 1024;

/**
 * Inflates into exactly `rawByteLength` bytes, stopping as soon as the stream would produce more
 * (fflate's one-shot inflate decodes everything and truncates silently: a bomb would run on).
 */
function inflateExactly(compressed: Uint8Array, rawByteLength: number): Uint8Array {
  const out = new Uint8Array(rawByteLength);
  let written = 0;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    if (written + chunk.length > rawByteLength) throw new Error(`inflates to more than the ${rawByteLength} bytes declared`);
    out.set(chunk, written);
    written += chunk.length;
    if (final) ended = true;
  });
  const CHUNK = 64 * 1024;
  for (let i = 0; i < compressed.length; i += CHUNK) inflater.push(compressed.subarray(i, Math.min(compressed.length, i + CHUNK)), i + CHUNK >= compressed.length);
  if (compressed.length === 0) inflater.push(compressed, true);
  if (!ended || written !== rawByteLength) throw new Error(`inflated to ${written} bytes, expected ${rawByteLength}`);
  return out;
}

export function encodeCity(model: CityModel): Uint8Array {
  validateCity(model);
  const payloads: { entry: Omit<SectionEntry, 'offset'>; bytes: Uint8Array }[] = [];
  const counts: Record<string, number> = {};
  for (const [table, columns] of Object.entries(CITY_FILE_SCHEMA)) {
    const t = (model as unknown as Record<string, Record<string, unknown>>)[table];
    counts[table] = t.count as number;
    for (const [column, dtype] of Object.entries(columns)) {
      const col = t[column] as TypedColumn;
      const raw = new Uint8Array(col.buffer, col.byteOffset, col.byteLength);
      const bytes = deflateSync(raw, { level: 6 });
      payloads.push({ entry: { column: `${table}.${column}`, dtype, byteLength: bytes.length, rawByteLength: raw.length, crc32: crc32(raw) }, bytes });
    }
  }
  // Offsets depend on the manifest's length, which depends on the offsets: lay out twice.
  const build = (base: number): Manifest => {
    let offset = base;
    const sections: SectionEntry[] = payloads.map((p) => {
      const e = { ...p.entry, offset };
      offset = align8(offset + p.bytes.length);
      return e;
    });
    return {
      format: 'city-twin',
      version: CITY_FILE_VERSION,
      meta: model.meta,
      counts,
      communeNames: model.communes.name,
      communeInseeCodes: model.communes.inseeCode,
      strings: model.strings,
      photometryRefs: model.photometryRefs,
      sections,
    };
  };
  const enc = new TextEncoder();
  let manifestBytes = enc.encode(JSON.stringify(build(0)));
  let base = align8(HEADER_BYTES + manifestBytes.length + 64);
  for (;;) {
    manifestBytes = enc.encode(JSON.stringify(build(base)));
    if (align8(HEADER_BYTES + manifestBytes.length) <= base) break;
    base = align8(HEADER_BYTES + manifestBytes.length + 64);
  }
  const manifest = build(base);
  const last = manifest.sections[manifest.sections.length - 1];
  const total = last ? last.offset + last.byteLength : base;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) out[i] = CITY_FILE_MAGIC.charCodeAt(i);
  view.setUint32(8, CITY_FILE_VERSION, true);
  view.setUint32(12, HEADER_BYTES, true);
  view.setUint32(16, total % 2 ** 32, true);
  view.setUint32(20, Math.floor(total / 2 ** 32), true);
  view.setUint32(24, manifestBytes.length, true);
  view.setUint32(28, crc32(manifestBytes), true);
  out.set(manifestBytes, HEADER_BYTES);
  payloads.forEach((p, i) => out.set(p.bytes, manifest.sections[i].offset));
  return out;
}

export function decodeCity(bytes: Uint8Array, fileName = 'city file'): CityModel {
  const where = (what: string) => new CityFileError(`${fileName}: ${what}`);
  if (bytes.length < HEADER_BYTES) throw where(`too short to be a city file (${bytes.length} bytes)`);
  let magic = '';
  for (let i = 0; i < 8; i++) magic += String.fromCharCode(bytes[i]);
  if (magic !== CITY_FILE_MAGIC) throw where('not a city file (wrong signature); import OSM or GeoJSON data with `npm run city:import` first');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version > CITY_FILE_VERSION) throw where(`format version ${version} is newer than this program reads (${CITY_FILE_VERSION}); update the app`);
  if (version < 1) throw where(`unknown format version ${version}`);
  const total = view.getUint32(16, true) + view.getUint32(20, true) * 2 ** 32;
  if (bytes.length < total) throw where(`truncated: ${bytes.length} bytes of ${total}`);
  if (bytes.length > total) throw where(`${bytes.length - total} unexpected bytes after the end of the file`);
  const manifestLength = view.getUint32(24, true);
  if (manifestLength > MAX_MANIFEST_BYTES || HEADER_BYTES + manifestLength > total) throw where('corrupt header (manifest length)');
  const manifestBytes = bytes.subarray(HEADER_BYTES, HEADER_BYTES + manifestLength);
  if (crc32(manifestBytes) !== view.getUint32(28, true)) throw where('corrupt manifest (checksum mismatch)');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifestBytes)) as Manifest;
  } catch (e) {
    throw where(`corrupt manifest (${(e as Error).message})`);
  }
  if (manifest?.format !== 'city-twin' || !Array.isArray(manifest.sections)) throw where('corrupt manifest (not a city manifest)');

  const tables: Record<string, Record<string, unknown>> = {};
  for (const [table, columns] of Object.entries(CITY_FILE_SCHEMA)) {
    const count = manifest.counts?.[table];
    if (!Number.isInteger(count) || count < 0) throw where(`corrupt manifest (row count of ${table})`);
    tables[table] = { count };
    for (const column of Object.keys(columns)) tables[table][column] = undefined;
  }
  const seenColumns = new Set<string>();
  const ranges: [number, number][] = [];
  for (const s of manifest.sections) {
    if (!s || typeof s !== 'object') throw where('corrupt manifest (a section is not an object)');
    const [table, column] = String(s.column).split('.');
    const expected = CITY_FILE_SCHEMA[table]?.[column];
    if (!expected) throw where(`unknown column ${s.column}`);
    if (seenColumns.has(s.column)) throw where(`column ${s.column} appears twice`);
    seenColumns.add(s.column);
    if (s.dtype !== expected) throw where(`column ${s.column} has type ${s.dtype}, expected ${expected}`);
    const ctor = CONSTRUCTORS[expected];
    if (!Number.isInteger(s.offset) || !Number.isInteger(s.byteLength) || s.offset < HEADER_BYTES || s.byteLength < 0 || s.offset + s.byteLength > total) {
      throw where(`column ${s.column} lies outside the file`);
    }
    ranges.push([s.offset, s.offset + s.byteLength]);
    const rows = tables[table].count as number;
    const fixedElements = OFFSET_COLUMNS.has(s.column) ? rows + 1 : FREE_COLUMNS.has(s.column) ? null : rows;
    const sizeOk =
      Number.isInteger(s.rawByteLength) &&
      s.rawByteLength >= 0 &&
      s.rawByteLength % ctor.BYTES_PER_ELEMENT === 0 &&
      (fixedElements === null
        ? s.rawByteLength <= Math.min(MAX_COLUMN_BYTES, MAX_INFLATE_RATIO * (s.byteLength + 64))
        : s.rawByteLength === fixedElements * ctor.BYTES_PER_ELEMENT);
    if (!sizeOk) throw where(`column ${s.column} has a bad size (${s.rawByteLength} bytes for ${rows} rows)`);
    let raw: Uint8Array;
    try {
      raw = inflateExactly(bytes.subarray(s.offset, s.offset + s.byteLength), s.rawByteLength);
    } catch (e) {
      throw where(`column ${s.column} is corrupt (${(e as Error).message})`);
    }
    if (crc32(raw) !== s.crc32) throw where(`column ${s.column} is corrupt (checksum mismatch)`);
    tables[table][column] = new ctor(raw.buffer as ArrayBuffer, 0, s.rawByteLength / ctor.BYTES_PER_ELEMENT);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ranges.length; i++) if (ranges[i][0] < ranges[i - 1][1]) throw where('corrupt manifest (columns overlap)');
  for (const [table, columns] of Object.entries(CITY_FILE_SCHEMA)) {
    for (const column of Object.keys(columns)) if (!seenColumns.has(`${table}.${column}`)) throw where(`column ${table}.${column} is missing`);
  }
  const isStringArray = (a: unknown, n?: number) => Array.isArray(a) && a.every((x) => typeof x === 'string') && (n === undefined || a.length === n);
  if (!isStringArray(manifest.communeNames, tables.communes.count as number) || !isStringArray(manifest.communeInseeCodes, tables.communes.count as number)) {
    throw where('corrupt manifest (commune names)');
  }
  if (!isStringArray(manifest.strings) || !isStringArray(manifest.photometryRefs)) throw where('corrupt manifest (strings)');
  const meta = manifest.meta as unknown as Record<string, unknown> | null;
  const frame = meta?.frame as Record<string, unknown> | undefined;
  if (
    !meta || typeof meta.name !== 'string' || (meta.source !== 'generated' && meta.source !== 'imported') || !Array.isArray(meta.sources) ||
    !frame || !Number.isFinite(frame.originLat) || !Number.isFinite(frame.originLon) || Math.abs(frame.originLat as number) > 90 || Math.abs(frame.originLon as number) > 180 ||
    !meta.importReport || typeof meta.importReport !== 'object'
  ) {
    throw where('corrupt manifest (meta)');
  }
  tables.communes.name = manifest.communeNames;
  tables.communes.inseeCode = manifest.communeInseeCodes;
  const model = {
    meta: manifest.meta,
    ...tables,
    strings: manifest.strings,
    photometryRefs: manifest.photometryRefs,
  } as unknown as CityModel;
  try {
    validateCity(model);
  } catch (e) {
    if (e instanceof CityModelError) throw where(e.message);
    throw e;
  }
  return model;
}
