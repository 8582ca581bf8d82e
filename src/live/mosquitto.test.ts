// The live feed against a real broker (Debian's Mosquitto 2.0): receiving, a broker restart in the
// middle of a stream with nothing accepted lost, and authentication with ACLs on command topics.
// Skipped with a message without the `mosquitto` package; failing instead under CI=true.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeCity } from '../core/city/cityFile.ts';
import type { CityModel } from '../core/city/model.ts';
import { FeedIngest } from '../core/feeds/ingest.ts';
import { CI, REPO_ROOT } from '../testing/sharedData.ts';
import { ackPayload, CommandError, parseCommand, sendCommand } from './commands.ts';
import { LiveFeed } from './liveFeed.ts';
import { entityTopic } from './topics.ts';
import { findMosquitto, findMosquittoPasswd, Mosquitto, passwordFile } from './testing/mosquitto.ts';
import { waitFor } from './testing/net.ts';

const bin = findMosquitto();
const passwdBin = findMosquittoPasswd();

function describeWithMosquitto(title: string, body: () => void): void {
  if (bin && passwdBin) describe(title, body);
  else if (CI) describe(title, () => it('needs mosquitto (Debian package mosquitto) under CI=true', () => { throw new Error('mosquitto not found: apt-get install -y mosquitto'); }));
  else describe.skip(`${title} — skipped: mosquitto not found (install the Debian package mosquitto)`, body);
}

let city: CityModel;
beforeAll(() => {
  city = decodeCity(new Uint8Array(readFileSync(resolve(REPO_ROOT, 'assets/dijon-generated.city'))), 'dijon-generated.city');
});

/** The k-th weather observation of a stream, one second apart, ending near now. */
const BASE_MS = Date.now() - 10 * 60_000;
const weather = (k: number, timeMs = BASE_MS + k * 1000, station = 'test-station') =>
  JSON.stringify({ id: `urn:ngsi-ld:WeatherObserved:${station}`, type: 'WeatherObserved', dateObserved: new Date(timeMs).toISOString(), temperature: 2.5 });
const WEATHER_TOPIC = entityTopic('WeatherObserved', 'test-station');

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function connect(url: string, o: mqtt.IClientOptions): Promise<MqttClient> {
  const c = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 200, connectTimeout: 5_000, ...o });
  cleanups.push(() => new Promise<void>((r) => c.end(true, {}, () => r())));
  return new Promise((res, rej) => {
    const t = setTimeout(() => rej(new Error(`no connection to ${url}`)), 5_000);
    c.once('connect', () => (clearTimeout(t), res(c)));
    c.once('error', (e) => (clearTimeout(t), rej(e)));
  });
}

function liveFeed(gate: FeedIngest, url: string, o: Partial<ConstructorParameters<typeof LiveFeed>[1]> = {}): LiveFeed {
  const feed = new LiveFeed(gate, { url, clientId: `twin-test-${Math.random().toString(36).slice(2)}`, backoff: { initialDelayMs: 100, maxDelayMs: 1_000, jitterRatio: 0 }, ...o });
  cleanups.push(() => feed.stop());
  return feed;
}

