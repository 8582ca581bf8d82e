// Results of a comparison: KPI cards with the change of each (energy, cost, CO₂, compliance, peak,
// traffic when present), both nights on one chart, the per-trip scatter when both sides ran traffic,
// and the exports (CSV, per-trip CSV, GeoJSON, report, PNG).

import { useTranslation } from 'react-i18next';
import { formatLocal } from '../../core/time/parisTime.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { useStudioStore, type SeedSpreadState } from '../../store/studioStore.ts';
import type { ChangeSpread } from '../../core/compare.ts';
import type { CompareRun } from '../../sim-client/compareClient.ts';
import { HourlyBarsChart, NightPowerChart } from '../charts/NightPowerChart.tsx';
import { formatNumber } from '../format.ts';
import { deltaCards, formatChange, formatSpread, type DeltaCard } from './deltaCards.ts';
import { communeCsv, downloadDataUrl, downloadText, kpiCsv, lampDiffGeoJson } from './exports.ts';
import { reportHtml } from './report.ts';
import { captureViewPng } from './capture.ts';
import { showBeforeAfter, stopOtherSeeds } from './studioActions.ts';
import { TripScatter } from './TripScatter.tsx';
import { tripCompareCsv } from './tripCompare.ts';

/** Shows the comparison's lamps in the 3D view: before, after, or both split by a divider (the view's B and W keys do the same). */
function BeforeAfterButtons() {
  const { t } = useTranslation();
  const held = useUiStore((s) => s.sceneComparison !== null);
  const mode = useUiStore((s) => s.beforeAfter);
  if (!held) return null;
  return (
    <div className="studio-row" role="group" aria-label={t('studio.beforeAfter')} data-testid="studio-before-after">
      <span className="field-label">{t('studio.beforeAfter')}</span>
      {(['baseline', 'variant', 'swipe'] as const).map((m) => (
        <button key={m} type="button" aria-pressed={mode === m} data-testid={`studio-show-${m}`} onClick={() => showBeforeAfter(m)}>
          {m === 'swipe' ? t('beforeAfter3d.swipe') : t(`present.side.${m}`)}
        </button>
      ))}
    </div>
  );
}

function fileStem(run: CompareRun): string {
  return `${run.result.baseline.scenario}--vs--${run.result.variant.scenario}`;
}

/** Where the other seeds stand: running (with a stop), failed, or what the spread under each card means. */
function SeedSpreadNote({ spread }: { spread?: SeedSpreadState }) {
  const { t } = useTranslation();
  if (!spread) return null;
  if (spread.status === 'running')
    return (
      <p className="muted hint" data-testid="seed-spread" data-status="running">
        {t('studio.seedsRunning', { done: spread.done, of: spread.of })}{' '}
        <button type="button" data-testid="seed-stop" onClick={stopOtherSeeds}>
          {t('studio.seedsStop')}
        </button>
      </p>
    );
  if (spread.status === 'failed')
    return (
      <p className="scenario-error" role="alert" data-testid="seed-spread" data-status="failed">
        {spread.error}
      </p>
    );
  return (
    <p className="muted hint" data-testid="seed-spread" data-status="done" data-seeds={spread.seeds.join(',')}>
      {t('studio.seedsDone', { count: spread.seeds.length, seeds: spread.seeds.join(', ') })}
    </p>
  );
}

function CardSpread({ card, spread }: { card: DeltaCard; spread: ChangeSpread }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const f = formatSpread(card, spread, t, lang);
  return (
    <span className="kpi-sub" data-testid={`spread-${card.id}`} data-mean={spread.mean} data-sd={spread.sd} data-lower={spread.lowerIn}>
      {t('studio.cardSpread', { mean: f.mean, sd: f.sd, lower: spread.lowerIn, count: spread.seeds })}
    </span>
  );
}

