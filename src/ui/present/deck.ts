// A presentation deck: both scenarios' lamp levels over one night and the big numbers of their
// comparison, prepared before the talk (compare workers) and read on stage without computing; file I/O.

import { gunzipSync, gzipSync, strFromU8, strToU8 } from 'fflate';
import { changeAt, type CompareResult } from '../../core/compare.ts';
import { LEVEL_STEPS, type TourClock } from '../../core/present/nightSamples.ts';
import type { ComparePlan, RunKpis } from '../../core/scenarioRun.ts';

export const DECK_FORMAT = 'twin-present-deck';
export const DECK_VERSION = 1;
/** File name suffix of a saved deck. */
export const DECK_EXTENSION = '.deck';
/** A saved deck larger than this (bytes, compressed) is refused before it is read. */
export const MAX_DECK_BYTES = 64 * 1024 * 1024;

export type DeckSide = 'baseline' | 'variant';

export interface SideFigures {
  energyKWh: number;
  costEUR: number;
  co2Kg: number;
  /** Share of lit road length meeting its EN 13201 class (0–1), null when not evaluated. */
  compliantRoadShare: number | null;
}

/** The figures shown big: each side's, what the variant saves, and the target it is measured against. */
export interface BigNumbers {
  baseline: SideFigures;
  variant: SideFigures;
  /** Energy saved by the variant, % of the baseline's (the headless compare's `delta.lighting.energyKWh.pct`, sign flipped). */
  energySavedPct: number | null;
  energySavedKWh: number;
  costSavedEUR: number;
  co2SavedKg: number;
  /** Change of the compliant share (variant − baseline, in share points 0–1), null when either side has none. */
  complianceChange: number | null;
  /** The variant's own reduction target (% of its savings baseline), e.g. 65; null when it sets none. */
  targetReductionPct: number | null;
  targetMet: boolean | null;
}

export interface DeckScenario {
  name: string;
  title: { fr: string; en: string };
}

export interface Deck {
  format: typeof DECK_FORMAT;
  version: typeof DECK_VERSION;
  city: { name: string; lampCount: number };
  baseline: DeckScenario;
  variant: DeckScenario;
  plan: ComparePlan;
  /** The instants whose levels are kept (the tour's clock). */
  clock: TourClock;
  numbers: BigNumbers;
  /** Per side, levels 0–255 of every lamp at each clock instant, sample-major. */
  levels: Record<DeckSide, Uint8Array>;
  /** Per side, each lamp's technology after the side's retrofits (the colour of its light). */
  technology: Record<DeckSide, Uint8Array>;
  /** Wall time the preparation took (ms). */
  preparedWallMs: number;
}

const figures = (k: RunKpis): SideFigures => ({
  energyKWh: k.lighting.energyKWh,
  costEUR: k.lighting.costEUR,
  co2Kg: k.lighting.co2Kg,
  compliantRoadShare: k.lighting.compliantRoadShare ?? null,
});

export function bigNumbers(result: CompareResult<RunKpis>): BigNumbers {
  const b = figures(result.baseline);
  const v = figures(result.variant);
  const pct = changeAt(result.delta, 'lighting.energyKWh')?.pct ?? null;
  const saved = pct === null ? null : -pct + 0;
  const target = result.variant.lighting.savings?.targetReductionPct ?? null;
  // Differences as the compare rounds them (to the figures' precision), saved amounts positive.
  const saving = (path: string) => -(changeAt(result.delta, path)?.diff ?? 0) + 0;
  const compliance = changeAt(result.delta, 'lighting.compliantRoadShare');
  return {
    baseline: b,
    variant: v,
    energySavedPct: saved,
    energySavedKWh: saving('lighting.energyKWh'),
    costSavedEUR: saving('lighting.costEUR'),
    co2SavedKg: saving('lighting.co2Kg'),
    complianceChange: b.compliantRoadShare === null || v.compliantRoadShare === null || !compliance ? null : compliance.diff,
    targetReductionPct: target,
    targetMet: target === null || saved === null ? null : saved >= target,
  };
}

export interface DeckInput {
  city: { name: string; lampCount: number };
  baseline: DeckScenario;
  variant: DeckScenario;
  plan: ComparePlan;
  clock: TourClock;
  result: CompareResult<RunKpis>;
  levels: Record<DeckSide, Uint8Array | undefined>;
  technology: Record<DeckSide, Uint8Array | undefined>;
  preparedWallMs: number;
}

/** Assembles a deck from a finished comparison whose sides sampled their levels at the clock's instants. */
export function buildDeck(input: DeckInput): Deck {
  const expected = input.clock.count * input.city.lampCount;
  for (const side of ['baseline', 'variant'] as const) {
    const l = input.levels[side];
    if (!l) throw new Error(`the ${side} run returned no level samples`);
    if (l.length !== expected) throw new Error(`the ${side} run sampled ${l.length} levels, expected ${input.clock.count} × ${input.city.lampCount}`);
    const tech = input.technology[side];
    if (!tech || tech.length !== input.city.lampCount) throw new Error(`the ${side} run returned ${tech?.length ?? 'no'} lamp technologies, expected ${input.city.lampCount}`);
  }
  return {
    format: DECK_FORMAT,
    version: DECK_VERSION,
    city: input.city,
    baseline: input.baseline,
    variant: input.variant,
    plan: input.plan,
    clock: input.clock,
    numbers: bigNumbers(input.result),
    levels: { baseline: input.levels.baseline!, variant: input.levels.variant! },
    technology: { baseline: input.technology.baseline!, variant: input.technology.variant! },
    preparedWallMs: Math.round(input.preparedWallMs),
  };
}

