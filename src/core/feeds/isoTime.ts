// Observation times of feed messages: ISO 8601 with a zone (Z or ±hh:mm) to UTC ms. The common
// UTC form is read digit by digit (the gate's hottest path); every other form goes through Date.parse.

/** ISO 8601 date-time with a zone: a time without one is ambiguous and refused. */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_TIME_TEXT = 40;

function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let k = from; k < from + count; k++) {
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** `YYYY-MM-DDTHH:MM:SS(.sss)Z` (days past the month's end roll over, as Date.parse does); NaN for anything else. */
function utcFastPath(s: string): number {
  const n = s.length;
  if ((n !== 20 && n !== 24) || s.charCodeAt(n - 1) !== 90 /* Z */) return NaN;
  if (s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':') return NaN;
  if (n === 24 && s[19] !== '.') return NaN;
  const year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
  const hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
  const ms = n === 24 ? digits(s, 20, 3) : 0;
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return NaN;
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC maps years 0–99 onto 1900–1999; leave those to Date.parse.
  return year < 100 ? NaN : t;
}

/** UTC ms of an ISO 8601 date-time with a zone; undefined when `v` is not one. */
export function isoTimeMs(v: unknown): number | undefined {
  if (typeof v !== 'string' || v.length > MAX_TIME_TEXT) return undefined;
  const fast = utcFastPath(v);
  if (fast === fast) return fast;
  if (!ISO_WITH_ZONE.test(v)) return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
}
