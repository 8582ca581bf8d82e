// `npm run goldens:update`: reruns the golden cases and rewrites src/core/testing/goldens.json —
// the one explicit way a golden changes (review the diff of the figures before committing).

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GOLDEN_CASES } from '../core/testing/goldenCases.ts';
import { REPO_ROOT } from '../testing/sharedData.ts';
import { runCli } from './cliUtil.ts';

await runCli(() => {
  const out: Record<string, unknown> = {};
  for (const [name, run] of Object.entries(GOLDEN_CASES)) {
    out[name] = run();
    process.stdout.write(`${name}: ${JSON.stringify(out[name])}\n`);
  }
  writeFileSync(resolve(REPO_ROOT, 'src/core/testing/goldens.json'), JSON.stringify(out, null, 2) + '\n');
});
