// Byte-level input handling shared by the importers: gzip detection and capped streaming
// decompression (fflate), UTF-8 decoding in bounded chunks, and format sniffing.

import { Gunzip } from 'fflate';
import { crc32 } from '../crc32.ts';
import { ImportError, formatBytes, type ImportLimits } from './limits.ts';

/** Compressed bytes fed to the inflater per step: bounds the output of one step (deflate ≤ ~1032:1). */
const GZIP_INPUT_STEP = 16 * 1024;
/** Text handed to a parser per step. */
export const TEXT_CHUNK_BYTES = 1024 * 1024;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** A cap on decompressed output lower than maxDecompressedBytes, e.g. for JSON text. */
export interface OutputCap {
  maxBytes: number;
  /** The limit's name in ImportLimits, given in the error. */
  limit: keyof ImportLimits;
  /** What expands, in the error: "JSON text". */
  what: string;
}

/**
 * Streams the decompressed bytes of a gzip file to onChunk, never holding more than one step's
 * output; throws ImportError as soon as the output passes the limit (maxDecompressedBytes, or
 * a lower cap) while decoding, or when the stream is cut short.
 */
export function gunzipChunks(
  bytes: Uint8Array,
  file: string,
  limits: ImportLimits,
  onChunk: (chunk: Uint8Array) => void,
  cap?: OutputCap,
): number {
  const { maxBytes, limit, what } = cap && cap.maxBytes < limits.maxDecompressedBytes
    ? cap
    : { maxBytes: limits.maxDecompressedBytes, limit: 'maxDecompressedBytes', what: 'gzip' };
  let total = 0;
  let memberCrc = 0;
  let memberBytes = 0;
  let consumerError: unknown = undefined;
  const inflater = new Gunzip((chunk) => {
    total += chunk.length;
    if (total > maxBytes) {
      throw new ImportError(`${what} expands beyond the limit of ${formatBytes(maxBytes)} (${limit}; decompression stopped)`, { file });
    }
    memberCrc = crc32(chunk, memberCrc);
    memberBytes += chunk.length;
    try {
      onChunk(chunk);
    } catch (e) {
      consumerError = e; // the parser's own error, not a gzip problem
      throw e;
    }
  });
  // fflate reports each member after the first once the previous member's data is out.
  inflater.onmember = () => {
    memberCrc = 0;
    memberBytes = 0;
  };
  let pos = 0;
  try {
    while (pos < bytes.length) {
      const end = Math.min(bytes.length, pos + GZIP_INPUT_STEP);
      inflater.push(bytes.subarray(pos, end), end === bytes.length);
      pos = end;
    }
  } catch (e) {
    if (e instanceof ImportError || (consumerError !== undefined && e === consumerError)) throw e;
    const msg = (e as Error).message ?? String(e);
    if (/unexpected EOF/i.test(msg)) throw new ImportError('truncated gzip (the compressed stream ends early)', { file, byteOffset: bytes.length });
    throw new ImportError(`corrupt gzip: ${msg}`, { file, byteOffset: pos });
  }
  // fflate accepts a stream whose 8-byte trailer is missing or cut: check the last member's.
  if (bytes.length < 18) throw new ImportError('truncated gzip (no trailer)', { file, byteOffset: bytes.length });
  const tail = bytes.length - 8;
  const crc = (bytes[tail] | (bytes[tail + 1] << 8) | (bytes[tail + 2] << 16) | (bytes[tail + 3] << 24)) >>> 0;
  const size = (bytes[tail + 4] | (bytes[tail + 5] << 8) | (bytes[tail + 6] << 16) | (bytes[tail + 7] << 24)) >>> 0;
  if (size !== memberBytes % 2 ** 32 || crc !== memberCrc) {
    throw new ImportError('truncated gzip (trailer missing or CRC/size mismatch)', { file, byteOffset: bytes.length });
  }
  return total;
}

