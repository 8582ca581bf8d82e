// Presence detections counted per road over a recent window of simulated time (for the map's heat
// layer): read from the lighting's own presence source, so vehicles, passers-by and feed motion all count.

import { SLOT_MS, localHourOfSlot, slotStartOf, type LightingModel } from './lightingSim.ts';
import { detectionBuffer } from './presence.ts';

/** The window the map's presence layer covers (ms of simulated time). */
export const PRESENCE_WINDOW_MS = 3_600_000;

const scratch = detectionBuffer();

/**
 * Writes into `out` (one entry per city link) the detections on each presence-controlled road in
 * [fromMs, toMs); other links get 0. Reads the model's presence source only (stateless to call), so the
 * count is the same after a seek as after playing through. Returns the total count.
 */
export function countPresenceDetections(m: LightingModel, fromMs: number, toMs: number, out: Float32Array): number {
  out.fill(0);
  if (!(toMs > fromMs)) return 0;
  const counted = new Uint8Array(out.length);
  let total = 0;
  for (let s = slotStartOf(m, fromMs); s < toMs; s += SLOT_MS) {
    const hour = localHourOfSlot(m, s);
    counted.fill(0);
    for (const road of m.presenceRoads) {
      // A road under two boost lengths is listed twice: its detections are the same stream.
      if (road.link < 0 || road.link >= out.length || counted[road.link]) continue;
      counted[road.link] = 1;
      m.options.presence.detections(road.link, road.roadClass, road.lengthM, s, SLOT_MS, hour, scratch);
      let n = 0;
      for (let k = 0; k < scratch.count; k++) {
        const t = scratch.times[k];
        if (t >= fromMs && t < toMs) n++;
      }
      out[road.link] += n;
      total += n;
    }
  }
  return total;
}
