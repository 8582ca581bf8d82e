// Browser test of road traffic on the built app: the weekday traffic scenario runs a few simulated
// minutes in the worker; the 3D view draws vehicles and signal lights that change, the map draws
// vehicles, signal heads and roads by speed, the KPI panel shows the traffic figures; no console error.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailability, buildAndServe, isLocalUrl, launchBrowser, twinState, waitForFrames, waitForSim, type Browser, type ServedApp } from './harness.ts';

const SCENARIO = 'dijon-weekday-traffic';
const { available } = browserAvailability();

interface LightSample {
  red: number;
  amber: number;
  green: number;
}

describe.skipIf(!available)('road traffic in the views (built app, headless chromium)', () => {
  let app: ServedApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    app = await buildAndServe();
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(`${app.baseUrl}?lang=en`);
    await waitForFrames(page, { minFrames: 3 });
    await waitForSim(page, { scenario: 'dijon-today' });
    await page.getByTestId('scenario-select').selectOption(SCENARIO);
    const s = await waitForSim(page, { scenario: SCENARIO, timeoutMs: 180_000 });
    // 06:30 local (UTC+1 in March): the morning traffic is building up.
    const at = s.timeMs! + 6.5 * 3_600_000;
    await page.getByTestId('scrubber').fill(String(at));
    await waitForSim(page, { timeMs: at, timeoutMs: 240_000 });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('plays a few simulated minutes: vehicles drawn as instances, signal lights changing, traffic KPIs shown', async () => {
    await page.getByTestId('speed-60').click();
    await page.getByTestId('play-button').click();
    const samples: LightSample[] = [];
    let maxVehicles = 0;
    for (let k = 0; k < 24; k++) {
      await page.waitForTimeout(250);
      const t = (await twinState(page))!;
      maxVehicles = Math.max(maxVehicles, t.vehicleInstances);
      samples.push({ red: t.signalRed, amber: t.signalAmber, green: t.signalGreen });
    }
    await page.getByTestId('play-button').click();
    expect(maxVehicles).toBeGreaterThan(0);
    const t = (await twinState(page))!;
    expect(t.signalRed + t.signalAmber + t.signalGreen).toBe(t.signalHeads);
    // The lights of 113 intersections over minutes: the share of green heads changes, and some heads show amber at times.
    expect(new Set(samples.map((s) => `${s.red}/${s.amber}/${s.green}`)).size).toBeGreaterThan(3);
    expect(samples.some((s) => s.amber > 0)).toBe(true);
    // Roads by speed on demand.
    await page.getByTestId('roads-by-speed').check();
    await page.waitForFunction(() => window.__twin?.roadsBySpeed === true, null, { timeout: 10_000 });
    await expect(page.getByTestId('legend-3d-speed').isVisible()).resolves.toBe(true);
    // The KPI panel's traffic figures.
    await expect(page.getByTestId('kpi-trips').textContent()).resolves.toMatch(/Trips[\d,]+/);
    await expect(page.getByTestId('kpi-travel-time').textContent()).resolves.toMatch(/Mean travel time\d+ (min|s)/);
    await expect(page.getByTestId('kpi-los').textContent()).resolves.toMatch(/A \d+B \d+C \d+D \d+E \d+F \d+/);
  });

  it('the map draws vehicles and signal heads from the frames, roads by speed, with legends', async () => {
    await page.getByTestId('view-map').click();
    await page.waitForFunction(() => !!window.__twinMap?.ready, null, { timeout: 120_000 });
    await page.getByTestId('play-button').click();
    const heads = new Set<string>();
    let vehicles = 0;
    for (let k = 0; k < 20; k++) {
      await page.waitForTimeout(250);
      const m = await page.evaluate(() => ({ v: window.__twinMap!.vehiclesDrawn, h: window.__twinMap!.headColours.join(','), n: window.__twinMap!.signalHeadsDrawn }));
      vehicles = Math.max(vehicles, m.v);
      if (m.n > 0) heads.add(m.h);
    }
    await page.getByTestId('play-button').click();
    expect(vehicles).toBeGreaterThan(0);
    expect(heads.size).toBeGreaterThan(1);
    const probe = await page.evaluate(() => ({ layers: window.__twinMap!.layers, roadMode: window.__twinMap!.roadMode }));
    expect(probe.layers).toEqual(expect.arrayContaining(['roads', 'vehicles', 'signals', 'signal-heads']));
    expect(probe.roadMode).toBe('speed');
    await expect(page.getByTestId('legend-road-speed').isVisible()).resolves.toBe(true);
    await page.getByTestId('road-mode').selectOption('volume');
    await expect(page.getByTestId('legend-road-volume').textContent()).resolves.toMatch(/veh\/h/);
    await page.getByTestId('signal-mode').selectOption('delay');
    await expect(page.getByTestId('legend-signals').textContent()).resolves.toMatch(/s\/veh/);
    await expect(page.getByTestId('legend-vehicles').textContent()).resolves.toMatch(/Bus/);
  });

  it('no console error and no request leaving the machine', () => {
    expect(browser.errors).toEqual([]);
    expect(browser.requests.filter((u) => !isLocalUrl(u))).toEqual([]);
  });
});