/** `npm run feed:publish` in a child process (this process keeps serving the live feed meanwhile). */
function feedPublish(...args: string[]): Promise<{ status: number | null; stderr: string }> {
  const p = spawn(process.execPath, ['--import', 'tsx', resolve(REPO_ROOT, 'src/cli/feedPublish.ts'), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((res, rej) => {
    const t = setTimeout(() => (p.kill('SIGKILL'), rej(new Error(`feed:publish hung\n${stderr}`))), 30_000);
    p.on('exit', (status) => (clearTimeout(t), res({ status, stderr })));
  });
}

describeWithMosquitto('live feed against Mosquitto', () => {
  it('connects, subscribes with QoS 1 and hands every message to the gate', async () => {
    const broker = new Mosquitto(bin!, { config: ['allow_anonymous true', 'persistence false'] });
    cleanups.push(() => broker.dispose());
    await broker.start();
    const gate = new FeedIngest(city);
    const feed = liveFeed(gate, broker.url);
    feed.start();
    await waitFor('the live feed to connect', () => feed.state === 'connected', 10_000);
    const pub = await connect(broker.url, { clientId: 'twin-test-pub-1' });
    await waitFor('the subscription', async () => {
      await pub.publishAsync(WEATHER_TOPIC, weather(0), { qos: 1 });
      return gate.acceptedCount > 0;
    }, 10_000, 100);
    for (let k = 1; k <= 50; k++) await pub.publishAsync(WEATHER_TOPIC, weather(k), { qos: 1 });
    await waitFor('50 more messages', () => feed.snapshot().accepted === 51, 10_000);
    const s = feed.snapshot();
    // Only the probe message sent again while the subscription was being set up.
    expect(Object.keys(s.rejectedByReason).filter((r) => r !== 'duplicate')).toEqual([]);
    expect(s.ratePerS).toBeGreaterThan(0);
    expect(gate.accepted.map((o) => o.timeMs)).toEqual(Array.from({ length: 51 }, (_, k) => BASE_MS + k * 1000));
  });

  describe('with persistence on and a persistent session (clean: false)', () => {
    const persistence = (dir: string) => ['allow_anonymous true', 'persistence true', `persistence_location ${dir}/`, 'max_queued_messages 10000'];

    it('loses no accepted message when the broker is stopped and restarted mid-stream, and records the gap', async () => {
      const broker = new Mosquitto(bin!, { config: persistence });
      cleanups.push(() => broker.dispose());
      await broker.start();
      const gate = new FeedIngest(city);
      // The twin comes back after the publisher: what the publisher flushes in between only
      // reaches it through the session the broker saved and restored.
      const feed = liveFeed(gate, broker.url, { clientId: 'twin-test-restart', backoff: { initialDelayMs: 800, maxDelayMs: 1_600, jitterRatio: 0 } });
      const states: string[] = [];
      feed.onChange(() => states[states.length - 1] !== feed.state && states.push(feed.state));
      feed.start();
      await waitFor('the live feed to connect', () => feed.state === 'connected');
      // The publisher keeps its own unacknowledged messages across the outage (clean: false too).
      const pub = await connect(broker.url, { clientId: 'twin-test-restart-pub', clean: false, reconnectPeriod: 100 });
      const N = 300;
      const acked: Promise<unknown>[] = [];
      for (let k = 0; k < N; k++) {
        if (k === 100) {
          await broker.stop(); // mid-stream: messages in flight either way
          expect(broker.pid).toBeUndefined();
        }
        if (k === 200) await broker.start(); // same port, same persistence file
        // One station per message, observed when published: times fall inside the outage.
        acked.push(pub.publishAsync(entityTopic('WeatherObserved', `station-${k}`), weather(k, Date.now(), `station-${k}`), { qos: 1 }));
        await new Promise((r) => setTimeout(r, 2));
      }
      await waitFor(`all ${N} messages accepted (have ${gate.acceptedCount})\n${broker.log}`, () => gate.acceptedCount === N, 30_000);
      await Promise.all(acked);
      const s = feed.snapshot();
      expect(new Set(gate.accepted.map((o) => o.entityId)).size).toBe(N);
      // Redeliveries (QoS 1 is at least once) are refused as duplicates, nothing else.
      expect(Object.keys(s.rejectedByReason).filter((r) => r !== 'duplicate')).toEqual([]);
      expect(states).toContain('reconnecting');
      expect(s.state).toBe('connected');
      expect(s.gaps).toHaveLength(1);
      const gap = s.gaps[0];
      expect(gap.endMs).not.toBeNull();
      expect(gap.endMs!).toBeGreaterThan(gap.startMs);
      expect(gap.lastMessageBeforeMs).not.toBeNull();
      expect(gap.reason.length).toBeGreaterThan(0);
      expect(gap.backfilled).toBeGreaterThan(0);
    });

    it('keeps messages queued for the twin while it was away through a broker restart', async () => {
      const broker = new Mosquitto(bin!, { config: persistence });
      cleanups.push(() => broker.dispose());
      await broker.start();
      const gate = new FeedIngest(city);
      const feed = liveFeed(gate, broker.url, { clientId: 'twin-test-queued' });
      feed.start();
      await waitFor('the live feed to connect', () => feed.state === 'connected');
      await feed.stop(); // the session and its subscription stay on the broker
      const pub = await connect(broker.url, { clientId: 'twin-test-queued-pub' });
      for (let k = 0; k < 100; k++) await pub.publishAsync(WEATHER_TOPIC, weather(k), { qos: 1 });
      await broker.stop();
      await broker.start();
      feed.start();
      await waitFor(`the 100 queued messages (have ${gate.acceptedCount})`, () => gate.acceptedCount === 100, 15_000);
      expect(gate.accepted.map((o) => o.timeMs)).toEqual(Array.from({ length: 100 }, (_, k) => BASE_MS + k * 1000));
    });
  });

  it('with a password file and an ACL: a client without the right cannot command lamps or signal controllers, the operator can', async () => {
    const broker = new Mosquitto(bin!, { config: (dir) => ['allow_anonymous false', `password_file ${dir}/passwd`, `acl_file ${dir}/acl`, 'persistence false'] });
    const passwd = resolve(broker.dir, 'passwd');
    passwordFile(passwdBin!, passwd, { operator: 'op-secret', twin: 'twin-secret', device: 'device-secret' });
    broker.file('acl', [
      'user operator', 'topic readwrite twin/dijon/#', '',
      'user twin', 'topic read twin/dijon/#', '',
      'user device', 'topic read twin/dijon/+/+/cmd', 'topic write twin/dijon/+/+/attrs', 'topic write twin/dijon/+/+/cmdexe', '',
    ].join('\n'));
    cleanups.push(() => broker.dispose());
    await broker.start();

    // A lamp and a signal controller that apply commands and acknowledge them.
    const device = await connect(broker.url, { clientId: 'lamp-1', username: 'device', password: 'device-secret' });
    const received: string[] = [];
    device.on('message', (topic, payload) => {
      received.push(`${topic} ${payload.toString()}`);
      void device.publishAsync(topic.replace(/\/cmd$/, '/cmdexe'), ackPayload(parseCommand(payload.toString())), { qos: 1 });
    });
    await device.subscribeAsync('twin/dijon/+/+/cmd', { qos: 1 });
    const lamp = 'urn:ngsi-ld:Streetlight:lamp-000001';

    const viewer = await connect(broker.url, { clientId: 'twin-viewer', username: 'twin', password: 'twin-secret' });
    await expect(sendCommand(viewer, lamp, { illuminanceLevel: 0.1 }, { timeoutMs: 1_500 })).rejects.toBeInstanceOf(CommandError);
    const operator = await connect(broker.url, { clientId: 'twin-operator', username: 'operator', password: 'op-secret' });
    const ack = await sendCommand(operator, lamp, { illuminanceLevel: 0.5 }, { timeoutMs: 5_000 });
    expect(ack.ok).toBe(true);
    expect(received).toEqual([`twin/dijon/Streetlight/lamp-000001/cmd {"illuminanceLevel":0.5}`]);
    const controller = 'urn:ngsi-ld:TrafficSignalController:signal-0001';
    await expect(sendCommand(viewer, controller, { activeProgramId: 'max-pressure' }, { timeoutMs: 1_500 })).rejects.toBeInstanceOf(CommandError);
    expect(received).toHaveLength(1);
    const planAck = await sendCommand(operator, controller, { activeProgramId: 'max-pressure' }, { timeoutMs: 5_000 });
    expect(planAck).toMatchObject({ ok: true, name: 'activeProgramId', result: 'OK' });
    expect(received.at(-1)).toBe(`twin/dijon/TrafficSignalController/signal-0001/cmd {"activeProgramId":"max-pressure"}`);

    // The twin reads measures with its own account; without credentials it is refused for good.
    const gate = new FeedIngest(city);
    const feed = liveFeed(gate, broker.url, { username: 'twin', password: 'twin-secret' });
    feed.start();
    await waitFor('the twin to connect', () => feed.state === 'connected');
    await waitFor('a measure from the device', async () => {
      await device.publishAsync(entityTopic('Streetlight', 'lamp-000001'), JSON.stringify({ illuminanceLevel: 0.5, observationDateTime: new Date().toISOString() }), { qos: 1 });
      return gate.acceptedCount > 0;
    }, 10_000, 200);
    expect(gate.accepted[0]).toMatchObject({ kind: 'streetlight', entityId: lamp, illuminanceLevel: 0.5 });

    // feed:publish with the device's account (password from a file) reaches the twin; a wrong password is named.
    const rec = broker.file('rec.ndjson', [0, 1, 2].map((k) => JSON.stringify({ id: `urn:ngsi-ld:Streetlight:lamp-00000${k + 2}`, type: 'Streetlight', illuminanceLevel: 0.7, observationDateTime: new Date(Date.now() - 5_000 + k).toISOString() })).join('\n') + '\n');
    const before = gate.acceptedCount;
    const ok = await feedPublish(rec, '--broker', broker.url, '--speed', 'max', '--username', 'device', '--password-file', broker.file('device.pw', 'device-secret\n'));
    expect(ok.status, ok.stderr).toBe(0);
    await waitFor('the published lamps', () => gate.acceptedCount === before + 3);
    const refused = await feedPublish(rec, '--broker', broker.url, '--username', 'device', '--password-file', broker.file('wrong.pw', 'guess\n'));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`the MQTT broker at ${broker.url} refused the connection`);

    const anonymous = liveFeed(new FeedIngest(city), broker.url);
    anonymous.start();
    await waitFor('the anonymous client to be refused', () => anonymous.state === 'error', 10_000);
    expect(anonymous.snapshot().lastError).toMatch(/not authori[sz]ed/i);
  });
});

afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
