// Browser test of the studio's signal timing editor on the built app: pick a signal of the traffic
// scenario, ask Webster (in a worker), type and drag greens, see a conflicting green refused, save,
// and check the downloaded scenario validates and carries the edited greens for that signal.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parseScenarioText } from '../src/core/scenario/parse.ts';
import { browserAvailability, openReadyApp } from './harness.ts';

const { available } = browserAvailability();

async function greens(page: Page): Promise<number[]> {
  return page.$$eval('[data-testid^="signal-handle-"]', (els) => els.map((e) => Number(e.getAttribute('data-green-s'))));
}

describe.skipIf(!available)('signal timing editor (built app, headless chromium)', () => {
  let ready: Awaited<ReturnType<typeof openReadyApp>>;
  let page: Page;
  const tmp = mkdtempSync(join(tmpdir(), 'twin-signals-'));

  beforeAll(async () => {
    ready = await openReadyApp();
    page = ready.page;
  });

  afterAll(async () => {
    await ready?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('edits the greens of one intersection and saves them as a valid fixed-time rule', async () => {
    await page.getByTestId('tab-studio').click();
    await page.getByTestId('studio-load').selectOption('dijon-weekday-traffic');
    await expect(page.getByTestId('studio-draft-name').textContent()).resolves.toBe('dijon-weekday-traffic-variant');

    // Pick a signal by searching its id.
    await page.getByTestId('signal-search').fill('gen-signal-001');
    const value = await page.$eval('[data-testid="signal-pick"]', (sel) => [...(sel as HTMLSelectElement).options].find((o) => o.text.startsWith('gen-signal-001'))!.value);
    await page.getByTestId('signal-pick').selectOption(value);
    await expect(page.getByTestId('signal-plan').getAttribute('data-signal-id')).resolves.toBe('gen-signal-001');
    const stageCount = await page.locator('[data-testid^="signal-stage-"]').count();
    expect(stageCount).toBeGreaterThanOrEqual(2);

    // Webster from the draft's demand, computed in a compare worker; the greens take its values.
    const t0 = Date.now();
    await page.getByTestId('signal-webster').click();
    await page.waitForSelector('[data-testid="signal-webster-result"]', { timeout: 180_000 });
    const suggested = (await page.getByTestId('signal-webster-result').getAttribute('data-greens'))!.split(',').map(Number);
    console.info(`[e2e] Webster suggestion for gen-signal-001 (free-flow assignment of the day in the worker): ${Date.now() - t0} ms click to result`);
    expect(suggested).toHaveLength(stageCount);
    expect(await greens(page)).toEqual(suggested);

    // The first stage that has a green approach.
    const lights = await page.$$eval('[data-testid^="signal-light-"]', (els) =>
      els.map((e) => ({ id: e.getAttribute('data-testid')!, light: e.getAttribute('data-light')!, headingDeg: Number(e.getAttribute('data-heading-deg')) })),
    );
    const at = (k: number) => lights.filter((l) => l.id.startsWith(`signal-light-${k}-`));
    let k = 0;
    while (!at(k).some((l) => l.light === 'green')) k++;
    // Drag the end of its green to the right: it lengthens, the next stage gives the time (cycle kept).
    const j = k;
    const cycleBefore = Number(await page.getByTestId('signal-bars').getAttribute('data-cycle-s'));
    const before = await greens(page);
    const box = (await page.getByTestId(`signal-handle-${j}`).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let s = 1; s <= 5; s++) await page.mouse.move(box.x + box.width / 2 + s * 4, box.y + box.height / 2);
    await page.mouse.up();
    const after = await greens(page);
    expect(after[j]).toBeGreaterThan(before[j]);
    expect(Number(await page.getByTestId('signal-bars').getAttribute('data-cycle-s'))).toBeCloseTo(cycleBefore, 5);

    // Type a green: 37 s for that stage (only it changes).
    await page.getByTestId(`signal-green-${k}`).fill('37');
    await page.waitForFunction((kk) => document.querySelector(`[data-testid="signal-handle-${kk}"]`)?.getAttribute('data-green-s') === '37', k);

    // A crossing approach turned green beside stage k's green: refused with the core's message, the draft keeps the last good plan.
    const green = at(k).find((l) => l.light === 'green')!;
    const crossing = at(k).find((l) => {
      const d = Math.abs(((l.headingDeg - green.headingDeg + 540) % 360) - 180);
      return l.light === 'red' && d > 35 && d < 145;
    });
    expect(crossing, 'a red approach crossing the stage\'s green').toBeDefined();
    if (crossing) {
      const edits = await page.getByTestId('studio').getAttribute('data-edits');
      await page.getByTestId(crossing.id).click();
      await expect(page.getByTestId('signal-problem').textContent()).resolves.toMatch(/signal gen-signal-001: stage \d+ gives green to crossing approaches \d+ and \d+ \(conflicting greens\)/);
      await expect(page.getByTestId('studio').getAttribute('data-edits')).resolves.toBe(edits);
      // green → left turn only → red: back to the plan, accepted again.
      await page.getByTestId(crossing.id).click();
      await page.getByTestId(crossing.id).click();
      await expect(page.getByTestId('signal-problem').count()).resolves.toBe(0);
    }
    const edited = await greens(page);

    // Save: the draft as a file that validates, with the edited greens as the signal's fixed-time rule.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('studio-save').click()]);
    const path = join(tmp, download.suggestedFilename());
    await download.saveAs(path);
    const saved = parseScenarioText(readFileSync(path, 'utf8'), path);
    const rule = saved.traffic!.signals.at(-1)!;
    expect(rule.where).toEqual({ signals: ['gen-signal-001'] });
    expect(rule.plan?.type).toBe('fixed');
    const stages = (rule.plan as { stages: { green: string[]; greenS: number }[] }).stages;
    expect(stages.map((s) => s.greenS)).toEqual(edited);
    expect(stages[k].greenS).toBe(37);
    for (const s of stages) for (const id of s.green) expect(id).toMatch(/^road-\d{6}$/);
    expect(ready.browser.errors).toEqual([]);
  });
});
