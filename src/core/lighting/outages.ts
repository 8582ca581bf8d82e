// Lamps reported dark by their telemetry (defective, broken, or off when the model has them on):
// per-lamp timelines of dark/lit reports, so the twin draws them dark and stops counting their energy.

export class LampOutages {
  /** Per lamp with reports: sorted times and whether the lamp is dark from that time on. */
  private readonly events = new Map<number, { timeMs: number[]; dark: boolean[] }>();

  get size(): number {
    return this.events.size;
  }

  /** Records a report; reports may come out of order and are kept sorted by time. */
  record(lamp: number, timeMs: number, dark: boolean): void {
    let e = this.events.get(lamp);
    if (!e) {
      if (!dark) return; // a lamp never reported dark needs no timeline
      this.events.set(lamp, (e = { timeMs: [], dark: [] }));
    }
    let k = e.timeMs.length;
    while (k > 0 && e.timeMs[k - 1] > timeMs) k--;
    e.timeMs.splice(k, 0, timeMs);
    e.dark.splice(k, 0, dark);
  }

  darkAt(lamp: number, t: number): boolean {
    const e = this.events.get(lamp);
    if (!e) return false;
    let dark = false;
    for (let k = 0; k < e.timeMs.length && e.timeMs[k] <= t; k++) dark = e.dark[k];
    return dark;
  }

  /** Milliseconds of [a, b) during which the lamp is dark. */
  darkOverlapMs(lamp: number, a: number, b: number): number {
    const e = this.events.get(lamp);
    if (!e) return 0;
    let total = 0;
    let dark = false;
    let since = -Infinity;
    for (let k = 0; k <= e.timeMs.length; k++) {
      const t = k < e.timeMs.length ? e.timeMs[k] : Infinity;
      const next: boolean = k < e.timeMs.length ? e.dark[k] : dark;
      if (next !== dark || k === e.timeMs.length) {
        if (dark) total += Math.max(0, Math.min(b, t) - Math.max(a, since));
        dark = next;
        since = t;
      }
    }
    return total;
  }

  /**
   * Forgets reports before `horizonMs` but the last one (it gives the state at the horizon), and
   * lamps lit since: the timelines then hold what can still matter, not days of "ok" reports.
   * Only for a horizon no accepted report can precede (the feed's lateness limit).
   */
  compactBefore(horizonMs: number): void {
    for (const [lamp, e] of this.events) {
      let j = 0;
      while (j < e.timeMs.length && e.timeMs[j] <= horizonMs) j++;
      if (j === e.timeMs.length && !e.dark[j - 1]) {
        this.events.delete(lamp);
        continue;
      }
      if (j > 1) {
        e.timeMs.splice(0, j - 1);
        e.dark.splice(0, j - 1);
      }
    }
  }

  /** Reports held, over every lamp (for the bounded-memory tests). */
  get heldReports(): number {
    let n = 0;
    for (const e of this.events.values()) n += e.timeMs.length;
    return n;
  }

  lamps(): number[] {
    return [...this.events.keys()].sort((x, y) => x - y);
  }
}
