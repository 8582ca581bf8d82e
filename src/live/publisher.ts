// Plays a feed recording into a broker: each line on its entity's topic, paced at N× real time
// (or as fast as acknowledgements allow), optionally looped and re-timed to the wall clock.

import { shiftEntityTimes, type Recording } from '../core/feeds/recording.ts';
import { DEFAULT_TOPIC_PREFIX, topicForEntityId } from './topics.ts';

/** Sends one message (QoS 1 in practice); resolves when the broker acknowledged it. */
export type PublishSink = (topic: string, payload: string) => Promise<void>;

export interface PlayOptions {
  prefix?: string;
  /** Multiple of real time, or 'max' for as fast as acknowledgements come back. */
  speed?: number | 'max';
  /** Start again at the end, each pass later by the recording's span (so times keep increasing). */
  loop?: boolean;
  /**
   * Moves observation times to the wall clock: each line carries the time it is published at
   * (so a live twin, judging lateness by its own clock, accepts it). With speed 'max' the lines
   * keep their spacing from the start time.
   */
  retime?: boolean;
  /** Most messages awaiting acknowledgement at once. */
  maxInFlight?: number;
  signal?: AbortSignal;
  nowMs?: () => number;
  /** Called after each line (published or skipped). */
  onLine?: (index: number, published: boolean) => void;
}

export interface PlaySummary {
  published: number;
  /** Lines with no readable entity id: no topic to publish them on. */
  skipped: number;
  loops: number;
  aborted: boolean;
  wallMs: number;
}

const ID_RE = /"id"\s*:\s*"([^"\\]{1,300})"/;

/** The topic of a recording line: from its id, read even when the rest of the line is broken. */
export function lineTopic(text: string, prefix = DEFAULT_TOPIC_PREFIX): string | null {
  let id: unknown;
  try {
    const v = JSON.parse(text) as { id?: unknown };
    id = v && typeof v === 'object' ? v.id : undefined;
  } catch {
    id = ID_RE.exec(text)?.[1];
  }
  if (typeof id !== 'string') return null;
  try {
    return topicForEntityId(id, 'attrs', prefix);
  } catch {
    return null;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function playRecording(rec: Recording, sink: PublishSink, o: PlayOptions = {}): Promise<PlaySummary> {
  const prefix = o.prefix ?? DEFAULT_TOPIC_PREFIX;
  const speed = o.speed ?? 1;
  if (speed !== 'max' && !(Number.isFinite(speed) && speed > 0)) throw new RangeError(`speed must be a positive number or 'max' (got ${speed})`);
  const now = o.nowMs ?? (() => Date.now());
  const maxInFlight = Math.max(1, o.maxInFlight ?? 256);
  // Pacing follows the first line's time and a clock that never goes back: a line older than
  // those before it (a late message) goes at once and keeps its lateness.
  const firstMs = rec.lines.find((l) => Number.isFinite(l.timeMs))?.timeMs ?? 0;
  const lastMs = rec.lines.reduce((m, l) => (Number.isFinite(l.timeMs) && l.timeMs > m ? l.timeMs : m), firstMs);
  const spanMs = lastMs - firstMs + 1;
  const rate = speed === 'max' ? 1 : speed;
  const topics = rec.lines.map((l) => lineTopic(l.text, prefix));
  const wallStartMs = now();
  const summary: PlaySummary = { published: 0, skipped: 0, loops: 0, aborted: false, wallMs: 0 };
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  let clockMs = firstMs;
  for (let pass = 0; ; pass++) {
    const loopOffsetMs = pass * spanMs;
    for (let i = 0; i < rec.lines.length && !summary.aborted; i++) {
      if (failure) throw failure;
      const line = rec.lines[i];
      const timeMs = line.timeMs + loopOffsetMs;
      if (timeMs > clockMs) clockMs = timeMs;
      if (speed !== 'max') await sleep(wallStartMs + (clockMs - firstMs) / rate - now(), o.signal);
      if (o.signal?.aborted) {
        summary.aborted = true;
        break;
      }
      const topic = topics[i];
      if (!topic) {
        summary.skipped++;
        o.onLine?.(i, false);
        continue;
      }
      const shiftMs = o.retime && Number.isFinite(timeMs) ? Math.round(wallStartMs + (timeMs - firstMs) / rate) - line.timeMs : loopOffsetMs;
      const payload = shiftMs !== 0 ? shiftEntityTimes(line.text, shiftMs) : line.text;
      const p = sink(topic, payload).then(
        () => void inFlight.delete(p),
        (e: unknown) => {
          inFlight.delete(p);
          failure ??= e;
        },
      );
      inFlight.add(p);
      summary.published++;
      o.onLine?.(i, true);
      if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    }
    if (summary.aborted || !o.loop || !rec.lines.some((l) => Number.isFinite(l.timeMs))) break;
    summary.loops++;
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
  summary.wallMs = now() - wallStartMs;
  return summary;
}
