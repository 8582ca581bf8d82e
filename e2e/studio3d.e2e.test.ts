// Browser tests of the studio with the 3D view: a rule's target drawn on the ground (click points,
// double-click to close, Esc to cancel, outline drawn), the lamps it selects and the live compliance
// following it; the comparison's before/after in the 3D view (B key, swipe divider); and a traffic
// comparison of a one-hour window (08:00–09:00, weekday signals against the green wave) with its deltas and trip scatter.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { changeAt, type ChangeSpread, type KpiDelta } from '../src/core/compare.ts';
import { generateDefaultCity } from '../src/core/city/generate/defaultCity.ts';
import { lampsInArea } from '../src/core/lighting/selectors.ts';
import { parseScenarioText } from '../src/core/scenario/parse.ts';
import { browserAvailability, openReadyApp, twinState } from './harness.ts';

const { available } = browserAvailability();
const ROOT = resolve(import.meta.dirname, '..');
/** The window: one hour from 08:00 on the scenarios' Tuesday (they start at midnight). */
const WINDOW_START = '2025-03-11T08:00:00+01:00';
const WINDOW_OFFSET_H = 8;

interface Headless {
  baseline: Record<string, unknown>;
  delta: KpiDelta;
  seeds?: { seeds: number[]; spread: Record<string, ChangeSpread> };
}

