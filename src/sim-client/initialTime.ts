// Where the twin opens in a scenario's period: a time from the URL when it lies in the period,
// else the first evening (21:00 in Paris), so the city is seen lit and the 22:00 dimming is near.

import { localClockToUtcMs, localMidnightUtcMs } from '../core/time/parisTime.ts';

const DAY_MS = 86_400_000;
export const OPENING_LOCAL_HOUR = 21;

/** The first local `hour`:00 (Europe/Paris) at or after `startMs`. */
export function firstEveningMs(startMs: number, hour = OPENING_LOCAL_HOUR): number {
  const midnight = localMidnightUtcMs(startMs);
  const t = localClockToUtcMs(midnight, hour * 3_600_000);
  return t >= startMs ? t : localClockToUtcMs(localMidnightUtcMs(midnight + DAY_MS + 3_600_000), hour * 3_600_000);
}

export function openingTimeMs(startMs: number, endMs: number, requestedMs: number | null): number {
  if (requestedMs !== null && requestedMs >= startMs && requestedMs <= endMs) return requestedMs;
  return Math.min(endMs, firstEveningMs(startMs));
}
