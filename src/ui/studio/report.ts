// The one-page report of a comparison for a council meeting: a self-contained HTML page (no script,
// inline styles, A4) with the headline changes, the night power of both, communes, and the sources.

import type { CityModel } from '../../core/city/model.ts';
import { changeAt } from '../../core/compare.ts';
import type { CompareRun } from '../../sim-client/compareClient.ts';
import { formatNumber } from '../format.ts';
import { formatCo2, formatCost, formatEnergy, formatPercent, formatPower, type Translate } from '../kpiFormat.ts';
import { NIGHT_HOUR_ORDER } from '../charts/chartScale.ts';
import { deltaCards, formatChange } from './deltaCards.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Both nights as an SVG: the variant as bars, the baseline as a stepped line. */
function nightSvg(run: CompareRun, t: Translate, lang: string): string {
  const a = run.result.baseline.lighting.powerByLocalHourKW;
  const b = run.result.variant.lighting.powerByLocalHourKW;
  const W = 640;
  const H = 180;
  const left = 60;
  const max = Math.max(1, ...a, ...b) * 1.05;
  const slot = (W - left - 10) / 24;
  const y = (kW: number) => 10 + (H - 40) * (1 - kW / max);
  let bars = '';
  let line = '';
  NIGHT_HOUR_ORDER.forEach((h, i) => {
    const x = left + i * slot;
    bars += `<rect x="${(x + slot * 0.12).toFixed(1)}" y="${y(b[h]).toFixed(1)}" width="${(slot * 0.76).toFixed(1)}" height="${(H - 30 - y(b[h])).toFixed(1)}" fill="#3b7dd8"/>`;
    line += `${i ? 'L' : 'M'}${x.toFixed(1)},${y(a[h]).toFixed(1)}H${(x + slot).toFixed(1)}`;
    if (h % 3 === 0) bars += `<text x="${(x + slot / 2).toFixed(1)}" y="${H - 12}" font-size="10" text-anchor="middle">${h} h</text>`;
  });
  const top = `<text x="${left - 6}" y="${y(max / 1.05) + 4}" font-size="10" text-anchor="end">${escapeHtml(formatPower(max / 1.05, t, lang))}</text>`;
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${escapeHtml(t('studio.nightChart'))}"><line x1="${left}" x2="${W - 10}" y1="${H - 30}" y2="${H - 30}" stroke="#999"/>${top}${bars}<path d="${line}" fill="none" stroke="#d2691e" stroke-width="2"/></svg>`;
}

export interface ReportContext {
  city: CityModel;
  run: CompareRun;
  t: Translate;
  lang: 'fr' | 'en';
  titles: { baseline: string; variant: string };
  /** When the report was made (shown at the foot). */
  madeAt: Date;
}

