import { describe, expect, it } from 'vitest';
import { buildCity } from '../../core/city/builder.ts';
import { gridCityInput } from '../../core/city/testing/gridCity.ts';
import type { TourClock } from '../../core/present/nightSamples.ts';
import { advanceTour, cameraPosition, poseAt, STOP_CLOCK_SHARES, STOP_TRANSITION_S, tourKeyframes } from './tour.ts';

const input = gridCityInput({ lines: 9, spacingM: 500 });
const city = buildCity({
  ...input,
  communes: [
    { name: 'Big', inseeCode: '1', population: 10_000, centreXM: 2000, centreYM: 2000 },
    { name: 'Near', inseeCode: '2', population: 5_000, centreXM: 2500, centreYM: 2500 },
    { name: 'Far', inseeCode: '3', population: 3_000, centreXM: 0, centreYM: 4000 },
  ],
});
const clock: TourClock = { startMs: 1_700_000_000_000, stepMs: 600_000, count: 49 };

describe('tour keyframes', () => {
  const keys = tourKeyframes(city, clock);

  it('goes overview → main centre → the biggest commune away from it → back, with the clock from dusk to late night', () => {
    expect(keys.map((k) => k.kind)).toEqual(['overview', 'centre', 'commune', 'back']);
    expect(keys[1].commune).toBe('Big');
    expect(keys[2].commune).toBe('Far');
    expect([keys[2].targetXM, keys[2].targetYM]).toEqual([0, 4000]);
    expect(keys.map((k) => k.timeMs)).toEqual(STOP_CLOCK_SHARES.map((s) => clock.startMs + Math.round(48 * 600_000 * s)));
    expect(keys[0].distanceM).toBeGreaterThan(keys[1].distanceM);
  });

  it('interpolates: each stop exactly at its index, clamped outside, continuous and monotonic in time between', () => {
    keys.forEach((k, i) => {
      const p = poseAt(keys, i);
      expect(p.targetXM).toBeCloseTo(k.targetXM, 6);
      expect(p.targetYM).toBeCloseTo(k.targetYM, 6);
      expect(p.distanceM).toBeCloseTo(k.distanceM, 6);
      expect(p.headingRad).toBeCloseTo(k.headingRad, 9);
      expect(p.timeMs).toBe(k.timeMs);
    });
    expect(poseAt(keys, -3)).toEqual(poseAt(keys, 0));
    expect(poseAt(keys, 9)).toEqual(poseAt(keys, 3));
    expect(poseAt(keys, NaN)).toEqual(poseAt(keys, 0));
    let prev = poseAt(keys, 0);
    for (let u = 0.01; u <= 3; u += 0.01) {
      const p = poseAt(keys, u);
      expect(p.timeMs).toBeGreaterThanOrEqual(prev.timeMs);
      expect(Math.abs(p.targetXM - prev.targetXM) + Math.abs(p.targetYM - prev.targetYM)).toBeLessThan(200);
      expect(Math.abs(Math.log(p.distanceM / prev.distanceM))).toBeLessThan(0.1);
      prev = p;
    }
    // Eased: no motion at a stop, the most half-way.
    const d = (a: number, b: number) => Math.hypot(poseAt(keys, a).targetXM - poseAt(keys, b).targetXM, poseAt(keys, a).targetYM - poseAt(keys, b).targetYM);
    expect(d(1, 1.01)).toBeLessThan(d(1.49, 1.5) / 20);
  });

  it('rises between far stops, and places the camera above its target at its pitch', () => {
    const mid = poseAt(keys, 1.5);
    const geometric = Math.sqrt(keys[1].distanceM * keys[2].distanceM);
    expect(mid.distanceM).toBeGreaterThan(geometric);
    const [x, y, z] = cameraPosition(keys[1]);
    expect(Math.hypot(x - keys[1].targetXM, y, z + keys[1].targetYM)).toBeCloseTo(keys[1].distanceM, 6);
    expect(y).toBeCloseTo(keys[1].distanceM * Math.sin(keys[1].pitchRad), 6);
  });

  it('advances one stop per transition, both ways, a stalled frame capped', () => {
    expect(advanceTour(0, 1, 0.2)).toBeCloseTo(0.2 / STOP_TRANSITION_S, 9);
    expect(advanceTour(0.95, 1, 1)).toBe(1);
    expect(advanceTour(2, 1, 0.1)).toBeCloseTo(2 - 0.1 / STOP_TRANSITION_S, 9);
    expect(advanceTour(0, 3, 10)).toBeCloseTo(0.25 / STOP_TRANSITION_S, 9);
    expect(advanceTour(1, 1, 1)).toBe(1);
  });
});
