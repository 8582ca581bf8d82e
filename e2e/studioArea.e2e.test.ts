// Browser test of a rule's target drawn on the 3D view from the studio (click points on the ground,
// double-click to close, Esc to cancel, outline drawn), the lamps it selects and the live compliance
// following it; then the comparison's before/after in the 3D view: either side (B key) and the swipe divider.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generateDefaultCity } from '../src/core/city/generate/defaultCity.ts';
import { lampsInArea } from '../src/core/lighting/selectors.ts';
import { parseScenarioText } from '../src/core/scenario/parse.ts';
import { browserAvailability, openReadyApp, twinState } from './harness.ts';

const { available } = browserAvailability();
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

describe.skipIf(!available)('studio targets drawn on the 3D view, and the before/after (built app, headless chromium)', () => {
  let ready: Awaited<ReturnType<typeof openReadyApp>>;
  let page: Page;
  const tmp = mkdtempSync(join(tmpdir(), 'twin-area-'));

  beforeAll(async () => {
    ready = await openReadyApp();
    page = ready.page;
  });

  afterAll(async () => {
    await ready?.close();
    rmSync(tmp, { recursive: true, force: true });
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
    const path = join(tmp, 'drawn.scenario.json');
    await download.saveAs(path);
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
});
