// Browser tests of the simulation running in its web worker on the built app: the timeline plays,
// seeking into the night dims the lamps the 3D view draws, a bad scenario file is refused and the
// strategy kept, a long run shows progress and can be cancelled, and the worker's KPIs equal Node's.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { decodeCity } from '../src/core/city/cityFile.ts';
import type { CityModel } from '../src/core/city/model.ts';
import { parseScenarioText } from '../src/core/scenario/parse.ts';
import { runScenario, type RunKpis } from '../src/core/scenarioRun.ts';
import { formatLocal, localClockToUtcMs, localMidnightUtcMs } from '../src/core/time/parisTime.ts';
import {
  browserAvailability, buildAndServe, canvasPixelStats, defaultCityPath, isLocalUrl, launchBrowser, simState, twinState, waitForFrames, waitForSim,
  type Browser, type ServedApp,
} from './harness.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SCREENSHOT = '/tmp/twin-e2e-simulation.png';
const PAGE_SCREENSHOT = '/tmp/twin-e2e-kpi-panel.png';
const DAY_MS = 86_400_000;
const { available } = browserAvailability();

const scenarioText = (name: string) => readFileSync(resolve(ROOT, 'scenarios', `${name}.scenario.json`), 'utf8');
/** UTC ms of a Paris wall-clock time on the local day containing `dayMs`. */
const parisAt = (dayMs: number, hh: number) => localClockToUtcMs(localMidnightUtcMs(dayMs), hh * 3_600_000);

