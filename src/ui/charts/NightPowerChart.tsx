// "Power through the night": mean fleet power per local hour (noon to noon) as bars, with the
// baseline's as a stepped outline; a plain SVG redrawn when the KPIs change (a few times a second).

import { useTranslation } from 'react-i18next';
import { formatPower } from '../kpiFormat.ts';
import { NIGHT_HOUR_ORDER, niceAxis } from './chartScale.ts';

const W = 380;
const H = 190;
const M = { left: 58, right: 8, top: 10, bottom: 24 };

export function NightPowerChart({ powerKW, baselineKW, labels }: { powerKW: number[]; baselineKW: number[] | null; labels?: { series: string; baseline: string } }) {
  const { t, i18n } = useTranslation();
  const axis = niceAxis(Math.max(1, ...powerKW, ...(baselineKW ?? [])));
  const max = axis.max;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const slot = pw / 24;
  const y = (kW: number) => M.top + ph * (1 - kW / max);
  let outline = '';
  if (baselineKW) {
    NIGHT_HOUR_ORDER.forEach((h, i) => {
      const x0 = M.left + i * slot;
      outline += `${i === 0 ? 'M' : 'L'}${x0.toFixed(1)},${y(baselineKW[h]).toFixed(1)}H${(x0 + slot).toFixed(1)}`;
    });
  }
  return (
    <figure className="chart" data-testid="night-power-chart">
      <figcaption>
        <span className="chart-title">{t('kpi.nightPower')}</span>
        <span className="chart-hint">{t('kpi.nightPowerHint')}</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('kpi.nightPower')}>
        {axis.ticks.map((v) => (
          <g key={v}>
            <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} className="grid" />
            <text x={M.left - 6} y={y(v) + 4} textAnchor="end" className="tick">
              {v === 0 ? '0' : formatPower(v, t, i18n.language)}
            </text>
          </g>
        ))}
        {NIGHT_HOUR_ORDER.map((h, i) => (
          <rect key={h} x={M.left + i * slot + slot * 0.12} y={y(powerKW[h])} width={slot * 0.76} height={Math.max(0, M.top + ph - y(powerKW[h]))} className="bar">
            <title>{`${String(h).padStart(2, '0')}:00 — ${formatPower(powerKW[h], t, i18n.language)}`}</title>
          </rect>
        ))}
        {baselineKW && <path d={outline} className="baseline-line" />}
        {NIGHT_HOUR_ORDER.map((h, i) =>
          h % 3 === 0 ? (
            <text key={h} x={M.left + (i + 0.5) * slot} y={H - 6} textAnchor="middle" className="tick">
              {`${h} h`}
            </text>
          ) : null,
        )}
      </svg>
      <div className="legend">
        <span className="legend-bar" /> {labels?.series ?? t('kpi.scenarioSeries')}
        {baselineKW && (
          <>
            <span className="legend-line" /> {labels?.baseline ?? t('kpi.baselineSeries')}
          </>
        )}
      </div>
    </figure>
  );
}
