// Counts of what an import accepted and skipped, by reason, plus the first few indices of
// each skip so a message can point at them; becomes CityBuildInput.report (meta.importReport).

const SAMPLE_INDICES = 5;

export class ImportReport {
  readonly counts: Record<string, number> = {};
  private readonly samples = new Map<string, number[]>();
  readonly warnings: string[] = [];

  add(key: string, n = 1): void {
    this.counts[key] = (this.counts[key] ?? 0) + n;
  }

  /** Counts a skip and remembers the index of the offending feature or element. */
  skip(key: string, index: number): void {
    this.add(key);
    let s = this.samples.get(key);
    if (!s) this.samples.set(key, (s = []));
    if (s.length < SAMPLE_INDICES) s.push(index);
  }

  get(key: string): number {
    return this.counts[key] ?? 0;
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  /** "3 × roadsSkippedBadCoordinates (#4, #17, #90, …)" for every sampled key starting with prefix. */
  describeSkips(prefix: string, label = '#'): string[] {
    const out: string[] = [];
    for (const [key, idx] of this.samples) {
      if (!key.startsWith(prefix)) continue;
      const n = this.get(key);
      const more = n > idx.length ? ', …' : '';
      out.push(`${n} × ${key} (${idx.map((i) => label + i).join(', ')}${more})`);
    }
    return out;
  }
}

/** Adds one file's counts and warnings into the import-wide report. */
export function mergeReport(into: ImportReport, from: ImportReport): void {
  for (const [k, v] of Object.entries(from.counts)) into.add(k, v);
  into.warnings.push(...from.warnings);
}
