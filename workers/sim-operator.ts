// The operator workflow inside the simulation worker: what can be targeted in the running world,
// the preview of a staged change forked from its present, and the commands (with previous values) to apply it
// (to cabinets, hand-picked lamps or signal controllers).

import { commandsOf, describeChange, lampCountOf, MAX_INDIVIDUAL_COMMANDS, OPERATOR_PROGRAMS, OPERATOR_SIGNAL_PLANS, type DeviceCommand, type StagedChange } from '../src/core/operator/change.ts';
import { previewChange, previousCommands, type PreviewResult } from '../src/core/operator/preview.ts';
import type { World } from '../src/core/world.ts';

export interface OperatorTargets {
  communes: string[];
  cabinetCount: number;
  programs: string[];
  /** Plans a signal controller can be switched to. */
  signalPlans: string[];
  /** Whether the running scenario simulates traffic (signal plans can be previewed and applied). */
  traffic: boolean;
  /** Most device commands one apply sends (hand-picked lamps, signal controllers). */
  maxCommands: number;
  simTimeMs: number;
}

/** Commands that carry a change to the field, with what each device had before (for revert). */
export interface OperatorPlan {
  summary: string;
  lampCount: number;
  commands: DeviceCommand[];
  previous: DeviceCommand['command'][];
  simTimeMs: number;
}

export type OperatorResult<T> = { ok: true; value: T } | { ok: false; error: string };

const attempt = <T>(f: () => T): OperatorResult<T> => {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
};

export function operatorTargets(world: World): OperatorTargets {
  return {
    communes: [...world.city.communes.name],
    cabinetCount: world.city.cabinets.count,
    programs: Object.keys(OPERATOR_PROGRAMS),
    signalPlans: Object.keys(OPERATOR_SIGNAL_PLANS),
    traffic: !!world.traffic,
    maxCommands: MAX_INDIVIDUAL_COMMANDS,
    simTimeMs: world.timeMs,
  };
}

export function operatorPreview(world: World, change: StagedChange, hours: number): OperatorResult<PreviewResult> {
  return attempt(() => previewChange(world, change, hours));
}

/** `lastApplied`: entity id → the last command an operator's device acknowledged (from the page's audit log). */
export function operatorPlan(world: World, change: StagedChange, lastApplied: [string, DeviceCommand['command']][]): OperatorResult<OperatorPlan> {
  return attempt(() => {
    const commands = commandsOf(world.city, change);
    const previous = previousCommands(world, change, new Map(lastApplied)).map((c) => c.command);
    const lampCount = change.kind === 'signal-plan' ? 0 : lampCountOf(world.city, change.target);
    return { summary: describeChange(change), lampCount, commands, previous, simTimeMs: world.timeMs };
  });
}
