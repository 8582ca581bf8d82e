import { describe, expect, it } from 'vitest';
import { gzipSync, strToU8 } from 'fflate';
import { Utf8ChunkDecoder, gunzipAll, gunzipChunks, gunzipHead, isGzip, sniffFormat } from './bytes.ts';
import { ImportError, resolveLimits } from './limits.ts';
import { Rng } from '../rng.ts';

const limits = resolveLimits();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sample(n: number): Uint8Array {
  const rng = new Rng(7);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = 97 + (rng.nextUint32() % 8); // compressible but not trivial
  return out;
}

describe('gzip', () => {
  it('detects gzip by its magic bytes and round-trips', () => {
    const data = sample(200_000);
    const gz = gzipSync(data);
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(data)).toBe(false);
    expect(sameBytes(gunzipAll(gz, 'x.gz', limits), data)).toBe(true);
  });

  it('reads multi-member gzip', () => {
    const a = gzipSync(strToU8('hello '));
    const b = gzipSync(strToU8('world'));
    const both = new Uint8Array(a.length + b.length);
    both.set(a);
    both.set(b, a.length);
    expect(new TextDecoder().decode(gunzipAll(both, 'x.gz', limits))).toBe('hello world');
  });

  it('reports a truncated gzip, wherever it is cut', () => {
    const gz = gzipSync(sample(200_000));
    for (const cut of [11, 100, Math.floor(gz.length / 2), gz.length - 8, gz.length - 3, gz.length - 1]) {
      expect(() => gunzipAll(gz.subarray(0, cut), 'roads.geojson.gz', limits), `cut at ${cut}`).toThrow(/roads\.geojson\.gz.*truncated gzip/);
    }
  });

  it('stops a gzip bomb at the decompressed-size limit', () => {
    const bomb = gzipSync(new Uint8Array(16 * 1024 * 1024), { level: 1 }); // 16 MiB of zeros in ~16 KiB
    expect(bomb.length).toBeLessThan(50_000);
    const small = resolveLimits({ maxDecompressedBytes: 1024 * 1024 });
    expect(() => gunzipAll(bomb, 'bomb.gz', small)).toThrow(/bomb\.gz: gzip expands beyond the limit of 1\.0 MiB/);
  });

  it('stops decoding as soon as the output passes the limit or a lower cap, never handing on more', () => {
    const bomb = gzipSync(new Uint8Array(16 * 1024 * 1024), { level: 1 });
    const small = resolveLimits({ maxDecompressedBytes: 1024 * 1024 });
    let seen = 0;
    expect(() => gunzipChunks(bomb, 'bomb.gz', small, (c) => (seen += c.length))).toThrow(/^bomb\.gz: gzip expands beyond the limit of 1\.0 MiB \(maxDecompressedBytes; decompression stopped\)$/);
    expect(seen).toBeLessThanOrEqual(1024 * 1024);
    seen = 0;
    const cap = { maxBytes: 64 * 1024, limit: 'maxJsonBytes', what: 'JSON text' } as const;
    expect(() => gunzipChunks(bomb, 'bomb.geojson.gz', small, (c) => (seen += c.length), cap)).toThrow(/^bomb\.geojson\.gz: JSON text expands beyond the limit of 64\.0 KiB \(maxJsonBytes; decompression stopped\)$/);
    expect(seen).toBeLessThanOrEqual(64 * 1024);
    expect(() => gunzipAll(bomb, 'bomb.geojson.gz', small, cap)).toThrow(/JSON text expands beyond the limit of 64\.0 KiB/);
    // a cap above maxDecompressedBytes leaves that limit in force
    expect(() => gunzipAll(bomb, 'bomb.gz', small, { ...cap, maxBytes: 2 ** 40 })).toThrow(/gzip expands beyond the limit of 1\.0 MiB \(maxDecompressedBytes/);
  });

  it('rejects corrupt gzip data with an ImportError', () => {
    const gz = gzipSync(sample(10_000));
    const bad = gz.slice();
    for (let i = 20; i < 60; i++) bad[i] ^= 0x5a;
    expect(() => gunzipAll(bad, 'bad.gz', limits)).toThrow(ImportError);
  });

  it('gives the head of a gzip stream without inflating it all', () => {
    const data = sample(300_000);
    expect(sameBytes(gunzipHead(gzipSync(data), 1000), data.subarray(0, 1000))).toBe(true);
  });
});

describe('Utf8ChunkDecoder', () => {
  it('never splits a multi-byte character across chunks', () => {
    const text = 'Rue de la Liberté — Dijon 😀 Chenôve '.repeat(50);
    const bytes = strToU8(text);
    for (const step of [1, 2, 3, 5, 7, 64]) {
      const d = new Utf8ChunkDecoder();
      let out = '';
      for (let i = 0; i < bytes.length; i += step) d.push(bytes.subarray(i, i + step), (t) => (out += t));
      d.end((t) => (out += t));
      expect(out).toBe(text);
    }
  });
});

describe('sniffFormat', () => {
  it('recognises the input formats from their first bytes', () => {
    expect(sniffFormat(strToU8('<?xml version="1.0"?>\n<osm version="0.6">'))).toBe('osm-xml');
    expect(sniffFormat(strToU8('\ufeff  <osm>'))).toBe('osm-xml');
    expect(sniffFormat(strToU8('<?xml version="1.0"?><kml>'))).toBe('xml');
    expect(sniffFormat(strToU8('  {"type":"FeatureCollection"'))).toBe('json');
    expect(sniffFormat(gzipSync(strToU8('x')))).toBe('gzip');
    const pbf = new Uint8Array([0, 0, 0, 13, 0x0a, 9, ...strToU8('OSMHeader'), 0x18, 0x40]);
    expect(sniffFormat(pbf)).toBe('osm-pbf');
    expect(sniffFormat(new Uint8Array([0xde, 0xad, 0xbe, 0xef]))).toBe('unknown');
  });
});
