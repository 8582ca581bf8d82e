// Browser tests of the map's analysis layers and the globe's vehicles on the built app: commune names
// decluttered, difference layers after a studio comparison, tooltips with units (lamp, road, car
// park), the presence heat layer, vehicle points moving on the globe; no request leaves the machine.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { decodeCity } from '../src/core/city/cityFile.ts';
import type { CityModel } from '../src/core/city/model.ts';
import { makeProjection } from '../src/core/geo/projection.ts';
import {
  browserAvailability, buildAndServe, defaultCityPath, flyMapTo, isLocalUrl, isolatedLamps, launchBrowser, mapState, waitForMap, waitForSim,
  type Browser, type ServedApp,
} from './harness.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { available } = browserAvailability();
/** The weekday traffic from 07:00, at a third of its demand: vehicles within simulated minutes, presence dim-up in Quetigny. */
const MORNING = 'e2e-morning-traffic';

function morningScenario(): string {
  const s = JSON.parse(readFileSync(resolve(ROOT, 'scenarios/dijon-weekday-traffic.scenario.json'), 'utf8'));
  s.name = MORNING;
  s.period = { start: '2025-03-11T07:00:00+01:00', days: 1 };
  s.traffic.demand.scale = 0.3;
  return JSON.stringify(s);
}

/** Hovers (x, y) of the map canvas and returns the tooltip text ('' when none shows). */
async function tooltipAt(page: Page, x: number, y: number): Promise<string> {
  const box = (await page.locator('.map-canvas-host').boundingBox())!;
  await page.mouse.move(box.x + x, box.y + y);
  const tip = page.locator('.map-tooltip');
  await tip.waitFor({ timeout: 4000 }).catch(() => undefined);
  return tip.innerText().catch(() => '');
}

/** Hovers isolated lamps near the centre until one answers with a tooltip matching `pattern`. */
async function lampTooltipMatching(page: Page, city: CityModel, pattern: RegExp): Promise<string | null> {
  for (const [, x, y] of (await isolatedLamps(page, city.lamps.count, 5)).slice(0, 16)) {
    const text = await tooltipAt(page, x, y);
    if (pattern.test(text)) return text;
  }
  return null;
}

async function setToggle(page: Page, id: string, on: boolean): Promise<void> {
  const box = page.getByTestId(`toggle-${id}`);
  if (on) await box.check();
  else await box.uncheck();
}

