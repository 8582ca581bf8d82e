import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLdt } from './eulumdat.ts';
import { parseIes, readIes } from './iesna.ts';
import { intensityCd } from './photometry.ts';
import { GENERIC_PHOTOMETRY_REFS } from './genericLuminaires.ts';
import { tinyIesText } from './testing/fixtures.ts';

const ASSETS = resolve(import.meta.dirname, '../../../../assets/photometry');
const asset = (name: string) => readFileSync(resolve(ASSETS, name), 'utf8');

describe('IES LM-63 parsing', () => {
  it('reads the generic road lantern: header, counts and the 90–270° horizontal range', () => {
    const f = readIes(asset('generic-led-60-road.ies'), 'generic-led-60-road.ies');
    expect(f.header.version).toBe('IESNA:LM-63-2002');
    expect(f.header.keywords.LUMCAT).toBe('generic-led-60-road');
    expect(f.header.tilt).toBe('NONE');
    expect(f.header.verticalCount).toBe(73);
    expect(f.header.horizontalCount).toBe(19);
    expect(f.header.horizontalAnglesDeg[0]).toBe(90);
    expect(f.header.horizontalAnglesDeg[18]).toBe(270);
    expect(f.header.candelaMultiplier).toBe(7.8);
    expect(f.photometry.lampLumens).toBe(7800);
    expect(f.photometry.inputPowerW).toBe(60);
    expect(f.photometry.ratedPowerW).toBe(60);
    expect(f.photometry.cAnglesDeg).toHaveLength(37);
    // Absolute cd = value × multiplier × ballast factor.
    expect(intensityCd(f.photometry, 90, 50)).toBeCloseTo(f.rawCandela[20] * 7.8, 9);
  });

  it('gives the same intensities as the EULUMDAT file of the same luminaire, for every generic luminaire', () => {
    for (const ref of GENERIC_PHOTOMETRY_REFS) {
      const ies = parseIes(asset(`${ref}.ies`), `${ref}.ies`);
      const ldt = parseLdt(asset(`${ref}.ldt`), `${ref}.ldt`);
      expect(ies.lampLumens).toBe(ldt.lampLumens);
      expect(ies.lumens).toBeCloseTo(ldt.lumens, 6);
      for (let c = 0; c <= 360; c += 7.5) {
        for (let g = 0; g <= 180; g += 1.7) expect(intensityCd(ies, c, g)).toBeCloseTo(intensityCd(ldt, c, g), 9);
      }
    }
  });

  it('expands 0–90 (quadrant) and 0–180 (bilateral) horizontal ranges', () => {
    const quad = parseIes(tinyIesText({ vertical: [0, 45, 90], horizontal: [0, 90], candela: [10, 20, 0, 11, 21, 0] }));
    expect([0, 90, 180, 270].map((c) => intensityCd(quad, c, 45))).toEqual([40, 42, 40, 42]);
    const bi = parseIes(tinyIesText({ vertical: [0, 45, 90], horizontal: [0, 90, 180], candela: [10, 20, 0, 11, 21, 0, 12, 22, 0] }));
    expect([0, 90, 180, 270].map((c) => intensityCd(bi, c, 45))).toEqual([40, 42, 44, 42]);
    const full = parseIes(tinyIesText({ vertical: [0, 45, 90], horizontal: [0, 120, 240], candela: [10, 20, 0, 11, 21, 0, 12, 22, 0] }));
    expect(intensityCd(full, 300, 45)).toBeCloseTo((44 + 40) / 2, 12);
  });

  it('applies multiplier and ballast factor; the 1995 ballast-lamp factor only before LM-63-2002; −1 lumens is absolute', () => {
    const v2002 = parseIes(tinyIesText({ multiplier: 2, ballastFactor: 0.9, secondFactor: 0.5 }));
    expect(intensityCd(v2002, 0, 0)).toBeCloseTo(300 * 2 * 0.9, 12);
    const v1995 = parseIes(tinyIesText({ header: 'IESNA:LM-63-1995', multiplier: 2, ballastFactor: 0.9, secondFactor: 0.5 }));
    expect(intensityCd(v1995, 0, 0)).toBeCloseTo(300 * 2 * 0.9 * 0.5, 12);
    const absolute = parseIes(tinyIesText({ lumensPerLamp: -1, multiplier: 1 }));
    expect(absolute.lampLumens).toBeCloseTo(absolute.lumens, 9);
    expect(absolute.lumens).toBeGreaterThan(0);
  });

  it('reads and ignores a TILT=INCLUDE block', () => {
    const p = parseIes(tinyIesText({ tilt: ['TILT=INCLUDE', '1', '3', '0 45 90', '1 0.95 0.9'] }));
    expect(intensityCd(p, 0, 30)).toBeCloseTo(480, 12);
  });
});
