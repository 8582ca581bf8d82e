// Browser test of live mode on the built app against the embedded broker (aedes, WebSocket): the
// simulation worker connects and follows now, the sensors tab shows the state, message rate and
// counts; the broker stopped and restarted shows reconnection and an outage on the timeline; car
// parks and air quality from the sample feed are drawn on the map with their legends.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBroker, type RunningBroker } from '../src/cli/broker.ts';
import { browserAvailability, buildAndServe, isLocalUrl, launchBrowser, type Browser, type ServedApp } from './harness.ts';

const SCREENSHOT = '/tmp/twin-e2e-live.png';
const { available } = browserAvailability();

describe.skipIf(!available)('live mode against the embedded broker (built app, headless chromium)', () => {
  let app: ServedApp;
  let browser: Browser;
  let page: Page;
  let broker: RunningBroker;

  beforeAll(async () => {
    broker = await startBroker({ tcpPort: 0, wsPort: 0, speed: 60 });
    [app, browser] = await Promise.all([buildAndServe(), launchBrowser()]);
    page = await browser.newPage();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await broker?.close();
  });

  const liveState = () => page.getByTestId('live-panel').getAttribute('data-state');
  const count = async (id: string) => Number(((await page.getByTestId(id).textContent()) ?? '0').replace(/\D/g, ''));

  it('connects from the worker, counts messages, marks an outage, and draws car parks and air quality', async () => {
    await page.goto(`${app.baseUrl}?view=map&lang=en&mqtt=${encodeURIComponent(broker.wsUrl)}`);
    await page.waitForFunction(() => window.__twinSim?.status?.phase === 'ready', undefined, { timeout: 120_000 });
    await page.getByTestId('tab-feeds').click();
    expect(await liveState()).toBe('off');
    await page.getByTestId('live-follow-now').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="live-panel"]')?.getAttribute('data-state') === 'connected', undefined, { timeout: 30_000 });
    await expect.poll(() => count('live-accepted'), { timeout: 30_000 }).toBeGreaterThan(50);
    expect(await page.getByTestId('live-state').textContent()).toContain('Connected');
    expect(await page.getByTestId('live-rate').textContent()).toMatch(/msg\/s/);
    // The twin runs at the wall clock (follow now), and the world counted what the gate accepted.
    const sim = await page.evaluate(() => window.__twinSim!.status!);
    expect(sim).toMatchObject({ playing: true, speed: 1 });
    expect(Math.abs(sim.timeMs! - Date.now())).toBeLessThan(120_000);
    await expect.poll(() => count('feeds-accepted'), { timeout: 15_000 }).toBeGreaterThan(0);

    // Car parks and air-quality stations from the sample feed, on the map and in the chart.
    await page.waitForFunction(() => (window.__twinMap?.parkingDrawn ?? 0) > 0 && (window.__twinMap?.airQualityDrawn ?? 0) > 0, undefined, { timeout: 90_000 });
    expect(await page.getByTestId('legend-parking').textContent()).toMatch(/car parks with a location/);
    expect(await page.getByTestId('legend-airQuality').textContent()).toMatch(/European Air Quality Index/);
    expect(await page.getByTestId('parking-bars').locator('.hbar').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('air-bars').textContent()).toMatch(/µg\/m³/);

    // The broker goes away: reconnecting with backoff; it comes back on the same port: connected, outage marked.
    const wsPort = broker.wsPort;
    await broker.close();
    await page.waitForFunction(() => ['reconnecting', 'connecting'].includes(document.querySelector('[data-testid="live-panel"]')?.getAttribute('data-state') ?? ''), undefined, { timeout: 30_000 });
    broker = await startBroker({ tcpPort: 0, wsPort, speed: 60 });
    await page.waitForFunction(() => document.querySelector('[data-testid="live-panel"]')?.getAttribute('data-state') === 'connected', undefined, { timeout: 60_000 });
    await expect.poll(() => page.getByTestId('live-gaps').locator('li').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('timeline-gap').count(), { timeout: 10_000 }).toBe(1);
    await page.screenshot({ path: SCREENSHOT });

    await page.getByTestId('live-disconnect').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="live-panel"]')?.getAttribute('data-state') === 'off', undefined, { timeout: 15_000 });
    expect(browser.errors.filter((e) => !/WebSocket/i.test(e))).toEqual([]);
    expect(browser.requests.filter((u) => !isLocalUrl(u))).toEqual([]);
  }, 300_000);
});
