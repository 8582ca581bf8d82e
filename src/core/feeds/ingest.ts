// The feed gate: every message (text or object) is accepted or rejected with a reason, counted
// per reason; accepted observations wait in a bounded log until every reader (cursor) has read
// them, and the latest value of each entity is kept for views. Runs in stepWorld's feeds phase.

import type { CityModel } from '../city/model.ts';
import { entityRegistry, type EntityRegistry } from '../city/entityIds.ts';
import { parseEntity } from './ngsi.ts';
import { REJECT_REASONS, type AirQualityObservation, type Observation, type ParkingObservation, type RejectReason } from './observations.ts';

export interface IngestLimits {
  /** Largest message accepted (bytes of JSON text). */
  maxMessageBytes: number;
  /** Observations further ahead of the reference clock than this are refused. */
  maxFutureMs: number;
  /** Observations older than the reference clock by more than this are refused. */
  maxLatenessMs: number;
  /** How many recent (entity, time) keys are remembered to refuse duplicates. */
  duplicateMemory: number;
  /** Accepted observations kept after every cursor has read them (for inspection and late readers). */
  retainRecent: number;
  /** Entities whose latest observation is kept (beyond it, new entities are counted, not kept). */
  maxLatestEntities: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = {
  maxMessageBytes: 64 * 1024,
  maxFutureMs: 5 * 60_000,
  maxLatenessMs: 24 * 3_600_000,
  duplicateMemory: 200_000,
  retainRecent: 10_000,
  maxLatestEntities: 200_000,
};

/** A reader of the accepted log: `position` is the sequence number of the next observation it will read. */
export interface FeedCursor {
  readonly id: number;
  position: number;
}

export interface FeedCounts {
  accepted: number;
  rejected: Partial<Record<RejectReason, number>>;
}

export type IngestResult = { accepted: true; observation: Observation } | { accepted: false; reason: RejectReason; detail: string };

export class FeedIngest {
  readonly limits: IngestLimits;
  private readonly registry: EntityRegistry;
  private readonly seen: RecentObservationKeys;
  /** Retained accepted observations in arrival order; log[0] has sequence number `firstSeq`. */
  private log: Observation[] = [];
  private firstSeq = 0;
  private readonly cursors = new Map<number, FeedCursor>();
  private nextCursorId = 1;
  /** Latest observation per entity id (by observation time), bounded by limits.maxLatestEntities. */
  readonly latest = new Map<string, Observation>();
  /** The same for the kinds views draw as points (car parks, air-quality stations). */
  private readonly latestPoints = { parking: new Map<string, ParkingObservation>(), airQuality: new Map<string, AirQualityObservation>() };
  /** Accepted observations of entities not kept in `latest` because it was full. */
  latestOverflow = 0;
  /** Sequence number of the next accepted observation: every accepted observation ever. */
  acceptedCount = 0;
  readonly rejected: Partial<Record<RejectReason, number>> = {};
  /** A few recent rejections with their detail, for the UI and logs. */
  readonly recentRejections: { reason: RejectReason; detail: string }[] = [];

  constructor(city: CityModel, limits: Partial<IngestLimits> = {}) {
    this.limits = { ...DEFAULT_INGEST_LIMITS, ...limits };
    this.registry = entityRegistry(city);
    this.seen = new RecentObservationKeys(this.limits.duplicateMemory);
  }

  counts(): FeedCounts {
    return { accepted: this.acceptedCount, rejected: { ...this.rejected } };
  }

  private refuse(reason: RejectReason, detail: string): IngestResult {
    this.refuseMany(reason, 1, detail);
    return { accepted: false, reason, detail };
  }

  /** Counts `count` messages refused before they could be read (a flood), with one detail line. */
  refuseMany(reason: RejectReason, count: number, detail: string): void {
    this.rejected[reason] = (this.rejected[reason] ?? 0) + count;
    this.recentRejections.push({ reason, detail });
    if (this.recentRejections.length > 50) this.recentRejections.shift();
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
    if (this.seen.has(o.entityId, o.timeMs)) return this.refuse('duplicate', `${o.entityId} at ${new Date(o.timeMs).toISOString()} already received`);
    this.seen.add(o.entityId, o.timeMs);
    this.log.push(o);
    this.acceptedCount++;
    const prev = this.latest.get(o.entityId);
    const kept = prev ? o.timeMs >= prev.timeMs : this.latest.size < this.limits.maxLatestEntities;
    if (kept) this.latest.set(o.entityId, o);
    else if (!prev) this.latestOverflow++;
    if (kept && o.kind === 'parking') this.latestPoints.parking.set(o.entityId, o);
    else if (kept && o.kind === 'airQuality') this.latestPoints.airQuality.set(o.entityId, o);
    if (this.log.length > 2 * this.limits.retainRecent + 1024) this.trim();
    return { accepted: true, observation: o };
  }

