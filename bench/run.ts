// `npm run bench [-- suite…]`: runs the benchmark suites, prints a table per suite and writes
// bench/results.json; suites with a summary print it as one JSON last line. They never fail on a time.

import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchRow, printTable, writeResults } from './harness.ts';
import { citySuite } from './citySuite.ts';
import { lightingSuite } from './lightingSuite.ts';
import { browserSuite, browserTrafficSuite } from './browserSuite.ts';
import { feedsSuite } from './feedsSuite.ts';
import { trafficSuite } from './trafficSuite.ts';
import { compareSuite } from './compareSuite.ts';
import { operatorSuite } from './operatorSuite.ts';
import { mapSuite } from './mapSuite.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..');
type SuiteResult = BenchRow[] | { rows: BenchRow[]; summary: Record<string, unknown> };
const suites: Record<string, () => SuiteResult | Promise<SuiteResult>> = {
  city: () => citySuite(repoRoot),
  lighting: () => lightingSuite(repoRoot),
  feeds: () => feedsSuite(repoRoot),
  browser: () => browserSuite(repoRoot),
  'browser-traffic': () => browserTrafficSuite(repoRoot),
  traffic: () => trafficSuite(repoRoot),
  compare: () => compareSuite(repoRoot),
  operator: () => operatorSuite(repoRoot),
  map: () => mapSuite(repoRoot),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !(w in suites));
if (unknown.length) {
  process.stderr.write(`unknown suite(s): ${unknown.join(', ')}; available: ${Object.keys(suites).join(', ')}\n`);
  process.exit(2);
}
const results: Record<string, BenchRow[]> = {};
const summary: Record<string, unknown> = {};
// The browser traffic day alone is part of `browser`: by default it runs there only; the traffic
// day compared three ways (several minutes) runs when asked for.
const byDefault = Object.keys(suites).filter((n) => n !== 'browser-traffic' && n !== 'compare');
for (const name of wanted.length ? wanted : byDefault) {
  process.stdout.write(`\n== ${name} ==\n`);
  const r = await suites[name]();
  results[name] = Array.isArray(r) ? r : r.rows;
  if (!Array.isArray(r)) Object.assign(summary, r.summary);
  printTable(results[name]);
}
const path = writeResults(here, results, { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30) });
process.stdout.write(`\nwritten ${path}\n`);
if (Object.keys(summary).length) process.stdout.write(`${JSON.stringify(summary)}\n`);
