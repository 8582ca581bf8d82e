// `npm run city:build-default`: generates the embedded default city (a generated Dijon
// Métropole, seeded) and writes assets/dijon-generated.city; the same bytes on every run.

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { encodeCity } from '../core/city/cityFile.ts';
import { generateDefaultCity } from '../core/city/generate/defaultCity.ts';
import { summarizeCity } from '../core/city/summary.ts';
import { DEFAULT_CITY_PATH, printJsonLastLine, runCli } from './cliUtil.ts';
import { formatSummary } from './formatSummary.ts';

await runCli(() => {
  const { values } = parseArgs({ options: { out: { type: 'string' }, seed: { type: 'string' } } });
  const out = values.out ?? DEFAULT_CITY_PATH;
  const t0 = performance.now();
  const model = generateDefaultCity(values.seed !== undefined ? { seed: Number(values.seed) } : {});
  const t1 = performance.now();
  const bytes = encodeCity(model);
  writeFileSync(out, bytes);
  process.stdout.write(formatSummary(summarizeCity(model), out));
  process.stdout.write(`  generated in ${Math.round(t1 - t0)} ms, ${(bytes.length / 1048576).toFixed(2)} MiB written\n`);
  printJsonLastLine(summarizeCity(model));
});
