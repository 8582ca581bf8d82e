// `npm run feed:publish -- <recording> --broker <url> [--speed N|max] …`: replays a feed recording
// into any MQTT broker, each entity on its FIWARE topic with QoS 1; last line is a JSON summary.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { MAX_RECORDING_BYTES, parseRecording } from '../core/feeds/recording.ts';
import { playRecording } from '../live/publisher.ts';
import { checkPrefix, DEFAULT_TOPIC_PREFIX } from '../live/topics.ts';
import { CliError, printJsonLastLine, REPO_ROOT, runCli } from './cliUtil.ts';

const USAGE =
  'usage: npm run feed:publish -- <recording.ndjson> --broker <mqtt://host:port | ws://host:port> [--speed N | --speed max] [--prefix P] [--loop] [--retime] [--username U --password-file F] [--client-id ID] [--connect-timeout S]';

export interface PublishArgs {
  file: string;
  broker: string;
  speed: number | 'max';
  prefix: string;
  loop: boolean;
  retime: boolean;
  username?: string;
  password?: string;
  clientId: string;
  connectTimeoutMs: number;
  /** Longest outage tolerated while publishing before giving up. */
  offlineTimeoutMs: number;
}

export function parsePublishArgs(argv: string[]): PublishArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        broker: { type: 'string' }, speed: { type: 'string' }, prefix: { type: 'string' }, loop: { type: 'boolean' }, retime: { type: 'boolean' },
        username: { type: 'string' }, 'password-file': { type: 'string' }, 'client-id': { type: 'string' }, 'connect-timeout': { type: 'string' }, 'offline-timeout': { type: 'string' },
      },
    });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n${USAGE}`);
  }
  const { values: v, positionals } = parsed;
  const file = positionals[0];
  if (!file || !v.broker) throw new CliError(USAGE);
  if (!/^(mqtts?|wss?|tcp):\/\/[^\s/]+/.test(v.broker)) throw new CliError(`--broker: "${v.broker}" is not an mqtt://, mqtts://, ws:// or wss:// URL`);
  let speed: number | 'max' = 1;
  if (v.speed !== undefined) {
    speed = v.speed === 'max' ? 'max' : Number(v.speed);
    if (speed !== 'max' && !(Number.isFinite(speed) && speed > 0)) throw new CliError(`--speed must be a positive number or "max", got "${v.speed}"`);
  }
  const seconds = (name: string, s: string | undefined, fallback: number) => {
    if (s === undefined) return fallback;
    const n = Number(s);
    if (!Number.isFinite(n) || n <= 0) throw new CliError(`--${name} must be a positive number of seconds, got "${s}"`);
    return n * 1000;
  };
  let password: string | undefined;
  if (v['password-file'] !== undefined) {
    if (v.username === undefined) throw new CliError('--password-file needs --username');
    try {
      password = readFileSync(v['password-file'], 'utf8').split('\n')[0].replace(/\r$/, '');
    } catch {
      throw new CliError(`--password-file: cannot read ${v['password-file']}`);
    }
  }
  let prefix: string;
  try {
    prefix = checkPrefix(v.prefix ?? DEFAULT_TOPIC_PREFIX);
  } catch (e) {
    throw new CliError(`--prefix: ${(e as Error).message}`);
  }
  return {
    file, broker: v.broker, speed, prefix, loop: v.loop ?? false, retime: v.retime ?? false, username: v.username, password,
    clientId: v['client-id'] ?? `twin-feed-publish-${process.pid}`,
    connectTimeoutMs: seconds('connect-timeout', v['connect-timeout'], 10_000),
    offlineTimeoutMs: seconds('offline-timeout', v['offline-timeout'], 30_000),
  };
}

