// An operator's staged change (dim a district or hand-picked lamps, switch a lamp program, switch a
// signal plan) as data: checked against the city, turned into a scenario edit for previews and into device commands.
//
// Signal controllers: the Smart Data Models the twin uses have no traffic-signal controller, so the
// twin names one `TrafficSignalController` (one per signalised intersection, local id = the signal's
// id) commanded like the lamps: `{"activeProgramId": "<plan id>"}` on `…/TrafficSignalController/<id>/cmd`,
// plan ids from OPERATOR_SIGNAL_PLANS, `schedule` for the controller's own programmed plan.

import type { CityModel } from '../city/model.ts';
import { cabinetExternalId, lampExternalId, ngsiUrn, signalExternalId } from '../city/entityIds.ts';
import { selectLamps } from '../lighting/selectors.ts';
import { scenarioSchema, type LightingPolicy, type Scenario, type SignalPlanInput } from '../scenario/schema.ts';
import { signalsMatching } from '../traffic/scenarioTraffic.ts';

/**
 * Where a lighting change applies: whole communes (name or INSEE code), control cabinets (indices),
 * or hand-picked lamps (inventory ids), each commanded on its own.
 */
export type DistrictTarget = { communes: string[] } | { cabinets: number[] } | { lamps: string[] };

/** Signals a plan switch applies to (every signal when empty): as a scenario signal rule's `where`. */
export interface SignalTarget {
  communes?: string[];
  corridor?: string;
  signals?: string[];
}

export type StagedChange =
  | { kind: 'dim'; target: DistrictTarget; illuminanceLevel: number }
  | { kind: 'program'; target: DistrictTarget; programId: string }
  | { kind: 'signal-plan'; signals: SignalTarget; plan: SignalPlanInput };

/**
 * Most commands one apply sends to individual lamps or signal controllers (beyond this, the change
 * is refused before anything is sent): a district of thousands of lamps is switched through its
 * cabinets instead, one command each (a city has a few hundred).
 */
export const MAX_INDIVIDUAL_COMMANDS = 200;

