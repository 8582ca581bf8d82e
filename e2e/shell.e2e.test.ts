// Browser tests of the app shell: FR/EN switch, ?lang=, unknown views, and opening city files
// (a bad file keeps the current city; a valid one replaces it; drag and drop).

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { decodeCity, encodeCity } from '../src/core/city/cityFile.ts';
import type { CityModel } from '../src/core/city/model.ts';
import { makeTestCity } from '../src/views/scene3d/testCity.ts';
import { browserAvailability, buildAndServe, defaultCityPath, isLocalUrl, launchBrowser, twinState, waitForFrames, type Browser, type ServedApp } from './harness.ts';

const { available } = browserAvailability();

describe.skipIf(!available)('app shell (built app, headless chromium)', () => {
  let app: ServedApp;
  let browser: Browser;
  let page: Page;
  let city: CityModel;
  let cityBytes: Uint8Array;

  beforeAll(async () => {
    cityBytes = new Uint8Array(readFileSync(defaultCityPath()));
    city = decodeCity(cityBytes);
    app = await buildAndServe();
    browser = await launchBrowser();
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('switching language changes the UI text and is kept in the URL', async () => {
    await page.goto(`${app.baseUrl}?lang=fr`);
    await waitForFrames(page);
    const open = page.locator('label.open-city');
    await expect(open.textContent()).resolves.toContain('Ouvrir une ville');
    await expect(page.getByTestId('search-input').getAttribute('placeholder')).resolves.toBe('Commune ou rue…');
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('fr');

    await page.getByTestId('lang-en').click();
    await expect(open.textContent()).resolves.toContain('Open a city');
    await expect(page.getByTestId('search-input').getAttribute('placeholder')).resolves.toBe('Commune or street…');
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('en');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    if (city.meta.source === 'generated') await expect(page.getByTestId('generated-badge').textContent()).resolves.toBe('generated city');

    await page.getByTestId('lang-fr').click();
    await expect(open.textContent()).resolves.toContain('Ouvrir une ville');
  });

  it('?lang=en opens in English', async () => {
    await page.goto(`${app.baseUrl}?lang=en`);
    await expect(page.locator('label.open-city').textContent()).resolves.toContain('Open a city');
  });

  it('an unknown view shows a clear message and no canvas', async () => {
    await page.goto(`${app.baseUrl}?view=hologram&lang=en`);
    const msg = page.getByTestId('unknown-view');
    await msg.waitFor();
    await expect(msg.textContent()).resolves.toContain('“hologram” is not available');
    await expect(page.locator('canvas').count()).resolves.toBe(0);
    await msg.getByRole('link').click();
    await waitForFrames(page);
    await expect(page.locator('canvas').count()).resolves.toBe(1);
  });

  it('a bad city file shows the CityFileError message and keeps the current city', async () => {
    await page.goto(`${app.baseUrl}?lang=en`);
    const before = await waitForFrames(page);
    await page.getByTestId('city-file-input').setInputFiles({ name: 'bad.city', mimeType: 'application/octet-stream', buffer: Buffer.from('this is not a city model, only some text') });
    const error = page.getByTestId('city-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toMatch(/Could not open the city: bad\.city: not a city file/);
    await expect(error.textContent()).resolves.toContain('The current city is kept.');
    await expect(page.getByTestId('city-name').textContent()).resolves.toBe(city.meta.name);
    const after = await waitForFrames(page, { afterFrames: before.frames, minFrames: 2 });
    expect(after.cityName).toBe(city.meta.name);
    expect(after.lampInstances).toBe(city.lamps.count);

    // A truncated copy of the real file is refused too, with its own message.
    await error.getByRole('button').click();
    await page.getByTestId('city-file-input').setInputFiles({ name: 'cut.city', mimeType: 'application/octet-stream', buffer: Buffer.from(cityBytes.subarray(0, 5000)) });
    await error.waitFor();
    await expect(error.textContent()).resolves.toMatch(/cut\.city: truncated/);
    await expect(page.getByTestId('city-name').textContent()).resolves.toBe(city.meta.name);
  });

  it('a valid city file replaces the city; a dropped bad file keeps it', async () => {
    const small = makeTestCity({ name: 'Petite ville de test' });
    await page.getByTestId('city-file-input').setInputFiles({ name: 'small.city', mimeType: 'application/octet-stream', buffer: Buffer.from(encodeCity(small)) });
    const t = await waitForFrames(page, { cityName: 'Petite ville de test', minFrames: 3 });
    expect(t.lampInstances).toBe(small.lamps.count);
    expect(t.buildingCount).toBe(small.buildings.count);
    await expect(page.getByTestId('city-name').textContent()).resolves.toBe('Petite ville de test');
    await expect(page.getByTestId('city-error').count()).resolves.toBe(0);

    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array([1, 2, 3, 4, 5])], 'dropped.city'));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    const error = page.getByTestId('city-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toMatch(/dropped\.city: too short to be a city file/);
    expect((await twinState(page))!.cityName).toBe('Petite ville de test');
  });

  it('logged no console error and sent no request off the machine', () => {
    expect(browser.errors).toEqual([]);
    expect(browser.requests.filter((u) => !isLocalUrl(u))).toEqual([]);
  });
});
