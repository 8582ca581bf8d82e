// Number formatting in the UI language (French uses a comma and thin spaces); units come from
// the translation files so "12,5 m" and "12.5 m" both read naturally.

import { localTimeOfDayMs } from '../core/time/parisTime.ts';

const cache = new Map<string, Intl.NumberFormat>();

export function formatNumber(value: number, language: string, maxFractionDigits = 0): string {
  const key = `${language}:${maxFractionDigits}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(language, { maximumFractionDigits: maxFractionDigits });
    cache.set(key, f);
  }
  return f.format(value);
}

/** "22:40" in the city's local time (the lighting model's time zone). */
export function clockText(timeMs: number): string {
  const m = Math.floor(localTimeOfDayMs(timeMs) / 60_000);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
