// A small benchmark harness: repeated timings with warm-up, medians, and a table plus
// bench/results.json. Benchmarks report ratios measured in one run, never pass/fail on time.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export function timeMedianMs(fn: () => unknown, runs: number, warmup = 1): { medianMs: number; minMs: number; runsMs: number[] } {
  for (let i = 0; i < warmup; i++) fn();
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    runsMs.push(performance.now() - t0);
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)], minMs: sorted[0], runsMs };
}

export function printTable(rows: BenchRow[]): void {
  const w = Math.max(...rows.map((r) => r.name.length), 10);
  process.stdout.write(`${'benchmark'.padEnd(w)}  ${'value'.padStart(12)}  unit\n`);
  for (const r of rows) {
    const v = Number.isInteger(r.value) ? String(r.value) : r.value.toFixed(r.value < 10 ? 3 : 1);
    process.stdout.write(`${r.name.padEnd(w)}  ${v.padStart(12)}  ${r.unit}${r.note ? `  (${r.note})` : ''}\n`);
  }
}

export function writeResults(dir: string, suites: Record<string, BenchRow[]>, machine: Record<string, unknown>): string {
  const path = resolve(dir, 'results.json');
  writeFileSync(path, JSON.stringify({ date: new Date().toISOString(), machine, suites }, null, 2) + '\n');
  return path;
}