describe.skipIf(!available)('map analysis layers and globe vehicles (built app, headless chromium)', () => {
  let app: ServedApp;
  let browser: Browser;
  let page: Page;
  let city: CityModel;

  beforeAll(async () => {
    city = decodeCity(new Uint8Array(readFileSync(defaultCityPath())));
    app = await buildAndServe();
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(`${app.baseUrl}?view=map&lang=en`);
    await waitForSim(page, { scenario: 'dijon-today' });
    await waitForMap(page, 0, 2);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('commune names drawn over the whole métropole do not overlap', async () => {
    const t = await mapState(page);
    const boxes = t.communeLabelBoxes;
    console.info(`[e2e] commune names drawn at zoom ${t.zoom.toFixed(2)}: ${t.communeLabelsDrawn} of ${city.communes.count}`);
    expect(t.communeLabelsDrawn).toBe(boxes.length);
    expect(boxes.length).toBeGreaterThan(3);
    expect(boxes.length).toBeLessThanOrEqual(city.communes.count);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [xa, ya, wa, h] = boxes[i];
        const [xb, yb, wb] = boxes[j];
        expect(Math.abs(xa - xb) * 2 >= wa + wb || Math.abs(ya - yb) >= h, `labels ${i} and ${j}`).toBe(true);
      }
    }
  });

  it('after a lighting-only comparison in the studio, the map draws lamps dimmer or brighter than the baseline, with both values in the tooltip', async () => {
    // Closer in, over the main commune, for lamps a few pixels apart.
    await flyMapTo(page, city.communes.name[0]);

    await page.getByTestId('tab-studio').click();
    await page.getByTestId('studio-baseline').selectOption('dijon-2017-baseline');
    const t0 = Date.now();
    await page.getByTestId('studio-run').click();
    await page.waitForSelector('[data-testid="compare-results"]', { timeout: 180_000 });
    console.info(`[e2e] one-night comparison: ${Date.now() - t0} ms click to results`);

    await expect(page.getByTestId('legend-diffLamps').count()).resolves.toBe(0);
    await setToggle(page, 'diffLamps', true);
    await page.waitForFunction((n) => window.__twinMap!.diffLampsDrawn === n, city.lamps.count, { timeout: 30_000 });
    const t = await mapState(page);
    // Today's part-night against the 2017 fleet at full power all night: many lamps dimmer.
    expect(t.diffLampsLower).toBeGreaterThan(1000);
    await expect(page.getByTestId('diff-scenarios').textContent()).resolves.toMatch(/\(variant\) vs dijon-2017-baseline \(baseline\)/);
    await expect(page.getByTestId('legend-diffLamps').textContent()).resolves.toMatch(/dimmer/);
    const tip = await lampTooltipMatching(page, city, /^Street lamp #\d+\n/);
    expect(tip).not.toBeNull();
    expect(tip).toMatch(/Mean level \(first night\): \d+ % → \d+ % \([−+±]\d+ pts\)/);
    expect(tip).toMatch(/Energy: [\d.,]+ kWh → [\d.,]+ kWh \([−+±][\d.,]+ kWh, [−+±—][\d.,]* ?%?\)/);
    // In energy: the same lamps, another scale.
    await page.getByTestId('diff-lamp-mode').selectOption('energy');
    await expect(page.getByTestId('legend-diffLamps').textContent()).resolves.toMatch(/less energy/);
    // No traffic in this comparison: the road difference layer says so.
    await setToggle(page, 'diffRoads', true);
    await expect(page.getByTestId('legend-diffRoads').textContent()).resolves.toMatch(/ran no traffic/);
    expect((await mapState(page)).diffRoadsDrawn).toBe(0);
    await setToggle(page, 'diffRoads', false);
    await setToggle(page, 'diffLamps', false);
    await page.waitForFunction(() => window.__twinMap!.diffLampsDrawn === 0, null, { timeout: 30_000 });
  }, 300_000);

  it('after an hour of traffic compared in the studio, the map draws roads slower or faster than the baseline', async () => {
    await page.getByTestId('tab-studio').click();
    await page.getByTestId('studio-load').selectOption('dijon-green-wave');
    await page.getByTestId('studio-baseline').selectOption('dijon-weekday-traffic');
    await page.getByTestId('studio-days').selectOption(String(1 / 24));
    await page.getByTestId('studio-window-start').selectOption('8');
    const t0 = Date.now();
    await page.getByTestId('studio-run').click();
    await page.waitForFunction(() => /08:00.*09:00/.test(document.querySelector('[data-testid="compare-span"]')?.textContent ?? ''), null, { timeout: 180_000 });
    console.info(`[e2e] one-hour traffic comparison for the road differences: ${Date.now() - t0} ms click to results`);
    await setToggle(page, 'diffRoads', true);
    await page.waitForFunction(() => window.__twinMap!.diffRoadsDrawn > 0, null, { timeout: 30_000 });
    const t = await mapState(page);
    console.info(`[e2e] road differences: ${t.diffRoadsDrawn} roads drawn, ${t.diffRoadsCompared} compared`);
    expect(t.diffRoadsCompared).toBeGreaterThan(100);
    expect(t.diffRoadsDrawn).toBeGreaterThan(0);
    await expect(page.getByTestId('diff-scenarios').textContent()).resolves.toMatch(/dijon-green-wave.* vs dijon-weekday-traffic \(baseline\)/);
    const legend = await page.getByTestId('legend-diffRoads').textContent();
    expect(legend).toMatch(/slower/);
    expect(legend).toMatch(/faster/);
    await setToggle(page, 'diffRoads', false);
  }, 300_000);

  it('with traffic running: tooltips of a lamp, a road and a car park give their values with units, and the presence layer draws', async () => {
    await page.getByTestId('tab-kpis').click();
    await page.getByTestId('scenario-file-input').setInputFiles({ name: `${MORNING}.scenario.json`, mimeType: 'application/json', buffer: Buffer.from(morningScenario()) });
    const s = await waitForSim(page, { scenario: MORNING, timeoutMs: 180_000 });
    await page.getByTestId('speed-60').click();
    await page.getByTestId('play-button').click();
    await page.waitForFunction(() => window.__twinMap!.vehiclesDrawn > 0, null, { timeout: 120_000 });

    // A car park reported by the feed at the twin's time, in the middle of the view.
    const here = await mapState(page);
    const now = (await page.evaluate(() => window.__twinSim!.timeMs))!;
    const park = {
      id: 'urn:ngsi-ld:OffStreetParking:e2e-1', type: 'OffStreetParking', name: 'Parking e2e', totalSpotNumber: 200, availableSpotNumber: 33, occupancy: 0.835,
      dateObserved: new Date(now).toISOString(), location: { type: 'Point', coordinates: [here.longitude, here.latitude] },
    };
    const ingested = await page.evaluate((line) => window.__twinSim!.ingest!(line, 'sim'), JSON.stringify(park));
    expect(ingested.accepted).toBe(1);
    await page.waitForFunction(() => window.__twinMap!.parkingDrawn > 0, null, { timeout: 60_000 });
    await page.getByTestId('play-button').click();
    await page.waitForFunction(() => window.__twinSim!.status?.playing === false, null, { timeout: 30_000 });
    expect(s.timeMs).toBeLessThan((await page.evaluate(() => window.__twinSim!.timeMs))!);

    const at = (await page.evaluate(([lon, lat]) => window.__twinMap!.projectLonLat!(lon, lat), [here.longitude, here.latitude]))!;
    expect(at).not.toBeNull();
    const parkTip = await tooltipAt(page, at[0], at[1]);
    expect(parkTip).toMatch(/^Parking e2e\nOccupancy 84 %\n33 free of 200 spaces/);

    const lampTip = await lampTooltipMatching(page, city, /^Street lamp #\d+\n/);
    expect(lampTip).toMatch(/[\d.,]+ W rated/);
    expect(lampTip).toMatch(/Level \d+ % · [\d.,]+ W drawn/);

    // Lamps by energy since the period start: a scale from the worker's figures, each lamp's kWh in its tooltip.
    await page.getByTestId('lamp-mode').selectOption('energy');
    await page.waitForFunction(() => window.__twinMap!.lampMode === 'energy', null, { timeout: 30_000 });
    await page.waitForSelector('[data-testid="legend-lamps"][data-scale-kwh]', { timeout: 30_000 });
    expect(Number(await page.getByTestId('legend-lamps').getAttribute('data-scale-kwh'))).toBeGreaterThan(0);
    const energyTip = await lampTooltipMatching(page, city, /Energy since/);
    expect(energyTip).toMatch(/Energy since \d{4}-\d\d-\d\d \d\d:\d\d: [\d.,]+ kWh/);
    await page.getByTestId('lamp-mode').selectOption('level');

    // Roads alone: hover a vertex of a main road in view.
    for (const id of ['lamps', 'signals', 'communes', 'vehicles', 'parking', 'airQuality']) await setToggle(page, id, false);
    await page.waitForFunction(() => window.__twinMap!.lampsDrawn === 0 && window.__twinMap!.signalsDrawn === 0, null, { timeout: 30_000 });
    const proj = makeProjection(city.meta.frame);
    const host = await page.locator('.map-canvas-host').boundingBox();
    let roadTip = '';
    for (let l = 0, tried = 0; l < city.links.count && tried < 12 && !/km\/h/.test(roadTip); l++) {
      if (city.links.roadClass[l] > 3) continue;
      const a = city.links.shapeStart[l], b = city.links.shapeStart[l + 1] - 1;
      const [lon, lat] = b - a >= 2
        ? proj.toLonLat(city.links.shapeXYM[2 * (a + 1)], city.links.shapeXYM[2 * (a + 1) + 1])
        : proj.toLonLat((city.links.shapeXYM[2 * a] + city.links.shapeXYM[2 * b]) / 2, (city.links.shapeXYM[2 * a + 1] + city.links.shapeXYM[2 * b + 1]) / 2);
      const p = await page.evaluate(([x, y]) => window.__twinMap!.projectLonLat!(x, y), [lon, lat]);
      if (!p || p[0] < 60 || p[0] > host!.width - 300 || p[1] < 70 || p[1] > host!.height - 40) continue;
      tried++;
      roadTip = await tooltipAt(page, p[0], p[1]);
    }
    expect(roadTip).toMatch(/\d+ km\/h/);
    expect(roadTip).toMatch(/ m(\n|$)/);
    expect(roadTip).toMatch(/[\d,]+ veh\/h (over the last hour|since \d{4}-\d\d-\d\d \d\d:\d\d)/);

    // Presence detections of the last hour (here since the period start) as a heat layer.
    await setToggle(page, 'presence', true);
    await page.waitForFunction(() => window.__twinMap!.presenceRoadsDrawn > 0, null, { timeout: 60_000 });
    const p = await mapState(page);
    expect(p.presenceTotalPerH).toBeGreaterThan(0);
    expect(p.layers).toContain('presence');
    await expect(page.getByTestId('legend-presence').textContent()).resolves.toMatch(/det\.\/h/);
    await expect(page.getByTestId('presence-window').textContent()).resolves.toMatch(/^(Over the last hour|Since \d{4}-\d\d-\d\d \d\d:\d\d)/);
    console.info(`[e2e] presence: ${p.presenceRoadsDrawn} roads with detections, ${Math.round(p.presenceTotalPerH!)} detections/h`);
    for (const id of ['lamps', 'signals', 'communes', 'vehicles', 'parking', 'airQuality']) await setToggle(page, id, true);
    await setToggle(page, 'presence', false);
  }, 400_000);

  it('the globe draws the vehicles of the traffic frames as points that move', async () => {
    await page.getByTestId('view-globe').click();
    await page.waitForFunction(() => !!window.__twinGlobe?.ready, null, { timeout: 90_000, polling: 250 });
    await page.getByTestId('play-button').click();
    await page.waitForFunction(() => (window.__twinGlobe?.vehiclesDrawn ?? 0) > 0, null, { timeout: 60_000 });
    const first = await page.evaluate(() => ({ sum: window.__twinGlobe!.vehicleSumM, moves: window.__twinGlobe!.vehicleMoves }));
    await page.waitForFunction((f) => window.__twinGlobe!.vehicleMoves > f.moves + 2 && window.__twinGlobe!.vehicleSumM !== f.sum, first, { timeout: 60_000 });
    await page.getByTestId('play-button').click();
    const g = await page.evaluate(() => ({ vehicles: window.__twinGlobe!.vehiclesDrawn, moves: window.__twinGlobe!.vehicleMoves }));
    console.info(`[e2e] globe: ${g.vehicles} vehicle points, placed ${g.moves} times`);
    expect(g.vehicles).toBeGreaterThan(0);
  }, 200_000);

  it('logged no console error and sent no request off the machine', () => {
    expect(browser.errors).toEqual([]);
    expect(browser.requests.filter((u) => !isLocalUrl(u))).toEqual([]);
  });
});
