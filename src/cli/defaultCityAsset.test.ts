import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeCity, decodeCity } from '../core/city/cityFile.ts';
import { generateDefaultCity } from '../core/city/generate/defaultCity.ts';
import { summarizeCity } from '../core/city/summary.ts';
import { DEFAULT_CITY_PATH } from './cliUtil.ts';

describe('the committed default city asset', () => {
  const committed = new Uint8Array(readFileSync(DEFAULT_CITY_PATH));

  it('is what the generator builds today, byte for byte (run `npm run city:build-default` after changing it)', () => {
    expect(Buffer.compare(Buffer.from(encodeCity(generateDefaultCity())), Buffer.from(committed))).toBe(0);
  });

  it('meets the calibration of the default city', () => {
    const s = summarizeCity(decodeCity(committed));
    expect(s.source).toBe('generated');
    expect(s.communes).toBe(23);
    expect(s.lamps).toBeGreaterThanOrEqual(30_000);
    expect(s.signals).toBeGreaterThanOrEqual(113);
    expect(s.buildings).toBeGreaterThanOrEqual(10_000);
  });
});
