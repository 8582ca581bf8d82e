import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAMPLE_FEED_PATH, sampleFeedText } from './makeSampleFeed.ts';
import { parseRecording, Replay } from '../core/feeds/recording.ts';
import { FeedIngest } from '../core/feeds/ingest.ts';
import { readCityFile, DEFAULT_CITY_PATH } from './cliUtil.ts';

describe('the sample feed recording', () => {
  const committed = readFileSync(SAMPLE_FEED_PATH, 'utf8');

  it('is what the generator writes today (run `npm run feed:sample` after changing it)', () => {
    expect(sampleFeedText() === committed).toBe(true);
  });

  it('replays into the default city with its injected faults rejected and the rest applied', () => {
    const rec = parseRecording(committed, 'dijon-night-sample.ndjson');
    expect(rec.header?.city).toBe('Dijon Métropole (generated)');
    const gate = new FeedIngest(readCityFile(DEFAULT_CITY_PATH));
    new Replay(rec, gate).advanceTo(Date.parse('2025-01-17T00:00:00Z'));
    const c = gate.counts();
    expect(c.accepted).toBeGreaterThan(8000);
    for (const reason of ['malformed-json', 'duplicate', 'unknown-entity', 'too-late'] as const) expect(c.rejected[reason], reason).toBeGreaterThan(0);
    const kinds = new Set(gate.accepted.map((o) => o.kind));
    expect([...kinds].sort()).toEqual(['airQuality', 'cabinet', 'parking', 'streetlight', 'weather']);
  });
});
