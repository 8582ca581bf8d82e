import { describe, expect, it } from 'vitest';
import { buildCity, lanesPerDirection } from './builder.ts';
import { gridCity, gridCityInput } from './testing/gridCity.ts';
import { LampFlag, LinkFlag } from './model.ts';
import { RoadClass } from './roadClass.ts';
import { summarizeCity } from './summary.ts';

describe('buildCity', () => {
  it('splits roads at shared vertices into a directed graph', () => {
    const m = gridCity();
    expect(m.nodes.count).toBe(9);
    // 6 lines × 2 edges × 2 directions
    expect(m.links.count).toBe(24);
    for (let l = 0; l < m.links.count; l++) {
      expect(m.links.lengthM[l]).toBeCloseTo(100, 3);
      const r = m.links.reverse[l];
      expect(r).toBeGreaterThanOrEqual(0);
      expect(m.links.fromNode[r]).toBe(m.links.toNode[l]);
    }
    // centre (degree 4) + 4 edge midpoints (degree 3); corners are not intersections
    expect(m.intersections.count).toBe(5);
    expect(summarizeCity(m).roadKm).toBeCloseTo(1.2, 5);
  });

  it('snaps a signal point to the nearest intersection, with its approaches', () => {
    const m = gridCity();
    expect(m.signals.count).toBe(1);
    const inter = m.signals.intersection[0];
    const node = m.intersections.node[inter];
    expect([m.nodes.xM[node], m.nodes.yM[node]]).toEqual([100, 100]);
    expect(m.intersections.signalised[inter]).toBe(1);
    const approaches = m.signals.approachLinks.subarray(m.signals.approachStart[0], m.signals.approachStart[1]);
    expect(approaches.length).toBe(4);
    for (const l of approaches) expect(m.links.toNode[l]).toBe(node);
    expect(m.strings[m.signals.externalId[0]]).toBe('sig-centre');
  });

  it('drops a signal point too far from any intersection and reports it', () => {
    const input = gridCityInput();
    input.signals = [{ xM: 5000, yM: 5000 }];
    const m = buildCity(input);
    expect(m.signals.count).toBe(0);
    expect(m.meta.importReport.signalPointsUnmatched).toBe(1);
  });

  it('synthesises lamps along lit roads at the class spacing, on their link, flagged', () => {
    const m = gridCity();
    expect(m.lamps.count).toBeGreaterThan(0);
    for (let i = 0; i < m.lamps.count; i++) {
      expect(m.lamps.flags[i] & LampFlag.Synthesized).toBeTruthy();
      const l = m.lamps.link[i];
      expect(l).toBeGreaterThanOrEqual(0);
      expect(m.links.flags[l] & LinkFlag.Lit).toBeTruthy();
    }
    // residential 28 m one side: 100 m links → 4 lamps; primary 32 m both sides → 3 per side
    const onPrimary = Array.from(m.lamps.link).filter((l) => m.links.roadClass[l] === RoadClass.Primary).length;
    expect(onPrimary).toBe(2 * 2 * 3);
    const denser = gridCity({}, { synthesis: { spacingScale: 0.5, technologyMix: { ledShare: 0.6 }, seed: 1 } });
    expect(denser.lamps.count).toBeGreaterThan(1.8 * m.lamps.count);
  });

  it('lights roads of unknown lighting only inside built-up areas', () => {
    const input = gridCityInput({ lines: 8, lit: undefined });
    // a country road leaving the town, 2 km long
    input.roads.push({ xyM: [700, 0, 2700, 0], roadClass: RoadClass.Secondary, name: 'Route de la campagne' });
    const m = buildCity(input);
    const country = Array.from({ length: m.links.count }, (_, l) => l).filter((l) => m.strings[m.links.name[l]] === 'Route de la campagne');
    expect(country.length).toBe(2);
    for (const l of country) expect(m.links.flags[l] & LinkFlag.Lit).toBe(0);
    const town = Array.from({ length: m.links.count }, (_, l) => l).filter((l) => m.strings[m.links.name[l]] === 'Rue 4');
    for (const l of town) expect(m.links.flags[l] & LinkFlag.Lit).toBeTruthy();
    // an explicit lit=true wins over the test
    input.roads[input.roads.length - 1].lit = true;
    const lit = buildCity(input);
    const l0 = Array.from({ length: lit.links.count }, (_, l) => l).find((l) => lit.strings[lit.links.name[l]] === 'Route de la campagne')!;
    expect(lit.links.flags[l0] & LinkFlag.Lit).toBeTruthy();
  });

  it('calibrates lamp spacing to a target count', () => {
    // Every link of the grid is 100 m long, so counts move in steps of one lamp per link (264 links).
    const at = (target: number) => gridCity({ lines: 12 }, { synthesis: { spacingScale: 1, targetLampCount: target, technologyMix: { ledShare: 0.5 }, seed: 2 } }).lamps.count;
    expect(Math.abs(at(1000) - 1000)).toBeLessThanOrEqual(132);
    expect(Math.abs(at(2000) - 2000)).toBeLessThanOrEqual(132);
  });

  it('respects the technology mix', () => {
    const allLed = gridCity({ lines: 9 }, { synthesis: { spacingScale: 1, technologyMix: { ledShare: 1 }, seed: 3 } });
    expect(summarizeCity(allLed).lampsByTechnology).toEqual({ LED: allLed.lamps.count });
    const noLed = gridCity({ lines: 9 }, { synthesis: { spacingScale: 1, technologyMix: { ledShare: 0 }, seed: 3 } });
    expect(summarizeCity(noLed).lampsByTechnology).toEqual({ HPS: noLed.lamps.count });
  });

  it('snaps inventory lamps to their road and counts those it cannot place', () => {
    const input = gridCityInput();
    input.lamps = [
      { xM: 50, yM: 6, externalId: 'L1' },
      { xM: 50, yM: 500, externalId: 'far' },
    ];
    const m = buildCity(input);
    expect(m.lamps.count).toBe(2);
    const l = m.lamps.link[0];
    expect(m.nodes.yM[m.links.fromNode[l]]).toBe(0);
    expect(m.lamps.link[1]).toBe(-1);
    expect(m.lamps.flags[0] & LampFlag.FromInventory).toBeTruthy();
    expect(m.strings[m.lamps.externalId[0]]).toBe('L1');
    expect(m.meta.importReport.lampsUnsnapped).toBe(1);
  });

  it('does not split a road at a point repeated right after itself', () => {
    const input = gridCityInput({ lines: 2 });
    input.roads = [{ xyM: [0, 0, 50, 0, 50, 0, 100, 0], roadClass: RoadClass.Residential }];
    const m = buildCity(input);
    expect(m.nodes.count).toBe(2);
    expect(m.links.count).toBe(2);
  });

  it('reads lanes per direction from total and one-direction tags', () => {
    expect(lanesPerDirection({ xyM: [], roadClass: RoadClass.Primary, lanes: 3, lanesForward: 1 }, 1)).toEqual([1, 2]);
    expect(lanesPerDirection({ xyM: [], roadClass: RoadClass.Primary, lanes: 3, lanesBackward: 1 }, 1)).toEqual([2, 1]);
    expect(lanesPerDirection({ xyM: [], roadClass: RoadClass.Primary, lanes: 4 }, 1)).toEqual([2, 2]);
    expect(lanesPerDirection({ xyM: [], roadClass: RoadClass.Primary, oneWay: -1, lanesForward: 1, lanesBackward: 2 }, 1)).toEqual([2, 0]);
    expect(lanesPerDirection({ xyM: [], roadClass: RoadClass.Primary, oneWay: 1, lanes: 3 }, 1)).toEqual([3, 0]);
  });

  it('lights every road of a small place whose lighting is unknown', () => {
    const m = buildCity(gridCityInput({ lines: 3, lit: undefined }));
    for (let l = 0; l < m.links.count; l++) expect(m.links.flags[l] & LinkFlag.Lit).toBeTruthy();
    expect(m.lamps.count).toBeGreaterThan(0);
  });

  it('makes one-way roads a single link in the right direction', () => {
    const input = gridCityInput({ lines: 2 });
    input.roads = [
      { xyM: [0, 0, 100, 0], roadClass: RoadClass.Residential, oneWay: 1 },
      { xyM: [0, 10, 100, 10], roadClass: RoadClass.Residential, oneWay: -1 },
    ];
    const m = buildCity(input);
    expect(m.links.count).toBe(2);
    expect(m.nodes.xM[m.links.toNode[0]]).toBe(100);
    expect(m.nodes.xM[m.links.toNode[1]]).toBe(0);
    expect(m.links.reverse[0]).toBe(-1);
    expect(m.links.flags[0] & LinkFlag.OneWay).toBeTruthy();
  });

  it('estimates building heights from levels, and gives every row a commune', () => {
    const m = gridCity();
    expect(m.buildings.count).toBe(2);
    expect(m.buildings.heightM[0]).toBe(13);
    expect(m.buildings.heightKnown[0]).toBe(1);
    expect(m.buildings.heightKnown[1]).toBe(0);
    expect(m.communes.count).toBe(1);
    expect(m.communes.name[0]).toBe('Grid test city');
  });

  it('assigns communes by boundary when rings are given', () => {
    const input = gridCityInput();
    input.communes = [
      { name: 'West', inseeCode: '1', population: 10, centreXM: 25, centreYM: 100, ringXYM: [-10, -10, 60, -10, 60, 210, -10, 210] },
      { name: 'East', inseeCode: '2', population: 10, centreXM: 150, centreYM: 100, ringXYM: [60, -10, 210, -10, 210, 210, 60, 210] },
    ];
    const m = buildCity(input);
    for (let i = 0; i < m.lamps.count; i++) expect(m.lamps.commune[i]).toBe(m.lamps.xM[i] < 60 ? 0 : 1);
  });

  it('is deterministic', () => {
    const a = gridCity({ lines: 6 });
    const b = gridCity({ lines: 6 });
    expect(Array.from(a.lamps.xM)).toEqual(Array.from(b.lamps.xM));
    expect(Array.from(a.lamps.technology)).toEqual(Array.from(b.lamps.technology));
  });
});