/** Index of the sample shown at `timeMs`: the last one at or before it, clamped to the clock. */
export function sampleIndexAt(clock: TourClock, timeMs: number): number {
  const k = Math.floor((timeMs - clock.startMs) / clock.stepMs);
  return Math.min(clock.count - 1, Math.max(0, k));
}

/** Writes one sample's levels (0–1) into a view's level array; a few ten thousand multiplications, no allocation. */
export function writeSampleLevels(deck: Deck, side: DeckSide, index: number, out: Float32Array): void {
  const n = deck.city.lampCount;
  if (out.length !== n) throw new Error(`level array of ${out.length} lamps for a deck of ${n}`);
  const src = deck.levels[side];
  const base = index * n;
  const k = 1 / LEVEL_STEPS;
  for (let i = 0; i < n; i++) out[i] = src[base + i] * k;
}

/** Mean level (0–1) of one sample: what the tests and the probe compare between sides. */
export function meanSampleLevel(deck: Deck, side: DeckSide, index: number): number {
  const n = deck.city.lampCount;
  const src = deck.levels[side];
  let sum = 0;
  for (let i = index * n, end = i + n; i < end; i++) sum += src[i];
  return n ? sum / n / LEVEL_STEPS : 0;
}

// ---- file ----------------------------------------------------------------------------------------
// gzip of: "TWDK", u32 little-endian header length, the header as JSON (UTF-8), baseline levels, variant
// levels, baseline technologies, variant technologies.

const MAGIC = [0x54, 0x57, 0x44, 0x4b];

export class DeckFileError extends Error {}

export function encodeDeck(deck: Deck): Uint8Array {
  const { levels, technology, ...rest } = deck;
  const header = strToU8(JSON.stringify(rest));
  const parts = [levels.baseline, levels.variant, technology.baseline, technology.variant];
  const out = new Uint8Array(8 + header.length + parts.reduce((s, p) => s + p.length, 0));
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, header.length, true);
  out.set(header, 8);
  let at = 8 + header.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return gzipSync(out, { level: 6 });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a saved deck; a file that is not one, of another version or truncated is refused naming the file and why. */
export function decodeDeck(bytes: Uint8Array, file: string): Deck {
  if (bytes.length > MAX_DECK_BYTES) throw new DeckFileError(`${file}: ${bytes.length} bytes > ${MAX_DECK_BYTES}`);
  let raw: Uint8Array;
  try {
    raw = gunzipSync(bytes);
  } catch (e) {
    throw new DeckFileError(`${file}: not a presentation deck (${(e as Error).message})`);
  }
  if (raw.length < 8 || MAGIC.some((b, i) => raw[i] !== b)) throw new DeckFileError(`${file}: not a presentation deck`);
  const headerLength = new DataView(raw.buffer, raw.byteOffset, raw.byteLength).getUint32(4, true);
  if (8 + headerLength > raw.length) throw new DeckFileError(`${file}: truncated header`);
  let header: unknown;
  try {
    header = JSON.parse(strFromU8(raw.subarray(8, 8 + headerLength)));
  } catch (e) {
    throw new DeckFileError(`${file}: header is not JSON (${(e as Error).message})`);
  }
  if (!isRecord(header) || header.format !== DECK_FORMAT) throw new DeckFileError(`${file}: not a presentation deck`);
  if (header.version !== DECK_VERSION) throw new DeckFileError(`${file}: deck version ${String(header.version)} is not supported (this app reads version ${DECK_VERSION})`);
  const city = header.city as Deck['city'];
  const clock = header.clock as TourClock;
  if (!isRecord(city) || !Number.isInteger(city.lampCount) || !isRecord(clock) || !Number.isInteger(clock.count) || !isRecord(header.numbers)) {
    throw new DeckFileError(`${file}: header lacks city, clock or numbers`);
  }
  const side = city.lampCount * clock.count;
  const n = city.lampCount;
  const start = 8 + headerLength;
  const expected = 2 * side + 2 * n;
  if (raw.length !== start + expected) throw new DeckFileError(`${file}: truncated levels (${raw.length - start} bytes, expected ${expected})`);
  const t = start + 2 * side;
  return {
    ...(header as unknown as Omit<Deck, 'levels' | 'technology'>),
    levels: { baseline: raw.slice(start, start + side), variant: raw.slice(start + side, t) },
    technology: { baseline: raw.slice(t, t + n), variant: raw.slice(t + n, t + 2 * n) },
  };
}

/** The file name a deck is saved under. */
export function deckFileName(deck: Deck): string {
  return `${deck.baseline.name}--${deck.variant.name}${DECK_EXTENSION}`;
}
