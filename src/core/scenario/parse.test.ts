import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseScenario, parseScenarioText, ScenarioError } from './parse.ts';
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
    expect(() => parseScenarioText(JSON.stringify(valid).slice(0, 80), 'cut.json')).toThrow(/cut\.json: .*not valid JSON.*truncated/);
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
