import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLdt, parseLdt, storedPlaneRange } from './eulumdat.ts';
import { intensityCd } from './photometry.ts';
import { tinyLdtText } from './testing/fixtures.ts';

const ASSETS = resolve(import.meta.dirname, '../../../../assets/photometry');
const asset = (name: string) => readFileSync(resolve(ASSETS, name), 'utf8');

describe('EULUMDAT parsing of the generic files', () => {
  it('reads counts, lamp set and the stored planes of a road lantern (Isym 3)', () => {
    const f = readLdt(asset('generic-hps-150-road.ldt'), 'generic-hps-150-road.ldt');
    expect(f.header.symmetry).toBe(3);
    expect(f.header.cPlaneCount).toBe(36);
    expect(f.header.cPlaneStepDeg).toBe(10);
    expect(f.header.gammaCount).toBe(73);
    expect(f.header.gammaStepDeg).toBe(2.5);
    expect(f.header.cAnglesDeg).toHaveLength(36);
    expect(f.header.gammaAnglesDeg).toHaveLength(73);
    // Isym 3 stores C270 … C360 … C90: Mc/2 + 1 planes.
    expect(f.storedPlaneCount).toBe(19);
    expect(f.storedCdPerKlm).toHaveLength(19 * 73);
    expect(f.header.lampSets).toEqual([
      { numberOfLamps: 1, lampType: 'HPS 150 W', totalFluxLm: 17500, colourTemperature: '2000K', colourRendering: '25', wattageIncludingBallastW: 170 },
    ]);
    expect(f.header.lightOutputRatioPct).toBe(70);
    const p = f.photometry;
    expect(p.format).toBe('ldt');
    expect(p.catalogueRef).toBe('generic-hps-150-road');
    expect(p.lampLumens).toBe(17500);
    expect(p.inputPowerW).toBe(170);
    expect(p.ratedPowerW).toBe(150);
  });

  it('expands Isym 3 to a full C 0–360 table mirrored about the C90–C270 plane', () => {
    const f = readLdt(asset('generic-hps-150-road.ldt'));
    const p = f.photometry;
    expect(p.cAnglesDeg).toHaveLength(37);
    expect(p.cAnglesDeg[0]).toBe(0);
    expect(p.cAnglesDeg[36]).toBe(360);
    expect(p.cStepDeg).toBe(10);
    expect(p.candela).toHaveLength(37 * 73);
    const ng = 73;
    for (let ci = 0; ci <= 36; ci++) {
      const mirror = ((180 - ci * 10 + 360) % 360) / 10; // C ↦ 180 − C
      for (let gi = 0; gi < ng; gi += 6) expect(p.candela[ci * ng + gi]).toBe(p.candela[mirror * ng + gi]);
    }
    // Plane 360 repeats plane 0, and the street side (C90) differs from the house side (C270).
    expect(Array.from(p.candela.subarray(36 * ng, 37 * ng))).toEqual(Array.from(p.candela.subarray(0, ng)));
    expect(intensityCd(p, 90, 55)).toBeGreaterThan(2 * intensityCd(p, 270, 55));
  });

  it('gives absolute candelas = cd/klm × lamp flux / 1000 at every stored value', () => {
    const f = readLdt(asset('generic-led-25-residential.ldt'));
    const ng = f.header.gammaCount;
    const [mc1] = storedPlaneRange(3, 36);
    for (let s = 0; s < f.storedPlaneCount; s++) {
      const c = f.header.cAnglesDeg[(mc1 - 1 + s) % 36];
      for (let gi = 0; gi < ng; gi += 4) {
        const expected = (f.storedCdPerKlm[s * ng + gi] * 3000) / 1000;
        expect(intensityCd(f.photometry, c, f.header.gammaAnglesDeg[gi])).toBeCloseTo(expected, 9);
      }
    }
  });

  it('reads every generic lantern as Isym 3 with 19 stored planes', () => {
    for (const name of ['generic-hps-70-residential.ldt', 'generic-led-60-road.ldt', 'generic-led-25-residential.ldt']) {
      const f = readLdt(asset(name), name);
      expect([f.header.symmetry, f.storedPlaneCount, f.photometry.cAnglesDeg.length]).toEqual([3, 19, 37]);
    }
  });
});

