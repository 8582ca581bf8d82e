// The sensors tab: the live MQTT connection the worker holds (state, backoff, message rate,
// accepted and rejected per reason, outages), what the feeds did to the running world (counts per
// reason, cabinet meters against the model, motion detectors) and the car parks and air quality.

import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { formatLocal } from '../core/time/parisTime.ts';
import { simFrames } from '../sim-client/frames.ts';
import type { LiveKpis, LiveStats } from '../sim-client/types.ts';
import { useUiStore } from '../store/uiStore.ts';
import { formatNumber } from './format.ts';
import { connectLive, disconnectLive, retryLiveNow } from './simActions.ts';
import { FeedPointsChart } from './charts/FeedPointsChart.tsx';

type State = LiveStats['state'] | 'off';

function ReasonList({ byReason, testId }: { byReason: Record<string, number | undefined>; testId: string }) {
  const { t, i18n } = useTranslation();
  const rows = Object.entries(byReason).filter(([, n]) => (n ?? 0) > 0).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
  if (!rows.length) return <p className="muted hint" data-testid={testId}>{t('feeds.noRejection')}</p>;
  return (
    <dl className="attributes" data-testid={testId}>
      {rows.map(([reason, n]) => (
        <div key={reason} data-reason={reason}>
          <dt title={t(`feeds.reasonHelp.${reason}`)}>{t(`feeds.reason.${reason}`)}</dt>
          <dd>{formatNumber(n ?? 0, i18n.language)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Connection() {
  const { t, i18n } = useTranslation();
  const target = useUiStore((s) => s.liveTarget);
  const live = useUiStore((s) => s.liveFeed);
  const pending = useUiStore((s) => s.livePending);
  const stats = live?.stats ?? null;
  const state: State = live?.enabled && stats ? stats.state : 'off';
  const n = (v: number, d = 0) => formatNumber(v, i18n.language, d);
  const retryInS = stats?.nextRetryAtMs ? Math.max(0, Math.round((stats.nextRetryAtMs - Date.now()) / 1000)) : null;
  return (
    <section className="panel-section live-panel" data-testid="live-panel" data-state={state}>
      <h2>{t('feeds.live')}</h2>
      <p className="muted hint">{t('feeds.liveHint', { url: target?.url ?? '—' })}</p>
      <div className="live-actions">
        {live?.enabled ? (
          <button type="button" data-testid="live-disconnect" disabled={pending} onClick={() => void disconnectLive()}>
            {t('feeds.disconnect')}
          </button>
        ) : (
          <>
            <button type="button" data-testid="live-connect" disabled={pending || !target} onClick={() => void connectLive(false)}>
              {t('feeds.connect')}
            </button>
            <button type="button" data-testid="live-follow-now" disabled={pending || !target} title={t('feeds.followNowHelp')} onClick={() => void connectLive(true)}>
              {t('feeds.followNow')}
            </button>
          </>
        )}
      </div>
      <p className={`live-state live-${state}`} data-testid="live-state" role="status">
        <span className="live-dot" aria-hidden="true" /> {t(`feeds.state.${state}`)}
        {state === 'reconnecting' && retryInS !== null && (
          <>
            {' '}
            {t('feeds.retryIn', { s: n(retryInS), attempt: n(stats?.reconnectAttempts ?? 0) })}{' '}
            <button type="button" className="link-button" onClick={retryLiveNow}>
              {t('feeds.retryNow')}
            </button>
          </>
        )}
      </p>
      {stats?.lastError && state !== 'connected' && <p className="muted hint">{stats.lastError}</p>}
      {stats && (
        <>
          <dl className="attributes">
            <div>
              <dt>{t('feeds.rate')}</dt>
              <dd data-testid="live-rate">{t('feeds.perSecond', { value: n(stats.ratePerS, 1) })}</dd>
            </div>
            <div>
              <dt>{t('feeds.messages')}</dt>
              <dd data-testid="live-messages">{n(stats.messages)}</dd>
            </div>
            <div>
              <dt>{t('feeds.accepted')}</dt>
              <dd data-testid="live-accepted">{n(stats.accepted)}</dd>
            </div>
            <div>
              <dt>{t('feeds.rejected')}</dt>
              <dd data-testid="live-rejected">{n(stats.rejected)}</dd>
            </div>
          </dl>
          <ReasonList byReason={stats.rejectedByReason} testId="live-reasons" />
          <h3 className="subhead">{t('feeds.gaps')}</h3>
          {stats.gaps.length === 0 ? (
            <p className="muted hint">{t('feeds.noGap')}</p>
          ) : (
            <ul className="gap-list" data-testid="live-gaps">
              {stats.gaps.slice(-5).reverse().map((g) => (
                <li key={g.startMs}>
                  {t('feeds.gap', {
                    from: formatLocal(g.startMs),
                    to: g.endMs === null ? t('feeds.gapOpen') : formatLocal(g.endMs),
                    backfilled: n(g.backfilled),
                  })}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function WorldFeeds({ live }: { live: LiveKpis }) {
  const { t, i18n } = useTranslation();
  const f = live.kpis.feeds;
  const n = (v: number, d = 0) => formatNumber(v, i18n.language, d);
  const c = f.cabinetChecks;
  return (
    <>
      <section className="panel-section" data-testid="feeds-world">
        <h2>{t('feeds.inTwin')}</h2>
        <dl className="attributes">
          <div>
            <dt>{t('feeds.accepted')}</dt>
            <dd data-testid="feeds-accepted">{n(f.accepted)}</dd>
          </div>
          <div>
            <dt>{t('feeds.motion')}</dt>
            <dd>{t('feeds.motionValue', { detections: n(f.motion.detections), roads: n(f.motion.reportingRoads) })}</dd>
          </div>
        </dl>
        <ReasonList byReason={f.rejected} testId="feeds-reasons" />
      </section>
      <section className="panel-section" data-testid="cabinet-checks" data-flagged={c.flagged}>
        <h2>{t('feeds.cabinets')}</h2>
        <p className="muted hint">{t('feeds.cabinetsRule', { pct: n(c.toleranceShare * 100), kwh: n(c.minDeviationKWh, 1) })}</p>
        <p data-testid="cabinet-summary">{t('feeds.cabinetsValue', { checked: n(c.checked), flagged: n(c.flagged) })}</p>
        {c.worst.length > 0 && (
          <ul className="flag-list">
            {c.worst.map((w) => (
              <li key={w.id} data-testid="cabinet-flag">
                <strong>{w.id}</strong>{' '}
                {t('feeds.cabinetFlag', {
                  measured: n(w.measuredKWh, 1),
                  modelled: n(w.modelledKWh, 1),
                  dev: w.deviationShare === null ? '—' : `${w.deviationShare > 0 ? '+' : ''}${n(w.deviationShare * 100, 1)}`,
                })}
              </li>
            ))}
          </ul>
        )}
      </section>
      <FeedPointsChart points={live.feedPoints} />
    </>
  );
}

export function FeedsPanel() {
  const { t } = useTranslation();
  const live = useSyncExternalStore(simFrames.subscribeLive, simFrames.getLive);
  return (
    <div data-testid="feeds-panel">
      <Connection />
      {live ? <WorldFeeds live={live} /> : <p className="muted">{t('kpi.waiting')}</p>}
    </div>
  );
}
