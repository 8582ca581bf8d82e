// Browser tests of the Cesium globe on the built app: loaded only when opened, fully offline (every
// request stays on this machine), the métropole's buildings and lamps drawn, lamp levels live, an
// unreachable user tiles URL reported without breaking the view, and the selection and place kept across views.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { decodeCity } from '../src/core/city/cityFile.ts';
import type { CityModel } from '../src/core/city/model.ts';
import { makeProjection } from '../src/core/geo/projection.ts';
import type { GlobeProbe } from '../src/views/globe/globeProbe.ts';
import { freePort } from '../src/live/testing/net.ts';
import {
  browserAvailability, buildAndServe, canvasPixelStats, defaultCityPath, isLocalUrl, launchBrowser, waitForSim,
  type Browser, type ServedApp,
} from './harness.ts';

const SCREENSHOT = '/tmp/twin-e2e-globe.png';
/** Cesium in software WebGL: 11–14 s on these machines; generous for a loaded CI machine. */
const CESIUM_READY_MS = 60_000;
const { available } = browserAvailability();

type GlobeState = Omit<GlobeProbe, 'projectLamp' | 'setAllLampLevels'>;

function globeState(page: Page): Promise<GlobeState | null> {
  return page.evaluate(() => {
    const t = window.__twinGlobe;
    if (!t) return null;
    const { projectLamp: _p, setAllLampLevels: _s, ...rest } = t;
    void _p;
    void _s;
    return rest;
  });
}


/** Chromium logs each refused request as a console error: those are the expected ones of the unreachable-URL tests. */
const REFUSED = /^console: Failed to load resource: net::ERR_CONNECTION_REFUSED$/;

async function waitForGlobe(page: Page): Promise<GlobeState> {
  await page.waitForFunction(() => !!window.__twinGlobe?.ready, null, { timeout: CESIUM_READY_MS, polling: 250 });
  return (await globeState(page))!;
}

