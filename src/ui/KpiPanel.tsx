// The indicators of the running scenario from the period start to the simulated time: energy, cost,
// CO₂ with its factor and source, EN 13201 compliance, burning hours, LED share, power now, savings
// against the baseline and the target, the charts, and the road traffic figures when the scenario
// simulates traffic. KPIs arrive a few times a second at most.

import { useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatLocal } from '../core/time/parisTime.ts';
import { simFrames } from '../sim-client/frames.ts';
import { bundledScenario } from '../sim-client/scenarioLibrary.ts';
import type { LiveKpis, SavingsKpis, TrafficKpis } from '../sim-client/types.ts';
import { useUiStore } from '../store/uiStore.ts';
import { formatNumber } from './format.ts';
import { formatCo2, formatCost, formatEnergy, formatPercent, formatPower, formatSavings, type Translate } from './kpiFormat.ts';
import { NightPowerChart } from './charts/NightPowerChart.tsx';
import { CommuneEnergyChart } from './charts/CommuneEnergyChart.tsx';
import { LivePowerChart } from './charts/LivePowerChart.tsx';

function Tile({ id, label, value, sub, title }: { id: string; label: string; value: ReactNode; sub?: ReactNode; title?: string }) {
  return (
    <div className="kpi-tile" data-testid={`kpi-${id}`} title={title}>
      <span className="kpi-label">{label}</span>
      <span className="kpi-value">{value}</span>
      {sub && <span className="kpi-sub">{sub}</span>}
    </div>
  );
}

/** Power now: written from each frame through a ref. */
function PowerNowValue() {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const show = (kW: number | null) => {
      if (ref.current) ref.current.textContent = kW === null ? '—' : formatPower(kW, t, i18n.language);
    };
    show(simFrames.powerKW);
    return simFrames.onFrame((f) => show(f.powerKW));
  }, [t, i18n.language]);
  return <span ref={ref}>—</span>;
}

/** A scenario's full title, and its short name: the title up to its colon ("Référence 2017 : …"). */
function baselineTitle(name: string, lang: 'fr' | 'en'): { full: string; short: string } {
  const full = bundledScenario(name)?.title[lang] ?? name;
  return { full, short: full.split(/\s*:\s/)[0] };
}

function Savings({ savings, t, lang }: { savings: SavingsKpis; t: Translate; lang: 'fr' | 'en' }) {
  const pct = savings.savingsVsBaselinePct;
  const target = savings.targetReductionPct;
  const fill = Math.min(100, Math.max(0, pct));
  return (
    <div className={`savings${savings.targetMet ? ' met' : ''}`} data-testid="kpi-savings" data-target-met={String(savings.targetMet)}>
      <div className="savings-head">
        <span className="savings-value">{formatSavings(pct, t, lang)}</span>
        <span className="savings-label" title={baselineTitle(savings.baseline, lang).full}>
          {t('kpi.savings', { baseline: baselineTitle(savings.baseline, lang).short })}
        </span>
      </div>
      <div className="savings-track" aria-hidden="true">
        <span className="savings-fill" style={{ width: `${fill}%` }} />
        {target !== null && (
          <span className="savings-target" style={{ left: `${target}%` }}>
            <span>{t('kpi.target', { pct: formatNumber(target, lang) })}</span>
          </span>
        )}
      </div>
      <p className="savings-verdict">
        {target === null
          ? t('kpi.noTarget')
          : savings.targetMet
            ? t('kpi.targetMet', { pct: formatNumber(target, lang) })
            : t('kpi.targetNotMet', { pct: formatNumber(target, lang), gap: formatNumber(target - pct, lang, 1) })}
      </p>
    </div>
  );
}

/** Duration in s as "12 min 05 s" or "48 s". */
function formatDurationS(s: number, t: Translate, lang: 'fr' | 'en'): string {
  if (s < 60) return t('unit.s', { value: formatNumber(s, lang, s < 10 ? 1 : 0) });
  const m = Math.floor(s / 60);
  return t('kpi.traffic.minSec', { min: formatNumber(m, lang), sec: String(Math.round(s - m * 60)).padStart(2, '0') });
}

const LOS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;

