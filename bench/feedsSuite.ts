// Feed benchmarks: the feed gate's throughput on the sample recording, the replay of a month of
// the real DiviaPark feed into a headless run (when ../shared/data is present), and sustained
// ingest into the simulation worker with the simulation running (when chromium is present).

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeCity } from '../src/core/city/cityFile.ts';
import { FeedIngest } from '../src/core/feeds/ingest.ts';
import { parseRecording, Replay, writeRecording } from '../src/core/feeds/recording.ts';
import { diviaParkToEntities } from '../src/core/feeds/csvAdapters.ts';
import { parseScenarioText } from '../src/core/scenario/parse.ts';
import { createWorld, runToEnd, worldKpis } from '../src/core/world.ts';
import { type BenchRow, timeMedianMs } from './harness.ts';
import { CHROMIUM } from '../e2e/harness.ts';
import { feedIngestBrowserRows } from './feedIngestBrowser.ts';

export async function feedsSuite(repoRoot: string): Promise<BenchRow[]> {
  const rows = headlessRows(repoRoot);
  if (!existsSync(CHROMIUM)) rows.push({ name: 'worker ingest (browser)', value: 0, unit: 'skipped', note: `needs ${CHROMIUM} (apt-get install -y chromium)` });
  else rows.push(...(await feedIngestBrowserRows()));
  return rows;
}

function headlessRows(repoRoot: string): BenchRow[] {
  const rows: BenchRow[] = [];
  const city = decodeCity(new Uint8Array(readFileSync(resolve(repoRoot, 'assets/dijon-generated.city'))));
  const sample = readFileSync(resolve(repoRoot, 'scenarios/feeds/dijon-night-sample.ndjson'), 'utf8');
  const lines = parseRecording(sample).lines;
  const reference = Date.parse('2025-01-16T00:00:00Z');
  let accepted = 0;
  const gate = timeMedianMs(() => {
    const g = new FeedIngest(city);
    for (const l of lines) g.ingest(l.text, Number.isFinite(l.timeMs) ? l.timeMs : reference);
    accepted = g.counts().accepted;
  }, 5);
  rows.push({ name: 'feed gate: sample night (text → validated observation)', value: lines.length / (gate.medianMs / 1000), unit: 'messages/s', note: `${lines.length} lines, ${accepted} accepted, median of 5` });

  const csvPath = resolve(repoRoot, '../shared/data/dijon/dijon-diviapark-occupancy-2023-06-20_2023-09-30.csv');
  if (!existsSync(csvPath)) {
    rows.push({ name: 'DiviaPark month replay', value: 0, unit: 'skipped', note: `${csvPath} not found` });
    return rows;
  }
  const entities = diviaParkToEntities(readFileSync(csvPath, 'utf8'));
  const month = entities.filter((e) => String(e.dateObserved) >= '2023-07-01' && String(e.dateObserved) < '2023-08-01');
  const recording = parseRecording(writeRecording({ source: 'DiviaPark July 2023' }, month));
  const scenario = parseScenarioText(readFileSync(resolve(repoRoot, 'scenarios/dijon-today.scenario.json'), 'utf8'));
  const startMs = Date.parse('2023-07-01T00:00:00+02:00');
  let counts: { accepted: number; rejected: Record<string, number | undefined> } = { accepted: 0, rejected: {} };
  const replay = timeMedianMs(() => {
    const w = createWorld(city, scenario, { startMs, endMs: startMs + 31 * 86_400_000, feed: recording, lighting: { compliance: 'off' } });
    runToEnd(w);
    counts = worldKpis(w).feeds;
  }, 3);
  rows.push({ name: 'DiviaPark July 2023 replayed into a headless month (lighting + feeds)', value: replay.medianMs, unit: 'ms', note: `${month.length} observations, ${counts.accepted} accepted, ${counts.rejected['bad-value'] ?? 0} bad readings rejected` });
  let replayOnly = 0;
  const feedOnly = timeMedianMs(() => {
    const g = new FeedIngest(city);
    new Replay(recording, g).advanceTo(startMs + 31 * 86_400_000);
    replayOnly = g.counts().accepted;
  }, 3);
  rows.push({ name: 'DiviaPark July 2023: replay through the gate alone', value: feedOnly.medianMs, unit: 'ms', note: `${replayOnly} accepted` });
  return rows;
}
