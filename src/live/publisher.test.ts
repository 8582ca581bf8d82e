import { describe, expect, it } from 'vitest';
import { parseRecording, lineTimeMs } from '../core/feeds/recording.ts';
import { lineTopic, playRecording } from './publisher.ts';

const T0 = Date.parse('2025-01-15T17:00:00Z');
const line = (id: string, ms: number) => JSON.stringify({ id: `urn:ngsi-ld:WeatherObserved:${id}`, type: 'WeatherObserved', dateObserved: new Date(ms).toISOString(), temperature: 1 });
const rec = parseRecording(
  ['{"recording":{"city":"x"}}', line('a', T0), line('b', T0 + 1000), '{"id":"urn:ngsi-ld:WeatherObserved:c","dateObs', line('late', T0 - 86_400_000), '{"no":"id"}', line('d', T0 + 2000)].join('\n'),
);

function collect() {
  const sent: { topic: string; payload: string; atMs: number }[] = [];
  const sink = async (topic: string, payload: string) => void sent.push({ topic, payload, atMs: Date.now() });
  return { sent, sink };
}

describe('playing a recording into a broker', () => {
  it('finds the topic of each line from its id, even on a broken line', () => {
    expect(lineTopic(rec.lines[2].text)).toBe('twin/dijon/WeatherObserved/c/attrs');
    expect(lineTopic('{"no":"id"}')).toBeNull();
  });

  it('publishes every line with an id in order, skipping the others, as fast as allowed', async () => {
    const { sent, sink } = collect();
    const s = await playRecording(rec, sink, { speed: 'max', prefix: 'p/q' });
    expect(s).toMatchObject({ published: 5, skipped: 1, loops: 0, aborted: false });
    expect(sent.map((m) => m.topic)).toEqual(['a', 'b', 'c', 'late', 'd'].map((id) => `p/q/WeatherObserved/${id}/attrs`));
    expect(sent.map((m) => m.payload)).toEqual([rec.lines[0], rec.lines[1], rec.lines[2], rec.lines[3], rec.lines[5]].map((l) => l.text));
  });

  it('paces lines at N× real time from the first line, a late line going at once', async () => {
    const { sent, sink } = collect();
    const s = await playRecording(rec, sink, { speed: 10 }); // 2 s of recording in 0.2 s
    expect(s.wallMs).toBeGreaterThanOrEqual(195);
    const start = sent[0].atMs;
    expect(sent[4].atMs - start).toBeGreaterThanOrEqual(195);
    expect(sent.map((m) => m.topic.split('/')[3])).toEqual(['a', 'b', 'c', 'late', 'd']);
  });

  it('re-times to the wall clock keeping lateness, and loops forward in time until stopped', async () => {
    const { sent, sink } = collect();
    const abort = new AbortController();
    const before = Date.now();
    const s = await playRecording(rec, sink, {
      speed: 100, loop: true, retime: true, signal: abort.signal,
      onLine: () => void (sent.length >= 12 && abort.abort()),
    });
    expect(s.aborted).toBe(true);
    expect(s.loops).toBeGreaterThanOrEqual(2);
    const times = sent.map((m) => lineTimeMs(m.payload));
    expect(Math.abs(times[0] - before)).toBeLessThan(1_000);
    expect(times[1] - times[0]).toBe(10); // 1 s of recording at 100×
    expect(times[0] - times[3]).toBeCloseTo(864_000, -2); // a day late at 100×: 864 s late
    expect(times[5] - times[0]).toBe(20); // the second pass starts one span (2001 ms at 100×) later
  });

  it('refuses a speed that is not positive', async () => {
    await expect(playRecording(rec, collect().sink, { speed: 0 })).rejects.toThrow(/speed must be/);
  });
});
