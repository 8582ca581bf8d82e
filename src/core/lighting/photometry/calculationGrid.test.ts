import { describe, expect, it } from 'vitest';
import { gridCity } from '../../city/testing/gridCity.ts';
import { RoadClass } from '../../city/roadClass.ts';
import { isCanonicalLink } from '../../city/linkSegmentIndex.ts';
import { calculationSpanM, gridPointsXYM, linkCalculationGrid, rowSpacingM } from './calculationGrid.ts';

describe('EN 13201-3 grid', () => {
  it('puts 10 rows in a span up to 30 m, then rows no more than 3 m apart', () => {
    expect(rowSpacingM(25)).toBeCloseTo(2.5, 12);
    expect(rowSpacingM(30)).toBeCloseTo(3, 12);
    expect(rowSpacingM(45)).toBeCloseTo(3, 12);
    expect(rowSpacingM(40)).toBeCloseTo(40 / 14, 12);
  });

  it('judges the span between the two lamps of a row nearest the middle of the link', () => {
    expect(calculationSpanM(100, [12.5, 37.5, 62.5, 87.5], [-1, -1, -1, -1])).toEqual([37.5, 62.5]);
    // Staggered rows: a span joins two lamps of the same side (here the left row is the central one).
    expect(calculationSpanM(100, [10, 35, 40, 65, 70], [-1, 1, -1, 1, -1])).toEqual([35, 65]);
    expect(calculationSpanM(100, [50], [-1])).toEqual([0, 100]);
    expect(calculationSpanM(80, [], [])).toEqual([0, 80]);
  });

  it('has 3 points across each lane at 1/6, 1/2 and 5/6 of its width, rows at D/2 from the lamps', () => {
    const city = gridCity();
    const l = Array.from({ length: city.links.count }, (_, i) => i).find((i) => isCanonicalLink(city.links, i) && city.links.roadClass[i] === RoadClass.Residential)!;
    const g = linkCalculationGrid(city, l, [12.5, 37.5, 62.5, 87.5], [-1, -1, -1, -1]);
    expect(g.laneCount).toBe(2);
    expect(g.carriagewayWidthM).toBe(7);
    const w = 7 / 2 / 3;
    expect(Array.from(g.columnOffsetM)).toEqual([-3.5 + w / 2, -3.5 + 1.5 * w, -3.5 + 2.5 * w, w / 2, 1.5 * w, 2.5 * w].map((x) => expect.closeTo(x, 12)));
    expect(Array.from(g.laneCentreColumn)).toEqual([1, 4]);
    expect(g.rowAlongM).toHaveLength(10);
    expect(g.rowAlongM[0]).toBeCloseTo(37.5 + 1.25, 9);
    expect(g.rowAlongM[9]).toBeCloseTo(62.5 - 1.25, 9);
    const xy = gridPointsXYM(city.links, g);
    expect(xy).toHaveLength(10 * 6 * 2);
  });
});