function TrafficIndicators({ k }: { k: TrafficKpis }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const n = (v: number, d = 0) => formatNumber(v, lang, d);
  return (
    <div className="kpi-traffic" data-testid="kpi-traffic">
      <h3>{t('kpi.traffic.title')}</h3>
      <div className="kpi-grid">
        <Tile id="trips" label={t('kpi.traffic.trips')} value={n(k.trips)} sub={t('kpi.traffic.running', { value: n(k.runningAtEnd) })} />
        <Tile id="completed" label={t('kpi.traffic.completed')} value={n(k.completedTrips)} sub={t('unit.pct', { value: n(k.completionPct, 1) })} />
        <Tile id="travel-time" label={t('kpi.traffic.travelTime')} value={formatDurationS(k.meanTravelTimeS, t, lang)} sub={t('kpi.traffic.meanDelay', { value: formatDurationS(k.meanDelayS, t, lang) })} />
        <Tile id="delay" label={t('kpi.traffic.delay')} value={t('kpi.traffic.vehH', { value: n(k.totalDelayVehH, k.totalDelayVehH < 100 ? 1 : 0) })} sub={t('kpi.traffic.vehKm', { value: n(k.vehicleKm) })} />
        <Tile id="stops" label={t('kpi.traffic.stops')} value={n(k.stops)} />
        <Tile id="traffic-co2" label={t('kpi.traffic.co2')} value={formatCo2(k.co2Kg, t, lang)} sub={t('kpi.traffic.nox', { value: t('unit.kg', { value: n(k.noxKg, k.noxKg < 10 ? 2 : 1) }) })} />
        <Tile
          id="bus"
          label={t('kpi.traffic.bus')}
          value={k.bus.completed ? formatDurationS(k.bus.meanDelayS, t, lang) : '—'}
          sub={t('kpi.traffic.busSub', { done: n(k.bus.completed), trips: n(k.bus.trips) })}
        />
        <Tile
          id="emergency"
          label={t('kpi.traffic.emergency')}
          value={k.emergency.completed ? formatDurationS(k.emergency.meanResponseS, t, lang) : '—'}
          sub={t('kpi.traffic.emergencySub', { done: n(k.emergency.completed), runs: n(k.emergency.runs), max: formatDurationS(k.emergency.maxResponseS, t, lang) })}
        />
      </div>
      <div className="kpi-los" data-testid="kpi-los">
        <span className="kpi-label">{t('kpi.traffic.los', { count: k.signals.count, value: n(k.signals.count) })}</span>
        <span className="kpi-los-row">
          {LOS.map((l) => (
            <span key={l} className={`los los-${l}`} title={t('kpi.traffic.losTitle', { los: l, count: k.signals.los[l] })}>
              {l} <strong>{n(k.signals.los[l])}</strong>
            </span>
          ))}
        </span>
        <span className="kpi-sub">{t('kpi.traffic.signalDelay', { value: n(k.signals.meanControlDelayS, 1) })}</span>
      </div>
    </div>
  );
}

function Indicators({ live }: { live: LiveKpis }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const scenario = useUiStore((s) => s.sim.scenario);
  const l = live.kpis.lighting;
  const startMs = Date.parse(live.kpis.start);
  const days = (live.timeMs - startMs) / 86_400_000;
  const whole = scenario !== null && live.timeMs >= scenario.endMs;
  const n = (v: number, d = 0) => formatNumber(v, lang, d);
  return (
    <>
      <p className="kpi-span" data-testid="kpi-span">
        {t('kpi.span', { start: formatLocal(startMs), end: formatLocal(live.timeMs) })}
        <br />
        <span className="muted">
          {t('kpi.days', { count: days, value: n(days, 1) })}
          {whole && ` — ${t('kpi.wholePeriod')}`}
        </span>
      </p>
      {live.savings ? <Savings savings={live.savings} t={t} lang={lang} /> : scenario && !scenario.baseline && <p className="muted hint">{t('kpi.noBaseline')}</p>}
      <div className="kpi-grid">
        <Tile id="energy" label={t('kpi.energy')} value={formatEnergy(l.energyKWh, t, lang)} />
        <Tile id="cost" label={t('kpi.cost')} value={formatCost(l.costEUR, t, lang)} sub={t('kpi.tariff', { eur: n(l.tariff.eurPerKWh, 3), source: l.tariff.source })} />
        <Tile
          id="co2"
          label={t('kpi.co2')}
          value={formatCo2(l.co2Kg, t, lang)}
          sub={<span data-testid="co2-factor">{t('kpi.co2Factor', { g: n(l.co2Factor.gPerKWh), source: l.co2Factor.source })}</span>}
        />
        <Tile
          id="compliance"
          label={t('kpi.compliance')}
          value={l.compliantRoadShare === null ? <abbr title={t('kpi.complianceNone')}>—</abbr> : formatPercent(l.compliantRoadShare, t, lang, 1)}
          sub={l.compliantRoadShare === null ? t('kpi.complianceNone') : t('kpi.complianceTime')}
          title={l.compliantRoadShare === null ? t('kpi.complianceNone') : undefined}
        />
        <Tile id="burning" label={t('kpi.burningHours')} value={t('unit.h', { value: n(l.burningHours) })} sub={t('kpi.burningSub')} />
        <Tile id="led" label={t('kpi.ledShare')} value={formatPercent(l.ledShare, t, lang)} sub={t('kpi.ledSub', { value: n(l.lampCount) })} />
      </div>
      {l.burningHours === 0 ? (
        <p className="muted hint">{t('kpi.noData')}</p>
      ) : (
        <NightPowerChart powerKW={live.powerByLocalHourKW} baselineKW={live.baselinePowerByLocalHourKW} />
      )}
      <LivePowerChart frames={simFrames}>
        <span className="power-now" data-testid="kpi-power">
          {t('kpi.powerNow')} <strong><PowerNowValue /></strong> · {t('kpi.powerPeak', { value: formatPower(l.peakPowerKW, t, lang) })}
        </span>
      </LivePowerChart>
      {l.burningHours > 0 && <CommuneEnergyChart byCommuneKWh={l.energyByCommuneKWh} />}
      {live.kpis.traffic && <TrafficIndicators k={live.kpis.traffic} />}
    </>
  );
}

export function KpiPanel() {
  const { t } = useTranslation();
  const live = useSyncExternalStore(simFrames.subscribeLive, simFrames.getLive);
  const phase = useUiStore((s) => s.sim.phase);
  return (
    <section className="panel-section kpi-panel" data-testid="kpi-panel" aria-live="off">
      {live && phase !== 'empty' ? <Indicators live={live} /> : <p className="muted">{t('kpi.waiting')}</p>}
    </section>
  );
}
