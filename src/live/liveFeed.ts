// The live edge of the twin: an MQTT subscription (mqtt.js; Node and browser alike) whose every
// message goes through the feed gate, with connection state, message rate, reconnection with
// capped exponential backoff and the outages (gaps) it went through. Wall time is read here.

import mqtt from 'mqtt';
import type { IClientOptions, IConnackPacket, ISubscriptionGrant, MqttClient } from 'mqtt';
import type { IngestResult } from '../core/feeds/ingest.ts';
import type { RejectReason } from '../core/feeds/observations.ts';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { RateMeter } from './rateMeter.ts';
import { DEFAULT_TOPIC_PREFIX, measuresFilter, parseTopic, type ParsedTopic } from './topics.ts';

export type LiveState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'error';

/** What the live feed needs of the gate: `FeedIngest` from core/feeds fits. */
export interface FeedGate {
  ingest(message: unknown, referenceMs: number): IngestResult;
  readonly limits?: { readonly maxMessageBytes: number };
}

/** An outage of the connection, in wall time; `endMs` is null while it lasts. */
export interface LiveGap {
  startMs: number;
  endMs: number | null;
  /** Time of the last message received before the outage (null if none had come). */
  lastMessageBeforeMs: number | null;
  reason: string;
  /** Observations from inside the outage delivered after it (queued by the broker for the persistent session). */
  backfilled: number;
}

/** Why a message never reached the gate (the gate's own reasons are counted beside these). */
export type LiveDropReason = 'topic-mismatch';

export interface LiveStats {
  state: LiveState;
  url: string;
  clientId: string;
  /** Messages received on measure topics. */
  messages: number;
  accepted: number;
  rejected: number;
  rejectedByReason: Partial<Record<RejectReason | LiveDropReason, number>>;
  /** Messages on command/acknowledgement topics the subscription also matched; not measures. */
  otherChannel: number;
  ratePerS: number;
  lastMessageAtMs: number | null;
  connectedSinceMs: number | null;
  /** Failed attempts since the last successful connection. */
  reconnectAttempts: number;
  nextRetryAtMs: number | null;
  lastError: string | null;
  gaps: readonly LiveGap[];
}

export interface LiveMessage {
  topic: string;
  /** The parsed topic when it follows `<prefix>/<Type>/<id>/<channel>`. */
  parsed: ParsedTopic | null;
  /** What was handed to the gate: the decoded entity (id and type filled from the topic when absent), or the text/bytes it could not decode. */
  entity: unknown;
  receivedAtMs: number;
  result: IngestResult;
}

export interface LiveFeedOptions {
  /** ws://host:port (browser and Node), wss://, mqtt:// or mqtts:// (Node). */
  url: string;
  /**
   * Fixed across reconnections so the broker keeps the session (subscriptions and queued QoS 1
   * messages) while the twin is away. Give a stable one per browser tab to survive reloads too.
   */
  clientId?: string;
  prefix?: string;
  /** Subscription filters (QoS 1); default: every entity's measures under the prefix. */
  topics?: string[];
  username?: string;
  password?: string;
  /** false (default): persistent session, nothing lost across a broker restart. */
  clean?: boolean;
  backoff?: Partial<BackoffOptions>;
  rateWindowMs?: number;
  connectTimeoutMs?: number;
  keepaliveS?: number;
  /** Wall clock (default Date.now). */
  nowMs?: () => number;
  /** The gate's reference clock; default the wall clock. */
  referenceMs?: () => number;
  /** Jitter source for the backoff (default Math.random). */
  random?: () => number;
  /** How many gaps are kept (oldest dropped). */
  maxGaps?: number;
}

const FATAL_CONNACK_CODES = new Set([1, 2, 4, 5, 128, 130, 132, 133, 134, 135, 138, 140]);

export class LiveFeed {
  private client: MqttClient | null = null;
  private _state: LiveState = 'offline';
  private stopped = true;
  private fatal = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly rate: RateMeter;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly messageListeners = new Set<(m: LiveMessage) => void>();
  private readonly changeListeners = new Set<() => void>();
  private lastNotifyMs = -Infinity;
  private readonly gapLog: LiveGap[] = [];
  private stats_ = {
    messages: 0, accepted: 0, rejected: 0, otherChannel: 0,
    rejectedByReason: {} as Partial<Record<RejectReason | LiveDropReason, number>>,
    lastMessageAtMs: null as number | null, connectedSinceMs: null as number | null,
    reconnectAttempts: 0, nextRetryAtMs: null as number | null, lastError: null as string | null,
  };
  readonly url: string;
  readonly clientId: string;
  readonly prefix: string;
  readonly topics: string[];
  private readonly backoff: BackoffOptions;
  private readonly nowMs: () => number;
  private readonly referenceMs: () => number;

