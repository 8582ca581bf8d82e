import { describe, expect, it } from 'vitest';
import { cityDecoder, modelBuffers } from './cityDecoder.ts';
import { encodeCity } from '../src/core/city/cityFile.ts';
import { gridCity } from '../src/core/city/testing/gridCity.ts';

describe('city worker decoder', () => {
  it('decodes bytes and lists each column buffer once for the transfer', () => {
    const city = gridCity();
    const model = cityDecoder.decodeBytes(encodeCity(city), 'grid.city');
    expect(model.lamps.count).toBe(city.lamps.count);
    const buffers = modelBuffers(model);
    expect(new Set(buffers).size).toBe(buffers.length);
    expect(buffers.length).toBeGreaterThan(10);
  });

  it('rejects a foreign file with the CityFileError message naming the file', () => {
    expect(() => cityDecoder.decodeBytes(new TextEncoder().encode('hello, not a city at all!!!!!!!!!'), 'bad.city')).toThrow(/bad\.city: not a city file/);
  });
});
