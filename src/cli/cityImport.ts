// `npm run city:import -- [--osm f] [--roads f] [--lamps f] [--signals f] [--communes f] --out f.city`:
// builds a city model file from real data; its last line is the same JSON as `city:info`.

import { accessSync, constants, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCity } from '../core/city/builder.ts';
import { encodeCity } from '../core/city/cityFile.ts';
import { summarizeCity } from '../core/city/summary.ts';
import { importCity } from '../core/import/index.ts';
import { CliError, printJsonLastLine, runCli } from './cliUtil.ts';
import { readImportSources } from './cityImportSources.ts';
import { formatSummary } from './formatSummary.ts';

const USAGE = 'usage: npm run city:import -- [--osm f.osm|f.osm.pbf|f.osm.xml.gz] [--roads f.geojson[.gz]] [--lamps f.geojson] [--signals f.geojson] [--communes f.geojson] [--name NAME] --out f.city';

await runCli(() => {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        osm: { type: 'string', multiple: true },
        roads: { type: 'string', multiple: true },
        lamps: { type: 'string', multiple: true },
        signals: { type: 'string', multiple: true },
        communes: { type: 'string', multiple: true },
        name: { type: 'string' },
        out: { type: 'string' },
      },
    });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n${USAGE}`);
  }
  const v = parsed.values;
  if (!v.out) throw new CliError(`--out is required\n${USAGE}`);
  if (!v.osm && !v.roads) throw new CliError(`give road data with --osm or --roads\n${USAGE}`);
  const outDir = dirname(resolve(v.out));
  try {
    accessSync(outDir, constants.W_OK);
  } catch {
    throw new CliError(`--out: cannot write into ${outDir} (missing or not writable)`);
  }
  const t0 = performance.now();
  const files = readImportSources({ osm: v.osm, roads: v.roads, lamps: v.lamps, signals: v.signals, communes: v.communes });
  const input = importCity(files, v.name ? { name: v.name } : {});
  const model = buildCity(input);
  const bytes = encodeCity(model);
  writeFileSync(v.out, bytes);
  const ms = performance.now() - t0;
  for (const w of input.warnings) process.stderr.write(`warning: ${w}\n`);
  const summary = summarizeCity(model);
  process.stdout.write(formatSummary(summary, v.out));
  process.stdout.write(`  imported in ${Math.round(ms)} ms, ${(bytes.length / 1048576).toFixed(2)} MiB written\n`);
  printJsonLastLine(summary);
});
