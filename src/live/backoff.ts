// Reconnection delays of the live connection: exponential growth from a first delay up to a cap,
// with optional jitter so many browsers do not all come back to a restarted broker at once.

export interface BackoffOptions {
  /** Delay before the first retry. */
  initialDelayMs: number;
  /** No delay is longer than this. */
  maxDelayMs: number;
  /** Each failed attempt multiplies the delay by this. */
  factor: number;
  /** The delay is drawn in [d·(1 − jitterRatio), d]; 0 makes it exact. */
  jitterRatio: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialDelayMs: 500, maxDelayMs: 30_000, factor: 2, jitterRatio: 0.2 };

/** Delay before retry number `attempt` (0 for the first retry after a loss). */
export function backoffDelayMs(attempt: number, o: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exact = Math.min(o.maxDelayMs, o.initialDelayMs * Math.pow(o.factor, Math.max(0, Math.min(attempt, 64))));
  const jitter = Math.max(0, Math.min(1, o.jitterRatio));
  return Math.round(exact * (1 - jitter * random()));
}
