// Browser test of presentation mode on the built app: `?present=<baseline>,<variant>` prepares the
// deck in the compare workers, then the tour is driven by keys (→, B, L); the big numbers are those of
// the headless compare, the lamps change between before and after, no console error, long tasks measured.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { changeAt, type KpiDelta } from '../src/core/compare.ts';
import { browserAvailability, buildAndServe, canvasPixelStats, launchBrowser, waitForFrames, type Browser, type PixelStats, type ServedApp } from './harness.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BASELINE = 'dijon-2017-baseline';
const VARIANT = 'dijon-led-part-night';
const { available } = browserAvailability();
/** Screenshots of the late stop, kept after the test for a look. */
const SHOT_AFTER = join(tmpdir(), 'twin-e2e-present-after.png');
const SHOT_BEFORE = join(tmpdir(), 'twin-e2e-present-before.png');

interface Lighting {
  energyKWh: number;
  costEUR: number;
  co2Kg: number;
  compliantRoadShare: number;
  savings: { targetReductionPct: number | null } | null;
}

function headlessCompare(days: number) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', resolve(ROOT, 'src/cli/sim.ts'), `scenarios/${BASELINE}.scenario.json`, '--compare', `scenarios/${VARIANT}.scenario.json`, '--days', String(days)],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`headless compare failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { baseline: { lighting: Lighting }; variant: { lighting: Lighting }; delta: KpiDelta };
}

interface Probe {
  frames: number;
  u: number;
  targetU: number;
  side: string;
  timeMs: number;
  sampleIndex: number;
  levelWrites: number;
  maxUpdateMs: number;
  maxUpdateAtMs: number;
  /** The last frames' tour update times (ms). */
  updateMs: number[];
}

const probe = (page: Page): Promise<Probe> =>
  page.evaluate(() => {
    const p = (window as unknown as { __twinPresent: Omit<Probe, 'updateMs'> & { updateMs: Float32Array } }).__twinPresent;
    return { ...p, updateMs: Array.from(p.updateMs.subarray(0, Math.min(p.frames + 1, p.updateMs.length))) };
  });

interface Loaf {
  startMs: number;
  durationMs: number;
  renderStartMs: number;
  scripts: { invoker: string; durationMs: number; source: string }[];
}

/** Waits until the tour has reached stop `u` and drawn a few frames there (the lamps' new levels uploaded). */
/** Pixel statistics of the canvas and its PNG; the page time the capture took is kept (its long tasks are the test's, not the tour's). */
async function capture(page: Page, path: string, windows: [number, number][]): Promise<PixelStats> {
  const from = await page.evaluate(() => performance.now());
  const px = await canvasPixelStats(page, path);
  windows.push([from, await page.evaluate(() => performance.now())]);
  return px;
}

/** Pixels whose colour differs by more than `threshold` (0–255, any channel) between two PNGs of the same size. */
async function changedPixels(page: Page, a: string, b: string, threshold = 24): Promise<number> {
  return page.evaluate(
    async ({ a, b, threshold }) => {
      const read = async (b64: string) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.naturalWidth;
        c.height = img.naturalHeight;
        const g = c.getContext('2d')!;
        g.drawImage(img, 0, 0);
        return g.getImageData(0, 0, c.width, c.height).data;
      };
      const [da, db] = [await read(a), await read(b)];
      let n = 0;
      for (let i = 0; i < da.length; i += 4) {
        if (Math.abs(da[i] - db[i]) > threshold || Math.abs(da[i + 1] - db[i + 1]) > threshold || Math.abs(da[i + 2] - db[i + 2]) > threshold) n++;
      }
      return n;
    },
    { a: readFileSync(a).toString('base64'), b: readFileSync(b).toString('base64'), threshold },
  );
}