function headlessCompare(baseline: string, variant: string, seeds = 1): Headless {
  const args = ['--import', 'tsx', resolve(ROOT, 'src/cli/sim.ts'), baseline, '--compare', variant, '--hours', '1', '--start', WINDOW_START, '--seeds', String(seeds)];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`headless compare failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Headless;
}

/** The area clicked: a quadrilateral of this half-width (CSS px) below the middle of the view, on the ground. */
const HALF_SIDE_PX = 110;

/** Page pixels of the corners, each checked to fall on the 3D canvas (not on an overlay). */
async function groundCorners(page: Page): Promise<{ x: number; y: number }[]> {
  const box = (await page.locator('.scene3d-canvas canvas').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height * 0.62;
  const corners = [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([sx, sy]) => ({ x: cx + sx * HALF_SIDE_PX, y: cy + sy * HALF_SIDE_PX * 0.7 }));
  const onCanvas = await page.evaluate((ps) => ps.every((p) => document.elementFromPoint(p.x, p.y)?.tagName === 'CANVAS'), corners);
  if (!onCanvas) throw new Error('a corner of the area falls outside the 3D canvas');
  return corners;
}

const liveBelow = (page: Page) => page.getByTestId('studio-live').getAttribute('data-below-share');

describe.skipIf(!available)('studio with the 3D view: drawn targets, before/after, a traffic comparison (built app, headless chromium)', () => {
  let ready: Awaited<ReturnType<typeof openReadyApp>>;
  let page: Page;

  beforeAll(async () => {
    ready = await openReadyApp();
    page = ready.page;
  });

  afterAll(async () => {
    await ready?.close();
  });

  it('draws an area as the first rule\'s target: outline, lamps selected, live compliance', async () => {
    await page.getByTestId('tab-studio').click();
    await expect(page.getByTestId('studio-draft-name').textContent()).resolves.toBe('dijon-today-variant');
    await page.waitForSelector('[data-testid="studio-live"][data-status="done"]', { timeout: 60_000 });
    const belowBefore = await liveBelow(page);
    const lampsBefore = Number(await page.getByTestId('studio-target-lamps').getAttribute('data-count'));

    await page.getByTestId('studio-draw-area').click();
    await page.waitForSelector('[data-testid="area-drawing"]');
    const px = await groundCorners(page);
    for (const p of px.slice(0, 3)) await page.mouse.click(p.x, p.y);
    await expect(page.getByTestId('area-drawing').getAttribute('data-points')).resolves.toBe('3');
    await page.waitForFunction(() => window.__twin!.areaOutlinePoints === 3);
    // No selection while drawing: the clicks placed points only.
    await expect(page.getByTestId('selection-details').count()).resolves.toBe(0);
    await page.mouse.dblclick(px[3].x, px[3].y);
    await page.waitForSelector('[data-testid="area-drawing"]', { state: 'detached' });
    await expect(page.getByTestId('studio-area').getAttribute('data-points')).resolves.toBe('4');
    expect((await twinState(page))!.areaOutlinePoints).toBe(4);

    // The lamps the target selects, as the core's point in polygon counts them on the ring saved.
    const lamps = Number(await page.getByTestId('studio-target-lamps').getAttribute('data-count'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('studio-save').click()]);
    const path = (await download.path())!;
    const saved = parseScenarioText(readFileSync(path, 'utf8'), path);
    const area = saved.lighting.rules[0].where.area!;
    expect(saved.lighting.rules[0].where).toEqual({ area });
    expect(area).toHaveLength(5);
    expect(area[4]).toEqual(area[0]);
    const city = generateDefaultCity();
    const expected = lampsInArea(city, area).reduce((s, v) => s + v, 0);
    expect(lamps).toBe(expected);
    expect(lamps).toBeGreaterThan(20);
    expect(lamps).toBeLessThan(lampsBefore);
    console.info(`[e2e] area drawn by 4 clicks on the 3D view: ${lamps} lamps (the rule had ${lampsBefore})`);

    // Fewer lamps dimmed: the live preview of the night follows the new target.
    await page.waitForFunction(
      (before) => {
        const el = document.querySelector('[data-testid="studio-live"]');
        return el?.getAttribute('data-status') === 'done' && el.getAttribute('data-below-share') !== before;
      },
      belowBefore,
      { timeout: 60_000 },
    );
    expect(Number(await liveBelow(page))).toBeLessThan(Number(belowBefore));

    // Esc cancels a new drawing; the target stays.
    await page.getByTestId('studio-draw-area').click();
    await page.waitForSelector('[data-testid="area-drawing"]');
    await page.mouse.click(px[0].x, px[0].y);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="area-drawing"]', { state: 'detached' });
    await expect(page.getByTestId('studio-area').getAttribute('data-points')).resolves.toBe('4');
    expect((await twinState(page))!.areaOutlinePoints).toBe(0);
  });

  it('shows the comparison before and after in the 3D view: a side at a time (B key) or split by the divider', async () => {
    await page.getByTestId('studio-run').click();
    await page.waitForSelector('[data-testid="compare-results"]', { timeout: 120_000 });
    await page.getByTestId('studio-show-swipe').click();
    await page.waitForFunction(() => window.__twin!.beforeAfter?.passes.length === 2);
    const split = (await twinState(page))!.beforeAfter!;
    expect(split.passes.map((p) => p.side)).toEqual(['baseline', 'variant']);
    // The draft dims only the area where the loaded scenario dimmed all of Dijon and Quetigny: brighter after.
    expect(split.meanLevel.variant).toBeGreaterThan(split.meanLevel.baseline);
    console.info(`[e2e] before/after split: lamps' mean first-night level ${split.meanLevel.baseline.toFixed(3)} before, ${split.meanLevel.variant.toFixed(3)} after`);
    await expect(page.getByTestId('before-after-label-baseline').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('before-after-label-variant').isVisible()).resolves.toBe(true);

    // Drag the divider to a quarter of the width: the baseline's band follows.
    const canvas = (await page.locator('.scene3d-canvas canvas').boundingBox())!;
    const handle = (await page.getByTestId('before-after-divider').boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, canvas.y + canvas.height / 2);
    await page.mouse.down();
    for (let k = 1; k <= 4; k++) await page.mouse.move(handle.x + handle.width / 2 - (k * (handle.x + handle.width / 2 - (canvas.x + canvas.width / 4))) / 4, canvas.y + canvas.height / 2);
    await page.mouse.up();
    await page.waitForFunction(() => {
      const p = window.__twin!.beforeAfter!.passes;
      const w = p[0].widthPx + p[1].widthPx;
      return Math.abs(p[0].widthPx / w - 0.25) < 0.03;
    });

    // B: one side over the whole view, labelled; again: the other side.
    await page.locator('.scene3d-canvas canvas').focus();
    await page.keyboard.press('b');
    await page.waitForFunction(() => window.__twin!.beforeAfter?.passes.length === 1 && window.__twin!.beforeAfter.passes[0].side === 'variant');
    await expect(page.getByTestId('before-after-label-variant').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('before-after-label-baseline').count()).resolves.toBe(0);
    await page.keyboard.press('b');
    await page.waitForFunction(() => window.__twin!.beforeAfter?.passes[0].side === 'baseline');
    await expect(page.getByTestId('before-after').getAttribute('data-mode')).resolves.toBe('baseline');
    // Back to the live simulation.
    await page.getByTestId('before-after-live').click();
    await page.waitForFunction(() => window.__twin!.beforeAfter === null);
    expect(ready.browser.errors).toEqual([]);
  });

  it('compares an hour of the green wave with the weekday plans and shows traffic deltas and the trip scatter', async () => {
    await page.getByTestId('tab-studio').click();
    await page.getByTestId('studio-load').selectOption('dijon-green-wave');
    await expect(page.getByTestId('studio-draft-name').textContent()).resolves.toBe('dijon-green-wave-variant');
    await page.getByTestId('studio-baseline').selectOption('dijon-weekday-traffic');
    await page.getByTestId('studio-days').selectOption(String(1 / 24));
    await page.getByTestId('studio-window-start').selectOption(String(WINDOW_OFFSET_H));
    await page.getByTestId('studio-seeds').selectOption('3');

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
    const headless = headlessCompare('scenarios/dijon-weekday-traffic.scenario.json', 'scenarios/dijon-green-wave.scenario.json', 3);
    // The same figures as in Node: the core draws with engine-independent math (see portableMath.ts).
    for (const c of traffic) {
      const h = changeAt(headless.delta, c.path)!;
      expect(h, c.path).not.toBeNull();
      expect(c.diff, c.path).toBe(h.diff);
    }

    // The network's delay through the day: both sides' delay by hour of departure.
    expect(Number(await page.getByTestId('delay-by-hour-chart').getAttribute('data-total'))).toBeGreaterThan(0);
    await expect(page.getByTestId('delay-by-hour-chart').locator('rect.bar').count()).resolves.toBe(24);

    // The per-trip scatter: the same trips on both sides, each a dot.
    const scatter = page.getByTestId('trip-scatter');
    const points = Number(await scatter.getAttribute('data-points'));
    expect(points).toBeGreaterThan(100);
    const dots = await scatter.locator('path').evaluateAll((ps) => Math.max(...ps.map((p) => (p.getAttribute('d') ?? '').split('M').length - 1)));
    expect(dots).toBe(points);

    // Two more seeds run after the first one's results showed: each card gets the spread, as headless.
    await page.waitForSelector('[data-testid="seed-spread"][data-status="done"]', { timeout: 180_000 });
    await expect(page.getByTestId('seed-spread').getAttribute('data-seeds')).resolves.toBe(headless.seeds!.seeds.join(','));
    for (const id of ['travelTime', 'delay', 'stops']) {
      const el = page.getByTestId(`spread-${id}`);
      const path = (await page.getByTestId(`delta-${id}`).getAttribute('data-path'))!;
      const h = headless.seeds!.spread[path];
      expect(Number(await el.getAttribute('data-mean')), path).toBe(h.mean);
      expect(Number(await el.getAttribute('data-sd')), path).toBe(h.sd);
      expect(Number(await el.getAttribute('data-lower')), path).toBe(h.lowerIn);
    }
    await expect(page.getByTestId('spread-travelTime').textContent()).resolves.toMatch(/^3 seeds: [−+±][\d.,]+ s ± [\d.,]+ s, lower in [0-3]$/);
    expect(ready.browser.errors).toEqual([]);
  });
});
