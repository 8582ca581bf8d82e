// Shared plumbing of the Node entry points: repo paths, reading city files, failing with a
// clear message (non-zero exit, no stack trace for expected errors), printing the JSON last line.

import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeCity } from '../core/city/cityFile.ts';
import type { CityModel } from '../core/city/model.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_CITY_PATH = resolve(REPO_ROOT, 'assets/dijon-generated.city');
/** A city file larger than this is refused before it is read. */
export const MAX_CITY_FILE_BYTES = 1024 * 1024 * 1024;

export class CliError extends Error {}

export function readCityFile(path: string): CityModel {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new CliError(`${path}: no such file`);
  }
  if (size > MAX_CITY_FILE_BYTES) throw new CliError(`${path}: ${size} bytes is larger than a city file can be (${MAX_CITY_FILE_BYTES})`);
  return decodeCity(new Uint8Array(readFileSync(path)), path);
}

/** Runs a CLI main: expected errors print one line on stderr and exit 1. */
export async function runCli(main: () => Promise<void> | void): Promise<void> {
  try {
    await main();
  } catch (e) {
    const err = e as Error;
    const expected = err instanceof CliError || ['CityFileError', 'ImportError', 'CityModelError', 'ScenarioError', 'SelectorError', 'PhotometryError'].includes(err?.name);
    process.stderr.write(`error: ${err?.message ?? String(e)}\n`);
    if (!expected && err?.stack) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 1;
  }
}

export function printJsonLastLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
