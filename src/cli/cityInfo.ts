// `npm run city:info -- [<file.city>]`: describes a city model file (the embedded default when
// no file is given); its last line is the JSON summary of DESIGN.md's contract.

import { parseArgs } from 'node:util';
import { summarizeCity } from '../core/city/summary.ts';
import { CliError, DEFAULT_CITY_PATH, printJsonLastLine, readCityFile, runCli } from './cliUtil.ts';
import { formatSummary } from './formatSummary.ts';

await runCli(() => {
  let positionals: string[];
  try {
    positionals = parseArgs({ allowPositionals: true, options: {} }).positionals;
  } catch (e) {
    throw new CliError(`${(e as Error).message}\nusage: npm run city:info -- [file.city]`);
  }
  const path = positionals[0] ?? DEFAULT_CITY_PATH;
  const model = readCityFile(path);
  const summary = summarizeCity(model);
  process.stdout.write(formatSummary(summary, path));
  printJsonLastLine(summary);
});