  constructor(
    private readonly gate: FeedGate,
    private readonly options: LiveFeedOptions,
  ) {
    this.url = options.url;
    this.prefix = options.prefix ?? DEFAULT_TOPIC_PREFIX;
    this.topics = options.topics ?? [measuresFilter(this.prefix)];
    this.clientId = options.clientId ?? `twin-live-${Math.floor((options.random ?? Math.random)() * 2 ** 48).toString(36)}`;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.nowMs = options.nowMs ?? (() => Date.now());
    this.referenceMs = options.referenceMs ?? this.nowMs;
    this.rate = new RateMeter(options.rateWindowMs ?? 10_000);
  }

  get state(): LiveState {
    return this._state;
  }

  /** Current figures; cheap, meant to be polled by the UI (the rate decays with time, not with events). */
  snapshot(): LiveStats {
    const s = this.stats_;
    return {
      state: this._state, url: this.url, clientId: this.clientId,
      messages: s.messages, accepted: s.accepted, rejected: s.rejected, rejectedByReason: { ...s.rejectedByReason },
      otherChannel: s.otherChannel, ratePerS: this.rate.ratePerS(this.nowMs()), lastMessageAtMs: s.lastMessageAtMs,
      connectedSinceMs: s.connectedSinceMs, reconnectAttempts: s.reconnectAttempts, nextRetryAtMs: s.nextRetryAtMs,
      lastError: s.lastError, gaps: this.gapLog.map((g) => ({ ...g })),
    };
  }

  /** Every measure message after the gate judged it. Returns the unsubscribe function. */
  onMessage(fn: (m: LiveMessage) => void): () => void {
    this.messageListeners.add(fn);
    return () => this.messageListeners.delete(fn);
  }

  /** State changes and gaps at once; counts at most four times a second. */
  onChange(fn: () => void): () => void {
    this.changeListeners.add(fn);
    return () => this.changeListeners.delete(fn);
  }

  start(): void {
    if (this.client) return;
    this.stopped = false;
    this.fatal = false;
    this.setState('connecting');
    const o = this.options;
    const opts: IClientOptions = {
      clientId: this.clientId,
      clean: o.clean ?? false,
      protocolVersion: 4,
      reconnectPeriod: 0, // reconnection is ours: exponential backoff instead of a fixed period
      connectTimeout: o.connectTimeoutMs ?? 10_000,
      keepalive: o.keepaliveS ?? 30,
      resubscribe: false, // we subscribe again ourselves when the broker lost the session
      username: o.username,
      password: o.password,
    };
    const client = mqtt.connect(this.url, opts);
    this.client = client;
    client.on('connect', (connack) => this.onConnect(client, connack));
    client.on('message', (topic, payload) => this.onPayload(topic, payload));
    client.on('error', (err) => this.onError(err as Error & { code?: number | string }));
    client.on('close', () => this.onClose());
  }

  /** Disconnects (the broker keeps a persistent session for the next start). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearRetry();
    const client = this.client;
    this.client = null;
    if (client) {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => client.end(true, {}, () => resolve()), 2_000);
        client.end(!client.connected, {}, () => {
          clearTimeout(force);
          resolve();
        });
      });
    }
    const open = this.openGap();
    if (open) open.endMs = this.nowMs();
    this.setState('offline');
  }

  /** Retries at once instead of waiting for the backoff (a "reconnect" button, the browser coming online). */
  retryNow(): void {
    if (this.stopped || !this.client || this._state === 'connected' || this._state === 'connecting') return;
    this.fatal = false;
    this.clearRetry();
    this.reconnect();
  }

  private onConnect(client: MqttClient, connack: IConnackPacket): void {
    const now = this.nowMs();
    this.stats_.reconnectAttempts = 0;
    this.stats_.connectedSinceMs = now;
    this.stats_.lastError = null;
    const open = this.openGap();
    if (open) open.endMs = now;
    if (!connack.sessionPresent) {
      client.subscribe(Object.fromEntries(this.topics.map((t) => [t, { qos: 1 as const }])), (err, granted) => {
        const refused = (granted ?? []).filter((g: ISubscriptionGrant) => g.qos === 128).map((g) => g.topic);
        if (err || refused.length) {
          this.stats_.lastError = err ? `subscribe failed: ${err.message}` : `not authorized to subscribe to ${refused.join(', ')}`;
          this.setState('error');
        }
      });
    }
    this.setState('connected');
  }

