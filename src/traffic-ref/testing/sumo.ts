// Test support for the SUMO cross-check: whether Debian's `sumo` tools are on PATH, and a describe()
// that is skipped with a message naming the package without them (failing instead under CI=true).

import { describe, it } from 'vitest';
import { CI, hasCommand } from '../../testing/sharedData.ts';

export const sumoOnPath = hasCommand('sumo') && hasCommand('netconvert');

export function describeWithSumo(title: string, body: () => void): void {
  if (sumoOnPath) describe(title, body);
  else if (CI) describe(title, () => it('needs sumo (Debian package sumo) under CI=true', () => { throw new Error('sumo or netconvert not found: apt-get install -y sumo sumo-tools'); }));
  else describe.skip(`${title} — skipped: sumo not found (install the Debian packages sumo and sumo-tools)`, body);
}
