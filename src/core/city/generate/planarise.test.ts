import { describe, expect, it } from 'vitest';
import { findUnjoinedCrossings, planarise } from './planarise.ts';
import type { XY } from './geometry.ts';

const has = (xy: XY, x: number, y: number) => {
  for (let p = 0; p < xy.length; p += 2) if (xy[p] === x && xy[p + 1] === y) return true;
  return false;
};

describe('planarise', () => {
  it('inserts the crossing point into both lines', () => {
    const lines: XY[] = [[0, 0, 100, 0], [50, -50, 50, 50]];
    expect(findUnjoinedCrossings(lines)).toHaveLength(1);
    expect(planarise(lines)).toBe(2);
    expect(has(lines[0], 50, 0) && has(lines[1], 50, 0)).toBe(true);
    expect(findUnjoinedCrossings(lines)).toHaveLength(0);
  });

  it('joins a T (an end on the other line) and snaps a near miss onto the existing vertex', () => {
    const lines: XY[] = [[0, 0, 100, 0], [30, 0.8, 30, 60], [0, 10, 99.5, 10.4, 99.2, 40]];
    const ring: XY = [100, 10, 100, 60];
    lines.push(ring);
    planarise(lines, { cellM: 50, snapM: 1.5 });
    expect(has(lines[0], lines[1][0], lines[1][1])).toBe(true);
    expect(findUnjoinedCrossings(lines)).toHaveLength(0);
  });

  it('leaves grade-separated pairs crossing and reports them only without the exemption', () => {
    const lines: XY[] = [[0, 0, 100, 0], [50, -50, 50, 50], [20, -50, 20, 50]];
    const canJoin = (a: number, b: number) => !((a === 0 && b === 2) || (a === 2 && b === 0));
    planarise(lines, { cellM: 50, snapM: 1, canJoin });
    expect(has(lines[0], 50, 0)).toBe(true);
    expect(has(lines[0], 20, 0)).toBe(false);
    expect(findUnjoinedCrossings(lines)).toHaveLength(1);
    expect(findUnjoinedCrossings(lines, (a, b) => !canJoin(a, b))).toHaveLength(0);
  });

  it('handles many crossings across hash cells (grid against diagonals)', () => {
    const lines: XY[] = [];
    for (let k = 0; k <= 10; k++) {
      lines.push([0, k * 100, 1000, k * 100]);
      lines.push([k * 100, 0, k * 100, 1000]);
    }
    lines.push([0, 3, 1000, 997], [13, 1000, 990, 7]);
    planarise(lines, { cellM: 150, snapM: 1.5 });
    expect(findUnjoinedCrossings(lines)).toHaveLength(0);
  });
});