/** Connects, or fails within timeoutMs with the URL and the last error named. */
export function connectOrFail(url: string, o: { clientId: string; username?: string; password?: string; timeoutMs: number }): Promise<MqttClient> {
  const client = mqtt.connect(url, { clientId: o.clientId, clean: true, protocolVersion: 4, reconnectPeriod: 1000, connectTimeout: o.timeoutMs, username: o.username, password: o.password });
  let lastError = '';
  return new Promise<MqttClient>((res, rej) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      client.end(true);
      rej(new CliError(why));
    };
    const timer = setTimeout(() => fail(`cannot reach the MQTT broker at ${url} within ${o.timeoutMs / 1000} s${lastError ? ` (${lastError})` : ''}`), o.timeoutMs);
    client.on('error', (e: Error & { code?: unknown }) => {
      lastError = e.message || String(e.code);
      if (typeof e.code === 'number') fail(`the MQTT broker at ${url} refused the connection: ${lastError}`);
    });
    client.once('connect', () => {
      clearTimeout(timer);
      res(client);
    });
  });
}

export async function publishMain(a: PublishArgs, out: (line: string) => void): Promise<Record<string, unknown>> {
  if (!existsSync(a.file)) throw new CliError(`${a.file}: no such recording`);
  if (statSync(a.file).size > MAX_RECORDING_BYTES) throw new CliError(`${a.file}: larger than a recording can be (${MAX_RECORDING_BYTES} bytes)`);
  const rec = parseRecording(readFileSync(a.file, 'utf8'), a.file);
  const client = await connectOrFail(a.broker, { clientId: a.clientId, username: a.username, password: a.password, timeoutMs: a.connectTimeoutMs });
  out(`publishing ${rec.lines.length} lines of ${a.file} to ${a.broker} under ${a.prefix}/ at ${a.speed === 'max' ? 'full speed' : `${a.speed}× real time`}${a.loop ? ', looped' : ''}${a.retime ? ', re-timed to now' : ''}`);
  const abort = new AbortController();
  let failure: CliError | null = null;
  let offlineTimer: ReturnType<typeof setTimeout> | null = null;
  let lastError = '';
  // Publishes awaiting an acknowledgement; given up only when the broker stays away too long.
  const pending = new Set<() => void>();
  client.on('error', (e) => (lastError = e.message));
  let ending = false;
  client.on('close', () => {
    if (ending) return;
    offlineTimer ??= setTimeout(() => {
      failure = new CliError(`lost the MQTT broker at ${a.broker} for more than ${a.offlineTimeoutMs / 1000} s${lastError ? ` (${lastError})` : ''}`);
      abort.abort();
      for (const giveUp of pending) giveUp();
    }, a.offlineTimeoutMs);
  });
  client.on('connect', () => {
    if (offlineTimer) clearTimeout(offlineTimer);
    offlineTimer = null;
  });
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let lastReport = Date.now();
  const startedMs = Date.now();
  try {
    const sink = (topic: string, payload: string) =>
      new Promise<void>((res, rej) => {
        const giveUp = () => rej(failure);
        pending.add(giveUp);
        client.publish(topic, payload, { qos: 1 }, (err) => {
          pending.delete(giveUp);
          if (err) rej(err);
          else res();
        });
      });
    const summary = await playRecording(rec, sink, {
      prefix: a.prefix, speed: a.speed, loop: a.loop, retime: a.retime, signal: abort.signal,
      onLine: (i) => {
        if (Date.now() - lastReport < 5_000) return;
        lastReport = Date.now();
        out(`  line ${i + 1} of ${rec.lines.length}`);
      },
    }).catch((e: unknown) => {
      throw failure ?? e;
    });
    if (failure) throw failure;
    const wallMs = Date.now() - startedMs;
    return { broker: a.broker, prefix: a.prefix, file: a.file, published: summary.published, skipped: summary.skipped, loops: summary.loops, stopped: summary.aborted, wallMs, messagesPerS: Math.round((summary.published * 1000) / Math.max(1, wallMs)) };
  } finally {
    ending = true;
    if (offlineTimer) clearTimeout(offlineTimer);
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
    await new Promise<void>((r) => client.end(!client.connected, {}, () => r()));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(REPO_ROOT, 'src/cli/feedPublish.ts')) {
  await runCli(async () => {
    const args = parsePublishArgs(process.argv.slice(2));
    const summary = await publishMain(args, (l) => process.stdout.write(`${l}\n`));
    printJsonLastLine(summary);
  });
}
