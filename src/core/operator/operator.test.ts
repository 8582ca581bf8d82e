// The operator's pure parts: staged changes as scenario edits and commands, the forked preview
// (do nothing vs. the change over N hours from now), previous values, and the audit log.

import { describe, expect, it } from 'vitest';
import { gridCity, twoCommuneSignalGrid } from '../city/testing/gridCity.ts';
import { testScenario } from '../lighting/testing/scenarios.ts';
import { changeAt } from '../compare.ts';
import { createWorld, snapshotWorld, stepWorld, worldKpis } from '../world.ts';
import { lampExternalId, signalExternalId } from '../city/entityIds.ts';
import { cabinetsOf, ChangeError, commandsOf, describeChange, lampCountOf, MAX_INDIVIDUAL_COMMANDS, OPERATOR_PROGRAMS, OPERATOR_RULE_NAME, stagedScenario, type StagedChange } from './change.ts';
import { previewChange, previewStartVehicles, previousCommands, SCHEDULE_PROGRAM_ID, trafficWindow } from './preview.ts';
import { AuditLog, entryStatus, revertCommands } from './audit.ts';

const city = gridCity({ lines: 5 });
const commune = city.communes.name[0];
const HOUR_MS = 3_600_000;

/** A world at 21:00 local on a January evening, after a few hours of its own scenario. */
function eveningWorld(lighting = {}) {
  const w = createWorld(city, testScenario(lighting, { period: { start: '2025-01-15T12:00:00+01:00', days: 2 } }));
  stepWorld(w, 9 * HOUR_MS);
  return w;
}

describe('staged changes', () => {
  it('adds the change as the last lighting rule and checks it against the city', () => {
    const s = testScenario({ rules: [{ policy: { type: 'constant', level: 0.8 } }] });
    const dim: StagedChange = { kind: 'dim', target: { communes: [commune] }, illuminanceLevel: 0.4 };
    const staged = stagedScenario(city, s, dim);
    expect(staged.lighting.rules).toHaveLength(2);
    expect(staged.lighting.rules[1]).toEqual({ name: OPERATOR_RULE_NAME, where: { communes: [commune] }, policy: { type: 'constant', level: 0.4 } });
    expect(s.lighting.rules).toHaveLength(1); // the running scenario is untouched
    expect(() => stagedScenario(city, s, { kind: 'dim', target: { communes: ['Atlantis'] }, illuminanceLevel: 0.4 })).toThrow(/no commune "Atlantis"/);
    expect(() => stagedScenario(city, s, { kind: 'dim', target: { cabinets: [city.cabinets.count] }, illuminanceLevel: 0.4 })).toThrow(ChangeError);
    expect(() => stagedScenario(city, s, { kind: 'dim', target: { cabinets: [0] }, illuminanceLevel: 1.5 })).toThrow(/from 0 to 1/);
    expect(() => stagedScenario(city, s, { kind: 'program', target: { cabinets: [0] }, programId: 'nope' })).toThrow(/no lighting program "nope"/);
    expect(() => stagedScenario(city, s, { kind: 'signal-plan', signals: {}, plan: { type: 'max-pressure' } })).toThrow(/no signal plan/);
  });

  it('switches a program to the policy of the catalogue', () => {
    const staged = stagedScenario(city, testScenario(), { kind: 'program', target: { cabinets: [0] }, programId: 'part-night-50' });
    expect(staged.lighting.rules.at(-1)!.policy).toEqual(OPERATOR_PROGRAMS['part-night-50']);
  });

  it('commands every cabinet feeding the district, once, with the Smart Data Model attribute', () => {
    expect(city.cabinets.count).toBeGreaterThan(1);
    const all = cabinetsOf(city, { communes: [commune] });
    expect(all.length).toBeGreaterThan(0);
    const cmds = commandsOf(city, { kind: 'dim', target: { communes: [commune] }, illuminanceLevel: 0.3 });
    expect(cmds.map((c) => c.entityId)).toEqual(all.map((c) => `urn:ngsi-ld:StreetlightControlCabinet:cabinet-${String(c).padStart(4, '0')}`));
    expect(new Set(cmds.map((c) => JSON.stringify(c.command)))).toEqual(new Set(['{"illuminanceLevel":0.3}']));
    const one = commandsOf(city, { kind: 'program', target: { cabinets: [1, 1] }, programId: 'curfew-01-05' });
    expect(one).toEqual([{ entityId: 'urn:ngsi-ld:StreetlightControlCabinet:cabinet-0001', command: { activeProgramId: 'curfew-01-05' } }]);
    expect(lampCountOf(city, { cabinets: [1] })).toBe(Array.from(city.lamps.cabinet).filter((c) => c === 1).length);
    expect(describeChange({ kind: 'dim', target: { cabinets: [3] }, illuminanceLevel: 0.5 })).toBe('illuminanceLevel 0.5 on cabinets cabinet-0003');
  });

  it('commands hand-picked lamps one by one as Streetlight entities, within a bound', () => {
    const ids = [lampExternalId(city, 4), lampExternalId(city, 1), lampExternalId(city, 4)];
    const change: StagedChange = { kind: 'dim', target: { lamps: ids }, illuminanceLevel: 0.25 };
    expect(commandsOf(city, change)).toEqual([
      { entityId: `urn:ngsi-ld:Streetlight:${ids[0]}`, command: { illuminanceLevel: 0.25 } },
      { entityId: `urn:ngsi-ld:Streetlight:${ids[1]}`, command: { illuminanceLevel: 0.25 } },
    ]);
    expect(lampCountOf(city, change.target)).toBe(2);
    const staged = stagedScenario(city, testScenario(), change);
    expect(staged.lighting.rules.at(-1)!.where).toEqual({ lamps: ids });
    expect(describeChange(change)).toBe(`illuminanceLevel 0.25 on lamps ${ids.join(', ')}`);
    expect(() => commandsOf(city, { kind: 'dim', target: { lamps: [] }, illuminanceLevel: 0.5 })).toThrow(/at least one lamp/);
    expect(() => stagedScenario(city, testScenario(), { kind: 'dim', target: { lamps: ['no-such-lamp'] }, illuminanceLevel: 0.5 })).toThrow(/no lamp "no-such-lamp"/);
    const big = gridCity({ lines: 9 });
    expect(big.lamps.count).toBeGreaterThan(MAX_INDIVIDUAL_COMMANDS);
    const many = Array.from({ length: MAX_INDIVIDUAL_COMMANDS + 1 }, (_, i) => lampExternalId(big, i));
    expect(() => stagedScenario(big, testScenario(), { kind: 'dim', target: { lamps: many }, illuminanceLevel: 0.5 })).toThrow(/through its cabinets/);
    expect(() => commandsOf(big, { kind: 'dim', target: { lamps: many }, illuminanceLevel: 0.5 })).toThrow(new RegExp(`at most ${MAX_INDIVIDUAL_COMMANDS} per apply; switch a district through its cabinets`));
    expect(commandsOf(big, { kind: 'dim', target: { lamps: many.slice(1) }, illuminanceLevel: 0.5 })).toHaveLength(MAX_INDIVIDUAL_COMMANDS);
  });
});

