// Test scenarios for the lighting core: a minimal valid scenario to which a test adds its rules.

import { parseScenario } from '../../scenario/parse.ts';
import type { Scenario, ScenarioInput } from '../../scenario/schema.ts';

export function testScenario(lighting: ScenarioInput['lighting'] = {}, extra: Partial<ScenarioInput> = {}): Scenario {
  return parseScenario({
    schema: 'twin-scenario',
    version: 2,
    name: 'test',
    title: { fr: 'essai', en: 'test' },
    period: { start: '2025-01-15T12:00:00+01:00', days: 1 },
    seed: 7,
    lighting,
    ...extra,
  });
}
