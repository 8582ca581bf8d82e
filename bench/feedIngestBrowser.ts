// Sustained feed ingest into the simulation worker with the simulation running (not a test): the
// built app in Debian's chromium plays the default scenario while the page hands the worker batches
// of Streetlight telemetry (built in a feeder worker) paced at the goal and as fast as it takes them; reports observations/s against the 50,000 goal,
// and the frames the worker sends and the page draws, during ingest and without it.

import type { Page } from 'playwright-core';
import { buildAndServe, launchBrowser, waitForFrames, waitForSim } from '../e2e/harness.ts';
import type { BenchRow } from './harness.ts';

export const INGEST_GOAL_PER_S = 50_000;
const MEASURE_MS = 15_000;
const BATCH = 5_000;
/** Batches in flight at once (the page prepares the next while the worker works). */
const IN_FLIGHT = 2;

/**
 * Runs in the page (a string: tsx would add helpers to a function's source). Sends NDJSON batches of
 * Streetlight entities stamped just before the simulated time (unique lamp × time, so none is a
 * duplicate) for `ms`, and records frames received, rAF gaps and long tasks meanwhile.
 */
const INGEST_LOOP = (ms: number, batch: number, inFlight: number, lamps: number, ingest: boolean, pacePerS = 0) => `(async () => {
  const rec = { longTasksMs: [], rafGapsMs: [], stop: false };
  new PerformanceObserver((list) => { for (const e of list.getEntries()) rec.longTasksMs.push(e.duration); }).observe({ type: 'longtask' });
  let last = performance.now();
  const loop = (t) => { rec.rafGapsMs.push(t - last); last = t; if (!rec.stop) requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
  const sim = window.__twinSim;
  const frames0 = sim.frames, simT0 = sim.timeMs;
  let sent = 0, accepted = 0, rejected = 0, workMs = 0, buildMs = 0;
  // Batches are built off the main thread, as a feed arrives in the worker in live mode: a feeder
  // worker writes each NDJSON text (its build time is reported, not charged to the page).
  const feederSource = \`
    let seq = 0;
    const pad = (n) => String(n).padStart(6, '0');
    onmessage = (e) => {
      const b0 = performance.now();
      const base = e.data.simTimeMs - 600000;
      const lines = new Array(e.data.count);
      for (let k = 0; k < e.data.count; k++, seq++) {
        const lamp = seq % ${lamps};
        const t = new Date(base - Math.floor(seq / ${lamps}) % 300000).toISOString();
        lines[k] = '{"id":"urn:ngsi-ld:Streetlight:lamp-' + pad(lamp) + '","type":"Streetlight","illuminanceLevel":0.7,"powerState":"on","powerConsumption":42.5,"status":"ok","observationDateTime":"' + t + '"}';
      }
      postMessage({ id: e.data.id, text: lines.join('\\\\n'), buildMs: performance.now() - b0 });
    };\`;
  const feeder = new Worker(URL.createObjectURL(new Blob([feederSource], { type: 'text/javascript' })));
  const waiting = new Map();
  let nextId = 0;
  feeder.onmessage = (e) => { buildMs += e.data.buildMs; waiting.get(e.data.id)(e.data.text); waiting.delete(e.data.id); };
  const makeBatch = () => new Promise((r) => { const id = nextId++; waiting.set(id, r); feeder.postMessage({ id, count: ${batch}, simTimeMs: sim.timeMs ?? 0 }); });
  const t0 = performance.now();
  const worker = async () => {
    while (performance.now() - t0 < ${ms}) {
      const text = await makeBatch();
      const r = await sim.ingest(text, 'sim');
      sent += ${batch}; accepted += r.accepted; rejected += r.rejected; workMs += r.workMs;
    }
  };
  // Paced: one batch every batch/rate seconds (at most inFlight outstanding), as a steady feed would arrive.
  const paced = async () => {
    const intervalMs = (${batch} / ${pacePerS}) * 1000;
    const pending = new Set();
    let next = t0;
    while (performance.now() - t0 < ${ms}) {
      const wait = next - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      next += intervalMs;
      while (pending.size >= ${inFlight}) await Promise.race(pending);
      const p = makeBatch().then((text) => sim.ingest(text, 'sim')).then((r) => { sent += ${batch}; accepted += r.accepted; rejected += r.rejected; workMs += r.workMs; pending.delete(p); });
      pending.add(p);
    }
    await Promise.all(pending);
  };
  if (${ingest} && ${pacePerS} > 0) await paced();
  else if (${ingest}) await Promise.all(Array.from({ length: ${inFlight} }, worker));
  else await new Promise((r) => setTimeout(r, ${ms}));
  const wallMs = performance.now() - t0;
  feeder.terminate();
  rec.stop = true;
  return { wallMs, sent, accepted, rejected, workMs, buildMs, frames: sim.frames - frames0, simAdvancedMs: sim.timeMs - simT0, longTasksMs: rec.longTasksMs, rafGapsMs: rec.rafGapsMs };
})()`;

