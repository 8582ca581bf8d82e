// OSM PBF reader (.osm.pbf): walks the file's blobs with bounds and size checks, inflates
// zlib blobs (fflate), decodes nodes, dense nodes, ways and relations into an OsmCollector.

import { Unzlib } from 'fflate';
import { ImportError, formatBytes, type ImportLimits } from './limits.ts';
import type { ImportReport } from './report.ts';
import type { RawCity } from './raw.ts';
import { OsmCollector, type OsmMember } from './osmCollector.ts';
import { ProtoReader, ProtobufError, readInt64, readSvarint, readVarint } from './protobuf.ts';

/** Limits from the PBF specification: BlobHeader < 64 KiB, a blob's data ≤ 32 MiB. */
export const PBF_MAX_HEADER_BYTES = 64 * 1024;
export const PBF_MAX_BLOB_BYTES = 32 * 1024 * 1024;
const SUPPORTED_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes', 'HistoricalInformation']);
const MEMBER_TYPES: OsmMember['type'][] = ['node', 'way', 'relation'];
/** zlib bytes inflated per step: one step gives at most ~4 MiB (deflate ≤ ~1032:1) before raw_size is checked. */
const INFLATE_STEP_BYTES = 4 * 1024;

export function parseOsmPbf(bytes: Uint8Array, file: string, limits: ImportLimits, report: ImportReport): RawCity {
  const collector = new OsmCollector(file, limits, report);
  const utf8 = new TextDecoder('utf-8');
  let pos = 0;
  let blobIndex = 0;
  let inflatedBytes = 0;
  while (pos < bytes.length) {
    const blobStart = pos;
    const fail = (msg: string, at = blobStart): never => {
      throw new ImportError(msg, { file, byteOffset: at, element: `blob ${blobIndex}` });
    };
    if (pos + 4 > bytes.length) fail('truncated PBF (cut inside a blob header length)');
    const headerLen = ((bytes[pos] << 24) | (bytes[pos + 1] << 16) | (bytes[pos + 2] << 8) | bytes[pos + 3]) >>> 0;
    pos += 4;
    if (headerLen === 0 || headerLen > PBF_MAX_HEADER_BYTES) {
      fail(blobIndex === 0 ? 'not an OSM PBF file (no valid BlobHeader at the start)' : `corrupt PBF: BlobHeader of ${headerLen} bytes`);
    }
    if (pos + headerLen > bytes.length) fail('truncated PBF (cut inside a BlobHeader)');
    let type = '';
    let dataSize = -1;
    try {
      const h = new ProtoReader(bytes, pos, pos + headerLen);
      while (!h.done) {
        const [field, wire] = h.key();
        if (field === 1 && wire === 2) type = utf8.decode(h.bytes());
        else if (field === 3 && wire === 0) dataSize = h.varint();
        else h.skip(wire);
      }
    } catch (e) {
      if (e instanceof ProtobufError) fail(blobIndex === 0 ? 'not an OSM PBF file (unreadable BlobHeader)' : `corrupt PBF BlobHeader: ${e.message}`);
      throw e;
    }
    pos += headerLen;
    if (blobIndex === 0 && type !== 'OSMHeader') fail(`not an OSM PBF file (first blob is "${type.slice(0, 40)}", expected OSMHeader)`);
    if (dataSize < 0 || dataSize > PBF_MAX_BLOB_BYTES) fail(`corrupt PBF: blob size ${dataSize}`);
    if (pos + dataSize > bytes.length) fail(`truncated PBF (blob of ${dataSize} bytes, ${bytes.length - pos} left)`);
    const blobEnd = pos + dataSize;
    /** Counts a blob's output against maxDecompressedBytes, before it is inflated. */
    const reserve = (n: number) => {
      inflatedBytes += n;
      if (inflatedBytes > limits.maxDecompressedBytes) fail(`PBF expands beyond the limit of ${formatBytes(limits.maxDecompressedBytes)} (maxDecompressedBytes)`);
    };
    let data: Uint8Array;
    try {
      data = readBlob(bytes, pos, blobEnd, reserve, fail);
    } catch (e) {
      if (e instanceof ProtobufError) return fail(`corrupt PBF blob: ${e.message}`);
      if (e instanceof ImportError) throw e;
      return fail(`corrupt PBF blob: ${(e as Error).message}`);
    }
    try {
      if (type === 'OSMHeader') readHeaderBlock(data, utf8, fail);
      else if (type === 'OSMData') readPrimitiveBlock(data, utf8, collector, report);
      // other blob types are ignored, as the specification asks
    } catch (e) {
      if (e instanceof ProtobufError) fail(`corrupt PBF ${type} block: ${e.message} (at byte ${e.offset} of the block)`);
      throw e;
    }
    pos = blobEnd;
    blobIndex++;
  }
  if (blobIndex === 0) throw new ImportError('empty PBF file', { file });
  return collector.finish();
}

