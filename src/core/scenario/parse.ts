// Reading a scenario: JSON text → older versions migrated → validated Scenario, or a ScenarioError
// that names the file, the field path (or the place in the text) and what is wrong.

import { z } from 'zod';
import { SCENARIO_SCHEMA_ID, SCENARIO_VERSION, scenarioSchema, type Scenario } from './schema.ts';
import { jsonErrorOffset, positionOf } from './jsonPosition.ts';

export class ScenarioError extends Error {
  readonly issues: string[];
  constructor(file: string, issues: string[]) {
    super(`${file}: invalid scenario: ${issues.join('; ')}`);
    this.name = 'ScenarioError';
    this.issues = issues;
  }
}

/** Largest scenario file accepted (a scenario is a few kB; this bounds hostile input). */
export const MAX_SCENARIO_BYTES = 4 * 1024 * 1024;

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), '') || '(root)';
}

export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => {
    if (i.code === 'unrecognized_keys') return `${pathOf(i.path)}: unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`;
    return `${pathOf(i.path)}: ${i.message}`;
  });
}

type ScenarioObject = Record<string, unknown>;

/**
 * Migrations from each version to the next, applied in order until the current version. A
 * migration sees the file as read (not yet validated) and returns it in the next version's shape.
 */
export const SCENARIO_MIGRATIONS: Readonly<Record<number, (s: ScenarioObject) => ScenarioObject>> = {
  // 1 → 2: version 2 adds an optional `traffic` section and changes nothing else.
  1: (s) => ({ ...s, version: 2 }),
};

/**
 * Brings a scenario of an older version to the current one; a newer version is refused (its
 * fields may mean something this twin does not know). Malformed headers are left to validation.
 */
export function migrateScenario(value: unknown, file = 'scenario'): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  let s = value as ScenarioObject;
  const version = s.version;
  if (s.schema !== SCENARIO_SCHEMA_ID || typeof version !== 'number' || !Number.isInteger(version) || version < 1) return value;
  if (version > SCENARIO_VERSION) {
    throw new ScenarioError(file, [`version: ${version} is newer than this twin reads (versions 1 to ${SCENARIO_VERSION}); open it with a newer twin`]);
  }
  for (let v = version; v < SCENARIO_VERSION; v++) {
    const step = SCENARIO_MIGRATIONS[v];
    if (!step) throw new ScenarioError(file, [`version: no migration from version ${v} to ${v + 1}`]);
    s = step(s);
  }
  return s;
}

export function parseScenario(value: unknown, file = 'scenario'): Scenario {
  const r = scenarioSchema.safeParse(migrateScenario(value, file));
  if (!r.success) throw new ScenarioError(file, formatIssues(r.error));
  return r.data;
}

export function parseScenarioText(text: string, file = 'scenario'): Scenario {
  if (text.length > MAX_SCENARIO_BYTES) throw new ScenarioError(file, [`file is ${text.length} bytes, more than a scenario can be (${MAX_SCENARIO_BYTES})`]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const offset = jsonErrorOffset(text) ?? 0;
    const p = positionOf(text, offset);
    const where = `line ${p.line}, column ${p.column} (character ${p.offset + 1})`;
    throw new ScenarioError(file, [p.atEnd ? `not valid JSON: the text ends at ${where} before the scenario does; is the file truncated?` : `not valid JSON at ${where}`]);
  }
  return parseScenario(value, file);
}

/** UTC ms of an ISO 8601 date-time WITH its offset (a time without one would depend on the machine's zone). */
export function parseIsoWithOffset(text: string): number | null {
  if (!z.iso.datetime({ offset: true }).safeParse(text).success) return null;
  const t = Date.parse(text);
  return Number.isFinite(t) ? t : null;
}

/** Checks that need the photometry catalogue: the references a retrofit names must exist. */
export function checkScenarioFits(s: Scenario, file: string, knownPhotometry: readonly string[]): void {
  const issues: string[] = [];
  s.lighting.retrofit.forEach((r, i) => {
    if (r.photometry && !knownPhotometry.includes(r.photometry)) issues.push(`lighting.retrofit[${i}].photometry: no photometry "${r.photometry}" (known: ${knownPhotometry.join(', ')})`);
  });
  if (issues.length) throw new ScenarioError(file, issues);
}
