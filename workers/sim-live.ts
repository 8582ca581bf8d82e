// The live feed inside the simulation worker: an MQTT subscription (src/live LiveFeed) whose
// messages pass the running world's feed gate (the feeds phase) and are assimilated in batches,
// before the next step or between steps while paused; its status goes to the page ≤ 4 times a second.

import { assimilateFeeds, type World } from '../src/core/world.ts';
import { DEFAULT_INGEST_LIMITS, type IngestResult } from '../src/core/feeds/ingest.ts';
import { LiveFeed, type FeedGate } from '../src/live/liveFeed.ts';
import type { LiveConnectOptions, LiveFeedStatus } from './sim-protocol.ts';

/** Accepted messages are assimilated at most this long after arriving (ms of wall time). */
const ASSIMILATE_BATCH_MS = 50;
/** The page hears about the feed at most this often. */
const STATUS_INTERVAL_MS = 250;

export class WorkerLiveFeed {
  private feed: LiveFeed | null = null;
  private options: LiveConnectOptions | null = null;
  private assimilateTimer: ReturnType<typeof setTimeout> | null = null;
  private statusTimer: ReturnType<typeof setTimeout> | null = null;
  private lastStatusWallMs = -Infinity;
  /** While connected, the status is also sent every second (the message rate decays in silence). */
  private heartbeat: ReturnType<typeof setInterval> | null = null;

  constructor(
    /** The world live messages go to (the running session's), or null when none runs. */
    private readonly world: () => World | null,
    private readonly send: (status: LiveFeedStatus) => void,
    private readonly wallMs: () => number = () => Date.now(),
  ) {}

  /** The gate of whichever world runs when a message arrives (a scenario change does not drop the connection). */
  private readonly gate: FeedGate = {
    limits: DEFAULT_INGEST_LIMITS,
    ingest: (message: unknown, referenceMs: number): IngestResult => {
      const w = this.world();
      if (!w) return { accepted: false, reason: 'unknown-entity', detail: 'no city is loaded' };
      const r = w.feeds.gate.ingest(message, referenceMs);
      if (r.accepted) this.scheduleAssimilation();
      return r;
    },
  };

  connect(options: LiveConnectOptions): LiveFeedStatus {
    void this.disconnect(false);
    this.options = options;
    const feed = new LiveFeed(this.gate, { url: options.url, prefix: options.prefix, clientId: options.clientId, nowMs: this.wallMs });
    this.feed = feed;
    feed.onChange(() => this.pushStatus());
    feed.start();
    this.heartbeat = setInterval(() => this.pushStatus(), 1000);
    return this.status();
  }

  async disconnect(notify = true): Promise<void> {
    const feed = this.feed;
    this.feed = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    if (feed) await feed.stop();
    this.flush();
    if (notify) this.pushStatus(true);
  }

  get connected(): boolean {
    return this.feed !== null;
  }

  get followNow(): boolean {
    return !!this.feed && !!this.options?.followNow;
  }

  retryNow(): void {
    this.feed?.retryNow();
  }

  status(): LiveFeedStatus {
    return { enabled: this.feed !== null, followNow: this.followNow, stats: this.feed?.snapshot() ?? null };
  }

  /** Assimilates what arrived since the last step (also done by every step). */
  flush(): void {
    if (this.assimilateTimer) clearTimeout(this.assimilateTimer);
    this.assimilateTimer = null;
    const w = this.world();
    if (w) assimilateFeeds(w);
  }

  private scheduleAssimilation(): void {
    if (this.assimilateTimer) return;
    this.assimilateTimer = setTimeout(() => this.flush(), ASSIMILATE_BATCH_MS);
  }

  private pushStatus(force = false): void {
    const now = this.wallMs();
    if (!force && now - this.lastStatusWallMs < STATUS_INTERVAL_MS) {
      // One trailing update, so the last change is never lost.
      this.statusTimer ??= setTimeout(() => {
        this.statusTimer = null;
        this.pushStatus(true);
      }, STATUS_INTERVAL_MS);
      return;
    }
    this.lastStatusWallMs = now;
    this.send(this.status());
  }

  dispose(): void {
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.statusTimer = null;
    void this.disconnect(false);
  }
}
