// Browser test of the scenario studio on the built app: drag a point of the dimming profile, see
// the live compliance, save the draft, compare it with its baseline in two workers, and check the
// deltas shown (and the KPI CSV) are those of the headless `npm run sim -- … --compare …`.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { changeAt, type KpiDelta } from '../src/core/compare.ts';
import { parseScenarioText } from '../src/core/scenario/parse.ts';
import { browserAvailability, openReadyApp } from './harness.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { available } = browserAvailability();

function headlessCompare(baseline: string, variant: string, days: number) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(ROOT, 'src/cli/sim.ts'), baseline, '--compare', variant, '--days', String(days)], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`headless compare failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { baseline: { lighting: { energyKWh: number } }; variant: { lighting: { energyKWh: number } }; delta: KpiDelta };
}

describe.skipIf(!available)('scenario studio (built app, headless chromium)', () => {
  let ready: Awaited<ReturnType<typeof openReadyApp>>;
  let page: Page;
  const tmp = mkdtempSync(join(tmpdir(), 'twin-studio-'));

  beforeAll(async () => {
    ready = await openReadyApp();
    page = ready.page;
  });

  afterAll(async () => {
    await ready?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('edits a profile by drag, compares in two workers, and shows the deltas of the headless compare', async () => {
    await page.getByTestId('tab-studio').click();
    await expect(page.getByTestId('studio-draft-name').textContent()).resolves.toBe('dijon-today-variant');
    // The first rule: Dijon and Quetigny at 70 % from 22:00. Drag its 22:00 point down.
    const step = page.getByTestId('profile-step-0');
    await expect(step.getAttribute('data-at')).resolves.toBe('22:00');
    await expect(step.getAttribute('data-level')).resolves.toBe('0.7');
    const box = (await step.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let k = 1; k <= 5; k++) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + k * 8);
    await page.mouse.up();
    const level = Number(await step.getAttribute('data-level'));
    expect(level).toBeLessThan(0.7);
    expect(level).toBeGreaterThanOrEqual(0);
    await expect(step.getAttribute('data-at')).resolves.toBe('22:00');

    // Live compliance of one night of the draft, from the lighting model in the worker.
    await page.waitForSelector('[data-testid="studio-live"][data-status="done"]', { timeout: 60_000 });
    const below = Number(await page.getByTestId('studio-live').getAttribute('data-below-share'));
    expect(below).toBeGreaterThan(0);
    expect(below).toBeLessThan(1);
    // Which streets fall below their class at the night's worst hour.
    await expect(page.getByTestId('studio-below-roads').locator('li').count()).resolves.toBeGreaterThan(0);

    // Save: the draft as a .scenario.json file, valid, with the dragged level.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('studio-save').click()]);
    expect(download.suggestedFilename()).toBe('dijon-today-variant.scenario.json');
    const variantPath = join(tmp, 'dijon-today-variant.scenario.json');
    await download.saveAs(variantPath);
    const saved = parseScenarioText(readFileSync(variantPath, 'utf8'), variantPath);
    expect(saved.lighting.rules[0].policy).toMatchObject({ type: 'part-night', steps: [{ at: '22:00', level }, { at: '05:00', level: 1 }] });
    // The variant names its savings baseline beside it, as the shipped files do.
    copyFileSync(resolve(ROOT, 'scenarios/dijon-2017-baseline.scenario.json'), join(tmp, 'dijon-2017-baseline.scenario.json'));

    // Compare with the scenario as loaded over one night; progress bars show while both run.
    await page.evaluate(() => {
      const w = window as unknown as { __sawProgress?: boolean };
      w.__sawProgress = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="compare-progress"]')) w.__sawProgress = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    const t0 = Date.now();
    await page.getByTestId('studio-run').click();
    await page.waitForSelector('[data-testid="compare-results"]', { timeout: 120_000 });
    const pageMs = Date.now() - t0;
    expect(await page.evaluate(() => (window as unknown as { __sawProgress?: boolean }).__sawProgress)).toBe(true);
    const wallMs = Number(await page.getByTestId('compare-results').getAttribute('data-wall-ms'));
    console.info(`[e2e] studio compare of one night, whole city, two workers: ${wallMs} ms in the workers, ${pageMs} ms click to results`);

    const cards = await page.$$eval('[data-testid^="delta-"]', (els) => els.map((e) => ({ path: e.getAttribute('data-path')!, diff: Number(e.getAttribute('data-diff')), pct: e.getAttribute('data-pct') })));
    expect(cards.map((c) => c.path)).toEqual(expect.arrayContaining(['lighting.energyKWh', 'lighting.costEUR', 'lighting.co2Kg', 'lighting.compliantRoadShare']));

    const headless = headlessCompare('scenarios/dijon-today.scenario.json', variantPath, 1);
    for (const c of cards) {
      const h = changeAt(headless.delta, c.path)!;
      expect(h, c.path).not.toBeNull();
      expect(c.diff, c.path).toBe(h.diff);
      expect(c.pct === '' ? null : Number(c.pct), c.path).toBe(h.pct);
    }
    expect(changeAt(headless.delta, 'lighting.energyKWh')!.diff).toBeLessThan(0);

    // The KPI CSV carries the same figures.
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-kpi-csv').click()]);
    const csvPath = join(tmp, 'kpis.csv');
    await csvDownload.saveAs(csvPath);
    const energyRow = readFileSync(csvPath, 'utf8').split('\r\n').find((l) => l.startsWith('lighting.energyKWh,'))!.split(',');
    expect(Number(energyRow[1])).toBe(headless.baseline.lighting.energyKWh);
    expect(Number(energyRow[2])).toBe(headless.variant.lighting.energyKWh);

    // A PNG of the view on screen (the 3D scene's canvas, read right after it drew).
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    expect(png.suggestedFilename()).toMatch(/\.view\.png$/);
    const pngPath = join(tmp, 'view.png');
    await png.saveAs(pngPath);
    const bytes = readFileSync(pngPath);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(10_000);
    expect(ready.browser.errors).toEqual([]);
  });

  it('shares the draft by link, and refuses a hostile link with its reason', async () => {
    await page.getByTestId('studio-share').click();
    await page.waitForFunction(() => location.hash.startsWith('#scenario='));
    const url = page.url();
    const other = await ready.browser.context.newPage();
    await other.goto(url);
    await other.waitForSelector('[data-testid="studio-draft-name"]', { timeout: 60_000 });
    await expect(other.getByTestId('studio-draft-name').textContent()).resolves.toBe('dijon-today-variant');
    const shared = await other.getByTestId('profile-step-0').getAttribute('data-level');
    await expect(page.getByTestId('profile-step-0').getAttribute('data-level')).resolves.toBe(shared);
    await other.close();
    const hostile = await ready.browser.context.newPage();
    await hostile.goto(`${ready.app.baseUrl}?lang=en#scenario=${'A'.repeat(20_000)}`);
    await hostile.waitForSelector('[data-testid="studio-load-error"]', { timeout: 60_000 });
    await expect(hostile.getByTestId('studio-load-error').textContent()).resolves.toMatch(/more than 16000/);
    await hostile.close();
  });
});
