// Records a live session: every message the gate accepted, with its arrival time, written as a
// feed recording (NDJSON, `writeRecording`) that `Replay` hands back to a gate identically.

import { writeRecording, type RecordingHeader } from '../core/feeds/recording.ts';
import type { LiveFeed, LiveMessage } from './liveFeed.ts';

export interface RecordedMessage {
  /** Wall time of arrival, UTC ms. */
  receivedAtMs: number;
  /** Observation time the gate read, UTC ms. */
  timeMs: number;
  topic: string;
  /** The entity as accepted (decoded JSON, id and type included). */
  entity: unknown;
}

export class SessionRecorder {
  private readonly entries: RecordedMessage[] = [];
  private detach: (() => void) | null = null;
  /** Messages not kept because the recorder was full. */
  dropped = 0;

  constructor(readonly maxMessages = 2_000_000) {}

  /** Starts recording a live feed's accepted messages; returns the recorder. */
  attach(feed: Pick<LiveFeed, 'onMessage'>): this {
    this.detach?.();
    this.detach = feed.onMessage((m) => this.add(m));
    return this;
  }

  stop(): void {
    this.detach?.();
    this.detach = null;
  }

  add(m: Pick<LiveMessage, 'topic' | 'entity' | 'receivedAtMs' | 'result'>): void {
    if (!m.result.accepted) return;
    if (this.entries.length >= this.maxMessages) {
      this.dropped++;
      return;
    }
    this.entries.push({ receivedAtMs: m.receivedAtMs, timeMs: m.result.observation.timeMs, topic: m.topic, entity: m.entity });
  }

  get messages(): readonly RecordedMessage[] {
    return this.entries;
  }

  /**
   * The session as a recording, lines in arrival order (what the twin saw; a recording is time
   * ordered whenever the feed was, and the replay judges a line out of order by its lateness).
   */
  toRecording(header: RecordingHeader = {}): string {
    let start = Infinity;
    let end = -Infinity;
    for (const e of this.entries) {
      start = Math.min(start, e.timeMs);
      end = Math.max(end, e.timeMs);
    }
    const span = Number.isFinite(start) ? { start: new Date(start).toISOString(), end: new Date(end).toISOString() } : {};
    const first = this.entries[0]?.receivedAtMs;
    const last = this.entries[this.entries.length - 1]?.receivedAtMs;
    const received = first !== undefined ? `received ${new Date(first).toISOString()} → ${new Date(last).toISOString()}` : 'no message';
    const full: RecordingHeader = {
      ...span,
      source: `live MQTT session, ${this.entries.length} accepted messages, ${received}${this.dropped ? `, ${this.dropped} not kept (recorder full)` : ''}`,
      ...header,
    };
    return writeRecording(full, this.entries.map((e) => e.entity));
  }
}