interface Run {
  wallMs: number;
  sent: number;
  accepted: number;
  rejected: number;
  workMs: number;
  buildMs: number;
  frames: number;
  simAdvancedMs: number;
  longTasksMs: number[];
  rafGapsMs: number[];
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(0.95 * s.length))] : 0;
}

export async function feedIngestBrowserRows(): Promise<BenchRow[]> {
  const app = await buildAndServe();
  const browser = await launchBrowser();
  try {
    const page: Page = await browser.newPage();
    await page.goto(`${app.baseUrl}?lang=en`);
    const ready = await waitForFrames(page, { minFrames: 3 });
    await waitForSim(page, { scenario: 'dijon-today' });
    await page.getByTestId('speed-60').click();
    await page.getByTestId('play-button').click();
    await page.waitForTimeout(2000);
    const lamps = ready.lampInstances;
    const quiet = (await page.evaluate(INGEST_LOOP(MEASURE_MS / 3, BATCH, IN_FLIGHT, lamps, false))) as Run;
    // At the goal's rate, paced as a feed arrives (2,500 every 50 ms): are frames kept?
    const atGoal = (await page.evaluate(INGEST_LOOP(MEASURE_MS, BATCH / 2, 4, lamps, true, INGEST_GOAL_PER_S))) as Run;
    // As fast as the worker takes them: its capacity.
    const busy = (await page.evaluate(INGEST_LOOP(MEASURE_MS, BATCH, IN_FLIGHT, lamps, true))) as Run;
    await page.getByTestId('play-button').click();
    const rate = busy.accepted / (busy.wallMs / 1000);
    const goalRate = atGoal.accepted / (atGoal.wallMs / 1000);
    const hz = (r: Run) => Math.round((r.frames / (r.wallMs / 1000)) * 10) / 10;
    const speed = (r: Run) => Math.round(r.simAdvancedMs / r.wallMs);
    const label = 'worker ingest while playing ×60';
    const paced = 'worker ingest paced at 50,000/s while playing ×60';
    const rows: BenchRow[] = [
      {
        name: `${paced}: observations accepted per second`,
        value: Math.round(goalRate),
        unit: 'obs/s',
        note: `${(goalRate / INGEST_GOAL_PER_S).toFixed(2)}× the goal; ${atGoal.accepted} accepted, ${atGoal.rejected} rejected in ${(atGoal.wallMs / 1000).toFixed(1)} s; worker busy ${Math.round((atGoal.workMs / atGoal.wallMs) * 100)} % of wall`,
      },
      { name: `${paced}: level frames received`, value: hz(atGoal), unit: 'Hz', note: `without ingest: ${hz(quiet)} Hz; ${(hz(atGoal) / Math.max(0.1, hz(quiet))).toFixed(2)}× of it` },
      { name: `${paced}: simulated speed kept`, value: speed(atGoal), unit: '× real time', note: `main-thread long tasks > 50 ms: ${atGoal.longTasksMs.filter((d) => d > 50).length}` },
      {
        name: `${label}: observations accepted per second`,
        value: Math.round(rate),
        unit: 'obs/s',
        note: `${(rate / INGEST_GOAL_PER_S).toFixed(2)}× the ${INGEST_GOAL_PER_S.toLocaleString('en')}/s goal; ${busy.accepted} accepted, ${busy.rejected} rejected in ${(busy.wallMs / 1000).toFixed(1)} s; batches of ${BATCH}, ${IN_FLIGHT} in flight`,
      },
      { name: `${label}: worker time in gate + assimilation`, value: Math.round((busy.workMs / busy.wallMs) * 1000) / 10, unit: '% of wall', note: `${Math.round((busy.workMs / Math.max(1, busy.accepted)) * 1e6)} ns per observation; building batches in a feeder worker: ${Math.round(busy.buildMs)} ms` },
      { name: `${label}: level frames received`, value: hz(busy), unit: 'Hz', note: `without ingest: ${hz(quiet)} Hz (≤ 30 Hz by design)` },
      { name: `${label}: simulated speed kept`, value: speed(busy), unit: '× real time', note: `without ingest: ×${speed(quiet)}` },
      { name: `${label}: main-thread long tasks > 50 ms`, value: busy.longTasksMs.filter((d) => d > 50).length, unit: 'count', note: `without ingest: ${quiet.longTasksMs.filter((d) => d > 50).length} in ${(quiet.wallMs / 1000).toFixed(0)} s` },
      { name: `${label}: rAF gap p95`, value: Math.round(p95(busy.rafGapsMs)), unit: 'ms', note: `without ingest: ${Math.round(p95(quiet.rafGapsMs))} ms (software WebGL draws the 3D view)` },
    ];
    if (browser.errors.length) rows.push({ name: 'browser console errors', value: browser.errors.length, unit: 'count', note: browser.errors[0] });
    return rows;
  } finally {
    await browser.close();
    await app.close();
  }
}
