// What the URL says: `?view=` (3d by default), `?lang=`, `?time=` (ISO display time for the
// sky, tonight at 23:00 by default); and keeping `lang`/`view` in the URL when they change.

export const AVAILABLE_VIEWS = ['3d'] as const;

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