/**
 * A blob's data: raw, or inflated into exactly raw_size bytes. The zlib stream is inflated in
 * steps of bounded output and stopped (ImportError through fail) as soon as it gives more than
 * raw_size, or when raw_size itself is more than what is left of maxDecompressedBytes; a stream
 * that ends short of raw_size is refused too.
 */
function readBlob(bytes: Uint8Array, start: number, end: number, reserve: (n: number) => void, fail: (msg: string) => never): Uint8Array {
  const r = new ProtoReader(bytes, start, end);
  let raw: Uint8Array | null = null;
  let zlib: Uint8Array | null = null;
  let rawSize = -1;
  let other = '';
  while (!r.done) {
    const [field, wire] = r.key();
    if (field === 1 && wire === 2) raw = r.bytes();
    else if (field === 2 && wire === 0) rawSize = r.varint();
    else if (field === 3 && wire === 2) zlib = r.bytes();
    else if (field >= 4 && field <= 7 && wire === 2) {
      other = ['lzma', 'bzip2', 'lz4', 'zstd'][field - 4];
      r.skip(wire);
    } else r.skip(wire);
  }
  if (raw) {
    reserve(raw.length);
    return raw;
  }
  if (zlib) {
    if (rawSize < 0 || rawSize > PBF_MAX_BLOB_BYTES) throw new ProtobufError(`blob raw_size ${rawSize} is missing or above 32 MiB`, start);
    reserve(rawSize);
    return inflateBlob(zlib, rawSize, fail);
  }
  throw new ProtobufError(other ? `${other}-compressed blobs are not supported` : 'blob has no data', start);
}

function inflateBlob(zlib: Uint8Array, rawSize: number, fail: (msg: string) => never): Uint8Array {
  const out = new Uint8Array(rawSize);
  let n = 0;
  const inflater = new Unzlib((chunk) => {
    if (chunk.length > rawSize - n) fail(`zlib data gives more than raw_size = ${rawSize} bytes (inflating stopped)`);
    out.set(chunk, n);
    n += chunk.length;
  });
  for (let pos = 0; pos < zlib.length; ) {
    const end = Math.min(zlib.length, pos + INFLATE_STEP_BYTES);
    inflater.push(zlib.subarray(pos, end), end === zlib.length);
    pos = end;
  }
  if (zlib.length === 0) inflater.push(zlib, true);
  if (n !== rawSize) fail(`zlib data gives ${n} bytes, raw_size says ${rawSize}`);
  return out;
}

function readHeaderBlock(data: Uint8Array, utf8: TextDecoder, fail: (msg: string) => never): void {
  const r = new ProtoReader(data);
  while (!r.done) {
    const [field, wire] = r.key();
    if (field === 4 && wire === 2) {
      const feature = utf8.decode(r.bytes());
      if (!SUPPORTED_FEATURES.has(feature)) fail(`unsupported required PBF feature "${feature.slice(0, 60)}"`);
    } else r.skip(wire);
  }
}

interface BlockFrame {
  strings: string[];
  granularity: number;
  latOffset: number;
  lonOffset: number;
}

function readPrimitiveBlock(data: Uint8Array, utf8: TextDecoder, collector: OsmCollector, report: ImportReport): void {
  const r = new ProtoReader(data);
  const frame: BlockFrame = { strings: [], granularity: 100, latOffset: 0, lonOffset: 0 };
  const groups: [number, number][] = [];
  while (!r.done) {
    const [field, wire] = r.key();
    if (field === 1 && wire === 2) {
      const st = r.sub();
      while (!st.done) {
        const [f, w] = st.key();
        if (f === 1 && w === 2) frame.strings.push(utf8.decode(st.bytes()));
        else st.skip(w);
      }
    } else if (field === 2 && wire === 2) groups.push(r.bytesRange());
    else if (field === 17 && wire === 0) frame.granularity = r.varint();
    else if (field === 19 && wire === 0) frame.latOffset = r.int64();
    else if (field === 20 && wire === 0) frame.lonOffset = r.int64();
    else r.skip(wire);
  }
  for (const [s, e] of groups) {
    const g = new ProtoReader(data, s, e);
    while (!g.done) {
      const [field, wire] = g.key();
      if (wire !== 2) {
        g.skip(wire);
        continue;
      }
      const sub = g.sub();
      if (field === 1) readNode(sub, frame, collector);
      else if (field === 2) readDenseNodes(sub, frame, collector);
      else if (field === 3) readWay(sub, frame, collector);
      else if (field === 4) readRelation(sub, frame, collector);
      else report.add('pbfChangesetsIgnored');
    }
  }
}

function str(frame: BlockFrame, i: number, at: ProtoReader): string {
  const s = frame.strings[i];
  if (s === undefined) throw new ProtobufError(`string index ${i} outside the block's table of ${frame.strings.length}`, at.pos);
  return s;
}

