// Browser benchmark (not a test): opens the built app in Debian's chromium, plays the default
// scenario at ×3600 for ~20 s with every lamp's level drawn, and records the main thread's long
// tasks and requestAnimationFrame gaps, then the wall time of a whole-year run in the worker, then
// a weekday of road traffic played as fast as the worker goes with vehicles drawn in the 3D view.

import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { CHROMIUM, buildAndServe, launchBrowser, twinState, waitForFrames, waitForSim } from '../e2e/harness.ts';
import { type BenchRow, printTable } from './harness.ts';

const PLAY_MS = 20_000;
/** The traffic day is given this much wall time at most (its ratio is then over the part played). */
const TRAFFIC_DAY_LIMIT_MS = 12 * 60_000;
const TRAFFIC_SCENARIO = 'dijon-weekday-traffic';

interface MainThreadRecord {
  longTasksMs: number[];
  /** Long animation frames (LoAF, > 50 ms including rendering work), when the browser reports them. */
  longFramesMs: number[];
  rafGapsMs: number[];
}

/**
 * Starts recording long tasks (PerformanceObserver 'longtask') and rAF gaps in the page. A string,
 * not a function: tsx (esbuild) would add helpers to a function's source that the page lacks.
 */
const START_RECORDING = `(() => {
  const rec = { longTasksMs: [], longFramesMs: [], rafGapsMs: [], stop: false };
  new PerformanceObserver((list) => { for (const e of list.getEntries()) rec.longTasksMs.push(e.duration); }).observe({ type: 'longtask' });
  if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) rec.longFramesMs.push(e.duration); }).observe({ type: 'long-animation-frame' });
  }
  let last = performance.now();
  const loop = (t) => { rec.rafGapsMs.push(t - last); last = t; if (!rec.stop) requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
  window.__bench = rec;
})()`;

function startRecording(page: Page): Promise<void> {
  return page.evaluate(START_RECORDING);
}

