// A copy of a running traffic run that steps on independently of the original (what an operator's
// preview forks from the present): vehicles, queues, signals, totals and counts copied; the network shared.

import type { TrafficSetup } from './index.ts';
import type { TrafficSim } from './trafficSim.ts';

/** Deep copy keeping prototypes and aliasing; `shared` objects (read-only during a run) are not copied. */
function copyOf(value: unknown, shared: ReadonlySet<object>, memo: Map<object, unknown>, path: string): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') throw new Error(`cloneTraffic: ${path} is a function, which cannot be copied`);
    return value;
  }
  if (shared.has(value)) return value;
  const seen = memo.get(value);
  if (seen !== undefined) return seen;
  if (ArrayBuffer.isView(value)) {
    const copy = (value as unknown as { slice(): unknown }).slice();
    memo.set(value, copy);
    return copy;
  }
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    memo.set(value, copy);
    for (let i = 0; i < value.length; i++) copy[i] = copyOf(value[i], shared, memo, `${path}[${i}]`);
    return copy;
  }
  if (value instanceof Map) {
    const copy = new Map();
    memo.set(value, copy);
    for (const [k, v] of value) copy.set(copyOf(k, shared, memo, `${path} key`), copyOf(v, shared, memo, `${path}.get(${String(k)})`));
    return copy;
  }
  if (value instanceof Set) {
    const copy = new Set();
    memo.set(value, copy);
    for (const v of value) copy.add(copyOf(v, shared, memo, `${path} item`));
    return copy;
  }
  const copy = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  memo.set(value, copy);
  for (const key of Object.getOwnPropertyNames(value)) copy[key] = copyOf((value as Record<string, unknown>)[key], shared, memo, `${path}.${key}`);
  return copy;
}

/**
 * A run in the same state as `sim`, stepping on its own: advancing either leaves the other as it
 * was. What the run was prepared from (`setup`: network, scheduled trips, free-flow routes and
 * assignment, read-only while running) is shared; what the run made its own (trips added by
 * counts, rerouted tables) is copied.
 */
export function cloneTraffic(sim: TrafficSim, setup: TrafficSetup): TrafficSim {
  const shared = new Set<object>([setup.net, setup.net.city, setup.trips, setup.routes, setup.assignment]);
  if (sim.presenceMask) shared.add(sim.presenceMask);
  return copyOf(sim, shared, new Map(), 'sim') as TrafficSim;
}
