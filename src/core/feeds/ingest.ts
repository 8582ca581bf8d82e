// The feed gate: every message (text or object) is accepted or rejected with a reason, counted
// per reason; accepted observations are kept in time order for assimilation. Never throws on input.

import type { CityModel } from '../city/model.ts';
import { entityRegistry, type EntityRegistry } from '../city/entityIds.ts';
import { parseEntity } from './ngsi.ts';
import { REJECT_REASONS, type Observation, type RejectReason } from './observations.ts';

export interface IngestLimits {
  /** Largest message accepted (bytes of JSON text). */
  maxMessageBytes: number;
  /** Observations further ahead of the reference clock than this are refused. */
  maxFutureMs: number;
  /** Observations older than the reference clock by more than this are refused. */
  maxLatenessMs: number;
  /** How many recent (entity, time) keys are remembered to refuse duplicates. */
  duplicateMemory: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = {
  maxMessageBytes: 64 * 1024,
  maxFutureMs: 5 * 60_000,
  maxLatenessMs: 24 * 3_600_000,
  duplicateMemory: 200_000,
};

export interface FeedCounts {
  accepted: number;
  rejected: Partial<Record<RejectReason, number>>;
}

export type IngestResult = { accepted: true; observation: Observation } | { accepted: false; reason: RejectReason; detail: string };

export class FeedIngest {
  readonly limits: IngestLimits;
  private readonly registry: EntityRegistry;
  private readonly seen = new Set<string>();
  private readonly seenOrder: string[] = [];
  private seenHead = 0;
  /** Accepted observations, in arrival order. */
  readonly accepted: Observation[] = [];
  acceptedCount = 0;
  readonly rejected: Partial<Record<RejectReason, number>> = {};
  /** A few recent rejections with their detail, for the UI and logs. */
  readonly recentRejections: { reason: RejectReason; detail: string }[] = [];

  constructor(city: CityModel, limits: Partial<IngestLimits> = {}) {
    this.limits = { ...DEFAULT_INGEST_LIMITS, ...limits };
    this.registry = entityRegistry(city);
  }

  counts(): FeedCounts {
    return { accepted: this.acceptedCount, rejected: { ...this.rejected } };
  }

  private refuse(reason: RejectReason, detail: string): IngestResult {
    this.rejected[reason] = (this.rejected[reason] ?? 0) + 1;
    this.recentRejections.push({ reason, detail });
    if (this.recentRejections.length > 50) this.recentRejections.shift();
    return { accepted: false, reason, detail };
  }

  /**
   * One message: JSON text (or bytes) of one NGSI-LD entity, or an already decoded value.
   * `referenceMs` is the twin's clock (simulated time in replay, wall time when live).
   */
  ingest(message: string | Uint8Array | unknown, referenceMs: number): IngestResult {
    let value: unknown = message;
    if (typeof message === 'string' || message instanceof Uint8Array) {
      const size = typeof message === 'string' ? message.length : message.byteLength;
      if (size > this.limits.maxMessageBytes) return this.refuse('oversized', `${size} bytes (limit ${this.limits.maxMessageBytes})`);
      try {
        value = JSON.parse(typeof message === 'string' ? message : new TextDecoder('utf-8', { fatal: true }).decode(message));
      } catch (e) {
        return this.refuse('malformed-json', (e as Error).message.slice(0, 120));
      }
    }
    let parsed;
    try {
      parsed = parseEntity(value, this.registry);
    } catch (e) {
      return this.refuse('bad-value', `unreadable entity (${(e as Error).message.slice(0, 120)})`);
    }
    if (!parsed.ok) return this.refuse(parsed.reason, parsed.detail);
    const o = parsed.observation;
    if (o.timeMs > referenceMs + this.limits.maxFutureMs) return this.refuse('far-future', `${new Date(o.timeMs).toISOString()} is ahead of the twin's clock`);
    if (o.timeMs < referenceMs - this.limits.maxLatenessMs) return this.refuse('too-late', `${new Date(o.timeMs).toISOString()} is older than the accepted lateness`);
    const key = `${o.entityId}@${o.timeMs}`;
    if (this.seen.has(key)) return this.refuse('duplicate', `${o.entityId} at ${new Date(o.timeMs).toISOString()} already received`);
    this.remember(key);
    this.accepted.push(o);
    this.acceptedCount++;
    return { accepted: true, observation: o };
  }

  private remember(key: string): void {
    this.seen.add(key);
    if (this.seenOrder.length < this.limits.duplicateMemory) this.seenOrder.push(key);
    else {
      this.seen.delete(this.seenOrder[this.seenHead]);
      this.seenOrder[this.seenHead] = key;
      this.seenHead = (this.seenHead + 1) % this.limits.duplicateMemory;
    }
  }
}

export function emptyCounts(): FeedCounts {
  return { accepted: 0, rejected: Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) };
}
