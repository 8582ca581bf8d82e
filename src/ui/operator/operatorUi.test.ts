// The operator panel's pure helpers and strings: cabinet lists as typed, and the same keys in French and English.

import { describe, expect, it } from 'vitest';
import { OPERATOR_PROGRAMS } from '../../core/operator/change.ts';
import { parseCabinetList } from './cabinetList.ts';
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

  it('has every string in French and English, and a name for every program', () => {
    expect(keys(fr).sort()).toEqual(keys(en).sort());
    for (const p of Object.keys(OPERATOR_PROGRAMS)) {
      expect(fr.programs).toHaveProperty(p);
      expect(en.programs).toHaveProperty(p);
    }
  });
});
