import { describe, expect, it } from 'vitest';
import { approachesByAxis, linkBetween, signalisedCorridor, signalisedGrid } from './testNetworks.ts';

describe('signalised corridor', () => {
  it('has an arterial of three 375 m links per direction and three signalised crossings', () => {
    const { city, nodes, signalised } = signalisedCorridor();
    expect(signalised).toHaveLength(3);
    expect(city.signals.count).toBe(3);
    // 4 arterial edges + 3 minor roads × 2 arms, two-way.
    expect(city.links.count).toBe(2 * (4 + 6));
    const first = linkBetween(city, nodes.west, nodes.c1);
    expect(city.links.lengthM[first]).toBeCloseTo(375, 3);
    expect(city.links.lanes[first]).toBe(1);
    expect(city.links.speedLimitKph[first]).toBe(50);
    for (const i of signalised) {
      const [ew, ns] = approachesByAxis(city, i);
      expect(ew).toHaveLength(2);
      expect(ns).toHaveLength(2);
    }
  });

  it('takes two lanes per direction when asked', () => {
    const { city, nodes } = signalisedCorridor({ lanesPerDirection: 2 });
    expect(city.links.lanes[linkBetween(city, nodes.c1, nodes.c2)]).toBe(2);
    expect(city.links.lanes[linkBetween(city, nodes.n1, nodes.c1)]).toBe(1);
  });
});

describe('signalised grid', () => {
  it('signals every inner crossing of a 5×5 grid', () => {
    const { city, nodes, signalised } = signalisedGrid();
    expect(city.nodes.count).toBe(25);
    expect(signalised).toHaveLength(9);
    // 2 × 5 lines × 4 blocks, two-way.
    expect(city.links.count).toBe(80);
    expect(city.intersections.count).toBe(9 + 12);
    expect(city.links.lengthM[linkBetween(city, nodes.w1, nodes.x1_1)]).toBeCloseTo(200, 3);
    expect(city.links.speedLimitKph[linkBetween(city, nodes.w1, nodes.x1_1)]).toBe(50);
    expect(city.links.speedLimitKph[linkBetween(city, nodes.x0_0, nodes.w1)]).toBe(30);
    const [ew, ns] = approachesByAxis(city, signalised[0]);
    expect(ew).toHaveLength(2);
    expect(ns).toHaveLength(2);
  });
});
