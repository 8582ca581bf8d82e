// `npm run feed:sample`: writes scenarios/feeds/dijon-night-sample.ndjson, the project's own sample
// recording for the default city (a simulated night with sensor noise and faults); deterministic.

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseScenarioText } from '../core/scenario/parse.ts';
import { DEFAULT_SAMPLE_FEED, makeSampleFeed } from '../core/feeds/sampleFeed.ts';
import { DEFAULT_CITY_PATH, REPO_ROOT, readCityFile, runCli } from './cliUtil.ts';

export const SAMPLE_FEED_PATH = resolve(REPO_ROOT, 'scenarios/feeds/dijon-night-sample.ndjson');
export const SAMPLE_FEED_START = '2025-01-15T18:00:00+01:00';

export function sampleFeedText(): string {
  const city = readCityFile(DEFAULT_CITY_PATH);
  const scenario = parseScenarioText(readFileSync(resolve(REPO_ROOT, 'scenarios/dijon-today.scenario.json'), 'utf8'), 'dijon-today');
  return makeSampleFeed(city, scenario, { ...DEFAULT_SAMPLE_FEED, startMs: Date.parse(SAMPLE_FEED_START) });
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(REPO_ROOT, 'src/cli/makeSampleFeed.ts')) {
  await runCli(() => {
    const { values } = parseArgs({ options: { out: { type: 'string' } } });
    const text = sampleFeedText();
    writeFileSync(values.out ?? SAMPLE_FEED_PATH, text);
    process.stdout.write(`${text.split('\n').length - 1} lines, ${(text.length / 1024).toFixed(0)} KiB → ${values.out ?? SAMPLE_FEED_PATH}\n`);
  });
}
