import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeCity } from '../src/core/city/cityFile.ts';
import { parseScenarioText } from '../src/core/scenario/parse.ts';
import { createWorld, worldKpis } from '../src/core/world.ts';
import { IngestQueue } from './sim-ingest-queue.ts';
import { SimHost } from './sim-host.ts';
import { Yielder } from './sim-pacing.ts';
import type { SimEvents } from './sim-protocol.ts';

const ROOT = resolve(import.meta.dirname, '..');
const cityBytes = new Uint8Array(readFileSync(resolve(ROOT, 'assets/dijon-generated.city')));
const todayText = readFileSync(resolve(ROOT, 'scenarios/dijon-today.scenario.json'), 'utf8');

/** NDJSON of `count` Streetlight reports, distinct lamp × time, stamped before `refMs`. */
function telemetry(count: number, refMs: number, lamps: number, offset = 0): string {
  const lines: string[] = [];
  for (let k = offset; k < offset + count; k++) {
    const t = new Date(refMs - 60_000 - Math.floor(k / lamps) * 1000).toISOString();
    lines.push(JSON.stringify({ id: `urn:ngsi-ld:Streetlight:lamp-${String(k % lamps).padStart(6, '0')}`, type: 'Streetlight', powerState: 'on', status: 'ok', observationDateTime: t }));
  }
  return lines.join('\n');
}

describe('worker ingest queue', () => {
  const hosts: SimHost[] = [];
  afterEach(() => {
    while (hosts.length) hosts.pop()!.dispose();
  });

  it('while playing, frames keep coming between the slices of large batches, and every message is judged', async () => {
    const host = new SimHost();
    hosts.push(host);
    const frameAtMs: number[] = [];
    const sink: SimEvents = { frame: () => void frameAtMs.push(performance.now()), progress: () => undefined, status: () => undefined };
    host.connect(sink);
    expect((await host.loadCityBytes(cityBytes.slice(), 'dijon-generated.city')).ok).toBe(true);
    expect(await host.setScenario(todayText, 'dijon-today.scenario.json', { period: { days: 1 } })).toMatchObject({ ok: true });
    await host.whenIdle();
    await host.seek(Date.parse('2025-01-01T19:00:00Z'));
    host.setSpeed(60);
    host.play();
    const refMs = host.status().timeMs!;
    const lamps = 34_000;
    const t0 = performance.now();
    // Four batches handed over at once, as a backlog: the old gate took each in one go, with no frame between.
    const results = await Promise.all([0, 1, 2, 3].map((b) => host.ingestMessages(telemetry(25_000, refMs, lamps, b * 25_000), 'sim').then((r) => ({ ...r, doneAt: performance.now() }))));
    host.pause();
    const lastDone = Math.max(...results.map((r) => r.doneAt));
    expect(results.reduce((a, r) => a + r.accepted, 0)).toBe(100_000);
    const during = frameAtMs.filter((t) => t > t0 && t < lastDone).length;
    expect(during, `frames while ${((lastDone - t0) / 1000).toFixed(2)} s of ingest ran`).toBeGreaterThanOrEqual(2);
    // Batches finish in the order they were handed over.
    expect(results.map((r) => r.doneAt)).toEqual([...results.map((r) => r.doneAt)].sort((a, b) => a - b));
  });

  it('refuses a batch that would overflow the queue as a flood, counted per message, and takes later ones', async () => {
    const city = decodeCity(cityBytes);
    const startMs = Date.parse('2025-01-15T16:00:00Z');
    const world = createWorld(city, parseScenarioText(todayText), { startMs, endMs: startMs + 86_400_000, lighting: { compliance: 'off' } });
    world.timeMs = startMs + 3_600_000;
    const slices: boolean[] = [];
    const queue = new IngestQueue({ world: () => world, now: () => performance.now(), wallClockMs: () => 0, yielder: new Yielder(), afterSlice: (done) => void slices.push(done), maxQueuedMessages: 3_000 });
    const a = queue.enqueue(telemetry(2_000, world.timeMs, 1_000), 'sim');
    const b = queue.enqueue(telemetry(1_500, world.timeMs, 1_000, 2_000), 'sim');
    expect(queue.waiting).toBe(2_000);
    expect(await b).toEqual({ accepted: 0, rejected: 1_500, workMs: 0 });
    expect((await a).accepted).toBe(2_000);
    expect(queue.waiting).toBe(0);
    expect((await queue.enqueue(telemetry(1_500, world.timeMs, 1_000, 2_000), 'sim')).accepted).toBe(1_500);
    const feeds = worldKpis(world).feeds;
    expect(feeds.accepted).toBe(3_500);
    expect(feeds.rejected.flood).toBe(1_500);
    expect(slices.filter(Boolean).length).toBe(2);
    expect(world.feeds.gate.recentRejections.at(-1)?.detail).toMatch(/1500 messages while 2000 wait/);
  });
});
