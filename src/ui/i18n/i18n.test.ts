import { describe, expect, it } from 'vitest';
import { detectLanguage, initI18n } from './i18n.ts';
import fr from './fr.json';
import en from './en.json';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('i18n', () => {
  it('French and English have the same keys', () => {
    expect(keys(fr).sort()).toEqual(keys(en).sort());
  });

  it('?lang= wins over the browser, then the browser, then French', () => {
    expect(detectLanguage('?lang=en', ['fr-FR'])).toBe('en');
    expect(detectLanguage('?view=3d&lang=FR', ['en-GB'])).toBe('fr');
    expect(detectLanguage('?lang=de', ['de-DE', 'en-US'])).toBe('en');
    expect(detectLanguage('', ['de-DE'])).toBe('fr');
  });

  it('translates with interpolation', async () => {
    const i = await initI18n('en');
    expect(i.t('city.loadFailed', { message: 'x' })).toBe('Could not open the city: x');
    await i.changeLanguage('fr');
    expect(i.t('topbar.generatedBadge')).toBe('ville générée');
  });
});
