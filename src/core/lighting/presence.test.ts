import { describe, expect, it } from 'vitest';
import { coveredMs, stochasticPassersBy } from './presence.ts';
import { RoadClass } from '../city/roadClass.ts';

describe('presence boosts', () => {
  it('covers the union of overlapping boost windows, clipped to the interval', () => {
    const t = Float64Array.from([100, 150, 400]);
    expect(coveredMs(t, 100, 0, 1000, -Infinity)).toEqual({ coveredMs: 250, untilMs: 500 });
    expect(coveredMs(t, 100, 120, 450, -Infinity).coveredMs).toBe(130 + 50);
    // a boost carried from the previous interval
    expect(coveredMs(new Float64Array(0), 100, 0, 1000, 60).coveredMs).toBe(60);
  });

  it('draws the same detections for the same road and hour, more on busier roads', () => {
    const src = stochasticPassersBy(5);
    const a = src.detections(3, RoadClass.Residential, 200, 0, 3_600_000, 21);
    expect(src.detections(3, RoadClass.Residential, 200, 0, 3_600_000, 21)).toEqual(a);
    let quiet = 0;
    let busy = 0;
    for (let link = 0; link < 300; link++) {
      quiet += src.detections(link, RoadClass.Residential, 100, 0, 3_600_000, 3).length;
      busy += src.detections(link, RoadClass.Residential, 100, 0, 3_600_000, 21).length;
    }
    expect(busy).toBeGreaterThan(3 * quiet);
    expect(busy / 300).toBeGreaterThan(6);
    expect(busy / 300).toBeLessThan(10);
  });
});
