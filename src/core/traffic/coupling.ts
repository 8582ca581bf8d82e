// Traffic → lighting: simulated vehicles passing lamps become presence detections (with the
// stochastic model's pedestrians and cyclists on top), and simulated volumes feed adaptive classes.

import { detectionBuffer, pushDetection, stochasticPassersBy, type DetectionBuffer, type PresenceSource } from '../lighting/presence.ts';
import type { TrafficSim } from './trafficSim.ts';

/** Share of the stochastic model's passers-by that are on foot or by bike (stated default), added to the simulated vehicles. */
export const NON_MOTORISED_SHARE = 0.3;

/** A presence source reading the vehicles a traffic run recorded; `sim` is bound once the run exists. */
export function vehiclePresence(seed: number): PresenceSource & { bind(sim: TrafficSim): void } {
  let sim: TrafficSim | null = null;
  const walkers = stochasticPassersBy(seed, NON_MOTORISED_SHARE);
  const scratch: DetectionBuffer = detectionBuffer();
  return {
    source: `simulated vehicles + ${Math.round(NON_MOTORISED_SHARE * 100)} % of the stochastic passers-by (pedestrians, cyclists)`,
    bind(s: TrafficSim) {
      sim = s;
    },
    detections(link, roadClass, lengthM, slotStartMs, slotMs, localHour, out) {
      walkers.detections(link, roadClass, lengthM, slotStartMs, slotMs, localHour, scratch);
      out.count = 0;
      const times = sim?.presence.get(link);
      const end = slotStartMs + slotMs;
      let i = 0;
      if (times) {
        let lo = 0;
        let hi = times.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (times[mid] < slotStartMs) lo = mid + 1;
          else hi = mid;
        }
        i = lo;
      }
      // Merge the two sorted streams.
      let j = 0;
      for (;;) {
        const a = times && i < times.length && times[i] < end ? times[i] : Infinity;
        const b = j < scratch.count ? scratch.times[j] : Infinity;
        if (a === Infinity && b === Infinity) break;
        if (a <= b) {
          pushDetection(out, a);
          i++;
        } else {
          pushDetection(out, b);
          j++;
        }
      }
    },
  };
}

/** Marks the links whose passages the lighting wants (links of presence-controlled lamps). */
export function presenceMaskOf(linkCount: number, links: Iterable<number>): Uint8Array {
  const m = new Uint8Array(linkCount);
  for (const l of links) if (l >= 0 && l < linkCount) m[l] = 1;
  return m;
}