/** Whole decompressed content (the caller needs all of it, e.g. for JSON.parse or PBF). */
export function gunzipAll(bytes: Uint8Array, file: string, limits: ImportLimits, cap?: OutputCap): Uint8Array {
  const chunks: Uint8Array[] = [];
  const total = gunzipChunks(bytes, file, limits, (c) => chunks.push(c), cap);
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/** The bytes as given, or decompressed when they start with the gzip magic. */
export function maybeGunzip(bytes: Uint8Array, file: string, limits: ImportLimits, cap?: OutputCap): Uint8Array {
  return isGzip(bytes) ? gunzipAll(bytes, file, limits, cap) : bytes;
}

/** First decompressed bytes of a gzip file (for sniffing), without inflating the rest. */
export function gunzipHead(bytes: Uint8Array, wantBytes: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let have = 0;
  const stop = new Error('enough');
  const inflater = new Gunzip((chunk) => {
    chunks.push(chunk);
    have += chunk.length;
    if (have >= wantBytes) throw stop;
  });
  try {
    for (let pos = 0; pos < bytes.length && have < wantBytes; pos += 1024) {
      inflater.push(bytes.subarray(pos, Math.min(bytes.length, pos + 1024)), pos + 1024 >= bytes.length);
    }
  } catch {
    // enough bytes, or a corrupt stream: sniff whatever came out
  }
  const out = new Uint8Array(Math.min(have, wantBytes));
  let p = 0;
  for (const c of chunks) {
    const n = Math.min(c.length, out.length - p);
    out.set(c.subarray(0, n), p);
    p += n;
    if (p >= out.length) break;
  }
  return out;
}

/**
 * Decodes UTF-8 arriving in arbitrary byte chunks into strings cut at character boundaries
 * (TextDecoder's streaming mode is not in the core's declared platform surface).
 */
export class Utf8ChunkDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  private carry: Uint8Array | null = null;

  push(chunk: Uint8Array, onText: (text: string) => void): void {
    let bytes = chunk;
    if (this.carry) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry);
      bytes.set(chunk, this.carry.length);
      this.carry = null;
    }
    // Keep an incomplete multi-byte sequence at the very end for the next chunk.
    let safe = bytes.length;
    let lead = safe - 1;
    while (lead > 0 && lead > safe - 4 && (bytes[lead] & 0xc0) === 0x80) lead--;
    if (lead >= 0 && bytes[lead] >= 0xc0) {
      const need = bytes[lead] >= 0xf0 ? 4 : bytes[lead] >= 0xe0 ? 3 : 2;
      if (safe - lead < need) safe = lead;
    }
    if (safe < bytes.length) this.carry = bytes.slice(safe);
    for (let start = 0; start < safe; ) {
      let end = Math.min(safe, start + TEXT_CHUNK_BYTES);
      // never cut before a continuation byte
      while (end < safe && end > start + 1 && (bytes[end] & 0xc0) === 0x80) end--;
      onText(this.decoder.decode(bytes.subarray(start, end)));
      start = end;
    }
  }

  /** Flushes a trailing incomplete sequence (decoded as U+FFFD). */
  end(onText: (text: string) => void): void {
    if (this.carry) onText(this.decoder.decode(this.carry));
    this.carry = null;
  }
}

const OSM_HEADER = [0x4f, 0x53, 0x4d, 0x48, 0x65, 0x61, 0x64, 0x65, 0x72]; // "OSMHeader"

export type SniffedFormat = 'gzip' | 'osm-xml' | 'osm-pbf' | 'json' | 'xml' | 'unknown';

/** Guesses the format from the first bytes (after a UTF-8 BOM and whitespace). */
export function sniffFormat(head: Uint8Array): SniffedFormat {
  if (isGzip(head)) return 'gzip';
  if (head.length >= 14) {
    const headerLen = ((head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]) >>> 0;
    if (headerLen > 0 && headerLen < 64 * 1024 && head[4] === 0x0a && head[5] === OSM_HEADER.length) {
      let match = true;
      for (let i = 0; i < OSM_HEADER.length; i++) if (head[6 + i] !== OSM_HEADER[i]) match = false;
      if (match) return 'osm-pbf';
    }
  }
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  if (head[i] === 0x7b /* { */) return 'json';
  if (head[i] === 0x3c /* < */) {
    const text = new TextDecoder('utf-8').decode(head.subarray(i, Math.min(head.length, i + 4096)));
    return /<osm[\s>]/.test(text) ? 'osm-xml' : 'xml';
  }
  return 'unknown';
}
