// Axis helpers shared by the small charts: a "nice" axis (steps of 1, 2, 2.5 or 5 × 10ⁿ, about
// four of them) so ticks read as round numbers, and the local hours of a night in reading order.

export interface Axis {
  max: number;
  ticks: number[];
}

/** An axis from 0 covering `rawMax` in about `count` round steps. */
export function niceAxis(rawMax: number, count = 4): Axis {
  const target = rawMax > 0 ? rawMax / count : 1;
  const p = 10 ** Math.floor(Math.log10(target));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= target * 0.999999) ?? 10 * p;
  const n = Math.max(1, Math.ceil(rawMax / step - 1e-9));
  return { max: n * step, ticks: Array.from({ length: n + 1 }, (_, i) => i * step) };
}

/** Local hours of a night in reading order: noon to noon, so the night is one block in the middle. */
export const NIGHT_HOUR_ORDER: readonly number[] = Array.from({ length: 24 }, (_, i) => (i + 12) % 24);
