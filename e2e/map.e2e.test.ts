// Browser tests of the analysis map on the built app: every lamp, road, signal and commune drawn from
// binary layers on a dark background, live levels, legends and toggles (FR/EN), tooltips, and a lamp
// picked on the map staying selected (and in view) in the 3D view.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { decodeCity } from '../src/core/city/cityFile.ts';
import type { CityModel } from '../src/core/city/model.ts';
import { makeProjection } from '../src/core/geo/projection.ts';
import {
  browserAvailability, buildAndServe, canvasPixelStats, defaultCityPath, flyMapTo, isLocalUrl, isolatedLamps, launchBrowser, mapState, waitForFrames, waitForMap, waitForSim,
  type Browser, type ServedApp,
} from './harness.ts';

const SCREENSHOT = '/tmp/twin-e2e-map.png';
const { available } = browserAvailability();

describe.skipIf(!available)('analysis map (built app, headless chromium)', () => {
  let app: ServedApp;
  let browser: Browser;
  let page: Page;
  let city: CityModel;
  let drawnRoads = 0;

  beforeAll(async () => {
    city = decodeCity(new Uint8Array(readFileSync(defaultCityPath())));
    for (let i = 0; i < city.links.count; i++) {
      const r = city.links.reverse[i];
      if ((r < 0 || r > i) && city.links.shapeStart[i + 1] - city.links.shapeStart[i] >= 2) drawnRoads++;
    }
    app = await buildAndServe();
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(`${app.baseUrl}?view=map&lang=fr`);
    await waitForSim(page);
    await waitForMap(page, 0, 2);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('draws every lamp, road, signal and commune of the city', async () => {
    const t = await mapState(page);
    expect(t.cityName).toBe(city.meta.name);
    expect(t.lampsDrawn).toBe(city.lamps.count);
    expect(t.roadsDrawn).toBe(drawnRoads);
    expect(t.signalsDrawn).toBe(city.signals.count);
    expect(t.communesDrawn).toBe(city.communes.count);
    let rings = 0;
    for (let c = 0; c < city.communes.count; c++) if (city.communes.ringStart[c + 1] - city.communes.ringStart[c] >= 3) rings++;
    expect(t.communeAreasDrawn).toBe(rings);
    expect(t.layers).toEqual(expect.arrayContaining(['roads', 'lamps', 'signals', 'communes', 'commune-names']));
    expect(t.hexagonsShown).toBe(false);
    // The whole métropole is in view at first, around the city's origin.
    expect(Math.abs(t.latitude - city.meta.frame.originLat)).toBeLessThan(0.2);
    expect(Math.abs(t.longitude - city.meta.frame.originLon)).toBeLessThan(0.3);
    console.info(`[e2e] map: lamps ${t.lampsDrawn}, roads ${t.roadsDrawn}, signals ${t.signalsDrawn}, communes ${t.communesDrawn}, zoom ${t.zoom.toFixed(2)}`);
  });

  it('reads as a night map: mostly dark, with many lit points', async () => {
    const px = await canvasPixelStats(page, SCREENSHOT);
    const total = px.width * px.height;
    console.info(`[e2e] map pixels ${px.width}×${px.height}: warm ${px.warm}, dark ${px.dark}, bright ${px.bright} → ${SCREENSHOT}`);
    expect(px.dark / total).toBeGreaterThan(0.5);
    expect(px.warm / total).toBeGreaterThan(0.01);
    expect(px.meanLuminance).toBeLessThan(80);
  });

  it('lamp colours follow the level array (live), and the simulation has written it', async () => {
    const before = await mapState(page);
    expect(before.levelsVersionDrawn).toBeGreaterThanOrEqual(2);
    const on = await canvasPixelStats(page);
    await page.evaluate(() => window.__twinMap!.setAllLampLevels!(0));
    // The probe's drawn version is written after a frame drew it.
    await page.waitForFunction((v) => window.__twinMap!.levelsVersionDrawn > v, before.levelsVersionDrawn, { timeout: 30_000 });
    const off = await canvasPixelStats(page);
    console.info(`[e2e] map warm pixels with lamps on ${on.warm}, off ${off.warm}`);
    expect(off.warm).toBeLessThan(on.warm * 0.5);
    const v = (await mapState(page)).levelsVersionDrawn;
    await page.evaluate(() => window.__twinMap!.setAllLampLevels!(1));
    await page.waitForFunction((x) => window.__twinMap!.levelsVersionDrawn > x, v, { timeout: 30_000 });
    expect((await canvasPixelStats(page)).warm).toBeGreaterThan(on.warm * 0.8);
  });

  it('has a legend for every layer shown and toggles in French and English', async () => {
    const panel = page.getByTestId('map-layers');
    for (const label of ['Voirie', 'Points lumineux', 'Feux tricolores', 'Communes', 'Puissance appelée par secteur']) await expect(panel.textContent()).resolves.toContain(label);
    for (const id of ['legend-roads', 'legend-lamps', 'legend-signals', 'legend-communes']) await expect(page.getByTestId(id).isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('legend-hexagons').count()).resolves.toBe(0);

    await page.getByTestId('toggle-hexagons').check();
    await page.waitForFunction(() => window.__twinMap!.hexagonsShown, null, { timeout: 30_000 });
    await expect(page.getByTestId('legend-hexagons').textContent()).resolves.toMatch(/kW/);
    await page.getByTestId('toggle-lamps').uncheck();
    await page.waitForFunction(() => window.__twinMap!.lampsDrawn === 0, null, { timeout: 30_000 });
    await page.getByTestId('toggle-hexagons').uncheck();
    await page.getByTestId('toggle-lamps').check();
    await page.waitForFunction((n) => window.__twinMap!.lampsDrawn === n && !window.__twinMap!.hexagonsShown, city.lamps.count, { timeout: 30_000 });

    await page.getByTestId('lamp-mode').selectOption('ratedPower');
    await page.waitForFunction(() => window.__twinMap!.lampMode === 'ratedPower', null, { timeout: 30_000 });
    await expect(page.getByTestId('legend-lamps').textContent()).resolves.toMatch(/\d+ W/);
    await page.getByTestId('lamp-mode').selectOption('level');

    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect(panel.textContent()).resolves.toContain('Street lamps');
    await expect(panel.textContent()).resolves.toContain('Roads');
    await expect(page.getByTestId('view-switch').textContent()).resolves.toContain('Map');
    await page.getByRole('button', { name: 'FR', exact: true }).click();
    await expect(panel.textContent()).resolves.toContain('Points lumineux');
  });

  it('picking a lamp selects it (tooltip with units first); in the 3D view it is still selected and in view', async () => {
    // Closer in, over the main commune (a store flight, as the search box does).
    await flyMapTo(page, city.communes.name[0]);
    // Lamps ~30 m apart are a few pixels apart here; a lamp picks cleanly when no other is within 5 px.
    const candidates = await isolatedLamps(page, city.lamps.count, 5);
    expect(candidates.length).toBeGreaterThan(0);
    const box = (await page.locator('.map-canvas-host').boundingBox())!;
    let picked: number | null = null;
    for (const [i, x, y] of candidates.slice(0, 16)) {
      await page.mouse.move(box.x + x, box.y + y);
      const tip = page.locator('.map-tooltip');
      await tip.waitFor({ timeout: 5000 }).catch(() => undefined);
      // A signal drawn over the lamp would answer instead: then try the next lamp.
      const text = await tip.innerText().catch(() => '');
      if (!new RegExp(`^Point lumineux n° ${i}\\n`).test(text)) continue;
      expect(text).toMatch(/\d+ W nominaux/);
      expect(text).toMatch(/Niveau \d+ % · [\d,]+ W appelés/);
      await page.mouse.click(box.x + x, box.y + y);
      const details = page.getByTestId('selection-details');
      await details.waitFor({ timeout: 10_000 });
      if ((await details.getAttribute('data-kind')) === 'lamp' && (await details.locator('h2').textContent())?.includes(String(i))) {
        picked = i;
        break;
      }
    }
    expect(picked).not.toBeNull();
    const here = await mapState(page);

    await page.getByTestId('view-3d').click();
    await waitForFrames(page, { minFrames: 3 });
    await expect(page.evaluate(() => new URL(location.href).searchParams.get('view'))).resolves.toBe('3d');
    const details = page.getByTestId('selection-details');
    await expect(details.getAttribute('data-kind')).resolves.toBe('lamp');
    await expect(details.locator('h2').textContent()).resolves.toContain(String(picked));
    // The 3D camera looks where the map was looking.
    const [xM, yM] = makeProjection(city.meta.frame).toXY(here.longitude, here.latitude);
    const centred = await page.evaluate(
      ({ x, y }) => {
        const c = document.querySelector('canvas')!;
        const p = window.__twin!.project!(x, y, 0);
        return p ? [Math.abs(p[0] - c.clientWidth / 2) / c.clientWidth, Math.abs(p[1] - c.clientHeight / 2) / c.clientHeight] : null;
      },
      { x: xM, y: yM },
    );
    expect(centred).not.toBeNull();
    expect(centred![0]).toBeLessThan(0.05);
    expect(centred![1]).toBeLessThan(0.05);
    // The selected lamp is on screen in 3D too.
    const lampOnScreen = await page.evaluate(
      ({ x, y, h }) => {
        const c = document.querySelector('canvas')!;
        const p = window.__twin!.project!(x, y, h);
        return !!p && p[0] >= 0 && p[1] >= 0 && p[0] <= c.clientWidth && p[1] <= c.clientHeight;
      },
      { x: city.lamps.xM[picked!], y: city.lamps.yM[picked!], h: city.lamps.mountingHeightM[picked!] || 8 },
    );
    expect(lampOnScreen).toBe(true);

    // And back on the map: the selection ring is there and the lamp layer is whole again.
    await page.getByTestId('view-map').click();
    const back = await waitForMap(page, 0, 2);
    expect(back.layers).toContain('selection');
    expect(back.lampsDrawn).toBe(city.lamps.count);
  });

  it('logged no console error and sent no request off the machine', () => {
    expect(browser.errors).toEqual([]);
    expect(browser.requests.length).toBeGreaterThan(3);
    expect(browser.requests.filter((u) => !isLocalUrl(u))).toEqual([]);
  });
});
