import { describe, expect, it } from 'vitest';
import { declutterLabels, labelWidthPx, LABEL_HEIGHT_PX } from './labelDeclutter.ts';

const boxes = (xy: [number, number][], texts: string[]) => ({
  xPx: Float64Array.from(xy, (p) => p[0]),
  yPx: Float64Array.from(xy, (p) => p[1]),
  widthPx: Float64Array.from(texts, labelWidthPx),
  heightPx: LABEL_HEIGHT_PX,
});

describe('commune label declutter', () => {
  it('of two overlapping labels the more populous one stays; distant labels all stay', () => {
    const b = boxes([[100, 100], [130, 105], [400, 100], [100, 300]], ['Chenôve', 'Dijon', 'Quetigny', 'Marsannay-la-Côte']);
    const shown = declutterLabels(b, [14_000, 156_000, 9_000, 5_000], new Uint8Array(4));
    expect([...shown]).toEqual([0, 1, 1, 1]);
  });

  it('labels stacked vertically further apart than a line both stay; off-screen labels are not shown and block nothing', () => {
    const b = boxes([[100, 100], [100, 100 + LABEL_HEIGHT_PX + 6], [NaN, NaN]], ['Talant', 'Fontaine-lès-Dijon', 'Ahuy']);
    expect([...declutterLabels(b, [1, 2, 3], new Uint8Array(3))]).toEqual([1, 1, 0]);
  });

  it('every pair of shown labels is apart (a dense random centre)', () => {
    const n = 60;
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const xy = Array.from({ length: n }, () => [rnd() * 300, rnd() * 200] as [number, number]);
    const texts = Array.from({ length: n }, (_, i) => `Commune ${i}`);
    const b = boxes(xy, texts);
    const shown = declutterLabels(b, Array.from({ length: n }, (_, i) => n - i), new Uint8Array(n));
    const idx = [...shown.keys()].filter((i) => shown[i]);
    expect(idx.length).toBeGreaterThan(3);
    expect(idx.length).toBeLessThan(n);
    expect(shown[0]).toBe(1); // the top priority is always placed
    for (const i of idx) for (const j of idx) {
      if (i >= j) continue;
      const apart = Math.abs(b.xPx[i] - b.xPx[j]) * 2 >= b.widthPx[i] + b.widthPx[j] || Math.abs(b.yPx[i] - b.yPx[j]) >= LABEL_HEIGHT_PX;
      expect(apart).toBe(true);
    }
  });

  it('mismatched inputs are refused with the sizes named', () => {
    expect(() => declutterLabels(boxes([[0, 0]], ['A']), [1, 2], new Uint8Array(1))).toThrow(/1 labels but 2 priorities/);
  });
});
