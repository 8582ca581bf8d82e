// `npm run broker`: the embedded MQTT broker (aedes) on loopback, TCP and WebSocket (the browser's
// way in), playing the sample feed looped and re-timed to now, acknowledging device commands, tracing them.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { resolve, basename } from 'node:path';
import { parseArgs } from 'node:util';
import { Aedes } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { parseRecording } from '../core/feeds/recording.ts';
import { ackPayload, parseCommand } from '../live/commands.ts';
import { DEFAULT_BROKER_HOST, DEFAULT_BROKER_TCP_PORT, DEFAULT_BROKER_WS_PORT } from '../live/liveConfig.ts';
import { playRecording } from '../live/publisher.ts';
import { checkPrefix, DEFAULT_TOPIC_PREFIX, entityTopic, parseTopic } from '../live/topics.ts';
import { CliError, REPO_ROOT, runCli } from './cliUtil.ts';
import { COMMAND_TRACE_FILE, CommandTrace, payloadDigest, payloadKey, type CommandTraceOptions, type TraceKind } from './commandTrace.ts';
import { SAMPLE_FEED_PATH } from './makeSampleFeed.ts';

export interface BrokerOptions {
  /** TCP port (0: any free port). */
  tcpPort?: number;
  /** WebSocket port (0: any free port). */
  wsPort?: number;
  /** When a requested port is taken, take a free one instead of failing (what `npm start` wants). */
  fallbackToFreePort?: boolean;
  /** Recording played in a loop; null for none. */
  sample?: string | null;
  /** Multiple of real time for the sample. */
  speed?: number;
  prefix?: string;
  /**
   * Acknowledge commands on `…/cmd` as the devices would (cabinets, lamps, signal controllers;
   * a lamp also reports its new level).
   */
  simulateDevices?: boolean;
  /** Append every command, acknowledgement and refused publish to this NDJSON trace; null or absent: none. */
  trace?: CommandTraceOptions | null;
  /**
   * Operator accounts (user → password). When given, only a client logged in with one of them may
   * publish commands (`…/cmd`; any other is disconnected, nothing reaches the devices), nobody may
   * publish acknowledgements (`…/cmdexe`) in the simulated devices' name, and an unknown login is
   * refused; clients without a user name still read and publish measures. Absent: no accounts.
   */
  operators?: Record<string, string> | null;
  log?: (line: string) => void;
}

