// "Car parks and air quality": the latest occupancy of each car park (%) and the latest
// pollutant concentrations of each air-quality station (µg/m³), as HTML bars, from the feeds.

import { useTranslation } from 'react-i18next';
import type { FeedPoints } from '../../sim-client/types.ts';
import { formatNumber } from '../format.ts';

const SHOWN = 10;
const POLLUTANTS = ['no2', 'pm10', 'pm25', 'o3'] as const;

export function FeedPointsChart({ points }: { points: FeedPoints }) {
  const { t, i18n } = useTranslation();
  const n = (v: number, d = 0) => formatNumber(v, i18n.language, d);
  const parks = points.parking
    .filter((p) => p.occupancy !== undefined)
    .sort((a, b) => (b.occupancy ?? 0) - (a.occupancy ?? 0))
    .slice(0, SHOWN);
  const stations = points.airQuality.slice(0, SHOWN);
  const maxUg = Math.max(1, ...stations.flatMap((s) => POLLUTANTS.map((k) => s[k] ?? 0)));
  return (
    <figure className="chart" data-testid="feed-points-chart">
      <figcaption>
        <span className="chart-title">{t('feeds.parkingTitle')}</span>
        <span className="chart-hint">{parks.length ? t('feeds.parkingHint', { count: points.parking.length }) : t('feeds.noParking')}</span>
      </figcaption>
      <div className="hbars" data-testid="parking-bars">
        {parks.map((p) => (
          <div key={p.entityId} className="hbar" title={p.entityId}>
            <span className="hbar-label">{p.name ?? p.carPark}</span>
            <span className="hbar-track">
              <span className="hbar-fill" style={{ width: `${100 * (p.occupancy ?? 0)}%` }} />
            </span>
            <span className="hbar-value">{t('unit.pct', { value: n(100 * (p.occupancy ?? 0)) })}</span>
          </div>
        ))}
      </div>
      <figcaption>
        <span className="chart-title">{t('feeds.airTitle')}</span>
        <span className="chart-hint">{stations.length ? t('feeds.airHint') : t('feeds.noAir')}</span>
      </figcaption>
      <div className="hbars" data-testid="air-bars">
        {stations.flatMap((s) =>
          POLLUTANTS.filter((k) => s[k] !== undefined).map((k) => (
            <div key={`${s.entityId}:${k}`} className="hbar" title={s.entityId}>
              <span className="hbar-label">
                {s.name ?? s.entityId.split(':').pop()} · {t(`feeds.pollutant.${k}`)}
              </span>
              <span className="hbar-track">
                <span className="hbar-fill air" style={{ width: `${(100 * (s[k] ?? 0)) / maxUg}%` }} />
              </span>
              <span className="hbar-value">{t('feeds.ugm3', { value: n(s[k] ?? 0, 1) })}</span>
            </div>
          )),
        )}
      </div>
    </figure>
  );
}
