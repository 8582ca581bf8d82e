// Test-only access to the real open data beside the repository (../shared/data) and to Debian
// tools: tests skip with a message when they are absent, and fail instead under CI=true.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

export const CI = process.env.CI === 'true';
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DATA_DIR = resolve(REPO_ROOT, '../shared/data');
export const dataAvailable = existsSync(DATA_DIR);

export function dataPath(relative: string): string {
  return join(DATA_DIR, relative);
}

/** A file of ../shared/data as the importer's input. */
export function readData(relative: string): { name: string; bytes: Uint8Array } {
  return { name: relative.split('/').pop()!, bytes: new Uint8Array(readFileSync(dataPath(relative))) };
}

export function readPath(p: string): Uint8Array {
  return new Uint8Array(readFileSync(p));
}

/** describe() that needs ../shared/data: skipped with a message when absent, failing under CI=true. */
export function describeWithData(title: string, body: () => void): void {
  if (dataAvailable) describe(title, body);
  else if (CI) describe(title, () => it('needs ../shared/data (CI=true)', () => { throw new Error(`${DATA_DIR} is missing`); }));
  else describe.skip(`${title} — skipped: ${DATA_DIR} not found`, body);
}

/** Whether a command runs (e.g. Debian's osmium from package osmium-tool). */
export function hasCommand(cmd: string, versionArg = '--version'): boolean {
  const r = spawnSync(cmd, [versionArg], { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

/** Runs a command; throws with its stderr when it fails. */
export function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.error?.message ?? r.stderr}`);
}

export function makeTempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'dijon-twin-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export { join as joinPath };
