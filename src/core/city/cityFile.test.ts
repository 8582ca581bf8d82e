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
