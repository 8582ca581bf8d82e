// The operator panel's pure helpers and strings: cabinet lists as typed, and the same keys in French and English.

import { describe, expect, it } from 'vitest';
import { OPERATOR_PROGRAMS } from '../../core/operator/change.ts';
import { parseCabinetList, parseLampList, withLamp } from './cabinetList.ts';
import fr from './i18n.fr.json';
import en from './i18n.en.json';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('operator panel', () => {
  it('reads cabinet lists as typed', () => {
    expect(parseCabinetList('0, 3,12 3')).toEqual([0, 3, 12]);
    expect(parseCabinetList('7;8')).toEqual([7, 8]);
    expect(parseCabinetList('')).toBeNull();
    expect(parseCabinetList('1, x')).toBeNull();
    expect(parseCabinetList('-1')).toBeNull();
  });

  it('reads lamp id lists as typed and adds the selected lamp once', () => {
    expect(parseLampList(' lamp-000001, L-7;lamp-000001 ')).toEqual(['lamp-000001', 'L-7']);
    expect(parseLampList(' , ')).toBeNull();
    expect(withLamp('', 'lamp-000003')).toBe('lamp-000003');
    expect(withLamp('a,b', 'c')).toBe('a, b, c');
    expect(withLamp('a, c', 'c')).toBe('a, c');
  });

  it('has every string in French and English, and a name for every program', () => {
    expect(keys(fr).sort()).toEqual(keys(en).sort());
    for (const p of Object.keys(OPERATOR_PROGRAMS)) {
      expect(fr.programs).toHaveProperty(p);
      expect(en.programs).toHaveProperty(p);
    }
  });
});
