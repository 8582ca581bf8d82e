// The operator's own MQTT session (credentials typed at connect time, held by the connection only):
// publishes staged changes as device commands on `…/cmd`, matches acknowledgements on `…/cmdexe`.

import mqtt from 'mqtt';
import type { IClientOptions, MqttClient } from 'mqtt';
import { AuditLog, revertCommands, type AuditEntry } from '../core/operator/audit.ts';
import type { DeviceCommand } from '../core/operator/change.ts';
import { commandPayload } from './commands.ts';
import { channelFilter, DEFAULT_TOPIC_PREFIX, parseTopic, topicForEntityId } from './topics.ts';

export class OperatorAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperatorAuthError';
  }
}

export interface OperatorConnectOptions {
  url: string;
  username: string;
  /** Used for this connection only: not kept by the session, never logged. */
  password: string;
  prefix?: string;
  clientId?: string;
  connectTimeoutMs?: number;
  /**
   * MQTT 5 first (a broker then says when it refuses a command: PUBACK "not authorized"); MQTT 3.1.1
   * when the broker only speaks that (the embedded aedes broker closes the connection instead).
   */
  protocolVersions?: (4 | 5)[];
}

export interface ApplyOptions {
  /** How long each command waits for its acknowledgement before it is "not acknowledged". */
  timeoutMs?: number;
  nowMs?: () => number;
}

export const DEFAULT_ACK_TIMEOUT_MS = 5_000;

interface Waiting {
  log: AuditLog;
  nowMs: () => number;
  entry: AuditEntry;
  index: number;
  name: string;
  timer: ReturnType<typeof setTimeout>;
  done: () => void;
}

/** The reason a broker refused a connection, from mqtt.js's error, without anything the operator typed. */
function refusal(e: unknown): string {
  const err = e as { message?: string; code?: number };
  return err.message ? err.message.replace(/^connack:?\s*/i, '') : 'connection refused';
}

function connectOnce(o: OperatorConnectOptions, version: 4 | 5): Promise<MqttClient> {
  const opts: IClientOptions = {
    protocolVersion: version,
    username: o.username,
    password: o.password,
    clientId: o.clientId ?? `twin-operator-${Math.random().toString(36).slice(2, 10)}`,
    clean: true,
    reconnectPeriod: 0, // a lost operator session is reconnected by the operator, with credentials typed again
    connectTimeout: o.connectTimeoutMs ?? 5_000,
  };
  const client = mqtt.connect(o.url, opts);
  return new Promise((resolve, reject) => {
    const fail = (e: unknown) => {
      client.end(true);
      reject(e);
    };
    client.once('connect', () => {
      client.removeListener('error', fail);
      client.removeListener('close', closed);
      // The password stays with nobody once the connection stands (no reconnect uses it).
      delete client.options.password;
      resolve(client);
    });
    const closed = () => fail(new OperatorAuthError(`no MQTT connection to ${o.url}`));
    client.once('error', fail);
    client.once('close', closed);
  });
}

export class OperatorSession {
  private readonly waiting: Waiting[] = [];
  private readonly closeListeners = new Set<(reason: string) => void>();
  private closed = false;

  private constructor(
    private readonly client: MqttClient,
    readonly username: string,
    readonly url: string,
    readonly prefix: string,
    readonly protocolVersion: 4 | 5,
  ) {
    client.on('message', (topic, payload) => this.onAck(topic, payload));
    client.on('close', () => this.onClosed('the broker closed the operator connection'));
  }

  /** Connects with the operator's credentials and subscribes to acknowledgements; refuses an account that cannot read them. */
  static async connect(o: OperatorConnectOptions): Promise<OperatorSession> {
    if (!o.username) throw new OperatorAuthError('an operator user name is required');
    const prefix = o.prefix ?? DEFAULT_TOPIC_PREFIX;
    let lastError: unknown = null;
    for (const version of o.protocolVersions ?? [5, 4]) {
      let client: MqttClient;
      try {
        client = await connectOnce(o, version);
      } catch (e) {
        lastError = e;
        // Only an unsupported protocol version is worth another try; a refused login is final.
        if (/protocol/i.test(refusal(e)) || (e as { code?: number }).code === 1 || (e as { code?: number }).code === 132) continue;
        throw new OperatorAuthError(`the MQTT broker at ${o.url} refused the operator ${JSON.stringify(o.username)}: ${refusal(e)}`);
      }
      const session = new OperatorSession(client, o.username, o.url, prefix, version);
      const granted = await client.subscribeAsync(channelFilter('cmdexe', prefix), { qos: 1 });
      if (granted.some((g) => g.qos >= 128)) {
        await session.close();
        throw new OperatorAuthError(`the operator ${JSON.stringify(o.username)} may not read acknowledgements on ${channelFilter('cmdexe', prefix)}`);
      }
      return session;
    }
    throw new OperatorAuthError(`the MQTT broker at ${o.url} refused the operator ${JSON.stringify(o.username)}: ${refusal(lastError)}`);
  }

  get connected(): boolean {
    return !this.closed && this.client.connected;
  }

  onClose(f: (reason: string) => void): () => void {
    this.closeListeners.add(f);
    return () => this.closeListeners.delete(f);
  }

  private onClosed(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    // No reconnect: an answer can no longer arrive (whether the device acted is unknown).
    for (let k = this.waiting.length - 1; k >= 0; k--) this.finish(k, 'not-acknowledged', `${reason} before an answer`);
    for (const f of this.closeListeners) f(reason);
  }