describe('preview from now', () => {
  it('dimming a district saves energy over the next hours, in proportion to the lamps dimmed', () => {
    const w = eveningWorld();
    const before = snapshotWorld(w);
    const kpisBefore = worldKpis(w);
    const all = previewChange(w, { kind: 'dim', target: { communes: [commune] }, illuminanceLevel: 0.5 }, 6);
    expect(all.fromMs).toBe(w.timeMs);
    expect(all.toMs - all.fromMs).toBe(6 * HOUR_MS);
    const base = all.compare.baseline.lighting;
    const dimmed = all.compare.variant.lighting;
    expect(base.energyKWh).toBeGreaterThan(0);
    expect(dimmed.energyKWh).toBeLessThan(base.energyKWh);
    expect(changeAt(all.compare.delta, 'lighting.energyKWh')!.diff).toBeLessThan(0);
    expect(changeAt(all.compare.delta, 'lighting.costEUR')!.diff).toBeLessThan(0);
    // One cabinet only saves less than the whole commune.
    const one = previewChange(w, { kind: 'dim', target: { cabinets: [0] }, illuminanceLevel: 0.5 }, 6);
    expect(one.compare.baseline.lighting.energyKWh).toBeCloseTo(base.energyKWh, 6);
    expect(one.compare.variant.lighting.energyKWh).toBeGreaterThan(dimmed.energyKWh);
    expect(one.compare.variant.lighting.energyKWh).toBeLessThan(base.energyKWh);
    // The running world is neither advanced nor changed.
    expect(snapshotWorld(w)).toEqual(before);
    expect(worldKpis(w)).toEqual(kpisBefore);
  });

  it('dimming to 0 loses compliance; doing the same as the scenario changes nothing', () => {
    const w = eveningWorld({ rules: [{ policy: { type: 'constant', level: 0.6 } }] });
    const dark = previewChange(w, { kind: 'dim', target: { communes: [commune] }, illuminanceLevel: 0 }, 4);
    const share = changeAt(dark.compare.delta, 'lighting.compliantRoadShare');
    if (dark.compare.baseline.lighting.compliantRoadShare !== null) expect(share!.diff).toBeLessThan(0);
    const same = previewChange(w, { kind: 'dim', target: { communes: [commune] }, illuminanceLevel: 0.6 }, 4);
    expect(same.compare.variant).toEqual(same.compare.baseline);
  });

  it('a later preview starts later: the window follows the running world', () => {
    const w = eveningWorld();
    const a = previewChange(w, { kind: 'program', target: { cabinets: [0] }, programId: 'curfew-01-05' }, 2);
    stepWorld(w, 3 * HOUR_MS); // 00:00 local: the curfew from 01:00 falls inside the next 2 hours
    const b = previewChange(w, { kind: 'program', target: { cabinets: [0] }, programId: 'curfew-01-05' }, 2);
    expect(b.fromMs - a.fromMs).toBe(3 * HOUR_MS);
    expect(changeAt(a.compare.delta, 'lighting.energyKWh')!.diff).toBe(0); // 21:00–23:00: no curfew yet
    expect(changeAt(b.compare.delta, 'lighting.energyKWh')!.diff).toBeLessThan(0);
  });

  it('refuses a window it cannot run', () => {
    const w = eveningWorld();
    expect(() => previewChange(w, { kind: 'dim', target: { cabinets: [0] }, illuminanceLevel: 0.5 }, 0)).toThrow(ChangeError);
    expect(() => previewChange(w, { kind: 'dim', target: { cabinets: [0] }, illuminanceLevel: 0.5 }, 1000)).toThrow(ChangeError);
  });
});

