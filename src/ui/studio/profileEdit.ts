// The studio's edits of a scenario draft, as pure functions (a new draft each time): the dimming
// profile of a rule (levels over the night), presence parameters, where the rule applies.

import type { LampSelector, LightingPolicy, Scenario } from '../../core/scenario/schema.ts';

export interface ProfileStep {
  at: string;
  level: number;
}

/** A rule's profile as the chart shows it: the level from dusk, then steps at local times. */
export interface Profile {
  eveningLevel: number;
  steps: ProfileStep[];
}

export type EditablePolicyType = 'part-night' | 'presence';
export type PresenceParams = Pick<Extract<LightingPolicy, { type: 'presence' }>, 'baseLevel' | 'activeLevel' | 'rampS' | 'holdS' | 'fadeS' | 'propagatePoles'>;

/** The chart's time axis: from 16:00 to 09:00 the next morning (the nights of a year in Dijon). */
export const AXIS_START_MIN = 16 * 60;
export const AXIS_SPAN_MIN = 17 * 60;
/** Times snap to a quarter hour, levels to 5 %. */
export const SNAP_MIN = 15;
export const SNAP_LEVEL = 0.05;

export function clockToMin(at: string): number {
  const [h, m] = at.split(':').map(Number);
  return h * 60 + m;
}

