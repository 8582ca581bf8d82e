// `npx tsx src/cli/complianceTiming.ts [--city file.city]`: times the EN 13201 compliance
// precompute and one evaluation over a city (the generated default when no file is given) and
// prints the compliant share at 100/70/50/30 % of full output; the last line is JSON.

import { parseArgs } from 'node:util';
import { generateDefaultCity } from '../core/city/generate/defaultCity.ts';
import { genericPhotometries } from '../core/lighting/photometry/genericLuminaires.ts';
import { complianceAt, precomputeCompliance, uniformLevels } from '../core/lighting/photometry/compliance.ts';
import { printJsonLastLine, readCityFile, runCli } from './cliUtil.ts';

await runCli(() => {
  const { values } = parseArgs({ options: { city: { type: 'string' }, repeat: { type: 'string', default: '20' } } });
  const city = values.city ? readCityFile(values.city) : generateDefaultCity();
  const t0 = performance.now();
  const table = precomputeCompliance(city, genericPhotometries());
  const precomputeMs = performance.now() - t0;
  const shares: Record<string, number> = {};
  for (const level of [1, 0.7, 0.5, 0.3]) shares[`${Math.round(level * 100)}%`] = complianceAt(table, uniformLevels(city, level)).share;
  const levels = uniformLevels(city, 0.7);
  const repeat = Math.max(1, Number(values.repeat));
  const t1 = performance.now();
  for (let k = 0; k < repeat; k++) complianceAt(table, levels);
  const evaluationMs = (performance.now() - t1) / repeat;
  const tableMB = (table.entryLamp.byteLength + table.entryLux.byteLength + table.entryStart.byteLength) / 1024 / 1024;
  const summary = {
    links: city.links.count,
    lamps: city.lamps.count,
    assessedLinks: table.assessedLinks.length,
    litKm: Math.round(table.litLengthM) / 1000,
    gridPoints: table.pointStart[table.pointStart.length - 1],
    contributions: table.entryLamp.length,
    tableMB: Math.round(tableMB * 10) / 10,
    precomputeMs: Math.round(precomputeMs),
    evaluationMs: Math.round(evaluationMs * 10) / 10,
    share: Object.fromEntries(Object.entries(shares).map(([k, v]) => [k, Math.round(v * 1000) / 1000])),
  };
  process.stdout.write(`precompute ${summary.precomputeMs} ms, evaluation ${summary.evaluationMs} ms, ${summary.gridPoints} points, ${summary.contributions} contributions (${summary.tableMB} MB)\n`);
  printJsonLastLine(summary);
});
