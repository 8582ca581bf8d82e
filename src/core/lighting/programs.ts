// Control programs: a scenario policy compiled to a level as a function of local time of day
// (and road class for adaptive lighting), with the clock breakpoints where the level changes.

import type { LightingPolicy } from '../scenario/schema.ts';
import { parseClockMs } from '../time/parisTime.ts';
import { adaptiveClass, adaptiveLevel, type TrafficVolumeSource } from './adaptive.ts';

const DAY_MS = 86_400_000;
const NOON_MS = 43_200_000;

/** Position of a local time of day in a night that starts at noon: 22:00 comes before 05:00. */
export function nightOrderMs(localMs: number): number {
  return (localMs - NOON_MS + DAY_MS) % DAY_MS;
}

interface Step {
  nightOrderMs: number;
  level: number;
}

export interface ControlProgram {
  kind: LightingPolicy['type'];
  /** Level (0–1) asked of a lamp at this local time of day, before presence boosts. */
  levelAt(localMs: number, roadClass: number, lightingClass: number): number;
  /** Local clock times (ms after midnight) where the level may change, besides whole hours. */
  breakpointsLocalMs: number[];
  /** Whether the level also changes on the hour (adaptive classes follow hourly traffic). */
  hourly: boolean;
  presence: PresenceParams | null;
  /** The EN 13201 class the road is held to at this local time (adaptive lighting lowers it); absent: the design class. */
  classAt?: (localMs: number, roadClass: number, designClass: number) => number;
}

export interface PresenceParams {
  activeLevel: number;
  rampS: number;
  holdS: number;
  fadeS: number;
  propagatePoles: number;
}

function compileSteps(steps: { at: string; level: number }[]): Step[] {
  return steps.map((s) => ({ nightOrderMs: nightOrderMs(parseClockMs(s.at)), level: s.level })).sort((a, b) => a.nightOrderMs - b.nightOrderMs);
}

function steppedLevel(steps: Step[], eveningLevel: number, localMs: number): number {
  const k = nightOrderMs(localMs);
  let level = eveningLevel;
  for (const s of steps) {
    if (s.nightOrderMs <= k) level = s.level;
    else break;
  }
  return level;
}

export function compileProgram(policy: LightingPolicy, traffic: TrafficVolumeSource): ControlProgram {
  switch (policy.type) {
    case 'constant':
      return { kind: policy.type, levelAt: () => policy.level, breakpointsLocalMs: [], hourly: false, presence: null };
    case 'part-night': {
      const steps = compileSteps(policy.steps);
      return {
        kind: policy.type,
        levelAt: (t) => steppedLevel(steps, policy.eveningLevel, t),
        breakpointsLocalMs: policy.steps.map((s) => parseClockMs(s.at)),
        hourly: false,
        presence: null,
      };
    }
    case 'curfew': {
      const from = nightOrderMs(parseClockMs(policy.from));
      const to = nightOrderMs(parseClockMs(policy.to));
      const off = (k: number) => (from < to ? k >= from && k < to : k >= from || k < to);
      return {
        kind: policy.type,
        levelAt: (t) => (off(nightOrderMs(t)) ? 0 : policy.level),
        breakpointsLocalMs: [parseClockMs(policy.from), parseClockMs(policy.to)],
        hourly: false,
        presence: null,
      };
    }
    case 'presence': {
      const steps = policy.steps ? compileSteps(policy.steps) : [];
      return {
        kind: policy.type,
        levelAt: (t) => (steps.length ? Math.min(policy.baseLevel, steppedLevel(steps, policy.baseLevel, t)) : policy.baseLevel),
        breakpointsLocalMs: (policy.steps ?? []).map((s) => parseClockMs(s.at)),
        hourly: false,
        presence: {
          activeLevel: policy.activeLevel,
          rampS: policy.rampS,
          holdS: policy.holdS,
          fadeS: policy.fadeS,
          propagatePoles: policy.propagatePoles,
        },
      };
    }
    case 'adaptive':
      return {
        kind: policy.type,
        levelAt: (t, roadClass, lightingClass) => adaptiveLevel(traffic.volumeRatio(roadClass, Math.floor(t / 3_600_000)), lightingClass, policy.minLevel),
        breakpointsLocalMs: [],
        hourly: true,
        presence: null,
        classAt: (t, roadClass, designClass) => adaptiveClass(designClass, traffic.volumeRatio(roadClass, Math.floor(t / 3_600_000))),
      };
  }
}

/** Lamps no rule matches burn at full output all night. */
export const FULL_NIGHT_PROGRAM: ControlProgram = {
  kind: 'constant',
  levelAt: () => 1,
  breakpointsLocalMs: [],
  hourly: false,
  presence: null,
};