describe('preview with traffic', () => {
  const trafficCity = twoCommuneSignalGrid();

  it('compares traffic KPIs of a signal plan switch over the same trips, deterministically', () => {
    const w = createWorld(trafficCity, testScenario({}, { traffic: {}, period: { start: '2025-01-15T06:00:00+01:00', days: 1 } }));
    stepWorld(w, 2 * HOUR_MS);
    const change: StagedChange = { kind: 'signal-plan', signals: {}, plan: { type: 'max-pressure' } };
    const a = previewChange(w, change, 2);
    const { baseline, variant } = a.compare;
    expect(baseline.traffic!.trips).toBeGreaterThan(100);
    expect(variant.traffic!.trips).toBe(baseline.traffic!.trips);
    expect(changeAt(a.compare.delta, 'traffic.totalDelayVehH')).not.toBeNull();
    expect(variant.traffic).not.toEqual(baseline.traffic);
    expect(variant.lighting).toEqual(baseline.lighting);
    expect(previewChange(w, change, 2)).toEqual(a);
  });

  it('switches a signal plan with one TrafficSignalController command per signal, from the catalogue', () => {
    const change: StagedChange = { kind: 'signal-plan', signals: {}, plan: { type: 'max-pressure' } };
    const ids = Array.from({ length: trafficCity.signals.count }, (_, s) => `urn:ngsi-ld:TrafficSignalController:${signalExternalId(trafficCity, s)}`);
    expect(ids.length).toBeGreaterThan(0);
    expect(commandsOf(trafficCity, change)).toEqual(ids.map((entityId) => ({ entityId, command: { activeProgramId: 'max-pressure' } })));
    expect(commandsOf(trafficCity, { ...change, plan: { type: 'actuated', maxGapS: 3 } })[0].command).toEqual({ activeProgramId: 'actuated' });
    expect(() => commandsOf(trafficCity, { ...change, plan: { type: 'actuated', maxGapS: 7 } })).toThrow(/not one the controllers hold/);
    expect(() => commandsOf(trafficCity, { ...change, signals: { communes: ['Atlantis'] } })).toThrow(/no commune "Atlantis"/);
    const w = createWorld(trafficCity, testScenario({}, { traffic: {}, period: { start: '2025-01-15T06:00:00+01:00', days: 1 } }));
    expect(previousCommands(w, change).map((c) => c.command)).toEqual(ids.map(() => ({ activeProgramId: SCHEDULE_PROGRAM_ID })));
    expect(previousCommands(w, change, new Map([[ids[0], { activeProgramId: 'webster' }]]))[0].command).toEqual({ activeProgramId: 'webster' });
  });

  it('starts from the vehicles of now, and "do nothing" reproduces the running world over the same window', () => {
    const w = createWorld(trafficCity, testScenario({}, { traffic: {}, period: { start: '2025-01-15T06:00:00+01:00', days: 1 } }));
    stepWorld(w, 2 * HOUR_MS); // 08:00 local
    const change: StagedChange = { kind: 'signal-plan', signals: {}, plan: { type: 'max-pressure' } };
    const start = previewStartVehicles(w, change);
    expect(w.traffic!.activeCount).toBeGreaterThan(0);
    expect(start).toEqual({ doNothing: w.traffic!.activeCount, withChange: w.traffic!.activeCount });
    const p = previewChange(w, change, 1);
    // The running world itself over the same hour.
    const k0 = worldKpis(w).traffic!;
    stepWorld(w, HOUR_MS);
    const k1 = worldKpis(w).traffic!;
    const pick = (k: typeof k0) => ({ trips: k.trips, completedTrips: k.completedTrips, vehicleKm: k.vehicleKm, meanTravelTimeS: k.meanTravelTimeS, totalDelayVehH: k.totalDelayVehH, stops: k.stops, co2Kg: k.co2Kg });
    expect(p.compare.baseline.traffic).toEqual(trafficWindow(pick(k0), pick(k1)));
    expect(p.compare.baseline.traffic!.completedTrips).toBeGreaterThan(0);
    expect(p.compare.variant.traffic).not.toEqual(p.compare.baseline.traffic);
  });
});