export function minToClock(min: number): string {
  const m = ((Math.round(min) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Position of a local time on the axis, 0–1 (times outside the night are clamped to its ends). */
export function axisFraction(at: string): number {
  const m = (clockToMin(at) - AXIS_START_MIN + 1440) % 1440;
  return Math.min(1, m / AXIS_SPAN_MIN);
}

/** The local time (snapped) at a fraction of the axis. */
export function timeAtFraction(f: number): string {
  const m = Math.round((Math.min(1, Math.max(0, f)) * AXIS_SPAN_MIN) / SNAP_MIN) * SNAP_MIN;
  return minToClock(AXIS_START_MIN + m);
}

export function snapLevel(level: number): number {
  return Math.round(Math.min(1, Math.max(0, level)) / SNAP_LEVEL) * SNAP_LEVEL;
}

/** Steps in night order (evening first), as the simulation reads them. */
export function sortSteps(steps: readonly ProfileStep[]): ProfileStep[] {
  return [...steps].sort((a, b) => axisFraction(a.at) - axisFraction(b.at));
}

export function profileOf(policy: LightingPolicy): Profile | null {
  if (policy.type === 'part-night') return { eveningLevel: policy.eveningLevel, steps: sortSteps(policy.steps) };
  if (policy.type === 'presence') return { eveningLevel: policy.baseLevel, steps: sortSteps(policy.steps ?? []) };
  return null;
}

function withRule(s: Scenario, index: number, edit: (policy: LightingPolicy) => LightingPolicy, where?: LampSelector): Scenario {
  const draft = structuredClone(s);
  const rule = draft.lighting.rules[index];
  if (!rule) throw new Error(`no rule ${index}`);
  rule.policy = edit(rule.policy);
  if (where) rule.where = where;
  return draft;
}

/** Moves step k to a new time and level (snapped); refused (same draft) when another step holds that time. */
export function moveStep(s: Scenario, ruleIndex: number, k: number, at: string, level: number): Scenario {
  const p = profileOf(s.lighting.rules[ruleIndex].policy);
  if (!p || !p.steps[k]) return s;
  if (p.steps.some((x, j) => j !== k && x.at === at)) return s;
  const steps = p.steps.map((x, j) => (j === k ? { at, level: snapLevel(level) } : x));
  return setProfile(s, ruleIndex, { ...p, steps });
}

export function setEveningLevel(s: Scenario, ruleIndex: number, level: number): Scenario {
  const p = profileOf(s.lighting.rules[ruleIndex].policy);
  return p ? setProfile(s, ruleIndex, { ...p, eveningLevel: snapLevel(level) }) : s;
}

/** Adds a step in the widest gap of the night at the level in force there. */
export function addStep(s: Scenario, ruleIndex: number): Scenario {
  const p = profileOf(s.lighting.rules[ruleIndex].policy);
  if (!p) return s;
  const xs = [0, ...p.steps.map((x) => axisFraction(x.at)), 1];
  let best = 0;
  for (let i = 1; i < xs.length - 1; i++) if (xs[i + 1] - xs[i] > xs[best + 1] - xs[best]) best = i;
  const at = timeAtFraction((xs[best] + xs[best + 1]) / 2);
  if (p.steps.some((x) => x.at === at)) return s;
  const level = best === 0 ? p.eveningLevel : p.steps[best - 1].level;
  return setProfile(s, ruleIndex, { ...p, steps: [...p.steps, { at, level }] });
}

/** Removes step k (a part-night profile keeps at least one). */
export function removeStep(s: Scenario, ruleIndex: number, k: number): Scenario {
  const policy = s.lighting.rules[ruleIndex].policy;
  const p = profileOf(policy);
  if (!p || !p.steps[k] || (policy.type === 'part-night' && p.steps.length <= 1)) return s;
  return setProfile(s, ruleIndex, { ...p, steps: p.steps.filter((_, j) => j !== k) });
}

export function setProfile(s: Scenario, ruleIndex: number, profile: Profile): Scenario {
  const steps = sortSteps(profile.steps);
  return withRule(s, ruleIndex, (policy) => {
    if (policy.type === 'part-night') return { ...policy, eveningLevel: profile.eveningLevel, steps };
    if (policy.type === 'presence') {
      const next = { ...policy, baseLevel: profile.eveningLevel };
      if (steps.length) next.steps = steps;
      else delete next.steps;
      return next;
    }
    return policy;
  });
}

/** Presence parameters (DOMAIN.md defaults when the rule becomes a presence rule). */
export const PRESENCE_DEFAULTS: PresenceParams = { baseLevel: 0.2, activeLevel: 1, rampS: 1.5, holdS: 90, fadeS: 8, propagatePoles: 2 };

export function setPresence(s: Scenario, ruleIndex: number, params: Partial<PresenceParams>): Scenario {
  return withRule(s, ruleIndex, (policy) => (policy.type === 'presence' ? { ...policy, ...params } : policy));
}

/** Changes a rule's policy type, keeping what carries over (its profile). */
export function setPolicyType(s: Scenario, ruleIndex: number, type: EditablePolicyType): Scenario {
  const current = s.lighting.rules[ruleIndex].policy;
  if (current.type === type) return s;
  const p = profileOf(current) ?? {
    eveningLevel: current.type === 'constant' || current.type === 'curfew' ? current.level : 1,
    steps: current.type === 'curfew' ? [{ at: current.from, level: 0 }, { at: current.to, level: current.level }] : [],
  };
  return withRule(s, ruleIndex, () => {
    if (type === 'part-night') {
      const steps = p.steps.length ? p.steps : [{ at: '22:00', level: 0.5 }, { at: '05:00', level: 1 }];
      return { type: 'part-night', eveningLevel: p.eveningLevel, steps };
    }
    return { type: 'presence', ...PRESENCE_DEFAULTS, ...(p.steps.length ? { steps: p.steps } : {}) };
  });
}

export function setWhere(s: Scenario, ruleIndex: number, where: LampSelector): Scenario {
  const clean: LampSelector = { ...where };
  for (const k of Object.keys(clean) as (keyof LampSelector)[]) if (Array.isArray(clean[k]) && clean[k]!.length === 0) delete clean[k];
  return withRule(s, ruleIndex, (p) => p, clean);
}

/** Adds a rule (a part-night profile over every lamp, Dijon's 70 % from 22:00 to 05:00); it applies last, so it wins. */
export function addRule(s: Scenario, name: string): Scenario {
  const draft = structuredClone(s);
  draft.lighting.rules.push({ name, where: {}, policy: { type: 'part-night', eveningLevel: 1, steps: [{ at: '22:00', level: 0.7 }, { at: '05:00', level: 1 }] } });
  return draft;
}

/** A saved draft: its own name (the file name), a title saying it is a variant. */
export function renamed(s: Scenario, name: string, title: Scenario['title']): Scenario {
  return { ...structuredClone(s), name, title };
}
