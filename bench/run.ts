// `npm run bench [-- suite…]`: runs the benchmark suites, prints a table per suite and writes
// bench/results.json. Benchmarks measure; they never fail on a time.

import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchRow, printTable, writeResults } from './harness.ts';
import { citySuite } from './citySuite.ts';
import { lightingSuite } from './lightingSuite.ts';
import { browserSuite, browserTrafficSuite } from './browserSuite.ts';
import { feedsSuite } from './feedsSuite.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..');
const suites: Record<string, () => BenchRow[] | Promise<BenchRow[]>> = {
  city: () => citySuite(repoRoot),
  lighting: () => lightingSuite(repoRoot),
  feeds: () => feedsSuite(repoRoot),
  browser: () => browserSuite(repoRoot),
  'browser-traffic': () => browserTrafficSuite(repoRoot),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !(w in suites));
if (unknown.length) {
  process.stderr.write(`unknown suite(s): ${unknown.join(', ')}; available: ${Object.keys(suites).join(', ')}\n`);
  process.exit(2);
}
const results: Record<string, BenchRow[]> = {};
// The traffic day alone is part of `browser`: by default it runs there only.
const byDefault = Object.keys(suites).filter((n) => n !== 'browser-traffic');
for (const name of wanted.length ? wanted : byDefault) {
  process.stdout.write(`\n== ${name} ==\n`);
  results[name] = await suites[name]();
  printTable(results[name]);
}
const path = writeResults(here, results, { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30) });
process.stdout.write(`\nwritten ${path}\n`);
