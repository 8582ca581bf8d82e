// `npx tsx src/cli/writeGenericPhotometry.ts [--check]`: writes the project's generic luminaire
// files (assets/photometry/*.ldt, *.ies) from genericLuminaires.ts, deterministically; --check
// only compares and fails when a committed file differs from what the generator writes.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { genericPhotometryFiles } from '../core/lighting/photometry/genericLuminaires.ts';
import { CliError, REPO_ROOT, runCli } from './cliUtil.ts';

const PHOTOMETRY_ASSET_DIR = resolve(REPO_ROOT, 'assets/photometry');

await runCli(() => {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const files = genericPhotometryFiles();
  const stale: string[] = [];
  if (!values.check) mkdirSync(PHOTOMETRY_ASSET_DIR, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const path = resolve(PHOTOMETRY_ASSET_DIR, name);
    let current: string | null = null;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = null;
    }
    if (current === text) continue;
    stale.push(name);
    if (!values.check) writeFileSync(path, text);
  }
  if (values.check && stale.length) throw new CliError(`generic photometry out of date: ${stale.join(', ')} (run without --check)`);
  process.stdout.write(`${Object.keys(files).length} generic photometry files in assets/photometry, ${values.check ? 'stale' : 'written'}: ${stale.length ? stale.join(', ') : 'none'}\n`);
});
