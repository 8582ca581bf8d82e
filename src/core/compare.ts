// Comparing two runs: a generic delta (variant − baseline, and % of the baseline) over every numeric
// KPI, nested objects and per-hour arrays included, so KPI groups added later (traffic) join without code.

/** The change of one numeric KPI: `diff` in the KPI's own unit, `pct` of the baseline (null where a ratio means nothing). */
export interface KpiChange {
  diff: number;
  pct: number | null;
}

/** Mirrors the shape of the KPI objects: a KpiChange for each number both sides have. */
export type KpiDelta = KpiChange | KpiDelta[] | { [key: string]: KpiDelta } | null;

/** Keys of the run summary that identify a run rather than measure it (their difference is not a KPI). */
export const NOT_COMPARED_KEYS: ReadonlySet<string> = new Set(['seed', 'wallMs']);

/** Decimal places of a number as JSON writes it (for rounding its difference to the same precision). */
function decimals(x: number): number {
  const s = String(x);
  const e = s.indexOf('e-');
  if (e >= 0) return Math.min(12, Number(s.slice(e + 2)) + (s.indexOf('.') >= 0 ? e - s.indexOf('.') - 1 : 0));
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

const roundTo = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * The change from `base` to `variant`: the difference rounded to the inputs' precision (no float
 * noise such as 23.300000000000011), and the relative change in % to 0.1, null when the baseline
 * is 0 (or of another sign than the variant, where a ratio reads wrongly).
 */
export function kpiChange(base: number, variant: number): KpiChange {
  const d = Math.min(12, Math.max(decimals(base), decimals(variant)));
  const diff = roundTo(variant - base, d) + 0; // +0: no "-0" in JSON
  let pct: number | null = null;
  if (base === 0) pct = variant === 0 ? 0 : null;
  else if (Math.sign(base) === Math.sign(variant) || variant === 0) pct = roundTo(((variant - base) / Math.abs(base)) * 100, 1) + 0;
  return { diff, pct };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Delta of two KPI values of the same shape. Numbers give a KpiChange; arrays of the same length
 * are compared element by element (null where either side is not a number); objects key by key,
 * over the keys both have. Anything else (strings, booleans, nulls, mismatched shapes) gives null.
 */
export function kpiDelta(base: unknown, variant: unknown, skipKeys: ReadonlySet<string> = NOT_COMPARED_KEYS): KpiDelta {
  if (typeof base === 'number' && typeof variant === 'number') return Number.isFinite(base) && Number.isFinite(variant) ? kpiChange(base, variant) : null;
  if (Array.isArray(base) && Array.isArray(variant)) {
    if (base.length !== variant.length) return null;
    const out = base.map((b, i) => kpiDelta(b, variant[i], skipKeys));
    return out.some((x) => x !== null) ? out : null;
  }
  if (isRecord(base) && isRecord(variant)) {
    const out: Record<string, KpiDelta> = {};
    for (const k of Object.keys(base)) {
      if (skipKeys.has(k) || !(k in variant)) continue;
      // Nested objects do not skip: `seed` or `wallMs` deeper down would be measurements.
      const d = kpiDelta(base[k], variant[k], new Set());
      if (d !== null) out[k] = d;
    }
    return Object.keys(out).length ? out : null;
  }
  return null;
}

/** What `npm run sim -- a --compare b` prints last, and what the studio compares. */
export interface CompareResult<K> {
  baseline: K;
  variant: K;
  delta: KpiDelta;
}

export function compareKpis<K>(baseline: K, variant: K): CompareResult<K> {
  return { baseline, variant, delta: kpiDelta(baseline, variant) };
}

/** The change at a dotted path of a delta (`lighting.energyKWh`, `traffic.stops`), or null. */
export function changeAt(delta: KpiDelta, path: string): KpiChange | null {
  let d: KpiDelta | undefined = delta;
  for (const k of path.split('.')) {
    if (!isRecord(d) || 'diff' in d) return null;
    d = (d as Record<string, KpiDelta>)[k];
  }
  return isRecord(d) && typeof d.diff === 'number' ? (d as unknown as KpiChange) : null;
}

/** How a change varies with the seed: its mean, sample standard deviation, extremes, and how often it is negative. */
export interface ChangeSpread {
  seeds: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
  /** Seeds where the variant lowered the figure (diff < 0). */
  lowerIn: number;
}

/**
 * The spread over seeds of the changes at `paths` (one comparison per seed, same period and
 * scenarios): traffic is chaotic, so one seed's change can be noise; paths absent from a delta are skipped.
 */
export function changeSpread(deltas: readonly KpiDelta[], paths: readonly string[]): Record<string, ChangeSpread> {
  const out: Record<string, ChangeSpread> = {};
  for (const path of paths) {
    const diffs = deltas.map((d) => changeAt(d, path)?.diff).filter((x): x is number => typeof x === 'number');
    if (diffs.length === 0) continue;
    const n = diffs.length;
    const mean = diffs.reduce((a, b) => a + b, 0) / n;
    const sd = n > 1 ? Math.sqrt(diffs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
    out[path] = { seeds: n, mean, sd, min: Math.min(...diffs), max: Math.max(...diffs), lowerIn: diffs.filter((x) => x < 0).length };
  }
  return out;
}
