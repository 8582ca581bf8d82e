// What the URL says: `?view=` (3d by default), `?lang=`, `?time=` (ISO display time for the
// sky, tonight at 23:00 by default), `?tiles=` (the globe's optional tiles URL); and keeping `lang`/`view` in the URL.

export const AVAILABLE_VIEWS = ['3d', 'map', 'globe'] as const;

export interface UrlState {
  view: string;
  lang: string | null;
  timeMs: number | null;
}

export function readUrlState(search: string): UrlState {
  const p = new URLSearchParams(search);
  const view = (p.get('view') ?? '3d').trim().toLowerCase() || '3d';
  const time = p.get('time');
  const t = time ? Date.parse(time) : NaN;
  return { view, lang: p.get('lang'), timeMs: Number.isFinite(t) ? t : null };
}

/** `?tiles=`: a user-supplied 3D Tiles or imagery URL for the globe (http or https only), else null. */
export function readTilesUrl(search: string): string | null {
  const raw = new URLSearchParams(search).get('tiles')?.trim();
  if (!raw) return null;
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? raw : null;
  } catch {
    return null;
  }
}

/** `?present=<baseline>,<variant>[&days=N]`: presentation mode on a pair of bundled scenarios (one night by default), else null. */
export function readPresentParam(search: string): { baseline: string; variant: string; days: number } | null {
  const p = new URLSearchParams(search);
  const raw = p.get('present');
  if (raw === null) return null;
  const [baseline = '', variant = ''] = raw.split(',').map((x) => x.trim());
  const days = Number(p.get('days') ?? '1');
  return { baseline, variant, days: Number.isInteger(days) && days >= 1 && days <= 366 ? days : 1 };
}

/** The current URL with one parameter replaced (other parameters kept). */
export function withParam(href: string, key: string, value: string): string {
  const u = new URL(href);
  u.searchParams.set(key, value);
  return u.pathname + u.search + u.hash;
}

/** Tonight at 23:00 in the browser's time zone: the night the 3D view shows by default. */
export function defaultNightTimeMs(nowMs: number): number {
  const d = new Date(nowMs);
  d.setHours(23, 0, 0, 0);
  return d.getTime();
}