  private onAck(topic: string, payload: Uint8Array): void {
    const t = parseTopic(topic, this.prefix);
    if (!t || t.channel !== 'cmdexe') return;
    let v: unknown;
    try {
      v = JSON.parse(new TextDecoder().decode(new Uint8Array(payload)));
    } catch {
      return;
    }
    if (!v || typeof v !== 'object') return;
    // The oldest command still waiting on this entity with that attribute is the one answered.
    const k = this.waiting.findIndex((w) => w.entry.commands[w.index].entityId === t.entityId && typeof (v as Record<string, unknown>)[w.name] === 'string');
    if (k < 0) return;
    const w = this.waiting[k];
    const result = (v as Record<string, string>)[w.name];
    this.finish(k, result === 'OK' ? 'acknowledged' : 'failed', result);
  }

  private finish(k: number, status: 'acknowledged' | 'failed' | 'not-acknowledged', detail: string | null): void {
    const [w] = this.waiting.splice(k, 1);
    clearTimeout(w.timer);
    w.log.settle(w.entry.id, w.index, status, detail, status === 'not-acknowledged' ? null : w.nowMs());
    w.done();
  }

  /**
   * Publishes every command of an entry (QoS 1) and settles each one in the log: acknowledged or
   * failed by its device, not acknowledged after the timeout, or refused by the broker. The first
   * command goes alone: when the broker refuses it, none of the others is sent.
   */
  async apply(log: AuditLog, entry: AuditEntry, o: ApplyOptions = {}): Promise<AuditEntry> {
    const nowMs = o.nowMs ?? (() => Date.now());
    const timeoutMs = o.timeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
    const send = (index: number): { published: Promise<boolean>; answered: Promise<void> } => {
      const c = entry.commands[index];
      const name = Object.keys(c.command)[0];
      let done: () => void = () => undefined;
      const answered = new Promise<void>((r) => (done = r));
      const w: Waiting = { log, nowMs, entry, index, name, done, timer: setTimeout(() => {
        const k = this.waiting.indexOf(w);
        if (k >= 0) this.finish(k, 'not-acknowledged', `no acknowledgement within ${timeoutMs} ms`);
      }, timeoutMs) };
      this.waiting.push(w);
      const refuse = (why: string) => {
        const k = this.waiting.indexOf(w);
        if (k < 0) return false;
        this.waiting.splice(k, 1);
        clearTimeout(w.timer);
        log.settle(entry.id, index, 'refused', why, nowMs());
        done();
        return false;
      };
      if (!this.connected) return { published: Promise.resolve(refuse('not connected')), answered };
      const onClose = () => refuse('the broker closed the connection (no right to this command?)');
      publishing.add(onClose);
      const published = this.client
        .publishAsync(topicForEntityId(c.entityId, 'cmd', this.prefix), commandPayload(c.command), { qos: 1 })
        .then(() => true, (e: unknown) => refuse((e as Error).message || 'publish refused'))
        .finally(() => publishing.delete(onClose));
      return { published, answered };
    };
    if (entry.commands.length === 0) return entry;
    // One close listener for the whole entry (an entry may hold hundreds of commands).
    const publishing = new Set<() => boolean>();
    const onClose = () => {
      for (const f of publishing) f();
    };
    this.client.on('close', onClose);
    try {
      const first = send(0);
      if (!(await first.published)) {
        for (let i = 1; i < entry.commands.length; i++) log.settle(entry.id, i, 'not-sent', 'an earlier command was refused', null);
        await first.answered;
        return entry;
      }
      const rest = entry.commands.slice(1).map((_, i) => send(i + 1));
      await Promise.all([first.answered, ...rest.map((r) => r.answered)]);
      return entry;
    } finally {
      this.client.removeListener('close', onClose);
    }
  }

  async close(): Promise<void> {
    for (let k = this.waiting.length - 1; k >= 0; k--) this.finish(k, 'not-acknowledged', 'the operator session closed before an answer');
    if (!this.closed) await new Promise<void>((r) => this.client.end(false, {}, () => r()));
    this.onClosed('closed by the operator');
  }
}

export interface ApplyRequest {
  summary: string;
  commands: DeviceCommand[];
  /** The value each entity had before, by index of `commands` (what a revert publishes). */
  previous: (DeviceCommand['command'] | null)[];
  simTimeMs: number | null;
}

/** Records the change in the audit log (who, what, when) and applies it. */
export function applyChange(session: OperatorSession, log: AuditLog, req: ApplyRequest, o: ApplyOptions = {}): Promise<AuditEntry> {
  const now = o.nowMs ?? (() => Date.now());
  const entry = log.open({
    operator: session.username,
    issuedAtMs: now(),
    simTimeMs: req.simTimeMs,
    summary: req.summary,
    commands: req.commands.map((c, i) => ({ ...c, previous: req.previous[i] ?? null })),
  });
  return session.apply(log, entry, o);
}

/** Publishes the previous values of an entry's commands, as a new entry that says what it reverts. */
export function revertEntry(session: OperatorSession, log: AuditLog, entry: AuditEntry, o: ApplyOptions = {}): Promise<AuditEntry> {
  const now = o.nowMs ?? (() => Date.now());
  const commands = revertCommands(entry);
  const rev = log.open({ operator: session.username, issuedAtMs: now(), simTimeMs: entry.simTimeMs, summary: `revert #${entry.id}: ${entry.summary}`, revertOf: entry.id, commands });
  return session.apply(log, rev, o);
}