/** Plans a signal controller can be switched to by `activeProgramId` (the controllers hold the same catalogue). */
export const OPERATOR_SIGNAL_PLANS: Readonly<Record<string, SignalPlanInput>> = {
  webster: { type: 'webster' },
  actuated: { type: 'actuated', maxGapS: 3 },
  'max-pressure': { type: 'max-pressure' },
};

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
    signalPlanId(change.plan);
    signalsOf(city, change.signals);
    return;
  }
  if (change.kind === 'dim' && !(change.illuminanceLevel >= 0 && change.illuminanceLevel <= 1)) throw new ChangeError('illuminanceLevel must be from 0 to 1');
  policyOf(change);
  if ('communes' in change.target) {
    if (change.target.communes.length === 0) throw new ChangeError('choose at least one commune');
    for (const c of change.target.communes) {
      if (!city.communes.name.some((n, k) => n === c || city.communes.inseeCode[k] === c)) throw new ChangeError(`no commune "${c}" in ${city.meta.name}`);
    }
  } else if ('lamps' in change.target) {
    const lamps = change.target.lamps;
    if (lamps.length === 0) throw new ChangeError(NO_LAMP);
    if (new Set(lamps).size > MAX_INDIVIDUAL_COMMANDS) throw new ChangeError(`${new Set(lamps).size} lamps: at most ${MAX_INDIVIDUAL_COMMANDS} lamps are commanded one by one; switch a district through its cabinets`);
    const known = new Set(Array.from({ length: city.lamps.count }, (_, i) => lampExternalId(city, i)));
    for (const id of lamps) if (!known.has(id)) throw new ChangeError(`no lamp "${id}" in ${city.meta.name}`);
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

/** Cabinets feeding the change's lamps (every lamp of a cabinet is switched by its cabinet); none for hand-picked lamps. */
export function cabinetsOf(city: CityModel, target: DistrictTarget): number[] {
  if ('lamps' in target) return [];
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

const NO_LAMP = 'choose at least one lamp (select lamps in the 3D view or the map, or type their ids)';

/** Hand-picked lamps' indices, in the order given, each once. */
export function lampsOf(city: CityModel, target: { lamps: string[] }): number[] {
  if (target.lamps.length === 0) throw new ChangeError(NO_LAMP);
  const byId = new Map(Array.from({ length: city.lamps.count }, (_, i) => [lampExternalId(city, i), i] as [string, number]));
  return [...new Set(target.lamps)].map((id) => {
    const i = byId.get(id);
    if (i === undefined) throw new ChangeError(`no lamp "${id}" in ${city.meta.name}`);
    return i;
  });
}

/** The id a controller knows a plan by; throws for a plan outside the catalogue. */
export function signalPlanId(plan: SignalPlanInput): string {
  const text = JSON.stringify(plan);
  const id = Object.keys(OPERATOR_SIGNAL_PLANS).find((k) => JSON.stringify(OPERATOR_SIGNAL_PLANS[k]) === text);
  if (!id) throw new ChangeError(`signal plan ${text} is not one the controllers hold (known: ${Object.keys(OPERATOR_SIGNAL_PLANS).join(', ')})`);
  return id;
}

/** Signals a plan switch applies to (indices); throws when none matches. */
export function signalsOf(city: CityModel, target: SignalTarget): number[] {
  let out: number[];
  try {
    out = signalsMatching(city, { where: target }, 0);
  } catch (e) {
    throw new ChangeError((e as Error).message.replace(/^traffic\.signals\[0\]\.where/, 'signals'));
  }
  if (out.length === 0) throw new ChangeError('no traffic signal matches this choice');
  return out;
}

/** One command to one device: the Smart Data Model attribute it sets. */
export interface DeviceCommand {
  /** NGSI-LD id, e.g. urn:ngsi-ld:StreetlightControlCabinet:cabinet-0012. */
  entityId: string;
  command: { illuminanceLevel: number } | { activeProgramId: string };
}

export const CABINET_TYPE = 'StreetlightControlCabinet';
export const STREETLIGHT_TYPE = 'Streetlight';
/** The twin's own entity type for a signal controller (see the module header). */
export const SIGNAL_CONTROLLER_TYPE = 'TrafficSignalController';

/** The entities a change commands: its cabinets, its hand-picked lamps, or its signal controllers. */
export function commandedEntities(city: CityModel, change: StagedChange): string[] {
  if (change.kind === 'signal-plan') return signalsOf(city, change.signals).map((s) => ngsiUrn(SIGNAL_CONTROLLER_TYPE, signalExternalId(city, s)));
  if ('lamps' in change.target) return lampsOf(city, change.target).map((i) => ngsiUrn(STREETLIGHT_TYPE, lampExternalId(city, i)));
  return cabinetsOf(city, change.target).map((c) => ngsiUrn(CABINET_TYPE, cabinetExternalId(c)));
}

/** The commands that carry a change to the field: one per cabinet of the district, per picked lamp, or per signal controller (these two bounded). */
export function commandsOf(city: CityModel, change: StagedChange): DeviceCommand[] {
  const command =
    change.kind === 'dim' ? { illuminanceLevel: change.illuminanceLevel } : change.kind === 'program' ? { activeProgramId: change.programId } : { activeProgramId: signalPlanId(change.plan) };
  const ids = commandedEntities(city, change);
  const individual = change.kind === 'signal-plan' || 'lamps' in change.target;
  if (individual && ids.length > MAX_INDIVIDUAL_COMMANDS) {
    const narrower = change.kind === 'signal-plan' ? 'choose a commune or a corridor' : 'switch a district through its cabinets';
    throw new ChangeError(`${ids.length} commands: at most ${MAX_INDIVIDUAL_COMMANDS} per apply; ${narrower}`);
  }
  return ids.map((entityId) => ({ entityId, command }));
}

/** A one-line description of a change, for the audit log (ids, not translated text). */
export function describeChange(change: StagedChange): string {
  const listed = (ids: string[]) => (ids.length > 10 ? `${ids.slice(0, 10).join(', ')} (+${ids.length - 10})` : ids.join(', '));
  const where = (t: DistrictTarget) => ('communes' in t ? `communes ${t.communes.join(', ')}` : 'lamps' in t ? `lamps ${listed(t.lamps)}` : `cabinets ${t.cabinets.map(cabinetExternalId).join(', ')}`);
  if (change.kind === 'dim') return `illuminanceLevel ${change.illuminanceLevel} on ${where(change.target)}`;
  if (change.kind === 'program') return `activeProgramId ${change.programId} on ${where(change.target)}`;
  const sel = change.signals;
  return `signal plan ${change.plan.type}${change.plan.type === 'actuated' ? ` (max gap ${change.plan.maxGapS} s)` : ''} on ${sel.corridor ? `corridor ${sel.corridor}` : sel.communes ? `communes ${sel.communes.join(', ')}` : sel.signals ? `signals ${sel.signals.join(', ')}` : 'every signal'}`;
}
