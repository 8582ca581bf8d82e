// Every malformed photometric file must fail with a PhotometryError naming the file, the line and
// the field — never a garbage table, never a hang.
import { describe, expect, it } from 'vitest';
import { parseLdt } from './eulumdat.ts';
import { parseIes } from './iesna.ts';
import { PhotometryError } from './photometry.ts';
import { tinyIesLines, tinyIesText, tinyLdtLines, tinyLdtText } from './testing/fixtures.ts';

function failure(parse: () => unknown): PhotometryError {
  try {
    parse();
  } catch (e) {
    expect(e).toBeInstanceOf(PhotometryError);
    return e as PhotometryError;
  }
  throw new Error('parsed without an error');
}

const edit = (lines: string[], line: number, value: string) => lines.map((l, i) => (i === line - 1 ? value : l)).join('\n');

describe('EULUMDAT bad input', () => {
  // The tiny file: 1 company … 26 lamp sets, 27–32 lamp set, 33–42 direct ratios, 43 C angle,
  // 44–47 γ angles, 48–51 intensities.
  const base = tinyLdtLines();
  const cases: [string, string, number, RegExp][] = [
    ['empty file', '', 1, /company/],
    ['truncated in the header', base.slice(0, 20).join('\n'), 21, /line 21/],
    ['truncated in the intensities', base.slice(0, 49).join('\n'), 50, /intensity 3 of 4/],
    ['Ityp not a number', edit(base, 2, 'point'), 2, /Ityp/],
    ['Isym out of range', edit(base, 3, '7'), 3, /Isym/],
    ['Mc × Dc not 360', tinyLdtText({ isym: 0, mc: 4, dc: 60, cAngles: [0, 60, 120, 180] }), 4, /Mc/],
    ['a huge Mc', edit(base, 4, '999999999'), 4, /Mc/],
    ['non-numeric flux', edit(base, 29, 'abc'), 29, /total luminous flux/],
    ['negative flux', edit(base, 29, '-2000'), 29, /total luminous flux/],
    ['zero lamps', edit(base, 27, '0'), 27, /number of lamps/],
    ['non-numeric intensity', edit(base, 49, '12x'), 49, /intensity/],
    ['negative intensity', edit(base, 48, '-1'), 48, /intensity/],
    ['γ angles out of order', tinyLdtText({ gammas: [0, 60, 30, 90], dg: 0 }), 46, /γ angle 3 of Ng = 4/],
    ['γ angle beyond 180°', tinyLdtText({ gammas: [0, 30, 60, 190], dg: 0 }), 47, /γ angle 4/],
    ['C angles out of order', tinyLdtText({ isym: 0, mc: 4, dc: 0, cAngles: [0, 180, 90, 270], cdPerKlm: new Array(16).fill(1) }), 45, /C angle 3 of Mc = 4/],
    ['Ng says more angles than listed', tinyLdtText({ ng: 5, dg: 0 }), 48, /γ angle 5 of Ng = 5/],
    ['Mc says more planes than listed', tinyLdtText({ isym: 0, mc: 4, dc: 90, cAngles: [0, 90], cdPerKlm: [1, 2, 3, 4, 5, 6, 7, 8] }), 45, /C angle 3 of Mc = 4/],
    ['Isym says more planes than stored', tinyLdtText({ isym: 2, mc: 4, dc: 90, cAngles: [0, 90, 180, 270], cdPerKlm: [1, 2, 3, 0, 1, 2, 3, 0] }), 59, /intensity 9 of 12/],
    ['more values than the counts say', [...base, '5'].join('\n'), 52, /after the intensities/],
    ['Dg contradicts the γ angles', tinyLdtText({ dg: 20 }), 45, /γ angle 2 of Ng = 4/],
    ['Isym 2 without a C180 plane', tinyLdtText({ isym: 2, mc: 4, dc: 0, cAngles: [0, 30, 200, 270], cdPerKlm: new Array(12).fill(1) }), 3, /Isym/],
  ];
  for (const [name, text, line, field] of cases) {
    it(`${name} → line ${line}`, () => {
      const e = failure(() => parseLdt(text, 'bad.ldt'));
      expect(e.file).toBe('bad.ldt');
      expect(e.line).toBe(line);
      expect(e.field).toMatch(field);
      expect(e.message).toMatch(new RegExp(`^bad\\.ldt:${line}: `));
    });
  }

  it('binary junk fails on line 2, quickly', () => {
    const junk = String.fromCharCode(...Array.from({ length: 4000 }, (_, i) => (i * 37) % 256));
    expect(failure(() => parseLdt(junk, 'junk.ldt')).file).toBe('junk.ldt');
  });
});

describe('IES bad input', () => {
  // The tiny file: 1 header, 2–3 keywords, 4 TILT, 5 lamps…, 6 ballast…, 7 vertical, 8 horizontal, 9 candela.
  const base = tinyIesLines();
  const cases: [string, string, number, RegExp][] = [
    ['no TILT line', base.filter((l) => !l.startsWith('TILT')).join('\n'), 9, /TILT/],
    ['tilt in another file', edit(base, 4, 'TILT=lamp.tlt'), 4, /TILT/],
    ['truncated before the candela values', base.slice(0, 8).join('\n'), 9, /candela value 1 of 4/],
    ['truncated in the parameters', base.slice(0, 5).join('\n'), 6, /ballast factor/],
    ['non-numeric lumens', edit(base, 5, '1 lots 2 4 1 1 2 0.1 0.1 0.05'), 5, /lumens per lamp/],
    ['negative lumens', tinyIesText({ lumensPerLamp: -500 }), 5, /lumens per lamp/],
    ['type B photometry', tinyIesText({ photometricType: 2 }), 5, /photometric type/],
    ['vertical angles out of order', tinyIesText({ vertical: [0, 60, 30, 90] }), 7, /vertical angle 3 of 4/],
    ['vertical count says more than listed', edit(base, 5, '1 1000 2 5 1 1 2 0.1 0.1 0.05'), 8, /vertical angle 5 of 5/],
    ['horizontal count says more than listed', edit(base, 5, '1 1000 2 4 2 1 2 0.1 0.1 0.05'), 10, /candela value 4 of 8/],
    ['a horizontal range that is not type C', tinyIesText({ horizontal: [0, 45], candela: [1, 2, 3, 0, 1, 2, 3, 0] }), 8, /horizontal angle 2 of 2/],
    ['negative candela', edit(base, 9, '300 -240 120 0'), 9, /candela at horizontal 0°, vertical 30°/],
    ['more values than the counts say', [...base, '7'].join('\n'), 10, /after the candela values/],
    ['a huge angle count', edit(base, 5, '1 1000 2 99999999 1 1 2 0.1 0.1 0.05'), 5, /number of vertical angles/],
  ];
  for (const [name, text, line, field] of cases) {
    it(`${name} → line ${line}`, () => {
      const e = failure(() => parseIes(text, 'bad.ies'));
      expect(e.file).toBe('bad.ies');
      expect(e.line).toBe(line);
      expect(e.field).toMatch(field);
    });
  }
});