describe.skipIf(!available)('simulation in the web worker (built app, headless chromium)', () => {
  let app: ServedApp;
  let browser: Browser;
  let page: Page;
  let city: CityModel;

  /** Moves the scrubber like a user (the input event the range fires), then waits for the frame at that time. */
  async function scrubTo(timeMs: number) {
    await page.getByTestId('scrubber').fill(String(timeMs));
    await waitForSim(page, { timeMs });
    // Let the 3D view draw the new levels.
    const t = (await twinState(page))!;
    await waitForFrames(page, { afterFrames: t.frames, minFrames: 2 });
  }

  async function chooseScenario(name: string) {
    await page.getByTestId('scenario-select').selectOption(name);
    await waitForSim(page, { scenario: name });
  }

  async function choosePeriod(days: number | null) {
    await page.getByTestId('period-select').selectOption(days === null ? '' : String(days));
    await page.waitForFunction(
      (d) => {
        const s = window.__twinSim?.status;
        return !!s?.scenario && s.phase === 'ready' && (d === null ? s.scenario.endMs - s.scenario.startMs === s.scenario.scenarioDays * 86_400_000 : s.scenario.endMs - s.scenario.startMs === d * 86_400_000);
      },
      days,
      { timeout: 60_000 },
    );
  }

  beforeAll(async () => {
    city = decodeCity(new Uint8Array(readFileSync(defaultCityPath())));
    app = await buildAndServe();
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(`${app.baseUrl}?lang=en`);
    await waitForFrames(page, { minFrames: 3 });
    await waitForSim(page, { scenario: 'dijon-today' });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('opens on the first evening of dijon-today with the timeline, the KPI panel and levels for every lamp', async () => {
    const s = (await simState(page))!;
    expect(formatLocal(s.timeMs!)).toBe('2025-01-01 21:00');
    await expect(page.getByTestId('sim-time').textContent()).resolves.toBe('2025-01-01 21:00');
    expect(s.levels?.count).toBe(city.lamps.count);
    expect(s.levels?.mean).toBeGreaterThan(0.95); // before 22:00: full power
    await expect(page.getByTestId('kpi-energy').textContent()).resolves.toMatch(/Energy[\d.,\s]+(kWh|MWh)/);
    await expect(page.getByTestId('co2-factor').textContent()).resolves.toMatch(/52 g\/kWh — ADEME/);
    await expect(page.getByTestId('kpi-savings').textContent()).resolves.toMatch(/−\d+(\.\d)? %energy saved against “2017 reference”/);
    await expect(page.getByTestId('kpi-compliance').textContent()).resolves.toMatch(/EN 13201 compliant roads(—|\d+(\.\d)? %)/);
  });

  it('the timeline plays: simulated time advances, frames keep coming, pause stops them', async () => {
    const t0 = (await simState(page))!.timeMs!;
    await page.getByTestId('speed-3600').click();
    await page.getByTestId('play-button').click();
    await page.waitForFunction((t) => (window.__twinSim?.timeMs ?? 0) > t + 30 * 60_000, t0, { timeout: 60_000, polling: 100 });
    await page.waitForTimeout(2000);
    const playing = (await simState(page))!;
    expect(playing.playing).toBe(true);
    console.info(`[e2e] level frames received per second while playing at ×3600: ${playing.framesPerSecond}`);
    expect(playing.framesPerSecond).toBeGreaterThan(0);
    expect(playing.framesPerSecond).toBeLessThanOrEqual(31);
    await page.getByTestId('play-button').click();
    await page.waitForFunction(() => window.__twinSim?.status?.playing === false);
    const paused = (await simState(page))!;
    expect(paused.timeMs!).toBeGreaterThan(t0 + 30 * 60_000);
    await expect(page.getByTestId('sim-time').textContent()).resolves.toBe(formatLocal(paused.timeMs!));
    await page.waitForTimeout(500);
    expect((await simState(page))!.frames).toBe(paused.frames);
    await page.getByTestId('speed-600').click();
  });

  it('seeking to 23:00 on a night of dijon-led-part-night dims the lamps the view draws', async () => {
    await chooseScenario('dijon-led-part-night');
    const day = Date.parse('2025-01-02T12:00:00+01:00');
    await scrubTo(parisAt(day, 21));
    const at21 = (await simState(page))!.levels!;
    const px21 = await canvasPixelStats(page);
    await scrubTo(parisAt(day, 23));
    await expect(page.getByTestId('sim-time').textContent()).resolves.toBe('2025-01-02 23:00');
    const at23 = (await simState(page))!.levels!;
    const px23 = await canvasPixelStats(page, SCREENSHOT);
    console.info(`[e2e] dijon-led-part-night mean level 21:00 ${at21.mean.toFixed(3)} → 23:00 ${at23.mean.toFixed(3)}; warm px ${px21.warm} → ${px23.warm}, bright px ${px21.bright} → ${px23.bright}, mean luminance ${px21.meanLuminance.toFixed(1)} → ${px23.meanLuminance.toFixed(1)}`);
    expect(at21.mean).toBeCloseTo(1, 3);
    expect(at23.mean).toBeCloseTo(0.7, 3);
    expect(at23.dimmed).toBe(city.lamps.count);
    expect(px23.meanLuminance).toBeLessThan(px21.meanLuminance);
    expect(px23.bright).toBeLessThan(px21.bright);
  });

  it('a bad scenario file shows the ScenarioError and keeps the strategy', async () => {
    const before = (await simState(page))!;
    const bad = JSON.parse(scenarioText('dijon-today'));
    bad.lighting.rules[0].policy.steps[0].level = -0.5;
    await page.getByTestId('scenario-file-input').setInputFiles({ name: 'bad.scenario.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    const error = page.getByTestId('scenario-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toMatch(/Could not apply the scenario: bad\.scenario\.json: invalid scenario: lighting\.rules\[0\]\.policy\.steps\[0\]\.level: a level is at least 0/);
    await expect(error.textContent()).resolves.toContain('The current strategy is kept.');
    await expect(page.getByTestId('scenario-select').inputValue()).resolves.toBe('dijon-led-part-night');
    const after = (await simState(page))!;
    expect(after.scenario).toBe('dijon-led-part-night');
    expect(after.timeMs).toBe(before.timeMs);
    expect(after.levels).toEqual(before.levels);
    await error.getByRole('button').click();

    // A good file from disk is applied and listed in the picker.
    const good = JSON.parse(scenarioText('dijon-led-part-night'));
    good.name = 'my-part-night';
    good.title.en = 'My part-night';
    good.lighting.rules[0].policy.steps[0].level = 0.5;
    await page.getByTestId('scenario-file-input').setInputFiles({ name: 'mine.scenario.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
    await waitForSim(page, { scenario: 'my-part-night', timeMs: before.timeMs! });
    await expect(page.getByTestId('scenario-select').inputValue()).resolves.toBe('file:mine.scenario.json');
    expect((await simState(page))!.levels!.mean).toBeCloseTo(0.5, 3);
  });

  it('"run to end" shows its progress and ends with the KPIs of the period; a long run can be cancelled', async () => {
    await chooseScenario('dijon-presence');
    await choosePeriod(30);
    await page.getByTestId('run-to-end').click();
    await page.getByTestId('job-progress').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => Number((document.querySelector('[data-testid=job-progress]') as HTMLProgressElement | null)?.value ?? 0) > 0, null, { timeout: 60_000 });
    await expect(page.getByTestId('job-status').textContent()).resolves.toMatch(/Computing the period… \d+ %/);
    // The page stays responsive during the run.
    await expect(page.evaluate(() => 1 + 1)).resolves.toBe(2);
    await page.waitForFunction(() => (window.__twinSim?.runs ?? 0) >= 1, null, { timeout: 150_000, polling: 250 });
    await waitForSim(page);
    const done = (await simState(page))!;
    expect(done.atEnd).toBe(true);
    await expect(page.getByTestId('kpi-span').textContent()).resolves.toMatch(/30 days simulated — whole period/);
    await expect(page.getByTestId('kpi-energy').textContent()).resolves.toMatch(/MWh/);
    await expect(page.getByTestId('job-progress').count()).resolves.toBe(0);

    // The whole year of presence detection takes minutes: cancel it.
    await choosePeriod(null);
    await page.getByTestId('run-to-end').click();
    await page.getByTestId('cancel-button').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => Number((document.querySelector('[data-testid=job-progress]') as HTMLProgressElement | null)?.value ?? 0) > 0, null, { timeout: 60_000 });
    // No actionability wait: the software-rendered page may take seconds per frame on a busy machine.
    await page.getByTestId('cancel-button').dispatchEvent('click');
    await page.getByTestId('run-to-end').waitFor({ timeout: 30_000 });
    const cancelled = await waitForSim(page);
    expect(cancelled.atEnd).toBe(false);
    expect(cancelled.runs).toBe(1);
    expect(cancelled.timeMs!).toBeLessThan(Date.parse('2025-12-31T00:00:00Z'));
  });

  it('the worker computes the same KPIs as runScenario in Node (dijon-today, 7 days, same city, seed)', async () => {
    await chooseScenario('dijon-today');
    await choosePeriod(7);
    const runs = (await simState(page))!.runs;
    await page.getByTestId('run-to-end').click();
    await page.waitForFunction((n) => (window.__twinSim?.runs ?? 0) > n, runs, { timeout: 120_000, polling: 100 });
    const inWorker = await page.evaluate(() => window.__twinSim!.lastRun) as RunKpis;
    const scenario = parseScenarioText(scenarioText('dijon-today'), 'dijon-today.scenario.json');
    const startMs = Date.parse(scenario.period.start);
    const inNode = runScenario(city, scenario, {
      startMs, endMs: startMs + 7 * DAY_MS, baseline: parseScenarioText(scenarioText('dijon-2017-baseline'), 'dijon-2017-baseline.scenario.json'),
    });
    console.info(`[e2e] dijon-today 7 days: worker ${inWorker.lighting.energyKWh} kWh in ${inWorker.wallMs} ms, Node ${inNode.lighting.energyKWh} kWh`);
    expect(JSON.parse(JSON.stringify({ ...inWorker, wallMs: 0 }))).toEqual(JSON.parse(JSON.stringify({ ...inNode, wallMs: 0 })));
    expect(JSON.stringify({ ...inWorker, wallMs: 0 })).toBe(JSON.stringify({ ...inNode, wallMs: 0 }));

    // For the record: the indicators of the last night of the week, with the timeline, as shown to people.
    await scrubTo(parisAt(startMs + 6 * DAY_MS, 23));
    await page.getByTestId('night-power-chart').waitFor();
    await page.screenshot({ path: PAGE_SCREENSHOT });
  });

  it('logged no console error and sent no request off the machine', () => {
    expect(browser.errors).toEqual([]);
    expect(browser.requests.filter((u) => !isLocalUrl(u))).toEqual([]);
  });
});
