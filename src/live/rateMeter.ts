// Message rate of a live connection over a sliding window of wall time (messages per second),
// kept in fixed one-second buckets so counting costs O(1) per message and no allocation.

export class RateMeter {
  private readonly counts: Float64Array;
  /** The second (floor(ms / bucketMs)) each bucket currently counts. */
  private readonly seconds: Float64Array;
  private firstMs = NaN;

  constructor(
    readonly windowMs = 10_000,
    private readonly bucketMs = 1_000,
  ) {
    const n = Math.max(1, Math.ceil(windowMs / bucketMs));
    this.counts = new Float64Array(n);
    this.seconds = new Float64Array(n).fill(-1);
  }

  add(nowMs: number, n = 1): void {
    if (Number.isNaN(this.firstMs)) this.firstMs = nowMs;
    const s = Math.floor(nowMs / this.bucketMs);
    const i = s % this.counts.length;
    if (this.seconds[i] !== s) {
      this.seconds[i] = s;
      this.counts[i] = 0;
    }
    this.counts[i] += n;
  }

  /** Messages per second over the window ending now (over the time since the first message while shorter). */
  ratePerS(nowMs: number): number {
    const s = Math.floor(nowMs / this.bucketMs);
    const oldest = s - this.counts.length + 1;
    let total = 0;
    for (let i = 0; i < this.counts.length; i++) if (this.seconds[i] >= oldest && this.seconds[i] <= s) total += this.counts[i];
    if (total === 0) return 0;
    // The counted buckets cover from the start of the oldest one (or of the first message's) to now.
    const fromMs = Math.max(oldest, Math.floor(this.firstMs / this.bucketMs)) * this.bucketMs;
    const spanMs = Math.max(this.bucketMs, nowMs - fromMs);
    return (total * 1000) / spanMs;
  }
}
