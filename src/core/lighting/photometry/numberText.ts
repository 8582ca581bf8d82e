// Strict number reading shared by the EULUMDAT and IES parsers: a field either is a plain
// decimal number (comma decimals accepted, as European EULUMDAT writers use them) or an error.

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a field's text holds, or null when it is not exactly one finite decimal number. */
export function parseDecimal(text: string): number | null {
  let s = text.trim();
  if (s.indexOf('.') < 0 && /^[+-]?\d+,\d+$/.test(s)) s = s.replace(',', '.');
  if (!DECIMAL.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

/** Shortest text for a value rounded to `decimals`, without a trailing ".0" or "-0". */
export function formatDecimal(value: number, decimals: number): string {
  const s = value.toFixed(decimals);
  if (s.indexOf('.') < 0) return s === '-0' ? '0' : s;
  const t = s.replace(/0+$/, '').replace(/\.$/, '');
  return t === '-0' ? '0' : t;
}