export function reportHtml({ city, run, t, lang, titles, madeAt }: ReportContext): string {
  const { baseline: a, variant: b, delta } = run.result;
  const n = (v: number, d = 0) => formatNumber(v, lang, d);
  const cards = deltaCards(run.result);
  const kpiRows = cards
    .map((c) => `<tr><th>${escapeHtml(t(c.labelKey))}</th><td>${escapeHtml(c.format(c.baseline, t, lang))}</td><td>${escapeHtml(c.format(c.variant, t, lang))}</td><td class="chg">${escapeHtml(formatChange(c, t, lang))}</td></tr>`)
    .join('');
  const byCommune = Object.keys(a.lighting.energyByCommuneKWh)
    .map((name) => ({ name, c: changeAt(delta, `lighting.energyByCommuneKWh.${name}`) }))
    .filter((x) => x.c)
    .sort((x, y) => x.c!.diff - y.c!.diff)
    .slice(0, 8)
    .map((x) => `<tr><th>${escapeHtml(x.name)}</th><td>${escapeHtml(formatEnergy(a.lighting.energyByCommuneKWh[x.name], t, lang))}</td><td>${escapeHtml(formatEnergy(b.lighting.energyByCommuneKWh[x.name], t, lang))}</td><td class="chg">${escapeHtml(formatEnergy(x.c!.diff, t, lang))}${x.c!.pct !== null ? ` (${n(x.c!.pct, 1)} %)` : ''}</td></tr>`)
    .join('');
  const savings = (k: typeof a) =>
    k.lighting.savings ? t('studio.report.savings', { pct: n(k.lighting.savings.savingsVsBaselinePct, 1), baseline: k.lighting.savings.baseline }) : '';
  const generated = city.meta.source === 'generated' ? `<p class="warn">${escapeHtml(t('studio.report.generatedCity', { city: city.meta.name }))}</p>` : '';
  const sources = [
    t('studio.report.co2Source', { g: n(b.lighting.co2Factor.gPerKWh), source: b.lighting.co2Factor.source }),
    t('studio.report.tariffSource', { eur: n(b.lighting.tariff.eurPerKWh, 3), source: b.lighting.tariff.source }),
    t('studio.report.complianceMethod'),
  ];
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(t('studio.report.title'))} — ${escapeHtml(titles.variant)}</title>
<style>
@page { size: A4; margin: 14mm; }
body { font: 11pt/1.35 system-ui, sans-serif; color: #111; max-width: 182mm; margin: 0 auto; }
h1 { font-size: 17pt; margin: 0 0 2mm; } h2 { font-size: 12pt; margin: 5mm 0 2mm; }
table { border-collapse: collapse; width: 100%; font-size: 10pt; }
th, td { border-bottom: 1px solid #ddd; padding: 1.2mm 2mm; text-align: right; } th { text-align: left; font-weight: 600; }
thead th { text-align: right; } thead th:first-child { text-align: left; }
.chg { font-weight: 700; } .muted { color: #555; font-size: 9pt; } .warn { color: #8a4b00; font-size: 9pt; }
.legend span { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px; vertical-align: middle; }
</style></head><body>
<h1>${escapeHtml(t('studio.report.title'))}</h1>
<p><strong>${escapeHtml(t('studio.baseline'))}</strong> ${escapeHtml(titles.baseline)} ${escapeHtml(savings(a))}<br>
<strong>${escapeHtml(t('studio.variant'))}</strong> ${escapeHtml(titles.variant)} ${escapeHtml(savings(b))}</p>
<p class="muted">${escapeHtml(t('studio.report.period', { city: city.meta.name, start: a.start, end: a.end, seed: a.seed, lamps: n(a.lighting.lampCount) }))}</p>
${generated}
<h2>${escapeHtml(t('studio.report.headline'))}</h2>
<table><thead><tr><th></th><th>${escapeHtml(t('studio.baseline'))}</th><th>${escapeHtml(t('studio.variant'))}</th><th>${escapeHtml(t('studio.change'))}</th></tr></thead><tbody>${kpiRows}</tbody></table>
<h2>${escapeHtml(t('studio.nightChart'))}</h2>
${nightSvg(run, t, lang)}
<p class="legend muted"><span style="background:#3b7dd8"></span>${escapeHtml(t('studio.variant'))}<span style="background:#d2691e;height:2px"></span>${escapeHtml(t('studio.baseline'))}</p>
<h2>${escapeHtml(t('studio.report.communes'))}</h2>
<table><thead><tr><th></th><th>${escapeHtml(t('studio.baseline'))}</th><th>${escapeHtml(t('studio.variant'))}</th><th>${escapeHtml(t('studio.change'))}</th></tr></thead><tbody>${byCommune}</tbody></table>
<h2>${escapeHtml(t('studio.report.sources'))}</h2>
<ul class="muted">${sources.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>
<p class="muted">${escapeHtml(t('studio.report.madeAt', { date: madeAt.toISOString().slice(0, 16).replace('T', ' ') }))} · ${escapeHtml(formatCost(b.lighting.costEUR, t, lang))} / ${escapeHtml(formatCo2(b.lighting.co2Kg, t, lang))} · ${escapeHtml(formatPercent(b.lighting.ledShare, t, lang))} LED</p>
</body></html>
`;
}
