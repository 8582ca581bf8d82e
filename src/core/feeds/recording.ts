// Feed recordings: NDJSON, one NGSI-LD entity per line in time order, with an optional first
// header line `{"recording": {...}}` naming the city and period; and a deterministic replay
// cursor that hands lines to the feed gate as the simulation clock passes their time.

import type { FeedIngest } from './ingest.ts';

export interface RecordingHeader {
  city?: string;
  start?: string;
  end?: string;
  description?: string;
  source?: string;
}

export interface RecordingLine {
  /** 1-based line number in the file, for messages. */
  line: number;
  /** Observation time read from the line (UTC ms), or NaN when it has none (the gate will say why). */
  timeMs: number;
  text: string;
}

export interface Recording {
  header: RecordingHeader | null;
  lines: RecordingLine[];
}

export class RecordingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordingError';
  }
}

/** Largest recording accepted as a whole (bytes of text). */
export const MAX_RECORDING_BYTES = 512 * 1024 * 1024;

const TIME_KEYS = ['observedAt', 'dateObserved', 'observationDateTime', 'dateObservedFrom'];

/** Observation time of a line without a full parse: the first time-like key it holds. */
export function lineTimeMs(text: string): number {
  for (const k of TIME_KEYS) {
    const i = text.indexOf(`"${k}"`);
    if (i < 0) continue;
    const m = /^"[^"]*"\s*:\s*(?:\{[^}]*?"value"\s*:\s*)?"([^"]{10,40})"/.exec(text.slice(i, i + 200));
    if (m) {
      const t = Date.parse(m[1]);
      if (Number.isFinite(t)) return t;
    }
  }
  return NaN;
}

/**
 * Splits a recording into lines; lines keep their file order (a recording is time-ordered;
 * an out-of-order line is still handed to the gate, which judges it by its lateness).
 */
export function parseRecording(text: string, file = 'recording'): Recording {
  if (text.length > MAX_RECORDING_BYTES) throw new RecordingError(`${file}: ${text.length} bytes is more than a recording can be (${MAX_RECORDING_BYTES})`);
  const raw = text.split('\n');
  let header: RecordingHeader | null = null;
  const lines: RecordingLine[] = [];
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i].trim();
    if (!t) continue;
    if (lines.length === 0 && header === null && t.startsWith('{"recording"')) {
      try {
        header = (JSON.parse(t) as { recording: RecordingHeader }).recording ?? {};
        continue;
      } catch {
        throw new RecordingError(`${file}:${i + 1}: the header line is not valid JSON`);
      }
    }
    lines.push({ line: i + 1, timeMs: lineTimeMs(t), text: t });
  }
  return { header, lines };
}

export function writeRecording(header: RecordingHeader | null, entities: unknown[]): string {
  const out: string[] = [];
  if (header) out.push(JSON.stringify({ recording: header }));
  for (const e of entities) out.push(JSON.stringify(e));
  return out.join('\n') + '\n';
}

const SHIFTED_KEYS = new Set(['observedAt', 'dateObserved', 'observationDateTime', 'dateObservedFrom', 'dateObservedTo', 'dateModified']);

/** The entity text with every observation time moved by offsetMs (looped or shifted replays); unreadable text is left as is. */
export function shiftEntityTimes(text: string, offsetMs: number): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  const visit = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(visit);
    if (!v || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (SHIFTED_KEYS.has(k) && typeof x === 'string' && Number.isFinite(Date.parse(x))) out[k] = new Date(Date.parse(x) + offsetMs).toISOString();
      else if (SHIFTED_KEYS.has(k) && x && typeof x === 'object' && 'value' in (x as object) && typeof (x as { value: unknown }).value === 'string') {
        const t = Date.parse((x as { value: string }).value);
        out[k] = Number.isFinite(t) ? { ...(x as object), value: new Date(t + offsetMs).toISOString() } : x;
      } else out[k] = visit(x);
    }
    return out;
  };
  return JSON.stringify(visit(value));
}

/** Replays a recording into a feed gate in step with a clock: deterministic, seekable, loopable. */
export class Replay {
  private next = 0;
  /** The latest line time handed so far: the replay's own clock, so results do not depend on stepping. */
  private latestMs = -Infinity;
  /** Added to every line's time on each loop (the recording's span), so looped data stays in order. */
  private loopOffsetMs = 0;
  private readonly spanMs: number;

  constructor(
    private readonly rec: Recording,
    private readonly gate: FeedIngest,
    private readonly options: { loop?: boolean; shiftMs?: number } = {},
  ) {
    const times = rec.lines.map((l) => l.timeMs).filter(Number.isFinite);
    this.spanMs = times.length ? Math.max(...times) - Math.min(...times) + 1 : 0;
  }

  /** Hands every line whose time is ≤ t to the gate (lines without a time go when reached in order). */
  advanceTo(t: number): number {
    let handed = 0;
    const shift = this.options.shiftMs ?? 0;
    for (;;) {
      if (this.next >= this.rec.lines.length) {
        if (!this.options.loop || this.spanMs === 0 || this.rec.lines.length === 0) break;
        this.next = 0;
        this.loopOffsetMs += this.spanMs;
      }
      const line = this.rec.lines[this.next];
      const at = line.timeMs + shift + this.loopOffsetMs;
      if (Number.isFinite(at) && at > t) break;
      // Judged against the replay's own clock: a line far older than those before it is late.
      if (Number.isFinite(at) && at > this.latestMs) this.latestMs = at;
      const text = this.loopOffsetMs + shift !== 0 ? shiftEntityTimes(line.text, this.loopOffsetMs + shift) : line.text;
      this.gate.ingest(text, Number.isFinite(this.latestMs) ? this.latestMs : t);
      this.next++;
      handed++;
    }
    return handed;
  }

  /** Restarts from the first line at or after t (lines before it are not handed again). */
  seek(t: number): void {
    const shift = this.options.shiftMs ?? 0;
    this.loopOffsetMs = 0;
    this.latestMs = -Infinity;
    this.next = this.rec.lines.findIndex((l) => Number.isFinite(l.timeMs) && l.timeMs + shift >= t);
    if (this.next < 0) this.next = this.rec.lines.length;
  }

  get position(): number {
    return this.next;
  }
}
