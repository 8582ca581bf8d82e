// Signal heads at signalised intersections: one head per approach link, set back from the stop
// line on the approach's right; a static two-phase state until the traffic simulation drives it.

import type { CityModel } from '../../core/city/model.ts';

export const SIGNAL_RED = 0;
export const SIGNAL_GREEN = 2;

export interface SignalHeadArrays {
  /** Pole foot x, 0, -y per head. */
  feet: Float32Array;
  /** Heading of the approach (radians, three's XZ plane) so heads face the traffic. */
  yawRad: Float32Array;
  /** Signal index of each head. */
  signal: Uint32Array;
  /** 0 red, 1 amber, 2 green. */
  state: Uint8Array;
  count: number;
}

const SETBACK_M = 6;
const SIDE_OFFSET_M = 5;

export function buildSignalHeadArrays(city: CityModel): SignalHeadArrays {
  const { signals, links } = city;
  const count = signals.approachStart[signals.count] ?? 0;
  const feet = new Float32Array(count * 3);
  const yawRad = new Float32Array(count);
  const signal = new Uint32Array(count);
  const state = new Uint8Array(count);
  let h = 0;
  for (let s = 0; s < signals.count; s++) {
    let refX = 0, refY = 0;
    for (let a = signals.approachStart[s]; a < signals.approachStart[s + 1]; a++) {
      const link = signals.approachLinks[a];
      const end = links.shapeStart[link + 1] - 1;
      const ex = links.shapeXYM[end * 2], ey = links.shapeXYM[end * 2 + 1];
      const px = links.shapeXYM[(end - 1) * 2], py = links.shapeXYM[(end - 1) * 2 + 1];
      const len = Math.hypot(ex - px, ey - py) || 1;
      const dx = (ex - px) / len, dy = (ey - py) / len;
      const back = Math.min(SETBACK_M, len * 0.5);
      // Right of travel direction is (dy, -dx).
      const x = ex - dx * back + dy * SIDE_OFFSET_M;
      const y = ey - dy * back - dx * SIDE_OFFSET_M;
      feet[h * 3] = x;
      feet[h * 3 + 1] = 0;
      feet[h * 3 + 2] = -y;
      yawRad[h] = Math.atan2(-dx, dy);
      signal[h] = s;
      if (a === signals.approachStart[s]) {
        refX = dx;
        refY = dy;
      }
      state[h] = Math.abs(dx * refX + dy * refY) > 0.7 ? SIGNAL_GREEN : SIGNAL_RED;
      h++;
    }
  }
  return { feet, yawRad, signal, state, count };
}
