// Counts scale demand on their roads: TrafficFlowObserved intensities are compared with the
// free-flow assignment of the demand for that road and hour, and trips about to depart whose
// route uses counted roads are thinned or repeated by the ratio (seeded, so replays are identical).

import type { Assignment } from './assignment.ts';
import { localTimeOfDayMs, EUROPE_PARIS } from '../time/parisTime.ts';

/** Ratios are kept within these bounds: a count can at most quintuple or fifth the demand. */
export const MIN_COUNT_RATIO = 0.2;
export const MAX_COUNT_RATIO = 5;
/** Weight of a new count in the running ratio of its road (exponential smoothing). */
const SMOOTHING = 0.5;

export interface CountSummary {
  /** Counts applied, roads with a ratio, and the mean ratio over those roads. */
  counts: number;
  countedRoads: number;
  meanRatio: number;
  tripsThinned: number;
  tripsRepeated: number;
}

interface Count {
  link: number;
  fromMs: number;
  toMs: number;
  intensity: number;
}

/**
 * Counts wait until the simulation reaches the end of their period and are then applied in
 * time order, so results do not depend on how the world is stepped or when a count arrives.
 */
export class CountCalibration {
  private readonly pending: Count[] = [];
  private readonly seen = new Set<string>();
  private next = 0;
  /** Ratio observed / modelled per link (1 where no count arrived). */
  readonly ratio: Float64Array;
  readonly counted: Uint8Array;
  counts = 0;
  countedRoads = 0;
  tripsThinned = 0;
  tripsRepeated = 0;
  /** Counts rejected because the modelled volume of that road and hour is zero (nothing to scale). */
  unmodelled = 0;

  constructor(
    private readonly assignment: Assignment,
    linkCount: number,
    private readonly reverseOf: Int32Array,
  ) {
    this.ratio = new Float64Array(linkCount).fill(1);
    this.counted = new Uint8Array(linkCount);
  }

  /** A count of `intensity` vehicles on `link` over [fromMs, toMs); the same road and period twice counts once. */
  record(link: number, fromMs: number, toMs: number, intensity: number): void {
    if (!(toMs > fromMs) || !(intensity >= 0) || !(link >= 0 && link < this.ratio.length)) return;
    const key = `${link}|${fromMs}|${toMs}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    let i = this.pending.length;
    while (i > this.next && this.pending[i - 1].toMs > toMs) i--;
    this.pending.splice(i, 0, { link, fromMs, toMs, intensity });
  }

  /** Applies the counts whose period ended by `nowMs`. */
  applyUpTo(nowMs: number): void {
    while (this.next < this.pending.length && this.pending[this.next].toMs <= nowMs) {
      const c = this.pending[this.next++];
      this.apply(c.link, c.fromMs, c.toMs, c.intensity);
    }
  }

  /** Takes every count another calibration was given (a rebuilt run after a restore). */
  adopt(other: CountCalibration): void {
    for (const c of other.pending) this.record(c.link, c.fromMs, c.toMs, c.intensity);
  }

  /** Both directions of a two-way road share a count that names no lane. */
  private apply(link: number, fromMs: number, toMs: number, intensity: number): void {
    const hours = (toMs - fromMs) / 3_600_000;
    const hour = Math.floor(localTimeOfDayMs((fromMs + toMs) / 2, EUROPE_PARIS) / 3_600_000) % 24;
    const observedVehH = intensity / hours;
    const rev = this.reverseOf[link];
    const modelled = this.assignment.hourly[link * 24 + hour] + (rev >= 0 ? this.assignment.hourly[rev * 24 + hour] : 0);
    if (!(modelled > 0)) {
      this.unmodelled++;
      return;
    }
    const r = Math.min(MAX_COUNT_RATIO, Math.max(MIN_COUNT_RATIO, observedVehH / modelled));
    for (const l of rev >= 0 ? [link, rev] : [link]) {
      if (!this.counted[l]) {
        this.counted[l] = 1;
        this.countedRoads++;
        this.ratio[l] = r;
      } else this.ratio[l] = (1 - SMOOTHING) * this.ratio[l] + SMOOTHING * r;
    }
    this.counts++;
  }

  /** How many copies of a trip to insert (0, 1, 2, …) given the links of its route and a uniform draw. */
  copiesFor(routeLinks: ArrayLike<number>, length: number, u: number): number {
    if (this.countedRoads === 0) return 1;
    let logSum = 0;
    let n = 0;
    for (let i = 0; i < length; i++) {
      const l = routeLinks[i];
      if (this.counted[l]) {
        logSum += Math.log(this.ratio[l]);
        n++;
      }
    }
    if (n === 0) return 1;
    const factor = Math.exp(logSum / n);
    const copies = Math.floor(factor) + (u < factor - Math.floor(factor) ? 1 : 0);
    if (copies === 0) this.tripsThinned++;
    else if (copies > 1) this.tripsRepeated += copies - 1;
    return copies;
  }

  summary(): CountSummary {
    let sum = 0;
    for (let l = 0; l < this.ratio.length; l++) if (this.counted[l]) sum += this.ratio[l];
    return {
      counts: this.counts,
      countedRoads: this.countedRoads,
      meanRatio: this.countedRoads ? Math.round((sum / this.countedRoads) * 1000) / 1000 : 1,
      tripsThinned: this.tripsThinned,
      tripsRepeated: this.tripsRepeated,
    };
  }
}
