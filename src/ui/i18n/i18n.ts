// i18next set-up with the French and English resources bundled (no request), and the language
// choice: `?lang=` first, then the browser's preferred languages, French by default.

import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import fr from './fr.json';
import en from './en.json';
import studioFr from '../studio/i18n.fr.json';
import studioEn from '../studio/i18n.en.json';
import signalsFr from '../studio/signals.i18n.fr.json';
import signalsEn from '../studio/signals.i18n.en.json';
import operatorFr from '../operator/i18n.fr.json';
import operatorEn from '../operator/i18n.en.json';
import presentFr from '../present/i18n.fr.json';
import presentEn from '../present/i18n.en.json';
import { LANGUAGES, type Language } from '../../store/uiStore.ts';

// The studio's (its signal tools' under `studio.signals.`), the operator's and the presentation's strings live beside them (under `studio.`, `operator.`, `present.`), merged here.
export const RESOURCES = {
  fr: { translation: { ...fr, studio: { ...studioFr, signals: signalsFr }, operator: operatorFr, present: presentFr } },
  en: { translation: { ...en, studio: { ...studioEn, signals: signalsEn }, operator: operatorEn, present: presentEn } },
} as const;

export function isLanguage(x: string | null | undefined): x is Language {
  return !!x && (LANGUAGES as readonly string[]).includes(x);
}

/** `?lang=en` wins; else the first browser language we have; else French (the city's language). */
export function detectLanguage(search: string, browserLanguages: readonly string[]): Language {
  const fromUrl = new URLSearchParams(search).get('lang')?.toLowerCase();
  if (isLanguage(fromUrl)) return fromUrl;
  for (const l of browserLanguages) {
    const base = l.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'fr';
}

export async function initI18n(language: Language): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    resources: RESOURCES,
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  return instance;
}