describe('previous values', () => {
  it('are the level the programs ask now, or what an operator set last, or the schedule', () => {
    const w = eveningWorld({ rules: [{ policy: { type: 'part-night', eveningLevel: 0.9, steps: [{ at: '23:00', level: 0.5 }] } }] });
    const prev = previousCommands(w, { kind: 'dim', target: { cabinets: [0, 1] }, illuminanceLevel: 0.2 });
    expect(prev.map((p) => p.command)).toEqual([{ illuminanceLevel: 0.9 }, { illuminanceLevel: 0.9 }]);
    stepWorld(w, 3 * HOUR_MS);
    expect(previousCommands(w, { kind: 'dim', target: { cabinets: [0] }, illuminanceLevel: 0.2 })[0].command).toEqual({ illuminanceLevel: 0.5 });
    const last = new Map([['urn:ngsi-ld:StreetlightControlCabinet:cabinet-0000', { illuminanceLevel: 0.7 }]]);
    expect(previousCommands(w, { kind: 'dim', target: { cabinets: [0] }, illuminanceLevel: 0.2 }, last)[0].command).toEqual({ illuminanceLevel: 0.7 });
    expect(previousCommands(w, { kind: 'program', target: { cabinets: [0] }, programId: 'presence-20' })[0].command).toEqual({ activeProgramId: SCHEDULE_PROGRAM_ID });
    const lamp = lampExternalId(city, 3);
    expect(previousCommands(w, { kind: 'dim', target: { lamps: [lamp] }, illuminanceLevel: 0.2 })).toEqual([{ entityId: `urn:ngsi-ld:Streetlight:${lamp}`, command: { illuminanceLevel: 0.5 } }]);
  });
});

describe('audit log', () => {
  const cmd = (id: number, level: number) => ({ entityId: `urn:ngsi-ld:StreetlightControlCabinet:cabinet-000${id}`, command: { illuminanceLevel: level }, previous: { illuminanceLevel: 1 } });

  it('keeps who, what, when and each answer; a late answer does not overwrite a timeout', () => {
    const log = new AuditLog();
    let heard = 0;
    log.onChange(() => heard++);
    const e = log.open({ operator: 'alice', issuedAtMs: 1000, simTimeMs: 5000, summary: 'dim', commands: [cmd(0, 0.5), cmd(1, 0.5)] });
    expect(entryStatus(e)).toBe('pending');
    log.settle(e.id, 0, 'acknowledged', 'OK', 1100);
    log.settle(e.id, 1, 'not-acknowledged', 'no answer within 2000 ms', null);
    log.settle(e.id, 1, 'acknowledged', 'OK', 4000);
    expect(e.commands[1].status).toBe('not-acknowledged');
    expect(entryStatus(e)).toBe('partial');
    expect(heard).toBe(3);
    expect(log.lastApplied()).toEqual(new Map([[cmd(0, 0).entityId, { illuminanceLevel: 0.5 }]]));
    // Revert undoes what may have acted, silent devices included.
    expect(revertCommands(e)).toEqual([
      { entityId: cmd(0, 0).entityId, command: { illuminanceLevel: 1 }, previous: { illuminanceLevel: 0.5 } },
      { entityId: cmd(1, 0).entityId, command: { illuminanceLevel: 1 }, previous: { illuminanceLevel: 0.5 } },
    ]);
  });

  it('an entry the broker refused changed nothing and has nothing to revert', () => {
    const log = new AuditLog();
    const e = log.open({ operator: 'bob', issuedAtMs: 1, simTimeMs: null, summary: 'dim', commands: [cmd(0, 0.5), cmd(1, 0.5)] });
    log.settle(e.id, 0, 'refused', 'Not authorized', 2);
    log.settle(e.id, 1, 'not-sent', null, null);
    expect(entryStatus(e)).toBe('refused');
    expect(revertCommands(e)).toEqual([]);
    const f = log.open({ operator: 'bob', issuedAtMs: 1, simTimeMs: null, summary: 'dim', commands: [cmd(0, 0.5)] });
    log.settle(f.id, 0, 'not-acknowledged', null, null);
    expect(entryStatus(f)).toBe('not-acknowledged');
  });
});