async function settleAt(page: Page, u: number, side: string): Promise<Probe> {
  await page.waitForFunction(({ u, side }) => {
    const p = (window as unknown as { __twinPresent?: Probe }).__twinPresent;
    return !!p && p.u === u && p.side === side;
  }, { u, side }, { timeout: 120_000, polling: 100 });
  const f = (await probe(page)).frames;
  await page.waitForFunction((f) => (window as unknown as { __twinPresent: Probe }).__twinPresent.frames >= f + 3, f, { timeout: 60_000, polling: 100 });
  return probe(page);
}

describe.skipIf(!available)('presentation mode (built app, headless chromium)', () => {
  let app: ServedApp;
  let browser: Browser;
  let page: Page;
  const tmp = mkdtempSync(join(tmpdir(), 'twin-present-'));

  beforeAll(async () => {
    app = await buildAndServe();
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: { startMs: number; durationMs: number }[]; __loafs: Loaf[]; __sawPreparing: boolean };
      w.__longTasks = [];
      w.__loafs = [];
      w.__sawPreparing = false;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push({ startMs: e.startTime, durationMs: e.duration });
      }).observe({ type: 'longtask', buffered: true });
      // Long animation frames say what a long task was made of: scripts (by entry point) and rendering.
      type LoafEntry = PerformanceEntry & { renderStart: number; scripts: { invoker: string; duration: number; sourceURL: string; sourceFunctionName: string }[] };
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as LoafEntry[]) {
            w.__loafs.push({
              startMs: e.startTime, durationMs: e.duration, renderStartMs: e.renderStart,
              scripts: e.scripts.map((s) => ({ invoker: s.invoker, durationMs: s.duration, source: `${s.sourceFunctionName}@${s.sourceURL.split('/').pop()}` })),
            });
          }
        }).observe({ type: 'long-animation-frame', buffered: true });
      } catch {
        /* a browser without long-animation-frame entries: long tasks only */
      }
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="present-progress-variant"]')) w.__sawPreparing = true;
      }).observe(document, { childList: true, subtree: true });
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('prepares the deck, tours with the keys, shows the headless figures, swaps before/after without long tasks', async () => {
    const t0 = Date.now();
    await page.goto(`${app.baseUrl}?present=${BASELINE},${VARIANT}&lang=en`);
    await page.waitForSelector('[data-testid="present-ready"]', { timeout: 170_000 });
    const prepareMs = Date.now() - t0;
    expect(await page.evaluate(() => (window as unknown as { __sawPreparing: boolean }).__sawPreparing)).toBe(true);
    const state = await waitForFrames(page, { minFrames: 3 });
    expect(state.view).toBe('present');
    const status = await page.getByTestId('present-status').textContent();
    console.info(`[e2e] presentation prepared: ${status} (${prepareMs} ms from page load to ready)`);

    // The big numbers are the headless compare's for the same pair over the same night.
    const headless = headlessCompare(1);
    const attr = async (name: string) => page.getByTestId('present-numbers').getAttribute(`data-${name}`);
    expect(Number(await attr('baseline-kwh'))).toBe(headless.baseline.lighting.energyKWh);
    expect(Number(await attr('variant-kwh'))).toBe(headless.variant.lighting.energyKWh);
    expect(Number(await attr('baseline-eur'))).toBe(headless.baseline.lighting.costEUR);
    expect(Number(await attr('variant-eur'))).toBe(headless.variant.lighting.costEUR);
    expect(Number(await attr('baseline-co2-kg'))).toBe(headless.baseline.lighting.co2Kg);
    expect(Number(await attr('variant-co2-kg'))).toBe(headless.variant.lighting.co2Kg);
    expect(Number(await attr('baseline-compliance'))).toBe(headless.baseline.lighting.compliantRoadShare);
    expect(Number(await attr('variant-compliance'))).toBe(headless.variant.lighting.compliantRoadShare);
    const savedPct = -changeAt(headless.delta, 'lighting.energyKWh')!.pct!;
    expect(Number(await attr('energy-saved-pct'))).toBe(savedPct);
    expect(Number(await attr('target-pct'))).toBe(headless.variant.lighting.savings!.targetReductionPct);
    expect(await attr('target-met')).toBe(String(savedPct >= headless.variant.lighting.savings!.targetReductionPct!));
    const shown = await page.getByTestId('present-saved-pct').textContent();
    expect(shown).toBe(`−${savedPct.toFixed(1)} %`);
    console.info(`[e2e] big numbers: ${shown} energy, ${headless.baseline.lighting.energyKWh} → ${headless.variant.lighting.energyKWh} kWh, target met ${await attr('target-met')}`);

    // From here on, the stage: nothing is computed, long tasks are counted.
    const stageStartMs = await page.evaluate(() => performance.now());
    const framesAtStart = (await probe(page)).frames;
    const wallAtStart = Date.now();
    await expect(page.getByTestId('present-stop').getAttribute('data-kind')).resolves.toBe('overview');
    const duskClock = await page.getByTestId('present-clock').textContent();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('present-stop').getAttribute('data-kind')).resolves.toBe('centre');
    await settleAt(page, 1, 'variant');
    await page.keyboard.press('PageDown');
    const after = await settleAt(page, 2, 'variant');
    const lateClock = await page.getByTestId('present-clock').textContent();
    expect(lateClock).not.toBe(duskClock);
    const captures: [number, number][] = [];
    const afterPx = await capture(page, SHOT_AFTER, captures);

    await page.keyboard.press('b');
    const before = await settleAt(page, 2, 'baseline');
    expect(before.sampleIndex).toBe(after.sampleIndex);
    expect(before.levelWrites).toBeGreaterThan(after.levelWrites);
    await expect(page.getByTestId('present-side').getAttribute('data-side')).resolves.toBe('baseline');
    await expect(page.getByTestId('present-side').textContent()).resolves.toMatch(/^Before/);
    const beforePx = await capture(page, SHOT_BEFORE, captures);
    const diffFrom = await page.evaluate(() => performance.now());
    const changed = await changedPixels(page, SHOT_AFTER, SHOT_BEFORE);
    captures.push([diffFrom, await page.evaluate(() => performance.now())]);
    const fmt = (p: PixelStats) => `warm ${p.warm}, bright ${p.bright}, mean luminance ${p.meanLuminance.toFixed(2)}`;
    console.info(`[e2e] at ${lateClock}: after (variant) ${fmt(afterPx)}; before (baseline) ${fmt(beforePx)}; ${changed} pixels changed`);
    // Sodium at full power all night before, LED dimmed to 70 % after: the lamps' light changes on screen, orange before.
    expect(changed / (afterPx.width * afterPx.height)).toBeGreaterThan(0.01);
    expect(beforePx.warm).toBeGreaterThan(afterPx.warm * 1.2);

    await page.keyboard.press('l');
    await page.waitForFunction(() => document.documentElement.lang === 'fr', undefined, { timeout: 10_000 });
    await expect(page.getByTestId('present-side').textContent()).resolves.toMatch(/^Avant/);
    await expect(page.getByTestId('present-saved-pct').textContent()).resolves.toBe(`−${savedPct.toFixed(1).replace('.', ',')} %`);
    await page.keyboard.press('b');
    await settleAt(page, 2, 'variant');
    await page.keyboard.press('ArrowLeft');
    await settleAt(page, 1, 'variant');

    const p = await probe(page);
    const stageS = (Date.now() - wallAtStart) / 1000;
    const tasks = await page.evaluate((from) => (window as unknown as { __longTasks: { startMs: number; durationMs: number }[] }).__longTasks.filter((t) => t.startMs >= from), stageStartMs);
    const inCapture = (t: { startMs: number; durationMs: number }) => captures.some(([a, b]) => t.startMs < b && t.startMs + t.durationMs > a);
    const touring = tasks.filter((t) => !inCapture(t));
    const longest = touring.reduce((m, t) => Math.max(m, t.durationMs), 0);
    const loafs = await page.evaluate(() => (window as unknown as { __loafs: Loaf[] }).__loafs);
    const made = (t: { startMs: number; durationMs: number }) => {
      const f = loafs.find((l) => l.startMs < t.startMs + t.durationMs && l.startMs + l.durationMs > t.startMs);
      if (!f) return '';
      const scripts = f.scripts.map((s) => `${s.invoker} ${s.durationMs.toFixed(0)} ms`).join(' + ');
      return ` = ${scripts || 'no script'}; render ${(f.startMs + f.durationMs - f.renderStartMs).toFixed(0)} ms`;
    };
    const list = tasks.map((t) => `${((t.startMs - stageStartMs) / 1000).toFixed(1)} s: ${t.durationMs.toFixed(0)} ms${inCapture(t) ? ' (test capture)' : made(t)}`).join('; ');
    const updates = [...p.updateMs].sort((a, b) => a - b);
    const p95 = updates[Math.floor(updates.length * 0.95)];
    const load = (await import('node:os')).loadavg()[0];
    console.info(
      `[e2e] on stage for ${stageS.toFixed(1)} s: ${p.frames - framesAtStart} frames (${((p.frames - framesAtStart) / stageS).toFixed(1)} fps in software GL, load average ${load.toFixed(1)}), ` +
        `tour update per frame p95 ${p95.toFixed(2)} ms, max ${p.maxUpdateMs.toFixed(2)} ms at ${((p.maxUpdateAtMs - stageStartMs) / 1000).toFixed(1)} s; long tasks ${tasks.length} [${list}]; longest outside the test's captures ${longest.toFixed(0)} ms`,
    );
    // The tour's own work each frame (camera, clock, sun, levels from the deck) is far below a frame's budget.
    expect(p95).toBeLessThan(16);
    // PerformanceObserver reports tasks of 50 ms and more. Software GL on a shared machine adds some (GPU waits,
    // preemption), so the bound is only strict where the test runs alone (TWIN_STRICT_LONGTASKS=1).
    if (process.env.TWIN_STRICT_LONGTASKS === '1') expect(touring).toEqual([]);
    expect(browser.errors).toEqual([]);
    // Software GL draws the whole city at about one frame a second here, and each move takes a few dozen frames.
  }, 480_000);

  it('saves the deck, and another page opens it from the file without computing', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('present-save').click()]);
    expect(download.suggestedFilename()).toBe(`${BASELINE}--${VARIANT}.deck`);
    const file = join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    const numbers = await page.getByTestId('present-numbers').evaluate((e) => ({ ...(e as HTMLElement).dataset }));

    const other = await browser.context.newPage();
    await other.addInitScript(() => {
      const w = window as unknown as { __sawPreparing: boolean };
      w.__sawPreparing = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="present-progress-variant"]')) w.__sawPreparing = true;
      }).observe(document, { childList: true, subtree: true });
    });
    await other.goto(`${app.baseUrl}?present=&lang=en`);
    await other.waitForSelector('[data-testid="present-waiting-file"]', { timeout: 120_000 });
    await other.getByTestId('present-open').setInputFiles(file);
    await other.waitForSelector('[data-testid="present-ready"]', { timeout: 60_000 });
    await expect(other.getByTestId('present-status').textContent()).resolves.toMatch(/opened from a file/);
    await expect(other.getByTestId('present-numbers').evaluate((e) => ({ ...(e as HTMLElement).dataset }))).resolves.toEqual(numbers);
    expect(await other.evaluate(() => (window as unknown as { __sawPreparing: boolean }).__sawPreparing)).toBe(false);
    // A file that is not a deck is refused with its name, and the deck shown stays.
    await other.getByTestId('present-open').setInputFiles({ name: 'notes.deck', mimeType: 'application/gzip', buffer: Buffer.from('not a deck') });
    await expect(other.getByTestId('present-file-error').textContent()).resolves.toMatch(/notes\.deck: not a presentation deck/);
    await other.waitForSelector('[data-testid="present-ready"]');
    await other.close();
    expect(browser.errors).toEqual([]);
  });

  it('leaves with Esc back to the app', async () => {
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="present-button"]', { timeout: 30_000 });
    expect(new URL(page.url()).searchParams.get('present')).toBeNull();
    expect(browser.errors).toEqual([]);
  });
});
