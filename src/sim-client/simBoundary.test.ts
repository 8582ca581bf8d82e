import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expose, type Endpoint } from 'comlink';
import { SimHost } from '../../workers/sim-host.ts';
import { parseScenarioText } from '../core/scenario/parse.ts';
import { runScenario } from '../core/scenarioRun.ts';
import { decodeCity } from '../core/city/cityFile.ts';
import { FrameReceiver } from './frames.ts';
import { createSimClient } from './simClient.ts';
import { scenarioTexts } from './scenarioLibrary.ts';
import type { SimFrame, SimStatus } from './types.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const cityBytes = new Uint8Array(readFileSync(resolve(ROOT, 'assets/dijon-generated.city')));

/** A receiver that remembers the buffers it handed back to the worker. */
class RecordingReceiver extends FrameReceiver {
  returned: Float32Array[] = [];
  override receive(frame: SimFrame, nowMs?: number): Float32Array | null {
    const back = super.receive(frame, nowMs);
    if (back) this.returned.push(back);
    return back;
  }
}

describe('the comlink boundary between the page and the simulation worker (Node MessageChannel)', () => {
  const { port1, port2 } = new MessageChannel();
  const host = new SimHost();
  expose(host, port1 as unknown as Endpoint);
  const frames = new RecordingReceiver();
  const client = createSimClient(port2 as unknown as Endpoint, frames);
  const statuses: SimStatus[] = [];
  client.onStatus((s) => statuses.push(s));

  afterAll(() => {
    host.dispose();
    port1.close();
    port2.close();
  });

  it('loads, rejects a bad scenario with its message, streams frames with moved buffers and runs to the end', async () => {
    const texts = scenarioTexts();
    expect(Object.keys(texts)).toEqual(expect.arrayContaining(['dijon-today', 'dijon-2017-baseline', 'dijon-led-part-night']));
    await client.registerScenarios(texts);
    const city = await client.loadCityUrl('memory:dijon', 'dijon-generated.city').catch(() => null);
    expect(city).toMatchObject({ ok: false }); // no fetch for a made-up URL in Node: an error value, not a throw
    await expect(client.loadCityFile(new Blob([cityBytes]), 'dijon-generated.city')).resolves.toMatchObject({ ok: true, city: { lampCount: 34_000 } });
    await expect(client.setScenario('{"schema":"twin-scenario","version":1}', 'empty.scenario.json')).resolves.toMatchObject({
      ok: false,
      error: expect.stringMatching(/^empty\.scenario\.json: invalid scenario: name: /),
    });
    const r = await client.setScenario(texts['dijon-led-part-night'], 'dijon-led-part-night.scenario.json', {
      period: { days: 2 },
      timeMs: Date.parse('2025-01-01T20:00:00Z'), // 21:00 in Paris
    });
    expect(r).toMatchObject({ ok: true, scenario: { name: 'dijon-led-part-night', baseline: 'dijon-2017-baseline', baselineFound: true } });
    const waitFor = async (cond: () => boolean) => {
      for (let i = 0; i < 2000 && !cond(); i++) await new Promise((res) => setTimeout(res, 5));
      expect(cond()).toBe(true);
    };
    await waitFor(() => frames.timeMs === Date.parse('2025-01-01T20:00:00Z') && frames.getLive() !== null);
    expect(frames.levels!.length).toBe(34_000);
    const at21 = frames.levels!.reduce((a, b) => a + b, 0) / 34_000;

    await client.seek(Date.parse('2025-01-01T22:00:00Z')); // 23:00 in Paris: dimmed to 70 %
    await waitFor(() => frames.timeMs === Date.parse('2025-01-01T22:00:00Z'));
    const at23 = frames.levels!.reduce((a, b) => a + b, 0) / 34_000;
    expect(at21).toBeCloseTo(1, 5);
    expect(at23).toBeCloseTo(0.7, 5);
    // The previous frame's buffer went back to the worker: moved, so it is detached here.
    await waitFor(() => frames.returned.length > 0);
    expect(frames.returned[0].byteLength).toBe(0);

    const out = await client.runToEnd();
    expect(out.status).toBe('done');
    if (out.status !== 'done') return;
    const scenario = parseScenarioText(texts['dijon-led-part-night']);
    const startMs = Date.parse(scenario.period.start);
    const node = runScenario(decodeCity(cityBytes), scenario, { startMs, endMs: startMs + 2 * 86_400_000, baseline: parseScenarioText(texts['dijon-2017-baseline']) });
    expect({ ...out.kpis, wallMs: 0 }).toEqual({ ...node, wallMs: 0 });
    await waitFor(() => statuses.at(-1)?.atEnd === true);
    const snap = await client.snapshot();
    expect(snap?.world.timeMs).toBe(startMs + 2 * 86_400_000);
  });
});