/** The attributes a simulated device holds from commands (Smart Data Model names). */
export interface DeviceState {
  illuminanceLevel?: number;
  activeProgramId?: string;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether a login matches an account, in time that does not depend on where the password differs. */
export function checkAccount(accounts: Record<string, string>, username: string, password: string): boolean {
  const expected = Object.hasOwn(accounts, username) ? accounts[username] : null;
  const ok = timingSafeEqual(digest(password), digest(expected ?? `${password}\u0000`));
  return ok && expected !== null;
}

export interface RunningBroker {
  tcpUrl: string;
  wsUrl: string;
  tcpPort: number;
  wsPort: number;
  aedes: Aedes;
  /** Messages of the sample feed published so far. */
  samplePublished(): number;
  /** What a simulated device was last commanded (by NGSI-LD id), or null. */
  deviceState(entityId: string): DeviceState | null;
  close(): Promise<void>;
}

async function listen(server: NetServer | HttpServer, port: number, what: string, fallback: boolean): Promise<number> {
  const attempt = (p: number) =>
    new Promise<number>((res, rej) => {
      const onError = (e: NodeJS.ErrnoException) => rej(e);
      server.once('error', onError);
      server.listen(p, DEFAULT_BROKER_HOST, () => {
        server.removeListener('error', onError);
        const a = server.address();
        res(typeof a === 'object' && a ? a.port : p);
      });
    });
  try {
    return await attempt(port);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' && fallback && port !== 0) return attempt(0);
    if (code === 'EADDRINUSE') throw new CliError(`${DEFAULT_BROKER_HOST}:${port} is already in use (another MQTT broker?): choose the ${what} port with its flag or environment variable, or 0 for any free port`);
    throw new CliError(`cannot listen on ${DEFAULT_BROKER_HOST}:${port} for ${what}: ${(e as Error).message}`);
  }
}

export async function startBroker(o: BrokerOptions = {}): Promise<RunningBroker> {
  const log = o.log ?? (() => undefined);
  const prefix = checkPrefix(o.prefix ?? DEFAULT_TOPIC_PREFIX);
  const aedes = await Aedes.createBroker();
  const operators = o.operators ?? null;
  const operatorClients = new WeakMap<object, string>();
  const trace = o.trace ? new CommandTrace(o.trace, log) : null;
  if (trace) log(`commands, acknowledgements and refusals traced to ${trace.file.startsWith(REPO_ROOT) ? trace.file.slice(REPO_ROOT.length + 1) : basename(trace.file)}`);
  const traceLine = (kind: TraceKind, client: { id: string } | null, topic: string, raw: Uint8Array | string, status: string | null) => {
    if (!trace) return;
    const payload = typeof raw === 'string' ? Buffer.from(raw) : raw;
    const t = parseTopic(topic, prefix);
    const key = payloadKey(payload);
    trace.append({
      at: new Date().toISOString(),
      kind,
      who: client ? (operatorClients.get(client) ?? 'anonymous') : 'simulated-device',
      clientId: client?.id ?? null,
      topic,
      entityId: t?.entityId ?? null,
      name: key.name,
      ...payloadDigest(payload),
      status: kind === 'ack' ? (typeof key.value === 'string' ? key.value : null) : status,
    });
  };
  if (operators) {
    aedes.authenticate = (client, username, password, done) => {
      if (username === undefined || username === '') return done(null, true); // a viewer: measures only
      if (checkAccount(operators, username, password ? Buffer.from(password).toString('utf8') : '')) {
        operatorClients.set(client, username);
        return done(null, true);
      }
      const err = Object.assign(new Error('bad user name or password'), { returnCode: 4 });
      done(err as Error & { returnCode: 4 }, false);
    };
    aedes.authorizePublish = (client, packet, done) => {
      const t = parseTopic(packet.topic, prefix);
      const refuse = (why: string) => {
        traceLine('refused', client, packet.topic, packet.payload, why);
        done(new Error(why));
      };
      if (client && t?.channel === 'cmd' && !operatorClients.has(client)) return refuse(`${client.id} may not command devices`);
      if (client && t?.channel === 'cmdexe' && (o.simulateDevices ?? true)) return refuse(`${client.id} may not acknowledge in the devices' name`);
      done(null);
    };
  }
  if (trace) {
    aedes.on('publish', (packet, client) => {
      const t = parseTopic(packet.topic, prefix);
      if (t?.channel === 'cmd' && client) traceLine('command', client, packet.topic, packet.payload, null);
      else if (t?.channel === 'cmdexe') traceLine('ack', client, packet.topic, packet.payload, null);
    });
  }
  const devices = new Map<string, DeviceState>();
  const sockets = new Set<Socket>();
  const tcp = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    aedes.handle(socket);
  });
  const http = createHttpServer((_, res) => res.writeHead(426, { 'content-type': 'text/plain' }).end('MQTT over WebSocket only\n'));
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (ws, req) => aedes.handle(createWebSocketStream(ws), req));
  const fallback = o.fallbackToFreePort ?? false;
  let tcpPort: number;
  let wsPort: number;
  try {
    tcpPort = await listen(tcp, o.tcpPort ?? DEFAULT_BROKER_TCP_PORT, 'TCP (--tcp-port, TWIN_MQTT_TCP_PORT)', fallback);
    wsPort = await listen(http, o.wsPort ?? DEFAULT_BROKER_WS_PORT, 'WebSocket (--ws-port, TWIN_MQTT_WS_PORT)', fallback);
  } catch (e) {
    tcp.close();
    http.close();
    await new Promise<void>((r) => aedes.close(() => r()));
    throw e;
  }

  if (o.simulateDevices ?? true) {
    aedes.on('publish', (packet, client) => {
      if (!client) return; // our own publications
      const t = parseTopic(packet.topic, prefix);
      if (!t || t.channel !== 'cmd') return;
      const parsed = parseCommand(Buffer.from(packet.payload).toString('utf8'));
      const publish = (topic: string, payload: string) => aedes.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, retain: false, dup: false }, () => undefined);
      if (parsed.ok) devices.set(t.entityId, { ...devices.get(t.entityId), ...parsed.command });
      publish(entityTopic(t.type, t.localId, 'cmdexe', prefix), ackPayload(parsed));
      if (parsed.ok && 'illuminanceLevel' in parsed.command && t.type === 'Streetlight') {
        const level = parsed.command.illuminanceLevel;
        publish(entityTopic(t.type, t.localId, 'attrs', prefix), JSON.stringify({ illuminanceLevel: level, powerState: level > 0 ? 'on' : 'off', observationDateTime: new Date().toISOString() }));
      }
    });
  }

  const abort = new AbortController();
  let published = 0;
  let playing: Promise<unknown> = Promise.resolve();
  if (o.sample !== null) {
    const file = o.sample ?? SAMPLE_FEED_PATH;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new CliError(`${file}: no such recording`);
    }
    const rec = parseRecording(text, file);
    const sink = (topic: string, payload: string) =>
      new Promise<void>((res, rej) => aedes.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, retain: false, dup: false }, (err) => (err ? rej(err) : res())));
    playing = playRecording(rec, sink, { prefix, speed: o.speed ?? 1, loop: true, retime: true, signal: abort.signal, onLine: (_, ok) => void (ok && published++) }).catch((e: unknown) => {
      if (!abort.signal.aborted) log(`sample feed stopped: ${(e as Error).message}`);
    });
    log(`sample feed ${basename(file)} (${rec.lines.length} lines) looped at ${o.speed ?? 1}× real time, re-timed to now, on ${prefix}/<Type>/<id>/attrs`);
  }

  let closing: Promise<void> | null = null;
  return {
    tcpUrl: `mqtt://${DEFAULT_BROKER_HOST}:${tcpPort}`,
    wsUrl: `ws://${DEFAULT_BROKER_HOST}:${wsPort}`,
    tcpPort,
    wsPort,
    aedes,
    samplePublished: () => published,
    deviceState: (id) => {
      const d = devices.get(id);
      return d ? { ...d } : null;
    },
    close() {
      closing ??= (async () => {
        abort.abort();
        await playing;
        for (const c of wss.clients) c.terminate();
        for (const s of sockets) s.destroy();
        await new Promise<void>((r) => aedes.close(() => r()));
        await Promise.all([new Promise<void>((r) => tcp.close(() => r())), new Promise<void>((r) => wss.close(() => r())), new Promise<void>((r) => http.close(() => r()))]);
      })();
      return closing;
    },
  };
}

