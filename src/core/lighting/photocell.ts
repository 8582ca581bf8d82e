// Photocell switching: lamps burn while the ambient illuminance reported by a feed
// (WeatherObserved.illuminance) is below a threshold; where no fresh reading exists, the sun decides.

export interface Interval {
  onMs: number;
  offMs: number;
}

export class AmbientReadings {
  private readonly timeMs: number[] = [];
  private readonly lux: number[] = [];

  get size(): number {
    return this.timeMs.length;
  }

  /** Adds a reading; readings may arrive out of order and are kept sorted. */
  record(timeMs: number, lux: number): void {
    let k = this.timeMs.length;
    while (k > 0 && this.timeMs[k - 1] > timeMs) k--;
    this.timeMs.splice(k, 0, timeMs);
    this.lux.splice(k, 0, lux);
  }

  /** Forgets readings before `horizonMs` but the last one (it decides until the next or goes stale). */
  compactBefore(horizonMs: number): void {
    let j = 0;
    while (j < this.timeMs.length && this.timeMs[j] <= horizonMs) j++;
    if (j > 1) {
      this.timeMs.splice(0, j - 1);
      this.lux.splice(0, j - 1);
    }
  }

  /**
   * Intervals of [a, b) during which lamps burn: below `thresholdLux` while the last reading is
   * younger than `staleMs`, else inside the sun's windows (`sun`, intervals that may extend past [a, b)).
   */
  onIntervals(a: number, b: number, thresholdLux: number, staleMs: number, sun: readonly Interval[]): Interval[] {
    const out: Interval[] = [];
    const push = (s: number, e: number) => {
      if (e <= s) return;
      const last = out[out.length - 1];
      if (last && last.offMs === s) last.offMs = e;
      else out.push({ onMs: s, offMs: e });
    };
    const bySun = (s: number, e: number) => {
      for (const w of sun) push(Math.max(s, w.onMs), Math.min(e, w.offMs));
    };
    // Pieces of [a, b): each governed by the reading before it (if fresh) or by the sun.
    let k = 0;
    while (k < this.timeMs.length && this.timeMs[k] <= a) k++;
    let t = a;
    let reading = k - 1; // the last reading at or before t, or -1
    while (t < b) {
      const nextReading = k < this.timeMs.length ? this.timeMs[k] : Infinity;
      const freshUntil = reading >= 0 ? this.timeMs[reading] + staleMs : -Infinity;
      if (reading >= 0 && freshUntil > t) {
        const end = Math.min(b, nextReading, freshUntil);
        if (this.lux[reading] < thresholdLux) push(t, end);
        t = end;
      } else {
        const end = Math.min(b, nextReading);
        bySun(t, end);
        t = end;
      }
      if (t === nextReading) {
        reading = k;
        k++;
      }
    }
    return out;
  }
}
