// Browser test of a traffic comparison in the studio: a one-hour window of the morning peak (08:00–09:00,
// weekday signals against the green wave) in the two compare workers; traffic deltas as the headless compare's, and the trip scatter.

import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { changeAt, type KpiDelta } from '../src/core/compare.ts';
import { browserAvailability, openReadyApp } from './harness.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { available } = browserAvailability();
/** The window: one hour from 08:00 on the scenarios' Tuesday (they start at midnight). */
const WINDOW_START = '2025-03-11T08:00:00+01:00';
const WINDOW_OFFSET_H = 8;

interface Headless {
  baseline: Record<string, unknown>;
  delta: KpiDelta;
}

const valueAt = (o: unknown, path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o) as number;

function headlessCompare(baseline: string, variant: string): Headless {
  const args = ['--import', 'tsx', resolve(ROOT, 'src/cli/sim.ts'), baseline, '--compare', variant, '--hours', '1', '--start', WINDOW_START];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`headless compare failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Headless;
}

describe.skipIf(!available)('studio traffic comparison (built app, headless chromium)', () => {
  let ready: Awaited<ReturnType<typeof openReadyApp>>;
  let page: Page;

  beforeAll(async () => {
    ready = await openReadyApp();
    page = ready.page;
  });

  afterAll(async () => {
    await ready?.close();
  });

  it('compares an hour of the green wave with the weekday plans and shows traffic deltas and the trip scatter', async () => {
    await page.getByTestId('tab-studio').click();
    await page.getByTestId('studio-load').selectOption('dijon-green-wave');
    await expect(page.getByTestId('studio-draft-name').textContent()).resolves.toBe('dijon-green-wave-variant');
    await page.getByTestId('studio-baseline').selectOption('dijon-weekday-traffic');
    await page.getByTestId('studio-days').selectOption(String(1 / 24));
    await page.getByTestId('studio-window-start').selectOption(String(WINDOW_OFFSET_H));

    const t0 = Date.now();
    await page.getByTestId('studio-run').click();
    await page.waitForSelector('[data-testid="compare-results"]', { timeout: 110_000 });
    const pageMs = Date.now() - t0;
    const wallMs = Number(await page.getByTestId('compare-results').getAttribute('data-wall-ms'));
    console.info(`[e2e] studio traffic compare, 1 h window (08:00–09:00), two workers: ${wallMs} ms in the workers, ${pageMs} ms click to results`);
    await expect(page.getByTestId('compare-span').textContent()).resolves.toMatch(/2025-03-11 08:00.*2025-03-11 09:00/);

    const cards = await page.$$eval('[data-testid^="delta-"]', (els) => els.map((e) => ({ path: e.getAttribute('data-path')!, diff: Number(e.getAttribute('data-diff')), pct: e.getAttribute('data-pct') })));
    const traffic = cards.filter((c) => c.path.startsWith('traffic.'));
    expect(traffic.map((c) => c.path)).toEqual(expect.arrayContaining(['traffic.completedTrips', 'traffic.meanTravelTimeS', 'traffic.totalDelayVehH', 'traffic.stops']));
    // A green wave changes how the corridor's vehicles stop: some traffic figure moves.
    expect(traffic.some((c) => c.diff !== 0)).toBe(true);
    const headless = headlessCompare('scenarios/dijon-weekday-traffic.scenario.json', 'scenarios/dijon-green-wave.scenario.json');
    // The same trips on both sides as in Node; the flows agree to within 0.5 % of the baseline's figure
    // (Node and the browser drive the run in different slices and V8 builds: a few stops of thousands differ).
    for (const c of traffic) {
      const h = changeAt(headless.delta, c.path)!;
      expect(h, c.path).not.toBeNull();
      if (c.path === 'traffic.completedTrips') expect(c.diff, c.path).toBe(h.diff);
      expect(Math.abs(c.diff - h.diff), c.path).toBeLessThanOrEqual(0.005 * Math.abs(valueAt(headless.baseline, c.path)));
    }

    // The per-trip scatter: the same trips on both sides, each a dot.
    const scatter = page.getByTestId('trip-scatter');
    const points = Number(await scatter.getAttribute('data-points'));
    expect(points).toBeGreaterThan(100);
    const dots = await scatter.locator('path').evaluateAll((ps) => Math.max(...ps.map((p) => (p.getAttribute('d') ?? '').split('M').length - 1)));
    expect(dots).toBe(points);
    expect(ready.browser.errors).toEqual([]);
  });
});