function portValue(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CliError(`${name} must be a port number from 0 to 65535, got "${v}"`);
  return n;
}

export function speedValue(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`${name} must be a positive number, got "${v}"`);
  return n;
}

const USAGE = 'usage: npm run broker -- [--tcp-port N] [--ws-port N] [--recording file.ndjson | --no-sample] [--speed N] [--prefix P]';

/** Options from flags, then the environment (TWIN_MQTT_TCP_PORT, TWIN_MQTT_WS_PORT, TWIN_SAMPLE_SPEED, TWIN_MQTT_PREFIX). */
export function brokerOptionsFromArgs(argv: string[], env: NodeJS.ProcessEnv): BrokerOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { 'tcp-port': { type: 'string' }, 'ws-port': { type: 'string' }, recording: { type: 'string' }, 'no-sample': { type: 'boolean' }, speed: { type: 'string' }, prefix: { type: 'string' } },
    }));
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n${USAGE}`);
  }
  return {
    tcpPort: portValue('--tcp-port', values['tcp-port'] ?? env.TWIN_MQTT_TCP_PORT, DEFAULT_BROKER_TCP_PORT),
    wsPort: portValue('--ws-port', values['ws-port'] ?? env.TWIN_MQTT_WS_PORT, DEFAULT_BROKER_WS_PORT),
    sample: values['no-sample'] ? null : values.recording ? resolve(values.recording) : SAMPLE_FEED_PATH,
    speed: speedValue('--speed', values.speed ?? env.TWIN_SAMPLE_SPEED, 1),
    prefix: values.prefix ?? env.TWIN_MQTT_PREFIX ?? DEFAULT_TOPIC_PREFIX,
  };
}

/** Where `npm start` keeps the generated operator password (ignored by git, readable by its owner only). */
export const OPERATOR_PASSWORD_FILE = '.twin/operator-password';

/**
 * The operator account of the embedded broker: user `TWIN_OPERATOR_USER` (default "operator"),
 * password from the file `TWIN_OPERATOR_PASSWORD_FILE`, else from (or newly generated into)
 * `.twin/operator-password`. Says where the password is, never what it is.
 */
export function operatorAccounts(env: NodeJS.ProcessEnv, log: (line: string) => void, root = REPO_ROOT): Record<string, string> {
  const user = env.TWIN_OPERATOR_USER || 'operator';
  let file = env.TWIN_OPERATOR_PASSWORD_FILE ? resolve(env.TWIN_OPERATOR_PASSWORD_FILE) : resolve(root, OPERATOR_PASSWORD_FILE);
  if (!env.TWIN_OPERATOR_PASSWORD_FILE && !existsSync(file)) {
    mkdirSync(resolve(file, '..'), { recursive: true });
    writeFileSync(file, randomBytes(12).toString('base64url') + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  let password: string;
  try {
    password = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch {
    throw new CliError(`${file}: cannot read the operator password file (TWIN_OPERATOR_PASSWORD_FILE)`);
  }
  if (!password) throw new CliError(`${file}: the operator password file is empty`);
  if (file.startsWith(root)) file = file.slice(root.length + 1);
  log(`operator account "${user}": its password is in ${file}; only it may send commands to the simulated devices`);
  return { [user]: password };
}

/** Stops on Ctrl-C / SIGTERM, once; a requested stop is a clean exit. */
export function onStopSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    void stop().finally(() => process.exit(process.exitCode ?? 0));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(REPO_ROOT, 'src/cli/broker.ts')) {
  await runCli(async () => {
    const o = brokerOptionsFromArgs(process.argv.slice(2), process.env);
    const log = (l: string) => process.stdout.write(`broker: ${l}\n`);
    const broker = await startBroker({ ...o, operators: operatorAccounts(process.env, log), trace: { file: resolve(REPO_ROOT, COMMAND_TRACE_FILE) }, log });
    process.stdout.write(`broker: MQTT on ${broker.tcpUrl} and ${broker.wsUrl} (loopback only); Ctrl-C stops it\n`);
    onStopSignal(() => broker.close());
  });
}
