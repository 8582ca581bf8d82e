// Batches of feed messages handed to the simulation worker wait here and pass the running world's
// gate in short slices, so frames keep their cadence however fast batches arrive; a flood is refused.

import type { World } from '../src/core/world.ts';
import { assimilateFeeds } from '../src/core/world.ts';
import type { IngestBatchResult } from './sim-protocol.ts';
import type { Yielder } from './sim-pacing.ts';

/** Wall ms of gate work before the queue gives the pacing loop its turn (a frame every 33 ms keeps its cadence). */
export const INGEST_SLICE_MS = 4;
/** Messages waiting at most; a batch that would go beyond is refused whole (reason `flood`). */
export const MAX_QUEUED_MESSAGES = 500_000;
/** Messages passed between two looks at the clock. */
const CLOCK_CHECK_EVERY = 128;

export interface IngestQueueDeps {
  world: () => World | null;
  /** Wall clock for timing slices (ms, monotonic). */
  now: () => number;
  /** Calendar wall clock (UTC ms), the reference of messages judged against 'wall' time. */
  wallClockMs: () => number;
  yielder: Yielder;
  /** Called after every slice: the host sends a frame if one is due, and shows the effect when paused. */
  afterSlice: (batchDone: boolean) => void;
  /** Messages waiting at most (default MAX_QUEUED_MESSAGES). */
  maxQueuedMessages?: number;
}

interface Pending {
  messages: readonly string[];
  next: number;
  reference: 'sim' | 'wall';
  accepted: number;
  workMs: number;
  resolve: (r: IngestBatchResult) => void;
}

export class IngestQueue {
  private readonly pending: Pending[] = [];
  private queued = 0;
  private scheduled = false;
  private closed = false;

  constructor(private readonly deps: IngestQueueDeps) {}

  /** Messages waiting to pass the gate. */
  get waiting(): number {
    return this.queued;
  }

  /** One batch: an NDJSON text (one message a line) or an array of messages. Resolves once all have passed. */
  enqueue(batch: readonly string[] | string, reference: 'sim' | 'wall'): Promise<IngestBatchResult> {
    // One NDJSON text crosses the thread boundary far cheaper than an array of strings.
    const messages = typeof batch === 'string' ? batch.split('\n').filter((l) => l.length > 0) : batch;
    const world = this.deps.world();
    if (!world || this.closed) return Promise.resolve({ accepted: 0, rejected: messages.length, workMs: 0 });
    if (messages.length === 0) return Promise.resolve({ accepted: 0, rejected: 0, workMs: 0 });
    const limit = this.deps.maxQueuedMessages ?? MAX_QUEUED_MESSAGES;
    if (this.queued + messages.length > limit) {
      world.feeds.gate.refuseMany('flood', messages.length, `a batch of ${messages.length} messages while ${this.queued} wait (limit ${limit})`);
      return Promise.resolve({ accepted: 0, rejected: messages.length, workMs: 0 });
    }
    this.queued += messages.length;
    return new Promise((resolve) => {
      this.pending.push({ messages, next: 0, reference, accepted: 0, workMs: 0, resolve });
      this.schedule();
    });
  }

  /** Settles every waiting batch as rejected (the worker is going away). */
  close(): void {
    this.closed = true;
    for (const p of this.pending.splice(0)) p.resolve({ accepted: p.accepted, rejected: p.messages.length - p.accepted, workMs: p.workMs });
    this.queued = 0;
  }

  private schedule(): void {
    if (this.scheduled || this.closed || this.pending.length === 0) return;
    this.scheduled = true;
    this.deps.yielder.post(() => {
      this.scheduled = false;
      this.slice();
    });
  }

  /** Passes messages for at most INGEST_SLICE_MS, assimilates them, then yields. */
  private slice(): void {
    const { now } = this.deps;
    const world = this.deps.world();
    const t0 = now();
    const deadline = t0 + INGEST_SLICE_MS;
    let batchDone = false;
    let last: Pending | null = null;
    while (this.pending.length > 0) {
      const p = this.pending[0];
      last = p;
      const sliceStart = now();
      if (world) {
        const gate = world.feeds.gate;
        const ref = p.reference === 'sim' ? world.timeMs : this.deps.wallClockMs();
        const before = gate.acceptedCount;
        const end = Math.min(p.messages.length, p.next + CLOCK_CHECK_EVERY);
        for (let k = p.next; k < end; k++) gate.ingest(p.messages[k], ref);
        p.accepted += gate.acceptedCount - before;
        this.queued -= end - p.next;
        p.next = end;
      } else {
        // No world any more (the city was replaced): what waits cannot be judged.
        this.queued -= p.messages.length - p.next;
        p.next = p.messages.length;
      }
      p.workMs += now() - sliceStart;
      if (p.next === p.messages.length) {
        this.pending.shift();
        batchDone = true;
        p.resolve({ accepted: p.accepted, rejected: p.messages.length - p.accepted, workMs: p.workMs });
      }
      if (now() >= deadline) break;
    }
    if (world) {
      const a0 = now();
      assimilateFeeds(world);
      if (last) last.workMs += now() - a0;
    }
    this.deps.afterSlice(batchDone);
    this.schedule();
  }
}
