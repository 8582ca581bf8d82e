import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { migrateScenario, parseScenario, parseScenarioText, ScenarioError } from './parse.ts';
import { SCENARIO_VERSION } from './schema.ts';
import { jsonErrorOffset } from './jsonPosition.ts';
import { REPO_ROOT } from '../../testing/sharedData.ts';

const valid = {
  schema: 'twin-scenario',
  version: 2,
  name: 'ok',
  title: { fr: 'a', en: 'b' },
  period: { start: '2025-01-01T12:00:00+01:00', days: 2 },
  lighting: { rules: [{ where: {}, policy: { type: 'part-night', steps: [{ at: '22:00', level: 0.7 }, { at: '05:00', level: 1 }] } }] },
};

function errorOf(value: unknown): string {
  try {
    parseScenario(value, 'x.scenario.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('scenario validation', () => {
  it('accepts a valid scenario and fills defaults', () => {
    const s = parseScenario(valid);
    expect(s.city).toBe('default');
    expect(s.lighting.switching).toEqual({ mode: 'sun', event: 'sunset-sunrise', onOffsetMin: 0, offOffsetMin: 0 });
  });

  it('names an unknown field with its path', () => {
    expect(errorOf({ ...valid, lighting: { ...valid.lighting, dimming: 3 } })).toMatch(/x\.scenario\.json: .*lighting: unknown field "dimming"/);
  });

  it('names a wrong type', () => {
    expect(errorOf({ ...valid, seed: 'seven' })).toMatch(/seed: /);
  });

  it('refuses a negative level, naming the step', () => {
    const bad = structuredClone(valid);
    bad.lighting.rules[0].policy.steps[0].level = -0.2;
    expect(errorOf(bad)).toMatch(/lighting\.rules\[0\]\.policy\.steps\[0\]\.level: a level is at least 0/);
  });

  it('refuses overlapping profile times', () => {
    const bad = structuredClone(valid);
    bad.lighting.rules[0].policy.steps[1].at = '22:00';
    expect(errorOf(bad)).toMatch(/steps\[1\]\.at: two steps at 22:00/);
  });

  it('refuses a malformed time and a truncated file', () => {
    const bad = structuredClone(valid);
    bad.lighting.rules[0].policy.steps[0].at = '25:00';
    expect(errorOf(bad)).toMatch(/HH:MM/);
    const text = JSON.stringify(valid);
    expect(() => parseScenarioText(text.slice(0, 80), 'cut.json')).toThrow(/cut\.json: .*not valid JSON: the text ends at line 1, column 81 \(character 81\).*truncated/);
  });

  it('validates every scenario the project ships', () => {
    const dir = resolve(REPO_ROOT, 'scenarios');
    const files = readdirSync(dir).filter((f) => f.endsWith('.scenario.json'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) {
      const s = parseScenarioText(readFileSync(resolve(dir, f), 'utf8'), f);
      expect(`${s.name}.scenario.json`).toBe(f);
    }
  });
});

describe('scenario versions', () => {
  it('migrates a version 1 file to the current version, its content unchanged', () => {
    expect(SCENARIO_VERSION).toBeGreaterThan(1);
    const s = parseScenario(valid);
    expect(s.version).toBe(SCENARIO_VERSION);
    expect(s.lighting.rules[0].policy).toMatchObject(valid.lighting.rules[0].policy);
    expect(s.period).toEqual(valid.period);
    // Saving and reading back gives the same scenario, now at the current version.
    expect(parseScenarioText(JSON.stringify(s))).toEqual(s);
    expect(migrateScenario({ ...valid })).toMatchObject({ version: SCENARIO_VERSION, name: 'ok' });
  });

  it('refuses a version newer than it supports, naming the version', () => {
    expect(errorOf({ ...valid, version: SCENARIO_VERSION + 1 })).toMatch(new RegExp(`version: ${SCENARIO_VERSION + 1} is newer than this twin reads \\(versions 1 to ${SCENARIO_VERSION}\\)`));
  });

  it('leaves malformed headers to validation, which names the field', () => {
    expect(errorOf({ ...valid, version: 'one' })).toMatch(/version: /);
    expect(errorOf({ ...valid, version: 0 })).toMatch(/version: /);
    expect(errorOf({ ...valid, schema: 'other' })).toMatch(/schema: /);
  });
});

describe('JSON error positions', () => {
  it('is null for valid JSON of every shape', () => {
    for (const t of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"], "b": {"c": {}}} ', '0', '"s"']) expect(jsonErrorOffset(t), t).toBeNull();
  });

  it('points at the first bad character, or the end of a truncated text', () => {
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset('{"a" 1}')).toBe(5);
    expect(jsonErrorOffset('[1, 2] x')).toBe(7);
    expect(jsonErrorOffset('{"a": tru')).toBe(9);
    expect(jsonErrorOffset('{"a": "abc')).toBe(10);
    expect(jsonErrorOffset('{"a": 1.')).toBe(8);
    expect(jsonErrorOffset('[01]')).toBe(2);
  });

  it('agrees with JSON.parse on every cut of a scenario, and survives deep nesting', () => {
    const text = JSON.stringify(valid, null, 2);
    for (let k = 0; k < text.length; k++) {
      const cut = text.slice(0, k);
      let valid = true;
      try {
        JSON.parse(cut);
      } catch {
        valid = false;
      }
      expect(jsonErrorOffset(cut) === null, cut).toBe(valid);
    }
    expect(jsonErrorOffset('['.repeat(200_000))).toBe(200_000);
    const lines = parseErrorOf('{\n  "schema": "twin-scenario",\n  "version": 1,\n  "name": "x"\n  "title": {}\n}');
    expect(lines).toMatch(/not valid JSON at line 5, column 3/);
  });
});

function parseErrorOf(text: string): string {
  try {
    parseScenarioText(text, 't.json');
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('drawn-area targets', () => {
  const withArea = (area: unknown, version = 2) => ({ ...valid, version, lighting: { rules: [{ where: { area }, policy: { type: 'constant', level: 0.5 } }] } });
  const square = [[5.03, 47.315], [5.05, 47.315], [5.05, 47.33], [5.03, 47.33]];

  it('accepts an open or a closed ring', () => {
    expect(parseScenario(withArea(square)).lighting.rules[0].where.area).toHaveLength(4);
    expect(parseScenario(withArea([...square, square[0]])).lighting.rules[0].where.area).toHaveLength(5);
  });

  it('names the field of a ring with too few points, a bad coordinate or too many points', () => {
    expect(errorOf(withArea(square.slice(0, 2)))).toMatch(/lighting\.rules\[0\]\.where\.area: an area needs at least 3 distinct points \(got 2\)/);
    // Three points of which the last closes the ring: two distinct.
    expect(errorOf(withArea([square[0], square[1], square[0]]))).toMatch(/where\.area: .*at least 3 distinct points \(got 2\)/);
    expect(errorOf(withArea([[5.03, 47.315], [5.04, 47.315], [5.05, 47.315]]))).toMatch(/where\.area: the area encloses no surface/);
    expect(errorOf(withArea([square[0], [NaN, 47.33], square[2]]))).toMatch(/where\.area\[1\]\[0\]: /);
    expect(errorOf(withArea([square[0], [5.05, 91], square[2]]))).toMatch(/where\.area\[1\]\[1\]: a latitude is at most 90/);
    expect(errorOf(withArea([square[0], [5.05], square[2]]))).toMatch(/where\.area\[1\]/);
    const huge = Array.from({ length: 600 }, (_, k) => [5 + Math.cos(k / 100), 47 + Math.sin(k / 100)]);
    expect(errorOf(withArea(huge))).toMatch(/where\.area: an area has at most 500 points/);
  });

  it('still reads a version 1 file, and one with an area at the current version', () => {
    const v1 = { ...valid, version: 1 };
    expect(parseScenario(v1).version).toBe(SCENARIO_VERSION);
    expect(parseScenario(withArea(square, SCENARIO_VERSION)).lighting.rules[0].where.area![0]).toEqual([5.03, 47.315]);
  });
});

