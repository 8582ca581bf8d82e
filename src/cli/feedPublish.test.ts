// `npm run feed:publish` as a user runs it: a recording into a broker over TCP and WebSocket,
// paced or at full speed, under another prefix; an unreachable broker named within a bounded time.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lampExternalId } from '../core/city/entityIds.ts';
import type { CityModel } from '../core/city/model.ts';
import { FeedIngest } from '../core/feeds/ingest.ts';
import { writeRecording } from '../core/feeds/recording.ts';
import { LiveFeed } from '../live/liveFeed.ts';
import { freePort, waitFor } from '../live/testing/net.ts';
import { startBroker, type RunningBroker } from './broker.ts';
import { DEFAULT_CITY_PATH, readCityFile, REPO_ROOT } from './cliUtil.ts';

const tmp = mkdtempSync(join(tmpdir(), 'twin-feed-publish-'));
let city: CityModel;
let broker: RunningBroker;
const feeds: LiveFeed[] = [];

beforeAll(async () => {
  city = readCityFile(DEFAULT_CITY_PATH);
  broker = await startBroker({ tcpPort: 0, wsPort: 0, sample: null });
});
afterEach(async () => {
  while (feeds.length) await feeds.pop()!.stop();
});
afterAll(async () => {
  await broker.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Runs the CLI without blocking this process (the broker under test lives here). */
function publish(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string; wallMs: number; last: string }> {
  const t0 = Date.now();
  const p = spawn(process.execPath, ['--import', 'tsx', resolve(REPO_ROOT, 'src/cli/feedPublish.ts'), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((res, rej) => {
    const killer = setTimeout(() => (p.kill('SIGKILL'), rej(new Error(`feed:publish did not end within 60 s\n${stdout}\n${stderr}`))), 60_000);
    p.on('exit', (status) => {
      clearTimeout(killer);
      res({ status, stdout, stderr, wallMs: Date.now() - t0, last: stdout.trim().split('\n').pop() ?? '' });
    });
  });
}

/** 30 lamp measures over 3 s ending a minute ago, one truncated line, one line without an id. */
function recordingFile(): string {
  const t0 = Date.now() - 60_000;
  const entities = Array.from({ length: 30 }, (_, k) => ({
    id: `urn:ngsi-ld:Streetlight:${lampExternalId(city, k * 10)}`, type: 'Streetlight', illuminanceLevel: 0.5, powerState: 'on',
    observationDateTime: new Date(t0 + k * 100).toISOString(),
  }));
  const lines = writeRecording({ city: city.meta.name, description: 'test' }, entities).trimEnd().split('\n');
  lines.splice(10, 0, lines[10].slice(0, 60)); // truncated, still names its lamp
  lines.splice(20, 0, '{"type": "Streetlight"}'); // no id: no topic
  const file = join(tmp, `rec-${Math.random().toString(36).slice(2)}.ndjson`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function listen(url: string, prefix?: string): FeedIngest {
  const gate = new FeedIngest(city);
  const f = new LiveFeed(gate, { url, prefix, clientId: `twin-test-${Math.random().toString(36).slice(2)}` });
  feeds.push(f);
  f.start();
  return gate;
}

describe('npm run feed:publish', () => {
  it('replays a recording at N× real time, each entity on its topic with QoS 1', async () => {
    const gate = listen(broker.wsUrl);
    await waitFor('the subscriber', () => feeds[0].state === 'connected');
    const r = await publish(recordingFile(), '--broker', broker.tcpUrl, '--speed', '10');
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.last);
    expect(summary).toMatchObject({ published: 31, skipped: 1, loops: 0, stopped: false });
    // 2.9 s of recording at 10×: not faster than 0.29 s.
    expect(summary.wallMs).toBeGreaterThanOrEqual(280);
    await waitFor('every message judged', () => feeds[0].snapshot().messages === 31);
    expect(gate.acceptedCount).toBe(30);
    expect(feeds[0].snapshot().rejectedByReason).toEqual({ 'malformed-json': 1 });
  });

  it('publishes as fast as acknowledgements allow with --speed max, over WebSocket, under another prefix', async () => {
    const gate = listen(broker.tcpUrl, 'city/test');
    await waitFor('the subscriber', () => feeds[0].state === 'connected');
    const r = await publish(recordingFile(), '--broker', broker.wsUrl, '--speed', 'max', '--prefix', 'city/test', '--retime');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.last)).toMatchObject({ published: 31, prefix: 'city/test' });
    await waitFor('every message judged', () => feeds[0].snapshot().messages === 31);
    expect(gate.acceptedCount).toBe(30);
    // Re-timed: the first line is observed when the run started.
    expect(Math.abs(gate.accepted[0].timeMs - Date.now())).toBeLessThan(30_000);
  });

  it('names an unreachable broker and exits non-zero within the connect timeout', async () => {
    const url = `mqtt://127.0.0.1:${await freePort()}`;
    const r = await publish(recordingFile(), '--broker', url, '--connect-timeout', '2');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`cannot reach the MQTT broker at ${url} within 2 s`);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(r.wallMs).toBeLessThan(20_000);
  });

  it('refuses bad arguments with the usage', async () => {
    const noBroker = await publish(recordingFile());
    expect(noBroker.status).toBe(1);
    expect(noBroker.stderr).toMatch(/usage: npm run feed:publish/);
    const badSpeed = await publish(recordingFile(), '--broker', broker.tcpUrl, '--speed', '0');
    expect(badSpeed.stderr).toMatch(/--speed must be a positive number or "max"/);
    const missing = await publish(join(tmp, 'nope.ndjson'), '--broker', broker.tcpUrl);
    expect(missing.stderr).toMatch(/nope\.ndjson: no such recording/);
  });
});
