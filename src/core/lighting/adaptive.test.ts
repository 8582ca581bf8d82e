import { describe, expect, it } from 'vitest';
import { adaptiveClass, adaptiveLevel, PROFILE_TRAFFIC } from './adaptive.ts';
import { LightingClass } from '../city/lightingClass.ts';

describe('adaptive classes (CEN/TR 13201-1)', () => {
  const at = (h: number) => PROFILE_TRAFFIC.volumeRatio(2, h);
  it('keeps M3 at 19:00 and lowers it to M5 at 02:00', () => {
    expect(adaptiveClass(LightingClass.M3, at(19))).toBe(LightingClass.M3);
    expect(adaptiveClass(LightingClass.M3, at(2))).toBe(LightingClass.M5);
    expect(adaptiveLevel(at(2), LightingClass.M3, 0.1)).toBeCloseTo(0.5, 6);
  });
  it('never goes past class 6 nor below the floor', () => {
    expect(adaptiveClass(LightingClass.M6, 0)).toBe(LightingClass.M6);
    expect(adaptiveClass(LightingClass.P5, 0)).toBe(LightingClass.P6);
    expect(adaptiveLevel(0, LightingClass.P4, 0.5)).toBe(0.5);
  });
});
