// The embedded broker (aedes) end to end with the live feed: publish → receive → gate, broken
// messages among good ones, the sample feed re-timed to now, commands, reconnection and gaps,
// and a recorded session that replays to the same observations.

import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lampExternalId } from '../core/city/entityIds.ts';
import type { CityModel } from '../core/city/model.ts';
import { FeedIngest } from '../core/feeds/ingest.ts';
import { parseRecording, Replay } from '../core/feeds/recording.ts';
import { CommandError, commandPayload, sendCommand } from '../live/commands.ts';
import { LiveFeed, type LiveFeedOptions } from '../live/liveFeed.ts';
import { SessionRecorder } from '../live/recorder.ts';
import { entityTopic } from '../live/topics.ts';
import { freePort, portOpen, waitFor } from '../live/testing/net.ts';
import { startBroker, type RunningBroker } from './broker.ts';
import { DEFAULT_CITY_PATH, readCityFile } from './cliUtil.ts';

let city: CityModel;
let broker: RunningBroker;
const cleanups: (() => Promise<unknown> | void)[] = [];

beforeAll(async () => {
  city = readCityFile(DEFAULT_CITY_PATH);
  broker = await startBroker({ tcpPort: 0, wsPort: 0, sample: null });
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
afterAll(() => broker.close());

let ids = 0;
function feed(gate: FeedIngest, o: Partial<LiveFeedOptions> = {}): LiveFeed {
  const f = new LiveFeed(gate, { url: broker.wsUrl, clientId: `twin-test-${ids++}`, backoff: { initialDelayMs: 50, maxDelayMs: 400, jitterRatio: 0 }, ...o });
  cleanups.push(() => f.stop());
  return f;
}

async function publisher(url = broker.tcpUrl): Promise<MqttClient> {
  const c = await mqtt.connectAsync(url, { clientId: `twin-test-pub-${ids++}`, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5_000 });
  cleanups.push(() => c.endAsync(true));
  return c;
}

const lampId = (i: number) => lampExternalId(city, i);
const lampMeasure = (i: number, level: number, timeMs: number) =>
  JSON.stringify({ id: `urn:ngsi-ld:Streetlight:${lampId(i)}`, type: 'Streetlight', illuminanceLevel: level, powerState: level > 0 ? 'on' : 'off', observationDateTime: new Date(timeMs).toISOString() });
const lampTopic = (i: number) => entityTopic('Streetlight', lampId(i));

async function started(f: LiveFeed): Promise<LiveFeed> {
  f.start();
  await waitFor('the live feed to connect', () => f.state === 'connected');
  return f;
}

describe('embedded broker and live feed', () => {
  it('publish over TCP → receive over WebSocket → accepted by the gate', async () => {
    const gate = new FeedIngest(city);
    const f = await started(feed(gate));
    const pub = await publisher();
    const t0 = Date.now() - 60_000;
    for (let k = 0; k < 20; k++) await pub.publishAsync(lampTopic(k * 100), lampMeasure(k * 100, 0.5, t0 + k), { qos: 1 });
    await waitFor('20 accepted messages', () => gate.acceptedCount === 20);
    expect(gate.accepted.map((o) => (o.kind === 'streetlight' ? o.lamp : -1))).toEqual(Array.from({ length: 20 }, (_, k) => k * 100));
    const s = f.snapshot();
    expect(s).toMatchObject({ state: 'connected', messages: 20, accepted: 20, rejected: 0 });
    expect(s.ratePerS).toBeGreaterThan(0);
  });

  it('rejects each broken message with its reason and applies every good one around it', async () => {
    const gate = new FeedIngest(city);
    const f = await started(feed(gate));
    const pub = await publisher();
    const t0 = Date.now() - 60_000;
    const good = (k: number) => [lampTopic(k), lampMeasure(k, 0.25, t0 + k * 1000)] as const;
    const sequence: (readonly [string, string | Uint8Array])[] = [
      good(1),
      [lampTopic(2), lampMeasure(2, 0.5, t0).slice(0, 40)], // truncated JSON
      good(3),
      [lampTopic(4), lampMeasure(4, 0.5, t0).replace('0.5', '7')], // illuminanceLevel 7: out of range
      good(5),
      [lampTopic(6), new Uint8Array([0xff, 0xfe, 0x00, 0x81])], // not UTF-8
      good(7),
      [lampTopic(8), JSON.stringify({ padding: 'x'.repeat(70_000) })], // oversized
      good(9),
      [lampTopic(10), lampMeasure(11, 0.5, t0)], // payload names another lamp than its topic
      good(12),
      [lampTopic(13), lampMeasure(13, 0.5, Date.now() + 86_400_000)], // a day ahead of the clock
      good(14),
      [entityTopic('Streetlight', 'no-such-lamp'), JSON.stringify({ illuminanceLevel: 0.5, observationDateTime: new Date(t0).toISOString() })],
      good(15),
    ];
    for (const [topic, payload] of sequence) await pub.publishAsync(topic, payload as string, { qos: 1 });
    await waitFor('every message judged', () => f.snapshot().messages === sequence.length);
    expect(gate.accepted.map((o) => (o.kind === 'streetlight' ? o.lamp : -1))).toEqual([1, 3, 5, 7, 9, 12, 14, 15]);
    expect(f.snapshot().rejectedByReason).toEqual({ 'malformed-json': 2, 'bad-value': 1, oversized: 1, 'topic-mismatch': 1, 'far-future': 1, 'unknown-entity': 1 });
  });

  it('takes the entity from the topic when a device sends only its attributes (IoT-agent style)', async () => {
    const gate = new FeedIngest(city);
    await started(feed(gate));
    const pub = await publisher();
    await pub.publishAsync(lampTopic(42), JSON.stringify({ illuminanceLevel: 0.3, observationDateTime: new Date(Date.now() - 1000).toISOString() }), { qos: 1 });
    await waitFor('the measure', () => gate.acceptedCount === 1);
    expect(gate.accepted[0]).toMatchObject({ kind: 'streetlight', lamp: 42, entityId: `urn:ngsi-ld:Streetlight:${lampId(42)}`, illuminanceLevel: 0.3 });
  });

  it('acknowledges commands as the lamps would, and reports the new level as a measure', async () => {
    const gate = new FeedIngest(city);
    await started(feed(gate));
    const operator = await publisher(broker.wsUrl);
    const lamp = `urn:ngsi-ld:Streetlight:${lampId(7)}`;
    const ack = await sendCommand(operator, lamp, { illuminanceLevel: 0.4 }, { timeoutMs: 5_000 });
    expect(ack).toMatchObject({ entityId: lamp, name: 'illuminanceLevel', ok: true, result: 'OK' });
    await waitFor('the reported level', () => gate.acceptedCount === 1);
    expect(gate.accepted[0]).toMatchObject({ kind: 'streetlight', lamp: 7, illuminanceLevel: 0.4, powerState: 'on' });
    expect(() => commandPayload({ illuminanceLevel: 2 })).toThrow(CommandError);
    // A device refuses what it cannot do: the acknowledgement says why.
    const bad = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no acknowledgement')), 5_000);
      operator.on('message', (topic, payload) => topic.endsWith('/cmdexe') && (clearTimeout(t), resolve(payload.toString())));
      void operator.subscribeAsync(entityTopic('Streetlight', lampId(8), 'cmdexe'), { qos: 1 }).then(() => operator.publishAsync(entityTopic('Streetlight', lampId(8), 'cmd'), '{"illuminanceLevel": "full"}', { qos: 1 }));
    });
    expect(bad).toMatch(/^\{"illuminanceLevel":"ERROR: illuminanceLevel must be a number from 0 to 1"\}$/);
  });

  it('reconnects with backoff when the broker goes away and comes back, and marks the gap', async () => {
    const own = await startBroker({ tcpPort: 0, wsPort: 0, sample: null });
    const { tcpPort, wsPort } = own;
    let current = own;
    cleanups.push(() => current.close());
    const gate = new FeedIngest(city);
    const f = await started(feed(gate, { url: own.wsUrl }));
    await own.close();
    await waitFor('the loss to be seen', () => f.state === 'reconnecting');
    expect(f.snapshot().gaps).toMatchObject([{ endMs: null }]);
    await waitFor('a few failed attempts', () => f.snapshot().reconnectAttempts >= 2, 5_000);
    current = await startBroker({ tcpPort, wsPort, sample: null });
    await waitFor('the reconnection', () => f.state === 'connected', 5_000);
    const [gap] = f.snapshot().gaps;
    expect(gap.endMs! - gap.startMs).toBeGreaterThan(0);
    // The new broker has no session: the feed subscribed again.
    const pub = await publisher(current.tcpUrl);
    await waitFor('a message after the outage', async () => {
      await pub.publishAsync(lampTopic(1), lampMeasure(1, 1, Date.now() - 1000), { qos: 1 });
      return gate.acceptedCount > 0;
    }, 5_000, 100);
    expect(f.snapshot().reconnectAttempts).toBe(0);
  });

  it('records a live session that replays to the same accepted observations', async () => {
    const gate = new FeedIngest(city);
    const f = await started(feed(gate));
    const recorder = new SessionRecorder().attach(f);
    const pub = await publisher();
    const t0 = Date.now() - 600_000;
    for (let k = 0; k < 60; k++) {
      const payload = k % 10 === 3 ? lampMeasure(k, 0.5, t0).slice(0, 30) : k % 10 === 7 ? JSON.stringify({ illuminanceLevel: k / 100, observationDateTime: new Date(t0 + k * 1000).toISOString() }) : lampMeasure(k, k / 100, t0 + k * 1000);
      await pub.publishAsync(lampTopic(k), payload, { qos: 1 });
    }
    await pub.publishAsync(entityTopic('WeatherObserved', 'centre'), JSON.stringify({ dateObserved: new Date(t0 + 30_500).toISOString(), illuminance: 2, temperature: 1 }), { qos: 1 });
    await waitFor('every message judged', () => f.snapshot().messages === 61);
    recorder.stop();
    expect(recorder.messages).toHaveLength(gate.acceptedCount);
    const text = recorder.toRecording({ city: city.meta.name, description: 'test session' });
    const rec = parseRecording(text, 'session.ndjson');
    expect(rec.header).toMatchObject({ city: city.meta.name, description: 'test session' });
    expect(rec.lines).toHaveLength(gate.acceptedCount);
    const replayed = new FeedIngest(city);
    new Replay(rec, replayed).advanceTo(Date.now());
    expect(replayed.counts()).toEqual({ accepted: gate.acceptedCount, rejected: {} });
    expect(replayed.accepted).toEqual(gate.accepted);
  });

  it('plays the sample feed looped and re-timed to now, so a live twin accepts it', async () => {
    const tcpPort = await freePort();
    const sampleBroker = await startBroker({ tcpPort, wsPort: 0, speed: 600 });
    cleanups.push(() => sampleBroker.close());
    const gate = new FeedIngest(city);
    const f = await started(feed(gate, { url: sampleBroker.wsUrl }));
    await waitFor(`100 accepted sample messages (have ${gate.acceptedCount})`, () => gate.acceptedCount >= 100, 20_000);
    const s = f.snapshot();
    expect(s.rejectedByReason['far-future'] ?? 0).toBe(0);
    const now = Date.now();
    for (const o of gate.accepted) expect(Math.abs(o.timeMs - now)).toBeLessThan(120_000);
    expect(new Set(gate.accepted.map((o) => o.kind))).toContain('streetlight');
    expect(sampleBroker.samplePublished()).toBeGreaterThanOrEqual(s.messages);
    // A taken port is named; `npm start` asks to move aside instead.
    await expect(startBroker({ tcpPort, wsPort: 0, sample: null })).rejects.toThrow(new RegExp(`127\\.0\\.0\\.1:${tcpPort} is already in use`));
    const moved = await startBroker({ tcpPort, wsPort: 0, sample: null, fallbackToFreePort: true });
    expect(moved.tcpPort).not.toBe(tcpPort);
    await moved.close();
    expect(await portOpen(moved.tcpPort)).toBe(false);
  });
});
