import { describe, expect, it } from 'vitest';
import { readPresentParam } from './urlState.ts';

describe('?present=', () => {
  it('reads the pair and the period of the figures (one night by default)', () => {
    expect(readPresentParam('?present=dijon-2017-baseline,dijon-led-part-night')).toEqual({ baseline: 'dijon-2017-baseline', variant: 'dijon-led-part-night', days: 1 });
    expect(readPresentParam('?present=a,%20b&days=7')).toEqual({ baseline: 'a', variant: 'b', days: 7 });
    expect(readPresentParam('?present=a,b&days=0')!.days).toBe(1);
    expect(readPresentParam('?present=a,b&days=2.5')!.days).toBe(1);
    expect(readPresentParam('?present=')).toEqual({ baseline: '', variant: '', days: 1 });
    expect(readPresentParam('?view=3d')).toBeNull();
  });
});
