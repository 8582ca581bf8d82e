import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GOLDEN_CASES, type GoldenResult } from './goldenCases.ts';

const committed = JSON.parse(readFileSync(resolve(import.meta.dirname, 'goldens.json'), 'utf8')) as Record<string, GoldenResult>;

describe('golden runs (update only with `npm run goldens:update`)', () => {
  for (const [name, run] of Object.entries(GOLDEN_CASES)) {
    it(`${name} hashes to its committed value`, () => {
      const got = run();
      expect(committed[name], `no committed golden for ${name}: run npm run goldens:update`).toBeDefined();
      // Figures first: a mismatch shows what moved before the hash does.
      expect(got.figures).toEqual(committed[name].figures);
      expect(got.hash).toBe(committed[name].hash);
    });
  }
});
