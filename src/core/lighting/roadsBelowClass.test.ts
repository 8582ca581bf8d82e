import { describe, expect, it } from 'vitest';
import { gridCity } from '../city/testing/gridCity.ts';
import { createWorld, runToEnd, worldKpis } from '../world.ts';
import { linkComplianceAt, SLOT_MS } from './lightingSim.ts';
import { LinkCompliance } from './photometry/compliance.ts';
import { roadsBelowClass } from './roadsBelowClass.ts';
import { testScenario } from './testing/scenarios.ts';
import { localTimeOfDayMs } from '../time/parisTime.ts';

const city = gridCity({ lines: 5 });
const scenario = testScenario({ rules: [{ where: {}, policy: { type: 'part-night', eveningLevel: 1, steps: [{ at: '22:00', level: 0.2 }, { at: '05:00', level: 1 }] } }] });

describe('roads below their class', () => {
  const world = createWorld(city, scenario);
  runToEnd(world);
  const k = worldKpis(world).lighting;
  const m = world.lighting.model;
  /** The middle of the first night's hour `h` (local). */
  const at = (h: number) => {
    for (let t = world.startMs + SLOT_MS / 2; t < world.endMs; t += SLOT_MS) if (Math.floor(localTimeOfDayMs(t) / SLOT_MS) === h) return t;
    throw new Error(`no hour ${h}`);
  };

  it('gives the per-road compliance the simulation integrates (same share at a steady hour)', () => {
    for (const h of [20, 23, 2]) {
      const r = linkComplianceAt(m, at(h))!;
      expect(r.share).toBeCloseTo(k.compliantShareByLocalHour[h]!, 4);
    }
    expect(linkComplianceAt(m, at(13))).toBeNull(); // by day
  });

  it('lists the streets below class, longest first, their lengths adding up', () => {
    const r = linkComplianceAt(m, at(23))!;
    const below = roadsBelowClass(city, r, 100);
    let total = 0;
    for (let l = 0; l < city.links.count; l++) if (r.perLink[l] === LinkCompliance.NonCompliant) total += city.links.lengthM[l];
    expect(below.belowLengthM).toBe(Math.round(total));
    expect(below.belowLengthM).toBeGreaterThan(0);
    expect(below.roads.reduce((s, x) => s + x.lengthM, 0)).toBeCloseTo(total, -1);
    const lengths = below.roads.map((x) => x.lengthM);
    expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
    expect(below.roads[0].lightingClass).toMatch(/^[MPC]\d$/);
    expect(roadsBelowClass(city, r, 2).roads).toHaveLength(Math.min(2, below.roads.length));
    // At full output in the evening, fewer roads fall short than at 20 % after 22:00.
    expect(roadsBelowClass(city, linkComplianceAt(m, at(20))!).belowLengthM).toBeLessThan(below.belowLengthM);
  });
});