  /** Latest observation of every car park or air-quality station, in first-seen order. */
  latestOf(kind: 'parking'): ParkingObservation[];
  latestOf(kind: 'airQuality'): AirQualityObservation[];
  latestOf(kind: 'parking' | 'airQuality'): Observation[] {
    return [...this.latestPoints[kind].values()];
  }

  /**
   * The accepted observations still held, oldest first: everything not yet read by some cursor,
   * plus the last `retainRecent` ones. All of them while fewer than that were accepted.
   */
  get accepted(): readonly Observation[] {
    return this.log;
  }

  /** Sequence number of the oldest observation still held. */
  get oldestHeld(): number {
    return this.firstSeq;
  }

  /** A new reader, starting at the oldest observation still held (or at the next one to come). */
  openCursor(from: 'oldest' | 'next' = 'oldest'): FeedCursor {
    const c = { id: this.nextCursorId++, position: from === 'oldest' ? this.firstSeq : this.acceptedCount };
    this.cursors.set(c.id, c);
    return c;
  }

  closeCursor(c: FeedCursor): void {
    this.cursors.delete(c.id);
    this.trim(true);
  }

  /**
   * Hands every observation accepted since the cursor's position to `visit`, in order, and moves
   * the cursor past them; observations every cursor has read are then released.
   */
  read(c: FeedCursor, visit: (o: Observation) => void): number {
    const from = Math.max(c.position, this.firstSeq);
    const log = this.log;
    const n = this.acceptedCount - from;
    for (let k = from - this.firstSeq; k < log.length; k++) visit(log[k]);
    c.position = this.acceptedCount;
    if (this.log.length > this.limits.retainRecent + 1024) this.trim();
    return n;
  }

  /** Releases what every cursor has read, keeping the last `retainRecent` observations. */
  private trim(force = false): void {
    let keepFrom = this.acceptedCount - this.limits.retainRecent;
    for (const c of this.cursors.values()) if (c.position < keepFrom) keepFrom = c.position;
    const drop = keepFrom - this.firstSeq;
    // Copying the log is paid for by at least 1,024 releases at a time (amortised O(1) per message).
    if (drop <= 0 || (drop < 1024 && !force)) return;
    this.log = this.log.slice(drop);
    this.firstSeq += drop;
  }

}

/**
 * The most recent (entity, observation time) pairs, at most `capacity`, oldest forgotten first:
 * times kept per entity, so a lookup hashes the entity id once and no key string is built.
 */
class RecentObservationKeys {
  private readonly byEntity = new Map<string, Set<number>>();
  private readonly orderEntity: string[] = [];
  private readonly orderTimeMs: number[] = [];
  private head = 0;

  constructor(private readonly capacity: number) {}

  has(entityId: string, timeMs: number): boolean {
    return this.byEntity.get(entityId)?.has(timeMs) ?? false;
  }

  add(entityId: string, timeMs: number): void {
    if (this.capacity <= 0) return;
    if (this.orderEntity.length < this.capacity) {
      this.orderEntity.push(entityId);
      this.orderTimeMs.push(timeMs);
    } else {
      const old = this.orderEntity[this.head];
      const times = this.byEntity.get(old);
      times?.delete(this.orderTimeMs[this.head]);
      if (times?.size === 0) this.byEntity.delete(old);
      this.orderEntity[this.head] = entityId;
      this.orderTimeMs[this.head] = timeMs;
      this.head = (this.head + 1) % this.capacity;
    }
    const times = this.byEntity.get(entityId);
    if (times) times.add(timeMs);
    else this.byEntity.set(entityId, new Set([timeMs]));
  }
}

export function emptyCounts(): FeedCounts {
  return { accepted: 0, rejected: Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) };
}
