import { describe, expect, it } from 'vitest';
import { gridCity } from '../city/testing/gridCity.ts';
import { testScenario } from './testing/scenarios.ts';
import { createWorld } from '../world.ts';
import { detectionBuffer } from './presence.ts';
import { SLOT_MS, localHourOfSlot, slotStartOf } from './lightingSim.ts';
import { countPresenceDetections } from './presenceWindow.ts';

const presence = { type: 'presence' as const, baseLevel: 0.2, activeLevel: 1, rampS: 1.5, holdS: 90, fadeS: 8, propagatePoles: 2 };

describe('presence detections over a window', () => {
  const city = gridCity({ lines: 4 });
  const world = createWorld(city, testScenario({ rules: [{ where: {}, policy: presence }] }));
  const m = world.lighting.model;

  it('counts each presence road once, the detections of its source inside the window, across slots', () => {
    expect(m.presenceRoads.length).toBeGreaterThan(0);
    const from = m.startMs + 9.5 * SLOT_MS, to = from + SLOT_MS;
    const out = new Float32Array(city.links.count);
    const total = countPresenceDetections(m, from, to, out);
    // The same count from the source directly, slot by slot.
    const expected = new Float32Array(city.links.count);
    const buf = detectionBuffer();
    const links = new Set(m.presenceRoads.map((r) => r.link));
    for (const link of links) {
      const road = m.presenceRoads.find((r) => r.link === link)!;
      for (let s = slotStartOf(m, from); s < to; s += SLOT_MS) {
        m.options.presence.detections(link, road.roadClass, road.lengthM, s, SLOT_MS, localHourOfSlot(m, s), buf);
        for (let k = 0; k < buf.count; k++) if (buf.times[k] >= from && buf.times[k] < to) expected[link]++;
      }
    }
    expect(Array.from(out)).toEqual(Array.from(expected));
    expect(total).toBe(expected.reduce((a, b) => a + b, 0));
    expect(total).toBeGreaterThan(0);
    // Calling it changes nothing (a stateless read): the same counts again.
    const again = new Float32Array(city.links.count);
    countPresenceDetections(m, from, to, again);
    expect(again).toEqual(out);
    // An empty window counts nothing.
    expect(countPresenceDetections(m, to, to, again)).toBe(0);
    expect(again.every((v) => v === 0)).toBe(true);
  });
});
