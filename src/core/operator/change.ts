// An operator's staged change (dim a district, switch a lamp program, switch a signal plan) as
// data: checked against the city, turned into a scenario edit for previews and into device commands.

import type { CityModel } from '../city/model.ts';
import { cabinetExternalId, ngsiUrn } from '../city/entityIds.ts';
import { selectLamps } from '../lighting/selectors.ts';
import { scenarioSchema, type LightingPolicy, type Scenario, type SignalPlanInput } from '../scenario/schema.ts';

/** Where a lighting change applies: whole communes (name or INSEE code) or control cabinets (indices). */
export type DistrictTarget = { communes: string[] } | { cabinets: number[] };

export type StagedChange =
  | { kind: 'dim'; target: DistrictTarget; illuminanceLevel: number }
  | { kind: 'program'; target: DistrictTarget; programId: string }
  | { kind: 'signal-plan'; signals: { communes?: string[]; corridor?: string; signals?: string[] }; plan: SignalPlanInput };

/**
 * Programs a cabinet can be switched to by `activeProgramId` (the devices hold the same
 * catalogue); each is the scenario policy the twin simulates for it.
 */
export const OPERATOR_PROGRAMS: Readonly<Record<string, LightingPolicy>> = {
  'full-night': { type: 'constant', level: 1 },
  'part-night-50': { type: 'part-night', eveningLevel: 1, steps: [{ at: '22:30', level: 0.5 }, { at: '05:30', level: 1 }] },
  'part-night-30': { type: 'part-night', eveningLevel: 1, steps: [{ at: '23:00', level: 0.3 }, { at: '05:00', level: 0.7 }] },
  'curfew-01-05': { type: 'curfew', from: '01:00', to: '05:00', level: 1 },
  'presence-20': { type: 'presence', baseLevel: 0.2, activeLevel: 1, rampS: 1.5, holdS: 90, fadeS: 8, propagatePoles: 2 },
};

export class ChangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChangeError';
  }
}

/** Name of the rule a change adds to the scenario (the last rule wins, so it overrides the others). */
export const OPERATOR_RULE_NAME = 'operator change';

function policyOf(change: Extract<StagedChange, { kind: 'dim' | 'program' }>): LightingPolicy {
  if (change.kind === 'dim') return { type: 'constant', level: change.illuminanceLevel };
  const p = OPERATOR_PROGRAMS[change.programId];
  if (!p) throw new ChangeError(`no lighting program "${change.programId}" (known: ${Object.keys(OPERATOR_PROGRAMS).join(', ')})`);
  return p;
}

/** Checks a change against the city and the scenario; throws a ChangeError that names what is wrong. */
export function checkChange(city: CityModel, scenario: Scenario, change: StagedChange): void {
  if (change.kind === 'signal-plan') {
    if (!scenario.traffic) throw new ChangeError('this scenario simulates no traffic: there is no signal plan to switch');
    if (city.signals.count === 0) throw new ChangeError('this city has no traffic signals');
    return;
  }
  if (change.kind === 'dim' && !(change.illuminanceLevel >= 0 && change.illuminanceLevel <= 1)) throw new ChangeError('illuminanceLevel must be from 0 to 1');
  policyOf(change);
  if ('communes' in change.target) {
    if (change.target.communes.length === 0) throw new ChangeError('choose at least one commune');
    for (const c of change.target.communes) {
      if (!city.communes.name.some((n, k) => n === c || city.communes.inseeCode[k] === c)) throw new ChangeError(`no commune "${c}" in ${city.meta.name}`);
    }
  } else {
    if (change.target.cabinets.length === 0) throw new ChangeError('choose at least one cabinet');
    for (const c of change.target.cabinets) if (!(Number.isInteger(c) && c >= 0 && c < city.cabinets.count)) throw new ChangeError(`no cabinet ${c} (the city has ${city.cabinets.count})`);
  }
}

/** The scenario with the change as its last rule (lighting) or signal rule (traffic), validated again. */
export function stagedScenario(city: CityModel, scenario: Scenario, change: StagedChange): Scenario {
  checkChange(city, scenario, change);
  const next = JSON.parse(JSON.stringify(scenario)) as Scenario; // scenarios are plain JSON data
  if (change.kind === 'signal-plan') {
    next.traffic!.signals.push({ name: OPERATOR_RULE_NAME, where: change.signals, plan: change.plan });
  } else {
    next.lighting.rules.push({ name: OPERATOR_RULE_NAME, where: { ...change.target }, policy: policyOf(change) });
  }
  const r = scenarioSchema.safeParse(next);
  if (!r.success) throw new ChangeError(`the staged change does not make a valid scenario: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

/** Cabinets feeding the change's lamps (every lamp of a cabinet is switched by its cabinet). */
export function cabinetsOf(city: CityModel, target: DistrictTarget): number[] {
  if ('cabinets' in target) return [...new Set(target.cabinets)].sort((a, b) => a - b);
  const mask = selectLamps(city, { communes: target.communes }, 'operator.target');
  const set = new Set<number>();
  for (let i = 0; i < city.lamps.count; i++) if (mask[i] && city.lamps.cabinet[i] >= 0) set.add(city.lamps.cabinet[i]);
  return [...set].sort((a, b) => a - b);
}

/** Lamps the change acts on. */
export function lampCountOf(city: CityModel, target: DistrictTarget): number {
  const mask = selectLamps(city, target, 'operator.target');
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  return n;
}

/** One command to one device: the Smart Data Model attribute it sets. */
export interface DeviceCommand {
  /** NGSI-LD id, e.g. urn:ngsi-ld:StreetlightControlCabinet:cabinet-0012. */
  entityId: string;
  command: { illuminanceLevel: number } | { activeProgramId: string };
}

export const CABINET_TYPE = 'StreetlightControlCabinet';

/** The commands that carry a lighting change to the field: one per control cabinet of the district. */
export function commandsOf(city: CityModel, change: StagedChange): DeviceCommand[] {
  if (change.kind === 'signal-plan') throw new ChangeError('signal plans are previewed only: the twin has no command topic for signal controllers');
  const command = change.kind === 'dim' ? { illuminanceLevel: change.illuminanceLevel } : { activeProgramId: change.programId };
  return cabinetsOf(city, change.target).map((c) => ({ entityId: ngsiUrn(CABINET_TYPE, cabinetExternalId(c)), command }));
}

/** A one-line description of a change, for the audit log (ids, not translated text). */
export function describeChange(change: StagedChange): string {
  const where = (t: DistrictTarget) => ('communes' in t ? `communes ${t.communes.join(', ')}` : `cabinets ${t.cabinets.map(cabinetExternalId).join(', ')}`);
  if (change.kind === 'dim') return `illuminanceLevel ${change.illuminanceLevel} on ${where(change.target)}`;
  if (change.kind === 'program') return `activeProgramId ${change.programId} on ${where(change.target)}`;
  const sel = change.signals;
  return `signal plan ${change.plan.type} on ${sel.corridor ? `corridor ${sel.corridor}` : sel.communes ? `communes ${sel.communes.join(', ')}` : sel.signals ? `signals ${sel.signals.join(', ')}` : 'every signal'}`;
}
