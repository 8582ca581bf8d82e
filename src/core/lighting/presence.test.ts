import { describe, expect, it } from 'vitest';
import { coveredMs, detectionBuffer, stochasticPassersBy } from './presence.ts';
import { RoadClass } from '../city/roadClass.ts';

describe('presence boosts', () => {
  it('covers the union of overlapping boost windows, clipped to the interval', () => {
    const t = Float64Array.from([100, 150, 400]);
    expect(coveredMs(t, 100, 0, 1000, -Infinity)).toBe(250);
    expect(coveredMs(t, 100, 120, 450, -Infinity)).toBe(130 + 50);
    // a boost carried from the previous interval
    expect(coveredMs(new Float64Array(0), 100, 0, 1000, 60)).toBe(60);
    // only the first `count` detections count
    expect(coveredMs(t, 100, 0, 1000, -Infinity, 2)).toBe(150);
  });

  it('draws the same detections for the same road and hour, sorted, more on busier roads', () => {
    const src = stochasticPassersBy(5);
    const buf = detectionBuffer(2);
    const draw = (link: number, hour: number) => {
      src.detections(link, RoadClass.Residential, 200, 0, 3_600_000, hour, buf);
      return Array.from(buf.times.subarray(0, buf.count));
    };
    const a = draw(3, 21);
    expect(draw(3, 21)).toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
    for (const t of a) expect(t >= 0 && t < 3_600_000).toBe(true);
    let quiet = 0;
    let busy = 0;
    for (let link = 0; link < 300; link++) {
      quiet += draw(link, 3).length;
      busy += draw(link, 21).length;
    }
    expect(busy).toBeGreaterThan(3 * quiet);
    // 8 passers per hour past a point of a residential street at 21:00, whatever its length
    expect(busy / 300).toBeGreaterThan(6.5);
    expect(busy / 300).toBeLessThan(9.5);
  });
});
