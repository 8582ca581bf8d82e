import { describe, expect, it } from 'vitest';
import { CityFileError, decodeCity, encodeCity } from './cityFile.ts';
import { gridCity } from './testing/gridCity.ts';
import { summarizeCity } from './summary.ts';

describe('city file', () => {
  const model = gridCity({ lines: 5 });
  const bytes = encodeCity(model);

  it('round-trips every table', () => {
    const back = decodeCity(bytes);
    expect(summarizeCity(back)).toEqual(summarizeCity(model));
    expect(Array.from(back.lamps.xM)).toEqual(Array.from(model.lamps.xM));
    expect(Array.from(back.links.shapeXYM)).toEqual(Array.from(model.links.shapeXYM));
    expect(back.strings).toEqual(model.strings);
    expect(back.meta).toEqual(model.meta);
  });

  it('is reproducible byte for byte', () => {
    expect(encodeCity(gridCity({ lines: 5 }))).toEqual(bytes);
  });

  it('refuses a truncated file, naming it', () => {
    expect(() => decodeCity(bytes.subarray(0, bytes.length - 10), 'x.city')).toThrow(/x\.city: truncated/);
    expect(() => decodeCity(bytes.subarray(0, 10))).toThrow(CityFileError);
  });

  it('refuses a foreign file', () => {
    const png = new Uint8Array(100);
    png.set([0x89, 0x50, 0x4e, 0x47]);
    expect(() => decodeCity(png)).toThrow(/not a city file/);
  });

  it('never returns a different city from a corrupted file: it throws or decodes the same', () => {
    const reference = JSON.stringify(summarizeCity(model));
    let thrown = 0;
    for (let pos = 40; pos < bytes.length; pos += 53) {
      const bad = bytes.slice();
      bad[pos] ^= 0x5a;
      try {
        const back = decodeCity(bad);
        expect(JSON.stringify(summarizeCity(back))).toBe(reference);
        expect(Array.from(back.lamps.xM)).toEqual(Array.from(model.lamps.xM));
      } catch (e) {
        expect(e).toBeInstanceOf(CityFileError);
        thrown++;
      }
    }
    expect(thrown).toBeGreaterThan(100);
  });

  it('refuses a file from a newer format version', () => {
    const newer = bytes.slice();
    new DataView(newer.buffer).setUint32(8, 99, true);
    expect(() => decodeCity(newer)).toThrow(/newer/);
  });
});

import { deflateSync } from 'fflate';
import { crc32 } from '../crc32.ts';

/** Rebuilds a file with its manifest changed by `edit` and extra payload bytes appended. */
function rewrite(bytes: Uint8Array, edit: (manifest: Record<string, any>, payloadBase: number) => void, extra: Uint8Array = new Uint8Array()): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = view.getUint32(24, true);
  const manifest = JSON.parse(new TextDecoder().decode(bytes.subarray(32, 32 + len)));
  const oldBase = Math.min(...manifest.sections.map((s: { offset: number }) => s.offset));
  const payload = bytes.subarray(oldBase);
  let base = 0;
  let text = '';
  for (let pass = 0; pass < 3; pass++) {
    const m = JSON.parse(JSON.stringify(manifest));
    for (const s of m.sections) s.offset = s.offset - oldBase + base;
    edit(m, base + payload.length);
    text = JSON.stringify(m);
    const next = (32 + new TextEncoder().encode(text).length + 7) & ~7;
    if (next === base) break;
    base = next;
  }
  const mbytes = new TextEncoder().encode(text);
  const total = base + payload.length + extra.length;
  const out = new Uint8Array(total);
  out.set(bytes.subarray(0, 32));
  const v = new DataView(out.buffer);
  v.setUint32(16, total, true);
  v.setUint32(20, 0, true);
  v.setUint32(24, mbytes.length, true);
  v.setUint32(28, crc32(mbytes), true);
  out.set(mbytes, 32);
  out.set(payload, base);
  out.set(extra, base + payload.length);
  return out;
}

describe('crafted city files', () => {
  const model = gridCity({ lines: 4 });
  const bytes = encodeCity(model);

  it('the rewrite helper itself keeps a good file good', () => {
    expect(summarizeCity(decodeCity(rewrite(bytes, () => {})))).toEqual(summarizeCity(model));
  });

  it('stops a deflate bomb in a column as soon as it exceeds the declared size', () => {
    const bomb = deflateSync(new Uint8Array(8 * 1024 * 1024));
    const bad = rewrite(bytes, (m, at) => {
      const s = m.sections.find((x: { column: string }) => x.column === 'cabinets.commune');
      Object.assign(s, { offset: at, byteLength: bomb.length });
    }, bomb);
    expect(() => decodeCity(bad)).toThrow(/cabinets\.commune is corrupt \(inflates to more than/);
  });

  it('refuses a column given twice, a missing one, and overlapping columns', () => {
    expect(() => decodeCity(rewrite(bytes, (m) => m.sections.push({ ...m.sections[0] })))).toThrow(/appears twice/);
    expect(() => decodeCity(rewrite(bytes, (m) => (m.sections = m.sections.filter((s: { column: string }) => s.column !== 'links.shapeXYM'))))).toThrow(/links\.shapeXYM is missing/);
    expect(() => decodeCity(rewrite(bytes, (m) => (m.sections[1].offset = m.sections[0].offset)))).toThrow(/overlap|corrupt/);
  });

  it('refuses a declared size that does not match the row count', () => {
    expect(() => decodeCity(rewrite(bytes, (m) => (m.sections.find((s: { column: string }) => s.column === 'lamps.xM').rawByteLength = 8)))).toThrow(/lamps\.xM has a bad size/);
  });

  it('refuses a malformed meta or section list with a CityFileError', () => {
    expect(() => decodeCity(rewrite(bytes, (m) => (m.meta = { frame: 1, importReport: null })))).toThrow(CityFileError);
    expect(() => decodeCity(rewrite(bytes, (m) => m.sections.push(null)))).toThrow(CityFileError);
  });
});
