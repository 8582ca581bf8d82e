// Reading a scenario: JSON text → validated Scenario, or a ScenarioError that names the file,
// the field path and what is wrong (unknown key, wrong type, negative level, overlapping times…).

import { z } from 'zod';
import { scenarioSchema, type Scenario } from './schema.ts';

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

export function parseScenario(value: unknown, file = 'scenario'): Scenario {
  const r = scenarioSchema.safeParse(value);
  if (!r.success) throw new ScenarioError(file, formatIssues(r.error));
  return r.data;
}

export function parseScenarioText(text: string, file = 'scenario'): Scenario {
  if (text.length > MAX_SCENARIO_BYTES) throw new ScenarioError(file, [`file is ${text.length} bytes, more than a scenario can be (${MAX_SCENARIO_BYTES})`]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(file, [`not valid JSON (${(e as Error).message}); is the file truncated?`]);
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