export function CompareResults({ run, titles, spread }: { run: CompareRun; titles: { baseline: string; variant: string }; spread?: SeedSpreadState }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const city = useUiStore((s) => s.city);
  const cards = deltaCards(run.result);
  const stem = fileStem(run);
  const notice = (text: string, kind: 'info' | 'error' = 'error') => useStudioStore.getState().setNotice({ kind, text });
  return (
    <div className="compare-results" data-testid="compare-results" data-wall-ms={run.wallMs}>
      <p className="muted hint" data-testid="compare-span">
        {t('studio.comparedOver', { start: formatLocal(Date.parse(run.result.baseline.start)), end: formatLocal(Date.parse(run.result.baseline.end)), seed: run.result.baseline.seed, seconds: formatNumber(run.wallMs / 1000, lang, 1) })}
      </p>
      <SeedSpreadNote spread={spread} />
      <div className="kpi-grid">
        {cards.map((c) => {
          const better = c.change.diff === 0 ? 'same' : (c.change.diff < 0) === c.lowerIsBetter ? 'better' : 'worse';
          return (
            <div key={c.id} className={`kpi-tile delta-card ${better}`} data-testid={`delta-${c.id}`} data-path={c.path} data-diff={c.change.diff} data-pct={c.change.pct ?? ''}>
              <span className="kpi-label">{t(c.labelKey)}</span>
              <span className="kpi-value">{formatChange(c, t, lang)}</span>
              <span className="kpi-sub">
                {c.format(c.baseline, t, lang)} → {c.format(c.variant, t, lang)}
              </span>
              {spread?.status === 'done' && spread.byPath[c.path] && <CardSpread card={c} spread={spread.byPath[c.path]} />}
            </div>
          );
        })}
      </div>
      <BeforeAfterButtons />
      <NightPowerChart
        powerKW={run.result.variant.lighting.powerByLocalHourKW}
        baselineKW={run.result.baseline.lighting.powerByLocalHourKW}
        labels={{ series: t('studio.variant'), baseline: t('studio.baseline') }}
      />
      {run.result.baseline.traffic && run.result.variant.traffic && (
        <HourlyBarsChart
          values={run.result.variant.traffic.delayByLocalHourVehH}
          baseline={run.result.baseline.traffic.delayByLocalHourVehH}
          format={(v) => t('studio.unit.vehH', { value: formatNumber(v, lang, v < 10 ? 1 : 0) })}
          title={t('studio.delayByHour')}
          hint={t('studio.delayByHourHint')}
          testId="delay-by-hour-chart"
          labels={{ series: t('studio.variant'), baseline: t('studio.baseline') }}
        />
      )}
      {run.baseline.trips && run.variant.trips && <TripScatter baseline={run.baseline.trips} variant={run.variant.trips} />}
      <div className="studio-actions" role="group" aria-label={t('studio.exports')}>
        <button type="button" data-testid="export-kpi-csv" onClick={() => downloadText(`${stem}.kpis.csv`, kpiCsv(run), 'text/csv')}>
          {t('studio.exportKpiCsv')}
        </button>
        {run.baseline.trips && run.variant.trips && (
          <button type="button" data-testid="export-trip-csv" onClick={() => downloadText(`${stem}.trips.csv`, tripCompareCsv(run.baseline.trips!, run.variant.trips!), 'text/csv')}>
            {t('studio.signals.exportTripCsv')}
          </button>
        )}
        <button type="button" data-testid="export-commune-csv" disabled={!city} onClick={() => city && downloadText(`${stem}.communes.csv`, communeCsv(city, run), 'text/csv')}>
          {t('studio.exportCommuneCsv')}
        </button>
        <button
          type="button"
          data-testid="export-geojson"
          disabled={!city || city.lamps.count !== run.baseline.lampKWh.length}
          onClick={() => city && downloadText(`${stem}.lamps.geojson`, JSON.stringify(lampDiffGeoJson(city, run)), 'application/geo+json')}
        >
          {t('studio.exportGeojson')}
        </button>
        <button
          type="button"
          data-testid="export-report"
          disabled={!city}
          onClick={() => {
            if (!city) return;
            const html = reportHtml({ city, run, t, lang, titles, madeAt: new Date() });
            const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
            const w = window.open(url, '_blank');
            if (!w) downloadText(`${stem}.report.html`, html, 'text/html');
            else w.addEventListener('load', () => w.print(), { once: true });
            setTimeout(() => URL.revokeObjectURL(url), 60_000);
          }}
        >
          {t('studio.exportReport')}
        </button>
        <button
          type="button"
          data-testid="export-png"
          onClick={() =>
            captureViewPng().then(
              (png) => downloadDataUrl(`${stem}.view.png`, png),
              (e: Error) => notice(t('studio.pngFailed', { message: e.message })),
            )
          }
        >
          {t('studio.exportPng')}
        </button>
      </div>
    </div>
  );
}
