import { describe, expect, it } from 'vitest';
import { testScenario } from '../../core/lighting/testing/scenarios.ts';
import { parseScenario } from '../../core/scenario/parse.ts';
import { addRule, addStep, axisFraction, moveStep, profileOf, removeStep, setEveningLevel, setPolicyType, setPresence, setWhere, timeAtFraction } from './profileEdit.ts';

const base = testScenario({
  rules: [
    { where: { communes: ['A'] }, policy: { type: 'part-night', steps: [{ at: '05:00', level: 1 }, { at: '22:00', level: 0.7 }] } },
    { where: {}, policy: { type: 'curfew', from: '00:00', to: '05:00' } },
  ],
});

describe('profile edits', () => {
  it('reads a profile in night order and maps times onto the 16:00–09:00 axis', () => {
    expect(profileOf(base.lighting.rules[0].policy)!.steps.map((s) => s.at)).toEqual(['22:00', '05:00']);
    expect(axisFraction('16:00')).toBe(0);
    expect(axisFraction('09:00')).toBe(1);
    expect(timeAtFraction(6 / 17)).toBe('22:00');
    expect(timeAtFraction(0.5001)).toBe('00:30');
  });

  it('moves a step (snapped), refuses a time another step holds, keeps the draft valid', () => {
    const moved = moveStep(base, 0, 0, '23:00', 0.43);
    expect(profileOf(moved.lighting.rules[0].policy)!.steps[0]).toEqual({ at: '23:00', level: 0.45 });
    expect(base.lighting.rules[0].policy).toMatchObject({ steps: [{ at: '05:00' }, { at: '22:00' }] }); // untouched
    expect(moveStep(base, 0, 0, '05:00', 0.2)).toBe(base);
    expect(() => parseScenario(JSON.parse(JSON.stringify(moved)))).not.toThrow();
    expect(profileOf(setEveningLevel(base, 0, 0.81).lighting.rules[0].policy)!.eveningLevel).toBe(0.8);
  });

  it('adds a step in the widest gap and removes one, keeping at least one on a part-night profile', () => {
    const added = addStep(base, 0);
    const steps = profileOf(added.lighting.rules[0].policy)!.steps;
    expect(steps).toHaveLength(3);
    expect(steps[1]).toEqual({ at: '01:30', level: 0.7 });
    const one = removeStep(base, 0, 1);
    expect(profileOf(one.lighting.rules[0].policy)!.steps).toEqual([{ at: '22:00', level: 0.7 }]);
    expect(removeStep(one, 0, 0)).toBe(one);
  });

  it('turns a curfew into a part-night profile and a presence rule, with presence parameters', () => {
    const pn = setPolicyType(base, 1, 'part-night');
    expect(pn.lighting.rules[1].policy).toEqual({ type: 'part-night', eveningLevel: 1, steps: [{ at: '00:00', level: 0 }, { at: '05:00', level: 1 }] });
    const pr = setPresence(setPolicyType(pn, 1, 'presence'), 1, { holdS: 120, baseLevel: 0.3 });
    expect(pr.lighting.rules[1].policy).toMatchObject({ type: 'presence', baseLevel: 0.3, holdS: 120, activeLevel: 1, steps: [{ at: '00:00' }, { at: '05:00' }] });
    expect(() => parseScenario(JSON.parse(JSON.stringify(pr)))).not.toThrow();
  });

  it('sets where a rule applies (empty lists dropped) and adds a rule that applies last', () => {
    const w = setWhere(base, 0, { communes: [], roadClasses: ['residential'] });
    expect(w.lighting.rules[0].where).toEqual({ roadClasses: ['residential'] });
    const r = addRule(base, 'New');
    expect(r.lighting.rules).toHaveLength(3);
    expect(r.lighting.rules[2]).toMatchObject({ name: 'New', where: {}, policy: { type: 'part-night' } });
  });
});
