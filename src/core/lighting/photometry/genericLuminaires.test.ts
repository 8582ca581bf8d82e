import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERIC_PHOTOMETRY } from '../../city/lampCatalogue.ts';
import { parseLdt } from './eulumdat.ts';
import { parseIes } from './iesna.ts';
import { GENERIC_LUMINAIRES, GENERIC_PHOTOMETRY_REFS, genericPhotometries, genericPhotometryFiles } from './genericLuminaires.ts';
import { intensityCd, type Photometry } from './photometry.ts';

const ASSETS = resolve(import.meta.dirname, '../../../../assets/photometry');

function sameTable(a: Photometry, b: Photometry): void {
  const { source: _sa, format: _fa, ...ra } = a;
  const { source: _sb, format: _fb, ...rb } = b;
  expect(ra).toEqual(rb);
}

describe('generic luminaire files', () => {
  it('covers every generic photometry ref the lamp catalogue hands out', () => {
    expect([...GENERIC_PHOTOMETRY_REFS].sort()).toEqual(Object.values(GENERIC_PHOTOMETRY).sort());
  });

  it('committed assets are exactly what the generator writes (npx tsx src/cli/writeGenericPhotometry.ts)', () => {
    const files = genericPhotometryFiles();
    expect(readdirSync(ASSETS).sort()).toEqual(Object.keys(files).sort());
    for (const [name, text] of Object.entries(files)) expect(readFileSync(resolve(ASSETS, name), 'utf8'), name).toBe(text);
  });

  it('the tables built without files equal what parsing the files gives', () => {
    const built = genericPhotometries();
    for (const ref of GENERIC_PHOTOMETRY_REFS) {
      sameTable(parseLdt(readFileSync(resolve(ASSETS, `${ref}.ldt`), 'utf8'), `${ref}.ldt`), built[ref]);
      const ies = parseIes(readFileSync(resolve(ASSETS, `${ref}.ies`), 'utf8'), `${ref}.ies`);
      expect(Array.from(ies.candela)).toEqual(Array.from(built[ref].candela));
    }
  });

  it('say in the file that they are generic, not a manufacturer\'s data', () => {
    for (const [name, text] of Object.entries(genericPhotometryFiles())) expect(text, name).toMatch(/NOT manufacturer data/);
  });
});

describe('generic luminaires are physically plausible', () => {
  const all = genericPhotometries();
  for (const spec of GENERIC_LUMINAIRES) {
    const p = all[spec.ref];
    it(`${spec.ref}: flux, cut-off and peak`, () => {
      // The luminaire emits LOR × lamp flux (rounding to 0.1 cd/klm aside).
      expect(p.lumens / (spec.lightOutputRatio * spec.lampLumens)).toBeCloseTo(1, 2);
      // Nothing at or above the horizontal, little near it: a full cut-off road lantern.
      for (let c = 0; c < 360; c += 15) {
        for (let g = 90; g <= 180; g += 5) expect(intensityCd(p, c, g)).toBe(0);
        expect(intensityCd(p, c, 85) / (p.lampLumens / 1000)).toBeLessThan(10);
      }
      // The strongest intensity along the road lies between γ 60° and 70°.
      let best = 0;
      let bestG = 0;
      for (let g = 0; g <= 90; g += 0.5) {
        const i = intensityCd(p, 0, g);
        if (i > best) [best, bestG] = [i, g];
      }
      expect(bestG).toBeGreaterThanOrEqual(60);
      expect(bestG).toBeLessThanOrEqual(70);
    });
  }

  it('road lanterns throw more to the street side (C90) than behind the pole (C270)', () => {
    for (const ref of [GENERIC_PHOTOMETRY.hpsRoad, GENERIC_PHOTOMETRY.ledRoad, GENERIC_PHOTOMETRY.ledResidential]) {
      const p = all[ref];
      expect(intensityCd(p, 90, 55)).toBeGreaterThan(2 * intensityCd(p, 270, 55));
    }
  });

  it('carries the stated ratings: HPS 150 W ≈ 17,500 lm at ≈ 170 W, LED 60 W ≈ 7,800 lm', () => {
    const hps = all[GENERIC_PHOTOMETRY.hpsRoad];
    expect([hps.lampLumens, hps.ratedPowerW, hps.inputPowerW]).toEqual([17500, 150, 170]);
    expect(hps.lumens).toBeCloseTo(12250, -1);
    const led = all[GENERIC_PHOTOMETRY.ledRoad];
    expect([led.ratedPowerW, led.inputPowerW]).toEqual([60, 60]);
    expect(led.lumens).toBeGreaterThan(7500);
    expect(led.lumens).toBeLessThan(8000);
    expect(all[GENERIC_PHOTOMETRY.ledResidential].lumens).toBeCloseTo(3000, -1);
    expect(all[GENERIC_PHOTOMETRY.hpsResidential].lampLumens).toBe(6600);
  });
});