  private onError(err: Error & { code?: number | string }): void {
    this.stats_.lastError = err.message || String(err.code ?? 'error');
    // Refused credentials or client id: retrying cannot help until the configuration changes.
    if (typeof err.code === 'number' && FATAL_CONNACK_CODES.has(err.code)) {
      this.fatal = true;
      this.clearRetry();
      this.setState('error');
    } else this.notify(true);
  }

  private onClose(): void {
    if (this.stopped || this.client === null) return;
    const now = this.nowMs();
    if (this._state === 'connected') {
      this.gapLog.push({ startMs: now, endMs: null, lastMessageBeforeMs: this.stats_.lastMessageAtMs, reason: this.stats_.lastError ?? 'connection lost', backfilled: 0 });
      if (this.gapLog.length > (this.options.maxGaps ?? 100)) this.gapLog.shift();
    }
    this.stats_.connectedSinceMs = null;
    if (this.fatal) return this.setState('error');
    if (this.retryTimer) return; // one retry pending per loss
    const delayMs = backoffDelayMs(this.stats_.reconnectAttempts++, this.backoff, this.options.random);
    this.stats_.nextRetryAtMs = now + delayMs;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.reconnect();
    }, delayMs);
    this.setState('reconnecting');
  }

  private reconnect(): void {
    const client = this.client;
    if (!client || this.stopped) return;
    this.stats_.nextRetryAtMs = null;
    // Keep the stores: unacknowledged packets must survive the reconnection.
    client.reconnect({ incomingStore: client.incomingStore, outgoingStore: client.outgoingStore });
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.stats_.nextRetryAtMs = null;
  }

  private openGap(): LiveGap | null {
    const g = this.gapLog[this.gapLog.length - 1];
    return g && g.endMs === null ? g : null;
  }

  private onPayload(topic: string, payload: Uint8Array): void {
    const now = this.nowMs();
    const parsed = parseTopic(topic, this.prefix);
    if (parsed && parsed.channel !== 'attrs') {
      this.stats_.otherChannel++;
      return;
    }
    this.rate.add(now);
    const s = this.stats_;
    s.messages++;
    s.lastMessageAtMs = now;
    // A copy: mqtt.js hands a Buffer that may be a view into a larger pooled (unaligned) buffer.
    const entity = this.decode(new Uint8Array(payload), parsed);
    let result: IngestResult;
    if (entity === TOPIC_MISMATCH) {
      result = { accepted: false, reason: 'not-an-entity', detail: `payload id differs from the topic's entity ${parsed?.entityId}` };
      s.rejectedByReason['topic-mismatch'] = (s.rejectedByReason['topic-mismatch'] ?? 0) + 1;
      s.rejected++;
    } else {
      result = this.gate.ingest(entity, this.referenceMs());
      if (result.accepted) {
        s.accepted++;
        this.countBackfill(result.observation.timeMs);
      } else {
        s.rejected++;
        s.rejectedByReason[result.reason] = (s.rejectedByReason[result.reason] ?? 0) + 1;
      }
    }
    for (const fn of this.messageListeners) fn({ topic, parsed, entity, receivedAtMs: now, result });
    this.notify(false);
  }

  /** JSON object when it decodes (id and type taken from the topic when absent), else the raw text or bytes for the gate to refuse with its reason. */
  private decode(bytes: Uint8Array, parsed: ParsedTopic | null): unknown {
    const max = this.gate.limits?.maxMessageBytes ?? Infinity;
    if (bytes.byteLength > max) return bytes;
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      return bytes;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return text;
    }
    if (!parsed || !value || typeof value !== 'object' || Array.isArray(value)) return value;
    const e = value as Record<string, unknown>;
    // FIWARE IoT-agent style: a device publishes only its attributes; the topic says who it is.
    if (e.id === undefined && e.type === undefined) return { id: parsed.entityId, type: parsed.type, ...e };
    // Topics are what brokers authorise: a payload naming another entity is not believed.
    if (e.id !== parsed.entityId) return TOPIC_MISMATCH;
    return value;
  }

  private countBackfill(timeMs: number): void {
    for (let i = this.gapLog.length - 1; i >= 0 && i >= this.gapLog.length - 3; i--) {
      const g = this.gapLog[i];
      if (g.endMs !== null && timeMs >= g.startMs && timeMs <= g.endMs) g.backfilled++;
    }
  }

  private setState(state: LiveState): void {
    if (this._state === state) return this.notify(true);
    this._state = state;
    this.notify(true);
  }

  private notify(force: boolean): void {
    const now = this.nowMs();
    if (!force && now - this.lastNotifyMs < 250) return;
    this.lastNotifyMs = now;
    for (const fn of this.changeListeners) fn();
  }
}

const TOPIC_MISMATCH = Symbol('topic-mismatch');
