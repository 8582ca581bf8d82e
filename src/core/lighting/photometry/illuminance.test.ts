import { describe, expect, it } from 'vitest';
import { gridCity } from '../../city/testing/gridCity.ts';
import { parseLdt } from './eulumdat.ts';
import { directionTo, illuminanceLux, lampOrientation, pointIlluminanceLux, projectOntoLink } from './illuminance.ts';

// A hand-made EULUMDAT file: rotationally symmetric (Isym 1), one 2,000 lm lamp, intensities of
// 300, 240, 120 and 0 cd/klm at γ 0°, 30°, 60° and 90°, so 600, 480, 240 and 0 cd.
const HAND_LDT = [
  'hand-made test file', '1', '1', '1', '0', '4', '30', 'none', 'hand luminaire', 'HAND-1', 'hand.ldt', 'test',
  '100', '100', '50', '80', '80', '0', '0', '0', '0', '100', '80', '1', '0',
  '1', '1', 'test lamp', '2000', '3000K', '80', '20',
  '0', '0', '0', '0', '0', '0', '0', '0', '0', '0',
  '0',
  '0', '30', '60', '90',
  '300', '240', '120', '0',
].join('\r\n');

describe('point illuminance E = I(C, γ)·cos³γ / h² against the hand computation', () => {
  const p = parseLdt(HAND_LDT, 'hand.ldt');
  const h = 5;
  const pose = { xM: 10, yM: 20, mountingHeightM: h, c0AzimuthRad: 0 };
  const cos = (deg: number) => Math.cos((deg * Math.PI) / 180);

  it('directly below: I(0) / h² = 600 / 25 = 24 lx', () => {
    expect(pointIlluminanceLux(p, pose, 10, 20)).toBeCloseTo(24, 10);
  });
  it('at γ = 30° (r = h·tan 30°): 480 · cos³30° / 25 = 12.4708 lx', () => {
    const r = h * Math.tan(Math.PI / 6);
    expect(480 * cos(30) ** 3 / 25).toBeCloseTo(12.4708, 4);
    expect(pointIlluminanceLux(p, pose, 10 + r, 20)).toBeCloseTo(12.4708, 4);
    expect(pointIlluminanceLux(p, pose, 10, 20 - r)).toBeCloseTo(12.4708, 4);
  });
  it('at γ = 45° (r = h), I interpolated to 360 cd: 360 · cos³45° / 25 = 5.0912 lx', () => {
    expect(directionTo(pose, 10 + h, 20).gammaDeg).toBeCloseTo(45, 12);
    expect(pointIlluminanceLux(p, pose, 10 + 3, 20 + 4)).toBeCloseTo(5.0912, 4);
  });
  it('at γ = 60°: 240 · cos³60° / 25 = 1.2 lx; at and beyond the horizontal: 0', () => {
    expect(pointIlluminanceLux(p, pose, 10, 20 + h * Math.tan(Math.PI / 3))).toBeCloseTo(1.2, 10);
    expect(pointIlluminanceLux(p, pose, 1e9, 20)).toBeCloseTo(0, 20);
  });
  it('sums luminaires, scales by dim level and maintenance factor', () => {
    const other = { xM: 10 + 2 * h, yM: 20, mountingHeightM: h, c0AzimuthRad: 1 };
    // Midway (r = h from both): 2 × 5.0912; the second at level 0.5; maintenance factor 0.8.
    const e = illuminanceLux([{ photometry: p, pose }, { photometry: p, pose: other, level: 0.5 }], 10 + h, 20, 0.8);
    expect(e).toBeCloseTo((360 * cos(45) ** 3 / 25) * 1.5 * 0.8, 10);
  });
});

describe('C angles follow the luminaire orientation (C = 90° is 90° counterclockwise of C = 0°)', () => {
  // Isym 0, four planes at γ 45°: C0 100, C90 400, C180 100, C270 50 cd/klm; 1,000 lm.
  const lines = HAND_LDT.split('\r\n');
  lines[2] = '0'; lines[3] = '4'; lines[4] = '90'; lines[5] = '3'; lines[6] = '45'; lines[28] = '1000';
  const head = lines.slice(0, 42);
  const p = parseLdt([...head, '0', '90', '180', '270', '0', '45', '90', '0', '100', '0', '0', '400', '0', '0', '100', '0', '0', '50', '0'].join('\n'), 'oriented.ldt');
  const h = 4;
  const e = (i: number) => i * Math.cos(Math.PI / 4) ** 3 / (h * h);

  it('C0 east: the point north (C = 90°) gets 400 cd, the point south (C = 270°) 50 cd', () => {
    const pose = { xM: 0, yM: 0, mountingHeightM: h, c0AzimuthRad: 0 };
    expect(directionTo(pose, 0, h).cDeg).toBeCloseTo(90, 10);
    expect(pointIlluminanceLux(p, pose, 0, h)).toBeCloseTo(e(400), 10);
    expect(pointIlluminanceLux(p, pose, 0, -h)).toBeCloseTo(e(50), 10);
    expect(pointIlluminanceLux(p, pose, h, 0)).toBeCloseTo(e(100), 10);
  });
  it('C0 north: the point west is now C = 90°', () => {
    const pose = { xM: 0, yM: 0, mountingHeightM: h, c0AzimuthRad: Math.PI / 2 };
    expect(pointIlluminanceLux(p, pose, -h, 0)).toBeCloseTo(e(400), 10);
    expect(pointIlluminanceLux(p, pose, h, 0)).toBeCloseTo(e(50), 10);
  });
});

describe('lampOrientation', () => {
  it('turns every lamp of a city so that C = 90° points at its road', () => {
    const city = gridCity();
    const { c0AzimuthRad, sideOfLink, alongLinkM } = lampOrientation(city);
    let checked = 0;
    for (let i = 0; i < city.lamps.count; i++) {
      const l = city.lamps.link[i];
      if (l < 0) continue;
      const pr = projectOntoLink(city.links, l, city.lamps.xM[i], city.lamps.yM[i]);
      if (pr.distanceM < 0.5) continue;
      const c90x = -Math.sin(c0AzimuthRad[i]);
      const c90y = Math.cos(c0AzimuthRad[i]);
      expect(c90x * (pr.footXM - city.lamps.xM[i]) + c90y * (pr.footYM - city.lamps.yM[i])).toBeGreaterThan(0.99 * pr.distanceM);
      expect(Math.abs(sideOfLink[i])).toBe(1);
      expect(alongLinkM[i]).toBeCloseTo(pr.alongM, 3);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});
