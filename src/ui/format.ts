// Number formatting in the UI language (French uses a comma and thin spaces); units come from
// the translation files so "12,5 m" and "12.5 m" both read naturally.

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
