import { describe, expect, it } from 'vitest';
import fr from './i18n.fr.json';
import en from './i18n.en.json';
import { initI18n } from '../i18n/i18n.ts';
import { actionOfKey, clockText } from './PresentMode.tsx';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('presentation strings and keys', () => {
  it('has every string in French and English, merged under present.', async () => {
    expect(keys(fr).sort()).toEqual(keys(en).sort());
    const i = await initI18n('fr');
    expect(i.t('present.side.baseline')).toBe('Avant');
    await i.changeLanguage('en');
    expect(i.t('present.stop.centre', { commune: 'Dijon' })).toBe('The centre: Dijon');
  });

  it('maps a clicker\'s and the keyboard\'s keys to tour actions', () => {
    expect(actionOfKey({ key: 'PageDown' })).toBe('next');
    expect(actionOfKey({ key: 'ArrowRight' })).toBe('next');
    expect(actionOfKey({ key: 'PageUp' })).toBe('previous');
    expect(actionOfKey({ key: 'ArrowLeft' })).toBe('previous');
    expect(actionOfKey({ key: 'b' })).toBe('side');
    expect(actionOfKey({ key: 'L' })).toBe('language');
    expect(actionOfKey({ key: 'f' })).toBe('fullscreen');
    expect(actionOfKey({ key: 'Escape' })).toBe('exit');
    expect(actionOfKey({ key: 'l', ctrlKey: true })).toBeNull();
    expect(actionOfKey({ key: 'x' })).toBeNull();
  });

  it('shows the simulated clock in the city\'s local time', () => {
    expect(clockText(Date.parse('2025-01-01T21:40:00Z'))).toBe('22:40');
    expect(clockText(Date.parse('2025-07-01T21:05:00Z'))).toBe('23:05');
  });
});