function tagsOf(keys: number[], vals: number[], frame: BlockFrame, r: ProtoReader): Map<string, string> | null {
  if (keys.length === 0) return null;
  if (keys.length !== vals.length) throw new ProtobufError('keys and vals differ in length', r.pos);
  const tags = new Map<string, string>();
  for (let i = 0; i < keys.length; i++) tags.set(str(frame, keys[i], r), str(frame, vals[i], r));
  return tags;
}

const toDeg = (frame: BlockFrame, offset: number, raw: number) => 1e-9 * (offset + frame.granularity * raw);

function readNode(r: ProtoReader, frame: BlockFrame, collector: OsmCollector): void {
  let id = 0;
  let lat = 0;
  let lon = 0;
  const keys: number[] = [];
  const vals: number[] = [];
  while (!r.done) {
    const [field, wire] = r.key();
    if (field === 1 && wire === 0) id = r.svarint();
    else if (field === 2) r.repeated(wire, keys, readVarint);
    else if (field === 3) r.repeated(wire, vals, readVarint);
    else if (field === 8 && wire === 0) lat = r.svarint();
    else if (field === 9 && wire === 0) lon = r.svarint();
    else r.skip(wire);
  }
  collector.addNode(id, toDeg(frame, frame.lonOffset, lon), toDeg(frame, frame.latOffset, lat), tagsOf(keys, vals, frame, r));
}

function readDenseNodes(r: ProtoReader, frame: BlockFrame, collector: OsmCollector): void {
  const ids: number[] = [];
  const lats: number[] = [];
  const lons: number[] = [];
  const kv: number[] = [];
  while (!r.done) {
    const [field, wire] = r.key();
    if (field === 1) r.repeated(wire, ids, readSvarint);
    else if (field === 8) r.repeated(wire, lats, readSvarint);
    else if (field === 9) r.repeated(wire, lons, readSvarint);
    else if (field === 10) r.repeated(wire, kv, readVarint);
    else r.skip(wire);
  }
  if (lats.length !== ids.length || lons.length !== ids.length) throw new ProtobufError('dense nodes: id, lat and lon arrays differ in length', r.pos);
  let id = 0;
  let lat = 0;
  let lon = 0;
  let k = 0;
  for (let i = 0; i < ids.length; i++) {
    id += ids[i];
    lat += lats[i];
    lon += lons[i];
    let tags: Map<string, string> | null = null;
    if (kv.length > 0) {
      while (k < kv.length && kv[k] !== 0) {
        if (k + 1 >= kv.length) throw new ProtobufError('dense nodes: keys_vals ends inside a pair', r.pos);
        (tags ??= new Map()).set(str(frame, kv[k], r), str(frame, kv[k + 1], r));
        k += 2;
      }
      k++;
    }
    collector.addNode(id, toDeg(frame, frame.lonOffset, lon), toDeg(frame, frame.latOffset, lat), tags);
  }
}

function readWay(r: ProtoReader, frame: BlockFrame, collector: OsmCollector): void {
  let id = 0;
  const keys: number[] = [];
  const vals: number[] = [];
  const deltas: number[] = [];
  while (!r.done) {
    const [field, wire] = r.key();
    if (field === 1 && wire === 0) id = r.int64();
    else if (field === 2) r.repeated(wire, keys, readVarint);
    else if (field === 3) r.repeated(wire, vals, readVarint);
    else if (field === 8) r.repeated(wire, deltas, readSvarint);
    else r.skip(wire);
  }
  let ref = 0;
  for (let i = 0; i < deltas.length; i++) deltas[i] = ref += deltas[i];
  collector.addWay(id, deltas, tagsOf(keys, vals, frame, r));
}

function readRelation(r: ProtoReader, frame: BlockFrame, collector: OsmCollector): void {
  let id = 0;
  const keys: number[] = [];
  const vals: number[] = [];
  const roles: number[] = [];
  const memids: number[] = [];
  const types: number[] = [];
  while (!r.done) {
    const [field, wire] = r.key();
    if (field === 1 && wire === 0) id = r.int64();
    else if (field === 2) r.repeated(wire, keys, readVarint);
    else if (field === 3) r.repeated(wire, vals, readVarint);
    else if (field === 8) r.repeated(wire, roles, readInt64);
    else if (field === 9) r.repeated(wire, memids, readSvarint);
    else if (field === 10) r.repeated(wire, types, readVarint);
    else r.skip(wire);
  }
  if (roles.length !== memids.length || types.length !== memids.length) throw new ProtobufError('relation member arrays differ in length', r.pos);
  const members: OsmMember[] = [];
  let ref = 0;
  for (let i = 0; i < memids.length; i++) {
    ref += memids[i];
    const type = MEMBER_TYPES[types[i]];
    if (type) members.push({ type, ref, role: str(frame, roles[i], r) });
  }
  collector.addRelation(id, members, tagsOf(keys, vals, frame, r));
}