describe.skipIf(!available)('globe (built app, headless chromium, offline Cesium)', () => {
  let app: ServedApp;
  let browser: Browser;
  let page: Page;
  let city: CityModel;
  let refusedPort = 0;
  /** Console errors the unreachable-URL tests caused on purpose (refused requests), counted as they happen. */
  let expectedErrors = 0;

  beforeAll(async () => {
    // A localhost port where nothing listens (bound then released): requests to it stay local and are refused.
    refusedPort = await freePort();
    city = decodeCity(new Uint8Array(readFileSync(defaultCityPath())));
    app = await buildAndServe();
    browser = await launchBrowser();
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('Cesium is not in the first page load: its chunk comes only when the globe opens', async () => {
    await page.goto(`${app.baseUrl}?view=3d&lang=fr`);
    await waitForSim(page);
    const cesiumish = (u: string) => /\/cesium\/|GlobeView-[^/]*\.js/.test(u);
    expect(browser.requests.filter(cesiumish)).toEqual([]);
    await page.getByTestId('view-globe').click();
    await waitForGlobe(page);
    expect(browser.requests.filter((u) => /GlobeView-[^/]*\.js/.test(u)).length).toBe(1);
    expect(browser.requests.filter((u) => u.includes('/cesium/Workers/')).length).toBeGreaterThan(0);
  });

  it('draws the métropole offline: every lamp as a point, every building extruded, the ground tiles in', async () => {
    await page.goto(`${app.baseUrl}?view=globe&lang=fr`);
    const t = await waitForGlobe(page);
    let buildings = 0;
    for (let i = 0; i < city.buildings.count; i++) if (city.buildings.ringStart[i + 1] - city.buildings.ringStart[i] >= 3) buildings++;
    expect(t.cityName).toBe(city.meta.name);
    expect(t.lampPoints).toBe(city.lamps.count);
    expect(t.buildingsDrawn).toBe(buildings);
    expect(t.buildingTriangles).toBeGreaterThan(buildings * 2);
    expect(t.roadSegments).toBeGreaterThan(0);
    expect(t.tilesLoaded).toBe(true);
    expect(t.buildingsReady).toBe(true);
    expect(t.userLayer).toBe('none');
    // Over Dijon, not somewhere on the far side of the Earth.
    expect(t.cameraHeightM).toBeGreaterThan(500);
    expect(t.cameraHeightM).toBeLessThan(60_000);
    await expect(page.getByTestId('tiles-status').textContent()).resolves.toContain('Hors ligne');

    const px = await canvasPixelStats(page, SCREENSHOT);
    const total = px.width * px.height;
    console.info(`[e2e] globe: lamps ${t.lampPoints}, buildings ${t.buildingsDrawn} (${t.buildingTriangles} triangles), road segments ${t.roadSegments}, frames ${t.frames}; pixels warm ${px.warm}, dark ${px.dark} → ${SCREENSHOT}`);
    expect(px.dark / total).toBeGreaterThan(0.4);
    expect(px.warm / total).toBeGreaterThan(0.005);
  });

  it('lamp colours follow the level array the simulation writes', async () => {
    await waitForSim(page);
    const before = (await globeState(page))!;
    // Attached to the simulation's frames: at least one frame's levels were written and drawn.
    expect(before.levelsVersionDrawn).toBeGreaterThanOrEqual(2);
    const on = await canvasPixelStats(page);
    await page.evaluate(() => window.__twinGlobe!.setAllLampLevels!(0));
    await page.waitForFunction((v) => window.__twinGlobe!.levelsVersionDrawn > v, before.levelsVersionDrawn, { timeout: 30_000 });
    await page.waitForTimeout(1500);
    const off = await canvasPixelStats(page);
    console.info(`[e2e] globe warm pixels with lamps on ${on.warm}, off ${off.warm}`);
    expect(off.warm).toBeLessThan(on.warm * 0.5);
    const v = (await globeState(page))!.levelsVersionDrawn;
    await page.evaluate(() => window.__twinGlobe!.setAllLampLevels!(1));
    await page.waitForFunction((x) => window.__twinGlobe!.levelsVersionDrawn > x, v, { timeout: 30_000 });
    await page.waitForTimeout(1500);
    expect((await canvasPixelStats(page)).warm).toBeGreaterThan(on.warm * 0.8);
  });

  it('an unreachable tiles URL is reported and the globe keeps working', async () => {
    // A port on this machine where nothing listens: the request stays local and fails.
    const errorsBefore = browser.errors.length;
    const url = `http://127.0.0.1:${refusedPort}/unreachable/tileset.json`;
    await page.getByTestId('tiles-url').fill(url);
    await page.getByRole('button', { name: 'Afficher' }).click();
    const status = page.getByTestId('tiles-status');
    await page.waitForFunction(() => document.querySelector('[data-testid=tiles-status]')?.getAttribute('data-state') === 'failed', null, { timeout: 30_000 });
    await expect(status.textContent()).resolves.toContain(`Impossible de charger ${url}`);
    await expect(status.textContent()).resolves.toContain('continue d’afficher le modèle de la ville');
    const t = (await globeState(page))!;
    expect(t.ready).toBe(true);
    expect(t.userLayer).toBe('failed');
    expect(t.lampPoints).toBe(city.lamps.count);
    // Still drawing: a level change is drawn after the failure.
    await page.evaluate(() => window.__twinGlobe!.setAllLampLevels!(0.5));
    await page.waitForFunction((x) => window.__twinGlobe!.levelsVersionDrawn > x, t.levelsVersionDrawn, { timeout: 30_000 });
    const added = browser.errors.slice(errorsBefore);
    expect(added.filter((e) => !REFUSED.test(e))).toEqual([]);
    expectedErrors += added.length;
  });

  it('?tiles= with an unreachable imagery template says so too', async () => {
    const errorsBefore = browser.errors.length;
    const url = `http://127.0.0.1:${refusedPort}/{z}/{x}/{y}.png`;
    await page.goto(`${app.baseUrl}?view=globe&lang=en&tiles=${encodeURIComponent(url)}`);
    await waitForGlobe(page);
    await page.waitForFunction(() => document.querySelector('[data-testid=tiles-status]')?.getAttribute('data-state') === 'failed', null, { timeout: 30_000 });
    await expect(page.getByTestId('tiles-status').textContent()).resolves.toContain(`Could not load ${url}`);
    const added = browser.errors.slice(errorsBefore);
    expect(added.filter((e) => !REFUSED.test(e))).toEqual([]);
    expectedErrors += added.length;
  });

  it('a lamp picked on the globe stays selected on the map, which opens where the globe looked', async () => {
    await page.goto(`${app.baseUrl}?view=globe&lang=fr`);
    await waitForGlobe(page);
    // Fly closer to the main commune (as the search box does), then click a lamp head.
    await page.getByTestId('search-input').fill(city.communes.name[0]);
    await page.getByTestId('search-results').getByRole('button').first().click();
    await page.waitForTimeout(4000);
    await page.waitForFunction(() => !!window.__twinGlobe?.ready, null, { timeout: CESIUM_READY_MS });
    const candidates = await page.evaluate((count) => {
      const host = document.querySelector('.globe-host')!;
      const w = host.clientWidth, h = host.clientHeight;
      const out: [number, number, number][] = [];
      for (let i = 0; i < count; i += 3) {
        const p = window.__twinGlobe!.projectLamp!(i);
        if (p && p[0] > 80 && p[0] < w - 320 && p[1] > 80 && p[1] < h - 80) out.push([i, p[0], p[1]]);
      }
      out.sort((a, b) => Math.hypot(a[1] - w / 2, a[2] - h / 2) - Math.hypot(b[1] - w / 2, b[2] - h / 2));
      return out.slice(0, 10);
    }, city.lamps.count);
    expect(candidates.length).toBeGreaterThan(0);
    const box = (await page.locator('.globe-host').boundingBox())!;
    let picked: number | null = null;
    for (const [, x, y] of candidates) {
      await page.mouse.click(box.x + x, box.y + y);
      const details = page.getByTestId('selection-details');
      await details.waitFor({ timeout: 5000 }).catch(() => undefined);
      if ((await details.getAttribute('data-kind').catch(() => null)) === 'lamp') {
        const title = (await details.locator('h2').textContent()) ?? '';
        picked = Number(/(\d+)\s*$/.exec(title)?.[1]);
        break;
      }
    }
    expect(picked).not.toBeNull();

    await page.getByTestId('view-map').click();
    await page.waitForFunction(() => !!window.__twinMap?.ready, null, { timeout: 60_000 });
    await expect(page.getByTestId('selection-details').locator('h2').textContent()).resolves.toContain(String(picked));
    const map = await page.evaluate(() => ({ lon: window.__twinMap!.longitude, lat: window.__twinMap!.latitude, layers: window.__twinMap!.layers }));
    expect(map.layers).toContain('selection');
    // The map is centred near the picked lamp's neighbourhood (the globe looked at the main commune).
    const [xM, yM] = makeProjection(city.meta.frame).toXY(map.lon, map.lat);
    const dM = Math.hypot(xM - city.lamps.xM[picked!], yM - city.lamps.yM[picked!]);
    expect(dM).toBeLessThan(3000);
  });

  it('logged no console error (but the refused requests asked for above) and sent no request off the machine', () => {
    expect(browser.errors.filter((e) => !REFUSED.test(e))).toEqual([]);
    expect(browser.errors.length).toBe(expectedErrors);
    expect(browser.requests.length).toBeGreaterThan(10);
    expect(browser.requests.filter((u) => !isLocalUrl(u))).toEqual([]);
  });
});
