// Search over a city's communes (by name) and streets (links grouped by name and commune):
// accent- and case-insensitive, prefix matches first; each result says where to fly the camera.

import type { CityModel } from '../core/city/model.ts';

export interface SearchEntry {
  kind: 'commune' | 'street';
  label: string;
  /** Commune of a street; empty for a commune. */
  detail: string;
  /** Normalised label for matching. */
  key: string;
  xM: number;
  yM: number;
  /** Camera distance that frames it. */
  distanceM: number;
  /** A link of the street, to select on arrival. */
  link: number;
}

export function normalise(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[’']/g, ' ').replace(/\s+/g, ' ').trim();
}

export function buildSearchEntries(city: CityModel): SearchEntry[] {
  const entries: SearchEntry[] = [];
  const c = city.communes;
  for (let i = 0; i < c.count; i++) {
    const distanceM = Math.min(3800, Math.max(1200, Math.sqrt(c.population[i] || 1000) * 12));
    entries.push({ kind: 'commune', label: c.name[i], detail: '', key: normalise(c.name[i]), xM: c.centreXM[i], yM: c.centreYM[i], distanceM, link: -1 });
  }
  // Streets: one entry per (name, commune), framed by the bounding box of its links.
  const groups = new Map<number, { minX: number; minY: number; maxX: number; maxY: number; link: number; name: number; commune: number }>();
  const L = city.links;
  for (let l = 0; l < L.count; l++) {
    const name = L.name[l];
    if (name < 0) continue;
    const gk = name * 65536 + L.commune[l];
    let g = groups.get(gk);
    if (!g) {
      g = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity, link: l, name, commune: L.commune[l] };
      groups.set(gk, g);
    }
    for (let p = L.shapeStart[l]; p < L.shapeStart[l + 1]; p++) {
      const x = L.shapeXYM[p * 2], y = L.shapeXYM[p * 2 + 1];
      if (x < g.minX) g.minX = x;
      if (x > g.maxX) g.maxX = x;
      if (y < g.minY) g.minY = y;
      if (y > g.maxY) g.maxY = y;
    }
  }
  for (const g of groups.values()) {
    const label = city.strings[g.name] ?? '';
    if (!label) continue;
    entries.push({
      kind: 'street',
      label,
      detail: c.name[g.commune] ?? '',
      key: normalise(label),
      xM: (g.minX + g.maxX) / 2,
      yM: (g.minY + g.maxY) / 2,
      distanceM: Math.min(6000, Math.max(350, Math.hypot(g.maxX - g.minX, g.maxY - g.minY) * 1.4)),
      link: g.link,
    });
  }
  return entries;
}

export function searchEntries(entries: readonly SearchEntry[], query: string, limit = 8): SearchEntry[] {
  const q = normalise(query);
  if (q.length < 2) return [];
  const scored: { e: SearchEntry; score: number }[] = [];
  for (const e of entries) {
    const at = e.key.indexOf(q);
    if (at < 0) continue;
    // Prefix < start of a word < anywhere; communes before streets; shorter names first.
    const score = (at === 0 ? 0 : e.key[at - 1] === ' ' || e.key[at - 1] === '-' ? 1 : 2) * 1000 + (e.kind === 'commune' ? 0 : 500) + Math.min(e.key.length, 499);
    scored.push({ e, score });
  }
  scored.sort((a, b) => a.score - b.score || a.e.label.localeCompare(b.e.label) || a.e.detail.localeCompare(b.e.detail));
  return scored.slice(0, limit).map((s) => s.e);
}
