// Comparison benchmark (not a test): a whole weekday of road traffic, the weekday plans against the
// green wave, compared headless (`npm run sim -- … --compare …`, both sides at once in two threads,
// then one after the other) and in the studio of the built app (two compare workers in chromium).

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHROMIUM, openReadyApp } from '../e2e/harness.ts';
import type { BenchRow } from './harness.ts';

const BASELINE = 'dijon-weekday-traffic';
const VARIANT = 'dijon-green-wave';
/** The budget of a traffic day (the traffic issue's), which a comparison's two sides in parallel should keep. */
const DAY_BUDGET_MS = 60_000;

interface CliCompare {
  wallMs: number;
  meanTravelTimeChangeS: number;
}

function cliCompare(repoRoot: string, sequential: boolean): CliCompare {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(repoRoot, 'src/cli/sim.ts'), `scenarios/${BASELINE}.scenario.json`, '--compare', `scenarios/${VARIANT}.scenario.json`, '--days', '1'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, TWIN_SIM_SEQUENTIAL: sequential ? '1' : '0' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`sim --compare failed: ${r.stderr.slice(0, 400)}`);
  const last = JSON.parse(r.stdout.trim().split('\n').pop()!);
  return { wallMs, meanTravelTimeChangeS: last.delta.traffic.meanTravelTimeS.diff };
}

async function browserCompare(): Promise<{ workerMs: number; clickMs: number; meanTravelTimeChangeS: number }> {
  const { page, close } = await openReadyApp();
  try {
    await page.getByTestId('tab-studio').click();
    await page.getByTestId('studio-load').selectOption(VARIANT);
    await page.getByTestId('studio-baseline').selectOption(BASELINE);
    await page.getByTestId('studio-days').selectOption('1');
    const t0 = Date.now();
    await page.getByTestId('studio-run').click();
    await page.waitForSelector('[data-testid="compare-results"]', { timeout: 15 * 60_000 });
    const clickMs = Date.now() - t0;
    const workerMs = Number(await page.getByTestId('compare-results').getAttribute('data-wall-ms'));
    const diff = Number(await page.locator('[data-path="traffic.meanTravelTimeS"]').first().getAttribute('data-diff'));
    return { workerMs, clickMs, meanTravelTimeChangeS: diff };
  } finally {
    await close();
  }
}

export async function compareSuite(repoRoot: string): Promise<BenchRow[]> {
  const label = `${BASELINE} vs ${VARIANT}, one weekday`;
  const parallel = cliCompare(repoRoot, false);
  const sequential = cliCompare(repoRoot, true);
  const rows: BenchRow[] = [
    {
      name: `${label}: headless, both sides at once (two threads)`,
      value: Math.round(parallel.wallMs),
      unit: 'ms',
      note: `${(parallel.wallMs / sequential.wallMs).toFixed(2)}× the time of one side after the other (${Math.round(sequential.wallMs)} ms); ${(parallel.wallMs / DAY_BUDGET_MS).toFixed(2)}× the 60 s budget of a traffic day; mean travel time ${parallel.meanTravelTimeChangeS} s`,
    },
  ];
  if (!existsSync(CHROMIUM)) {
    rows.push({ name: `${label}: studio in the browser`, value: 0, unit: 'skipped', note: `needs ${CHROMIUM}` });
    return rows;
  }
  const b = await browserCompare();
  rows.push({
    name: `${label}: studio in the browser, two compare workers`,
    value: b.workerMs,
    unit: 'ms',
    note: `${(b.workerMs / parallel.wallMs).toFixed(2)}× the headless parallel compare; ${b.clickMs} ms from click to results; ${(b.workerMs / DAY_BUDGET_MS).toFixed(2)}× the 60 s budget; mean travel time ${b.meanTravelTimeChangeS} s (headless ${parallel.meanTravelTimeChangeS} s)`,
  });
  return rows;
}
