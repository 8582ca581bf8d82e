// Browser test of the operator workflow on the built app against the embedded broker with an
// operator account: preview a dimmed district, refused login, log in, confirm, acknowledgements
// from the simulated cabinets, revert to the previous values, hand-picked lamps; the audit log
// survives a reload; the password is kept nowhere.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBroker, type RunningBroker } from '../src/cli/broker.ts';
import { decodeCity } from '../src/core/city/cityFile.ts';
import { lampExternalId } from '../src/core/city/entityIds.ts';
import { browserAvailability, buildAndServe, defaultCityPath, isLocalUrl, launchBrowser, type Browser, type ServedApp } from './harness.ts';

const SCREENSHOT = '/tmp/twin-e2e-operator.png';
const PASSWORD = 'e2e-operator-pass';
const { available } = browserAvailability();
const cabinet = (k: number) => `urn:ngsi-ld:StreetlightControlCabinet:cabinet-${String(k).padStart(4, '0')}`;

describe.skipIf(!available)('operator workflow against the embedded broker (built app, headless chromium)', () => {
  let app: ServedApp;
  let browser: Browser;
  let page: Page;
  let broker: RunningBroker;

  beforeAll(async () => {
    broker = await startBroker({ tcpPort: 0, wsPort: 0, sample: null, operators: { operator: PASSWORD } });
    [app, browser] = await Promise.all([buildAndServe(), launchBrowser()]);
    page = await browser.newPage();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await broker?.close();
  });

  const entries = () => page.getByTestId('operator-entry');

  it('previews, applies with confirmation as a logged-in operator, shows acknowledgements and reverts', async () => {
    await page.goto(`${app.baseUrl}?view=map&lang=en&mqtt=${encodeURIComponent(broker.wsUrl)}`);
    await page.waitForFunction(() => window.__twinSim?.status?.phase === 'ready', undefined, { timeout: 120_000 });
    await page.getByTestId('tab-feeds').click();
    await page.getByTestId('operator-by-cabinets').check();
    await page.getByTestId('operator-cabinets').fill('0, 1');
    await page.getByTestId('operator-level').fill('30');
    await page.getByTestId('operator-hours').fill('24');
    expect(await page.getByTestId('operator-apply').isDisabled()).toBe(true); // not logged in

    await page.getByTestId('operator-preview-run').click();
    await page.getByTestId('operator-preview').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('operator-delta-energy').textContent()).toMatch(/^-/);

    // A wrong password: refused, said so, not logged in.
    await page.getByTestId('operator-user').fill('operator');
    await page.getByTestId('operator-password').fill('wrong-one');
    await page.getByTestId('operator-login-submit').click();
    await page.getByTestId('operator-error').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('operator-error').textContent()).toMatch(/refused the operator "operator"/);
    expect(await page.getByTestId('operator-error').textContent()).not.toContain('wrong-one');

    await page.getByTestId('operator-password').fill(PASSWORD);
    await page.getByTestId('operator-login-submit').click();
    await page.getByTestId('operator-who').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('operator-who').textContent()).toContain('operator');

    await page.getByTestId('operator-apply').click();
    await page.getByTestId('operator-confirm').waitFor();
    expect(await page.getByTestId('operator-confirm').textContent()).toMatch(/Send 2 commands .* as operator/);
    expect(broker.deviceState(cabinet(0))).toBeNull(); // nothing before the confirmation
    await page.getByTestId('operator-confirm-yes').click();
    await expect.poll(() => entries().first().getAttribute('data-status'), { timeout: 15_000 }).toBe('acknowledged');
    expect([broker.deviceState(cabinet(0)), broker.deviceState(cabinet(1))]).toEqual([{ illuminanceLevel: 0.3 }, { illuminanceLevel: 0.3 }]);

    await page.getByTestId('operator-revert').click();
    await expect.poll(() => entries().count(), { timeout: 15_000 }).toBe(2);
    await expect.poll(() => entries().first().getAttribute('data-status'), { timeout: 15_000 }).toBe('acknowledged');
    const restored = broker.deviceState(cabinet(0))!.illuminanceLevel!;
    expect(restored).toBeGreaterThan(0.3);
    expect(await page.getByTestId('operator-revert').count()).toBe(0); // one revert per entry

    // Hand-picked lamps: one Streetlight command each.
    const city = decodeCity(new Uint8Array(readFileSync(defaultCityPath())), 'default city');
    const lamps = [lampExternalId(city, 10), lampExternalId(city, 20)];
    await page.getByTestId('operator-by-lamps').check();
    await page.getByTestId('operator-lamps').fill(lamps.join(', '));
    await page.getByTestId('operator-apply').click();
    await page.getByTestId('operator-confirm').waitFor();
    expect(await page.getByTestId('operator-confirm').textContent()).toMatch(/Send 2 commands \(2 lamps\)/);
    await page.getByTestId('operator-confirm-yes').click();
    await expect.poll(() => entries().count(), { timeout: 15_000 }).toBe(3);
    await expect.poll(() => entries().first().getAttribute('data-status'), { timeout: 15_000 }).toBe('acknowledged');
    expect(lamps.map((id) => broker.deviceState(`urn:ngsi-ld:Streetlight:${id}`))).toEqual([{ illuminanceLevel: 0.3 }, { illuminanceLevel: 0.3 }]);
    await page.screenshot({ path: SCREENSHOT });

    // The password is in no storage and no field; the audit log is in localStorage.
    await page.waitForTimeout(500); // the log is written once answers have settled
    const storedBefore = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.documentElement.outerHTML);
    expect(storedBefore).not.toContain(PASSWORD);
    expect(storedBefore).toContain(lamps[0]);
    expect(await page.getByTestId('operator-password').count()).toBe(0);

    // A reloaded page shows the past entries (logged out: the session is not kept).
    await page.reload();
    await page.waitForFunction(() => window.__twinSim?.status?.phase === 'ready', undefined, { timeout: 120_000 });
    await page.getByTestId('tab-feeds').click();
    await expect.poll(() => entries().count(), { timeout: 15_000 }).toBe(3);
    expect(await entries().evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['acknowledged', 'acknowledged', 'acknowledged']);
    expect(await page.getByTestId('operator-login').count()).toBe(1);

    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.documentElement.outerHTML);
    expect(stored).not.toContain(PASSWORD);
    expect(await page.getByTestId('operator-password').inputValue()).toBe('');
    expect(browser.errors).toEqual([]);
    expect(browser.requests.filter((u) => !isLocalUrl(u))).toEqual([]);
  }, 300_000);
});
