// The live feed inside the simulation host: connected to the embedded broker, its messages pass the
// running world's gate and act on it; the status (state, counts per reason) reaches the page; follow-now.

import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '../src/cli/broker.ts';
import { entityTopic } from '../src/live/topics.ts';
import { waitFor } from '../src/live/testing/net.ts';
import { SimHost } from './sim-host.ts';
import type { LiveFeedStatus, SimEvents } from './sim-protocol.ts';

const ROOT = resolve(import.meta.dirname, '..');
const scenarioTexts: Record<string, string> = Object.fromEntries(
  readdirSync(resolve(ROOT, 'scenarios'))
    .filter((f) => f.endsWith('.scenario.json'))
    .map((f) => [f.replace(/\.scenario\.json$/, ''), readFileSync(resolve(ROOT, 'scenarios', f), 'utf8')]),
);
const cityBytes = new Uint8Array(readFileSync(resolve(ROOT, 'assets/dijon-generated.city')));

let broker: RunningBroker;
beforeAll(async () => {
  broker = await startBroker({ tcpPort: 0, wsPort: 0, sample: null });
});
afterAll(() => broker.close());

describe('live feed in the simulation host', () => {
  it('follows now, applies broker messages to the running world, and reports state and rejections', async () => {
    const statuses: LiveFeedStatus[] = [];
    const sink: SimEvents = { frame: () => undefined, progress: () => undefined, status: () => undefined, liveFeed: (s) => void statuses.push(s) };
    const host = new SimHost();
    try {
      host.connect(sink);
      host.registerScenarios(scenarioTexts);
      expect((await host.loadCityBytes(cityBytes.slice(), 'dijon-generated.city')).ok).toBe(true);
      await host.setScenario(scenarioTexts['dijon-today'], 'dijon-today.scenario.json', { period: { days: 1 } });
      await host.whenIdle();
      await host.connectLive({ url: broker.wsUrl, clientId: 'twin-host-test', followNow: true });
      await waitFor('connected', () => host.liveFeedStatus().stats?.state === 'connected');
      await host.whenIdle();
      const now = Date.now();
      expect(host.status()).toMatchObject({ playing: true, speed: 1 });
      expect(Math.abs(host.status().timeMs! - now)).toBeLessThan(60_000);

      const pub = await mqtt.connectAsync(broker.tcpUrl, { clientId: 'twin-host-test-pub', protocolVersion: 4 });
      const at = new Date(now).toISOString();
      await pub.publishAsync(entityTopic('OffStreetParking', 'darcy'), JSON.stringify({ id: 'urn:ngsi-ld:OffStreetParking:darcy', type: 'OffStreetParking', name: 'Darcy', occupancy: 0.72, dateObserved: at, location: { type: 'Point', coordinates: [5.0338, 47.3226] } }), { qos: 1 });
      await pub.publishAsync(entityTopic('StreetlightControlCabinet', 'cabinet-0001'), JSON.stringify({ id: 'urn:ngsi-ld:StreetlightControlCabinet:cabinet-0001', type: 'StreetlightControlCabinet', energyConsumed: 12.5, dateObserved: at }), { qos: 1 });
      await pub.publishAsync(entityTopic('Streetlight', 'lamp-999999'), JSON.stringify({ id: 'urn:ngsi-ld:Streetlight:lamp-999999', type: 'Streetlight', powerState: 'on', observationDateTime: at }), { qos: 1 });
      await pub.publishAsync(entityTopic('Streetlight', 'lamp-000001'), '{"id": "urn:ngsi-ld:Streetlight:lamp-0000', { qos: 1 });
      await pub.endAsync();

      await waitFor('4 messages', () => (host.liveFeedStatus().stats?.messages ?? 0) === 4);
      const stats = host.liveFeedStatus().stats!;
      expect(stats).toMatchObject({ accepted: 2, rejected: 2, rejectedByReason: { 'unknown-entity': 1, 'malformed-json': 1 } });
      // In the world: counted, the car park on the map's data, the cabinet meter started.
      await waitFor('the world to hold them', () => host.liveKpis()?.kpis.feeds.accepted === 2);
      const live = host.liveKpis()!;
      expect(live.feedPoints.parking).toEqual([expect.objectContaining({ name: 'Darcy', occupancy: 0.72, lonLat: [5.0338, 47.3226] })]);
      await waitFor('a status pushed to the page', () => statuses.some((s) => s.stats?.accepted === 2));

      await host.disconnectLive();
      expect(host.liveFeedStatus()).toMatchObject({ enabled: false, stats: null });
      expect(statuses.at(-1)).toMatchObject({ enabled: false });
    } finally {
      host.dispose();
    }
  }, 60_000);
});
