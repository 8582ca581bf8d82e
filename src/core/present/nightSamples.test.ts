import { describe, expect, it } from 'vitest';
import { gridCity } from '../city/testing/gridCity.ts';
import { testScenario } from '../lighting/testing/scenarios.ts';
import { isNight, lampLevelsAt } from '../lighting/lightingSim.ts';
import { localTimeOfDayMs } from '../time/parisTime.ts';
import { nightWindow } from '../time/sun.ts';
import { ScenarioRun } from '../scenarioRun.ts';
import { clockTimes, LEVEL_STEPS, sampleLampLevels, tourClock, TOUR_STEP_MS } from './nightSamples.ts';

const city = gridCity({ lines: 5 });
const partNight = testScenario({ rules: [{ where: {}, policy: { type: 'part-night', steps: [{ at: '22:00', level: 0.4 }, { at: '05:00', level: 1 }] } }] });

describe('night samples for a presentation', () => {
  it('the tour clock starts before sunset and runs eight hours past it, on whole steps', () => {
    const start = Date.parse(partNight.period.start);
    const c = tourClock(start, 47.322, 5.0415);
    const sunset = nightWindow(start, 47.322, 5.0415, { event: 'sunset-sunrise', onOffsetMin: 0, offOffsetMin: 0 }).onMs;
    expect(c.stepMs).toBe(TOUR_STEP_MS);
    expect(c.startMs % c.stepMs).toBe(0);
    expect(c.startMs).toBeLessThanOrEqual(sunset - 40 * 60_000);
    expect(c.startMs).toBeGreaterThan(sunset - 40 * 60_000 - c.stepMs);
    const times = clockTimes(c);
    expect(times).toHaveLength(c.count);
    expect(times.at(-1)!).toBeGreaterThanOrEqual(sunset + 8 * 3_600_000);
    expect(times.at(-1)! - sunset).toBeLessThan(8 * 3_600_000 + c.stepMs);
  });

  it('samples each lamp off before dusk, full in the evening and dimmed after 22:00, as lampLevelsAt says', () => {
    const run = new ScenarioRun(city, partNight);
    run.advance();
    const m = run.world.lighting.model;
    const c = tourClock(Date.parse(partNight.period.start), m.latDeg, m.lonDeg);
    const times = clockTimes(c);
    const s = sampleLampLevels(m, times);
    const n = city.lamps.count;
    expect(n).toBeGreaterThan(0);
    expect(s.length).toBe(times.length * n);
    let sawOff = false, sawFull = false, sawDim = false;
    times.forEach((t, k) => {
      const row = s.subarray(k * n, (k + 1) * n);
      const local = localTimeOfDayMs(t, m.options.timeZone) / 3_600_000;
      expect(Array.from(row)).toEqual(Array.from(lampLevelsAt(m, t), (l) => Math.round(l * LEVEL_STEPS)));
      if (!isNight(m, t)) {
        expect(Math.max(...row)).toBe(0);
        sawOff = true;
      } else if (local >= 22 || local < 5) {
        // 40 % asked; discharge lamps dim no lower than 50 %.
        expect(Math.max(...row)).toBeLessThanOrEqual(Math.round(0.5 * LEVEL_STEPS));
        expect(Math.min(...row)).toBe(Math.round(0.4 * LEVEL_STEPS));
        sawDim = true;
      } else {
        expect(Math.min(...row)).toBe(LEVEL_STEPS);
        sawFull = true;
      }
    });
    expect([sawOff, sawFull, sawDim]).toEqual([true, true, true]);
  });
});
