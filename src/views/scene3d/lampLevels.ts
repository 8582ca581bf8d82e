// The lamp level array (0–1 per lamp) that the glow and light pools read, with a version the
// frame loop compares to upload only after a change; the simulation frame receiver fills it.

import { fullLevels } from './lampArrays.ts';

export interface LampLevelSource {
  levels: Float32Array;
  /** Bumped by whoever writes `levels`; the view uploads when it differs from what it drew. */
  version: number;
  /** Bumped by whoever rewrites the lamps' colours in place (a before/after of a retrofit); absent when they never change. */
  colourVersion?: number;
}

export function createLampLevelSource(count: number): LampLevelSource {
  return { levels: fullLevels(count), version: 1 };
}

/** Set every lamp to one level (tests and the future "all on/off" command). */
export function setAllLevels(source: LampLevelSource, level: number): void {
  source.levels.fill(Math.min(1, Math.max(0, level)));
  source.version++;
}
