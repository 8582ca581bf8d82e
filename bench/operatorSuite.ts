// Operator benchmarks: a per-lamp apply of the most lamps one apply may command through the embedded
// broker (acknowledged count, wall time), and the traffic preview that continues a copy of the running
// run against one that starts empty at "now" (wall and CPU time, vehicles at the start).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeCity } from '../src/core/city/cityFile.ts';
import { lampExternalId } from '../src/core/city/entityIds.ts';
import { AuditLog, entryStatus } from '../src/core/operator/audit.ts';
import { commandsOf, MAX_INDIVIDUAL_COMMANDS, type StagedChange } from '../src/core/operator/change.ts';
import { previewChange } from '../src/core/operator/preview.ts';
import { parseScenarioText } from '../src/core/scenario/parse.ts';
import { createWorld, stepWorld } from '../src/core/world.ts';
import { startBroker } from '../src/cli/broker.ts';
import { applyChange, OperatorSession } from '../src/live/operatorCommands.ts';
import type { BenchRow } from './harness.ts';
import { WEEKDAY_SCENARIO } from './trafficSuite.ts';

const HOUR_MS = 3_600_000;

/** Wall and CPU time of `f` (CPU: this process, user + system; the machine may be shared). */
function timed<T>(f: () => T): { value: T; wallMs: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wallMs, cpuMs: (c.user + c.system) / 1000 };
}

async function perLampApply(repoRoot: string, rows: BenchRow[], summary: Record<string, unknown>): Promise<void> {
  const city = decodeCity(new Uint8Array(readFileSync(resolve(repoRoot, 'assets/dijon-generated.city'))), 'dijon-generated.city');
  const dir = mkdtempSync(join(tmpdir(), 'twin-bench-trace-'));
  const broker = await startBroker({ tcpPort: 0, wsPort: 0, sample: null, operators: { operator: 'bench-pass' }, trace: { file: join(dir, 'trace.ndjson') } });
  try {
    const op = await OperatorSession.connect({ url: broker.wsUrl, username: 'operator', password: 'bench-pass' });
    try {
      const step = Math.floor(city.lamps.count / MAX_INDIVIDUAL_COMMANDS);
      const ids = Array.from({ length: MAX_INDIVIDUAL_COMMANDS }, (_, k) => lampExternalId(city, k * step));
      const change: StagedChange = { kind: 'dim', target: { lamps: ids }, illuminanceLevel: 0.4 };
      const commands = commandsOf(city, change);
      const log = new AuditLog();
      const t0 = performance.now();
      const e = await applyChange(op, log, { summary: 'bench', commands, previous: commands.map(() => ({ illuminanceLevel: 1 })), simTimeMs: null });
      const wallMs = performance.now() - t0;
      const acknowledged = e.commands.filter((c) => c.status === 'acknowledged').length;
      const traced = readFileSync(join(dir, 'trace.ndjson'), 'utf8').trim().split('\n').length;
      rows.push({ name: `per-lamp apply of ${commands.length} lamps (embedded broker, WebSocket): acknowledged`, value: acknowledged, unit: 'commands', note: `entry ${entryStatus(e)}` });
      rows.push({ name: 'per-lamp apply: wall time to the last acknowledgement', value: wallMs, unit: 'ms' });
      rows.push({ name: 'per-lamp apply: command trace lines', value: traced, unit: 'lines', note: 'commands + acknowledgements' });
      summary.operatorApply = { lamps: commands.length, acknowledged, wallMs: Math.round(wallMs), traced };
    } finally {
      await op.close();
    }
  } finally {
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function previewCost(repoRoot: string, rows: BenchRow[], summary: Record<string, unknown>, atHour: number, hours: number): void {
  const city = decodeCity(new Uint8Array(readFileSync(resolve(repoRoot, 'assets/dijon-generated.city'))), 'dijon-generated.city');
  const scenario = parseScenarioText(readFileSync(resolve(repoRoot, 'scenarios', `${WEEKDAY_SCENARIO}.scenario.json`), 'utf8'), WEEKDAY_SCENARIO);
  const world = createWorld(city, scenario);
  process.stderr.write(`operator: running the weekday to ${atHour}:00…\n`);
  stepWorld(world, atHour * HOUR_MS);
  const change: StagedChange = { kind: 'signal-plan', signals: {}, plan: { type: 'max-pressure' } };
  const withRun = timed(() => previewChange(world, change, hours));
  const p = withRun.value;
  // What a preview cost before it continued the running traffic: two worlds whose traffic starts empty at now.
  const empty = timed(() => {
    let vehicles = 0;
    for (let k = 0; k < 2; k++) {
      const w = createWorld(city, scenario, { startMs: world.timeMs, endMs: world.timeMs + hours * HOUR_MS, seed: world.seed });
      vehicles = w.traffic?.activeCount ?? 0;
      stepWorld(w, w.endMs - w.timeMs);
    }
    return vehicles;
  });
  const s = (ms: number) => Math.round(ms) / 1000;
  rows.push({ name: `preview ${hours} h from ${atHour}:00 (weekday métropole), continuing the running traffic: wall`, value: withRun.wallMs / 1000, unit: 's', note: `CPU ${s(withRun.cpuMs)} s; ${p.vehiclesAtStart} vehicles at the start` });
  rows.push({ name: `preview ${hours} h from ${atHour}:00, traffic starting empty at now: wall`, value: empty.wallMs / 1000, unit: 's', note: `CPU ${s(empty.cpuMs)} s; ${empty.value} vehicles at the start` });
  rows.push({ name: 'preview: CPU time continuing the running traffic / starting empty', value: withRun.cpuMs / empty.cpuMs, unit: '×' });
  summary.operatorPreview = { atHour, hours, continuing: { wallS: s(withRun.wallMs), cpuS: s(withRun.cpuMs), vehiclesAtStart: p.vehiclesAtStart }, empty: { wallS: s(empty.wallMs), cpuS: s(empty.cpuMs), vehiclesAtStart: empty.value } };
}

/** `--preview-at=H` (default 8) and `--preview-hours=N` (default 1) choose the preview window. */
export async function operatorSuite(repoRoot: string): Promise<{ rows: BenchRow[]; summary: Record<string, unknown> }> {
  const arg = (name: string, fallback: number) => {
    const given = process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
    const v = given === undefined ? fallback : Number(given);
    if (!(Number.isInteger(v) && v >= 1 && v <= 23)) throw new Error(`${name}= must be a whole number of hours from 1 to 23, got "${given}"`);
    return v;
  };
  const rows: BenchRow[] = [];
  const summary: Record<string, unknown> = {};
  await perLampApply(repoRoot, rows, summary);
  previewCost(repoRoot, rows, summary, arg('--preview-at', 8), arg('--preview-hours', 1));
  return { rows, summary };
}
