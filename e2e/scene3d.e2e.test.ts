// Browser tests of the 3D night view on the built app: the whole default city drawn (pixels,
// instance counts, draw calls), lamp glow following levels, click picking, search, offline.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { decodeCity } from '../src/core/city/cityFile.ts';
import type { CityModel } from '../src/core/city/model.ts';
import {
  browserAvailability, buildAndServe, canvasPixelStats, defaultCityPath, isLocalUrl, launchBrowser, twinState, waitForFrames, waitForSim,
  type Browser, type ServedApp,
} from './harness.ts';

const SCREENSHOT = '/tmp/twin-e2e-night.png';
const { available } = browserAvailability();

describe.skipIf(!available)('3D night view (built app, headless chromium)', () => {
  let app: ServedApp;
  let browser: Browser;
  let page: Page;
  let city: CityModel;

  beforeAll(async () => {
    city = decodeCity(new Uint8Array(readFileSync(defaultCityPath())));
    app = await buildAndServe();
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(`${app.baseUrl}?view=3d&lang=fr`);
    // The simulation's first frame sets the lamp levels; the tests below set them by hand after it.
    await waitForSim(page);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('draws the whole default city at night: every lamp, every building, few draw calls', async () => {
    const t = await waitForFrames(page, { minFrames: 3 });
    expect(t.cityName).toBe(city.meta.name);
    expect(t.citySource).toBe(city.meta.source);
    expect(t.lampInstances).toBe(city.lamps.count);
    expect(t.lampSprites).toBe(city.lamps.count);
    let buildings = 0;
    for (let i = 0; i < city.buildings.count; i++) if (city.buildings.ringStart[i + 1] - city.buildings.ringStart[i] >= 3) buildings++;
    expect(t.buildingCount).toBe(buildings);
    expect(t.signalHeads).toBe(city.signals.approachStart[city.signals.count]);
    expect(t.drawCalls).toBeGreaterThanOrEqual(5);
    expect(t.drawCalls).toBeLessThan(50);
    console.info(`[e2e] drawCalls=${t.drawCalls} lamps=${t.lampInstances} buildings=${t.buildingCount} roads=${t.roadCount} signalHeads=${t.signalHeads}`);

    const px = await canvasPixelStats(page, SCREENSHOT);
    const total = px.width * px.height;
    console.info(`[e2e] pixels ${px.width}×${px.height}: warm ${px.warm}, dark ${px.dark}, bright ${px.bright}, mean luminance ${px.meanLuminance.toFixed(1)} → ${SCREENSHOT}`);
    // A night scene: mostly dark, with many warm lit pixels (lamps, pools of light, windows).
    expect(px.dark / total).toBeGreaterThan(0.4);
    expect(px.warm / total).toBeGreaterThan(0.005);
    expect(px.bright / total).toBeGreaterThan(0.003);
    expect(px.meanLuminance).toBeLessThan(80);
  });

  it('the page is cross-origin isolated (COOP/COEP from vite preview)', async () => {
    await expect(page.evaluate(() => crossOriginIsolated)).resolves.toBe(true);
  });

  it('the generated city is labelled as generated', async () => {
    if (city.meta.source !== 'generated') return;
    await expect(page.getByTestId('generated-badge').textContent()).resolves.toBe('ville générée');
  });

  it('lamp glow and pools follow the lamp levels', async () => {
    const on = await canvasPixelStats(page);
    const before = (await twinState(page))!.frames;
    await page.evaluate(() => window.__twin!.setAllLampLevels!(0));
    await waitForFrames(page, { afterFrames: before, minFrames: 2 });
    const off = await canvasPixelStats(page);
    console.info(`[e2e] warm pixels with lamps on ${on.warm}, off ${off.warm}; bright ${on.bright} → ${off.bright}`);
    expect(off.bright).toBeLessThan(on.bright * 0.6);
    expect(off.warm).toBeLessThan(on.warm * 0.8);
    const again = (await twinState(page))!.frames;
    await page.evaluate(() => window.__twin!.setAllLampLevels!(1));
    await waitForFrames(page, { afterFrames: again, minFrames: 2 });
    const back = await canvasPixelStats(page);
    expect(back.bright).toBeGreaterThan(on.bright * 0.8);
  });

  it('clicking a lamp shows its attributes in the side panel', async () => {
    const xs = Array.from(city.lamps.xM), ys = Array.from(city.lamps.yM), hs = Array.from(city.lamps.mountingHeightM);
    // Lamps nearest the canvas centre with no other lamp within 8 px on screen.
    const candidates = await page.evaluate(
      ({ xs, ys, hs }) => {
        const canvas = document.querySelector('canvas')!;
        const w = canvas.clientWidth, h = canvas.clientHeight;
        const pts: [number, number, number][] = [];
        for (let i = 0; i < xs.length; i++) {
          const p = window.__twin!.project!(xs[i], ys[i], hs[i]);
          if (p && p[0] > 40 && p[0] < w - 40 && p[1] > 40 && p[1] < h - 40) pts.push([i, p[0], p[1]]);
        }
        const isolated = pts.filter(([i, x, y]) => !pts.some(([j, u, v]) => j !== i && Math.hypot(u - x, v - y) < 8));
        isolated.sort((a, b) => Math.hypot(a[1] - w / 2, a[2] - h / 2) - Math.hypot(b[1] - w / 2, b[2] - h / 2));
        return isolated.slice(0, 6);
      },
      { xs, ys, hs },
    );
    expect(candidates.length).toBeGreaterThan(0);
    const box = (await page.locator('canvas').first().boundingBox())!;
    let picked: number | null = null;
    for (const [i, x, y] of candidates) {
      await page.mouse.click(box.x + x, box.y + y);
      const details = page.getByTestId('selection-details');
      await details.waitFor({ timeout: 10_000 }).catch(() => undefined);
      if ((await details.getAttribute('data-kind').catch(() => null)) === 'lamp' && (await details.locator('h2').textContent())?.includes(String(i))) {
        picked = i;
        break;
      }
    }
    // Some candidates may hide behind a building; at least one must be pickable.
    expect(picked).not.toBeNull();
    const text = await page.getByTestId('selection-details').textContent();
    for (const label of ['Technologie', 'Puissance nominale', 'Hauteur de feu', 'Classe EN 13201', 'Armoire', 'Commune', 'Provenance']) expect(text).toContain(label);
    await page.getByRole('button', { name: 'Désélectionner' }).click();
    await expect(page.getByTestId('city-summary').isVisible()).resolves.toBe(true);
  });

  it('search flies to a commune by name and to a street, selecting it', async () => {
    const commune = city.communes.name[Math.min(1, city.communes.count - 1)];
    const ci = Math.min(1, city.communes.count - 1);
    await page.getByTestId('search-input').fill(commune);
    await page.getByTestId('search-results').getByRole('button').first().click();
    // The flight ends with the commune centre in the middle of the view (frames are slow in software GL).
    await page.waitForFunction(
      ({ x, y }) => {
        const c = document.querySelector('canvas')!;
        const p = window.__twin!.project!(x, y, 0);
        return !!p && Math.abs(p[0] - c.clientWidth / 2) < c.clientWidth * 0.05 && Math.abs(p[1] - c.clientHeight / 2) < c.clientHeight * 0.05;
      },
      { x: city.communes.centreXM[ci], y: city.communes.centreYM[ci] },
      { timeout: 60_000, polling: 250 },
    );

    const named = city.links.name.findIndex((n) => n >= 0);
    if (named < 0) return;
    const frames = (await twinState(page))!.frames;
    await page.getByTestId('search-input').fill(city.strings[city.links.name[named]]);
    await page.keyboard.press('Enter');
    await waitForFrames(page, { afterFrames: frames, minFrames: 2 });
    await expect(page.getByTestId('selection-details').getAttribute('data-kind')).resolves.toBe('link');
    await expect(page.getByTestId('selection-details').textContent()).resolves.toContain(city.strings[city.links.name[named]]);
  });

  it('logged no console error and sent no request off the machine', () => {
    expect(browser.errors).toEqual([]);
    expect(browser.requests.length).toBeGreaterThan(3);
    expect(browser.requests.filter((u) => !isLocalUrl(u))).toEqual([]);
  });
});