function stopRecording(page: Page): Promise<MainThreadRecord> {
  return page.evaluate(() => {
    const rec = (window as unknown as { __bench: MainThreadRecord & { stop: boolean } }).__bench;
    rec.stop = true;
    return { longTasksMs: rec.longTasksMs.slice(), longFramesMs: rec.longFramesMs.slice(), rafGapsMs: rec.rafGapsMs.slice() };
  });
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Counts of rAF gaps per bucket, as a compact note: "≤17:812 ≤33:40 …". */
function histogram(gapsMs: number[]): string {
  const edges = [17, 33, 50, 100, 250, Infinity];
  const counts = edges.map(() => 0);
  for (const g of gapsMs) counts[edges.findIndex((e) => g <= e)]++;
  return edges.map((e, i) => `${e === Infinity ? '>250' : `≤${e}`}:${counts[i]}`).join(' ');
}

function rowsFor(label: string, rec: MainThreadRecord): BenchRow[] {
  const long = rec.longTasksMs.filter((d) => d > 50);
  const gaps = [...rec.rafGapsMs].sort((a, b) => a - b);
  return [
    { name: `${label}: long tasks > 50 ms`, value: long.length, unit: 'count', note: `${rec.longTasksMs.length} long tasks in all` },
    { name: `${label}: longest long task`, value: Math.round(Math.max(0, ...rec.longTasksMs)), unit: 'ms' },
    {
      name: `${label}: long animation frames > 50 ms`,
      value: rec.longFramesMs.length,
      unit: 'count',
      note: `longest ${Math.round(Math.max(0, ...rec.longFramesMs))} ms (script + style + layout + paint of one frame)`,
    },
    { name: `${label}: rAF gap p50`, value: Math.round(percentile(gaps, 0.5) * 10) / 10, unit: 'ms' },
    { name: `${label}: rAF gap p95`, value: Math.round(percentile(gaps, 0.95) * 10) / 10, unit: 'ms', note: histogram(rec.rafGapsMs) },
    { name: `${label}: rAF gap max`, value: Math.round(gaps.at(-1) ?? 0), unit: 'ms' },
  ];
}

/**
 * A weekday of traffic played at 'max' in the worker from midnight to midnight while the 3D view draws
 * vehicles: simulated seconds per wall second (goal ≥ 600), the slowest 10 s of it, and the main thread's long tasks (goal: none over 50 ms).
 */
async function trafficDayRows(page: Page): Promise<BenchRow[]> {
  await page.getByTestId('scenario-select').selectOption(TRAFFIC_SCENARIO);
  const s0 = await waitForSim(page, { scenario: TRAFFIC_SCENARIO, timeoutMs: 300_000 });
  const { startMs, endMs } = await page.evaluate(() => ({ startMs: window.__twinSim!.status!.scenario!.startMs, endMs: window.__twinSim!.status!.scenario!.endMs }));
  if (s0.timeMs !== startMs) {
    await page.getByTestId('scrubber').fill(String(startMs));
    await waitForSim(page, { timeMs: startMs, timeoutMs: 300_000 });
  }
  await page.getByTestId('speed-max').click();
  await startRecording(page);
  const samples: { wallMs: number; simMs: number }[] = [];
  const wall0 = Date.now();
  let maxVehicles = 0;
  await page.getByTestId('play-button').click();
  for (;;) {
    await page.waitForTimeout(2000);
    const st = await page.evaluate(() => ({ simMs: window.__twinSim!.timeMs!, playing: !!window.__twinSim!.status?.playing, vehicles: window.__twin?.vehicleInstances ?? 0 }));
    samples.push({ wallMs: Date.now() - wall0, simMs: st.simMs - startMs });
    maxVehicles = Math.max(maxVehicles, st.vehicles);
    if (!st.playing || st.simMs >= endMs || Date.now() - wall0 > TRAFFIC_DAY_LIMIT_MS) break;
  }
  if (await page.evaluate(() => !!window.__twinSim!.status?.playing)) await page.getByTestId('play-button').click();
  const rec = await stopRecording(page);
  const last = samples.at(-1)!;
  const whole = last.simMs >= endMs - startMs;
  let slowest = Infinity;
  for (let i = 0, j = 0; i < samples.length; i++) {
    while (j < i && samples[i].wallMs - samples[j + 1].wallMs >= 10_000) j++;
    const dw = samples[i].wallMs - samples[j].wallMs;
    if (dw >= 10_000) slowest = Math.min(slowest, (samples[i].simMs - samples[j].simMs) / dw);
  }
  const label = 'browser traffic day (max speed, 3D drawn)';
  return [
    {
      name: `${label}: simulated speed`,
      value: Math.round(last.simMs / last.wallMs),
      unit: '× real time',
      note: `goal ≥ 600×; ${whole ? 'whole day' : `${(last.simMs / 3_600_000).toFixed(1)} h of 24 h in the time limit`} in ${Math.round(last.wallMs / 1000)} s; up to ${maxVehicles} vehicles drawn`,
    },
    { name: `${label}: slowest 10 s`, value: Number.isFinite(slowest) ? Math.round(slowest) : 0, unit: '× real time' },
    { name: `${label}: longest main-thread long task`, value: Math.round(Math.max(0, ...rec.longTasksMs)), unit: 'ms', note: 'goal < 50 ms' },
    ...rowsFor(label, rec).filter((r) => !r.name.endsWith('longest long task')),
  ];
}

/** The browser suite for `npm run bench` (wired by bench/run.ts); skipped with a row when chromium is absent. */
export async function browserSuite(repoRoot: string): Promise<BenchRow[]> {
  void repoRoot; // the e2e harness builds from the repository it lives in
  if (!existsSync(CHROMIUM)) return [{ name: 'browser suite', value: 0, unit: 'skipped', note: `needs ${CHROMIUM} (apt-get install -y chromium)` }];
  const app = await buildAndServe();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}?lang=en`);
    const ready = await waitForFrames(page, { minFrames: 3 });
    await waitForSim(page, { scenario: 'dijon-today' });
    await page.getByTestId('speed-3600').click();
    await page.waitForTimeout(1000);
    // The same view paused, for comparison.
    const idle0 = (await twinState(page))!.frames;
    await page.waitForTimeout(5000);
    const idleFps = ((await twinState(page))!.frames - idle0) / 5;

    const sim0 = await page.evaluate(() => ({ timeMs: window.__twinSim!.timeMs!, frames: window.__twinSim!.frames }));
    const drawn0 = (await twinState(page))!.frames;
    await startRecording(page);
    const wall0 = Date.now();
    await page.getByTestId('play-button').click();
    await page.waitForTimeout(PLAY_MS);
    await page.getByTestId('play-button').click();
    const wallS = (Date.now() - wall0) / 1000;
    const played = await stopRecording(page);
    const sim1 = await page.evaluate(() => ({ timeMs: window.__twinSim!.timeMs!, frames: window.__twinSim!.frames }));
    const drawn1 = (await twinState(page))!.frames;
    const label = 'browser ×3600';
    const rows: BenchRow[] = [
      { name: `${label}: level frames received`, value: Math.round(((sim1.frames - sim0.frames) / wallS) * 10) / 10, unit: 'Hz', note: `${ready.lampInstances} lamps per frame, ≤ 30 Hz by design` },
      { name: `${label}: 3D frames drawn`, value: Math.round(((drawn1 - drawn0) / wallS) * 10) / 10, unit: 'fps', note: `paused: ${idleFps.toFixed(1)} fps; software WebGL (SwiftShader) here` },
      { name: `${label}: simulated speed achieved`, value: Math.round((sim1.timeMs - sim0.timeMs) / 1000 / wallS), unit: '× real time' },
      ...rowsFor(label, played),
    ];

    // A whole year of dijon-today (and its baseline) in the worker, the main thread watched meanwhile.
    await startRecording(page);
    await page.getByTestId('run-to-end').click();
    await page.waitForFunction(() => (window.__twinSim?.runs ?? 0) >= 1, null, { timeout: 300_000, polling: 100 });
    const running = await stopRecording(page);
    const wallMs = await page.evaluate(() => window.__twinSim!.lastRun!.wallMs);
    rows.push({ name: 'browser run to end: dijon-today 365 d + baseline (worker)', value: wallMs, unit: 'ms' });
    rows.push(...rowsFor('browser run to end', running).slice(0, 3));
    rows.push(...(await trafficDayRows(page)));

    // The observer itself works: a deliberate 120 ms task must show up.
    await startRecording(page);
    await page.evaluate('setTimeout(() => { const t = performance.now(); while (performance.now() - t < 120); }, 0)');
    await page.waitForTimeout(200);
    const check = await stopRecording(page);
    rows.push({ name: 'long-task observer check (120 ms busy loop seen)', value: check.longTasksMs.some((d) => d >= 100) ? 1 : 0, unit: 'yes=1' });
    if (browser.errors.length) rows.push({ name: 'browser console errors', value: browser.errors.length, unit: 'count', note: browser.errors[0] });
    return rows;
  } finally {
    await browser.close();
    await app.close();
  }
}

/** Only the traffic day (`npm run bench -- browser-traffic`): the same measure without the lighting runs before it. */
export async function browserTrafficSuite(repoRoot: string): Promise<BenchRow[]> {
  void repoRoot;
  if (!existsSync(CHROMIUM)) return [{ name: 'browser traffic suite', value: 0, unit: 'skipped', note: `needs ${CHROMIUM} (apt-get install -y chromium)` }];
  const app = await buildAndServe();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}?lang=en`);
    await waitForFrames(page, { minFrames: 3 });
    await waitForSim(page, { scenario: 'dijon-today' });
    const rows = await trafficDayRows(page);
    if (browser.errors.length) rows.push({ name: 'browser console errors', value: browser.errors.length, unit: 'count', note: browser.errors[0] });
    return rows;
  } finally {
    await browser.close();
    await app.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTable(await browserSuite(process.cwd()));
}