describe('EULUMDAT symmetry expansion (hand-made files)', () => {
  const gammas = [0, 45, 90];
  it('Isym 1 (Mc 1): one plane copied all round', () => {
    const p = parseLdt(tinyLdtText());
    expect(Array.from(p.cAnglesDeg)).toEqual([0, 360]);
    for (const c of [0, 33, 90, 181, 300]) expect(intensityCd(p, c, 30)).toBeCloseTo((240 * 2000) / 1000, 12);
  });

  it('Isym 0: every plane stored; C beyond the last plane wraps to C0', () => {
    const p = parseLdt(
      tinyLdtText({ isym: 0, mc: 4, dc: 90, ng: 3, dg: 45, gammas, cAngles: [0, 90, 180, 270], cdPerKlm: [10, 20, 0, 11, 21, 0, 12, 22, 0, 13, 23, 0], fluxLm: 1000 }),
    );
    expect(Array.from(p.cAnglesDeg)).toEqual([0, 90, 180, 270, 360]);
    expect(intensityCd(p, 270, 45)).toBe(23);
    expect(intensityCd(p, 315, 45)).toBeCloseTo((23 + 20) / 2, 12);
    expect(intensityCd(p, 45, 0)).toBeCloseTo(10.5, 12);
  });

  it('Isym 2: C0..C180 stored, C ↦ 360 − C', () => {
    const p = parseLdt(
      tinyLdtText({ isym: 2, mc: 4, dc: 90, ng: 3, dg: 45, gammas, cAngles: [0, 90, 180, 270], cdPerKlm: [10, 20, 0, 11, 21, 0, 12, 22, 0], fluxLm: 1000 }),
    );
    expect(Array.from(p.cAnglesDeg)).toEqual([0, 90, 180, 270, 360]);
    expect(intensityCd(p, 270, 45)).toBe(21);
    expect(intensityCd(p, 200, 45)).toBeCloseTo(intensityCd(p, 160, 45), 12);
  });

  it('Isym 3: C270..C90 stored, C ↦ 180 − C', () => {
    const p = parseLdt(
      tinyLdtText({ isym: 3, mc: 4, dc: 90, ng: 3, dg: 45, gammas, cAngles: [0, 90, 180, 270], cdPerKlm: [13, 23, 0, 10, 20, 0, 11, 21, 0], fluxLm: 1000 }),
    );
    expect(intensityCd(p, 270, 45)).toBe(23);
    expect(intensityCd(p, 0, 45)).toBe(20);
    expect(intensityCd(p, 90, 45)).toBe(21);
    expect(intensityCd(p, 180, 45)).toBe(20);
  });

  it('Isym 4: C0..C90 stored, mirrored into all four quadrants', () => {
    const p = parseLdt(
      tinyLdtText({ isym: 4, mc: 4, dc: 90, ng: 3, dg: 45, gammas, cAngles: [0, 90, 180, 270], cdPerKlm: [10, 20, 0, 11, 21, 0], fluxLm: 1000 }),
    );
    expect(Array.from(p.cAnglesDeg)).toEqual([0, 90, 180, 270, 360]);
    expect([0, 90, 180, 270].map((c) => intensityCd(p, c, 45))).toEqual([20, 21, 20, 21]);
    expect(intensityCd(p, 300, 45)).toBeCloseTo(intensityCd(p, 60, 45), 12);
  });

  it('takes the absolute-photometry convention (negative number of lamps), comma decimals and the conversion factor', () => {
    const text = tinyLdtText({ numberOfLamps: -1, conversionFactor: 1.5 }).replace('\n2000\n', '\n2000,0\n');
    const p = parseLdt(text, 'tiny.ldt');
    expect(p.lampLumens).toBe(2000);
    expect(intensityCd(p, 0, 0)).toBeCloseTo(300 * 2 * 1.5, 12);
  });
});
