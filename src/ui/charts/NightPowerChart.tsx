// Hourly bars with a baseline outline: "power through the night" (mean fleet power per local hour,
// noon to noon) and any other 24-hour series; a plain SVG redrawn when the KPIs change.

import { useTranslation } from 'react-i18next';
import { formatPower } from '../kpiFormat.ts';
import { NIGHT_HOUR_ORDER, niceAxis } from './chartScale.ts';

const W = 380;
const H = 190;
const M = { left: 58, right: 8, top: 10, bottom: 24 };

export function NightPowerChart({ powerKW, baselineKW, labels }: { powerKW: number[]; baselineKW: number[] | null; labels?: { series: string; baseline: string } }) {
  const { t, i18n } = useTranslation();
  return (
    <HourlyBarsChart
      values={powerKW}
      baseline={baselineKW}
      order={NIGHT_HOUR_ORDER}
      format={(kW) => formatPower(kW, t, i18n.language)}
      title={t('kpi.nightPower')}
      hint={t('kpi.nightPowerHint')}
      testId="night-power-chart"
      labels={labels}
    />
  );
}

const DAY_HOUR_ORDER: readonly number[] = Array.from({ length: 24 }, (_, h) => h);

export interface HourlyBarsProps {
  /** One value per local hour (index = hour 0–23). */
  values: number[];
  baseline: number[] | null;
  /** Hours left to right (noon to noon for a night, 0–23 for a day). */
  order?: readonly number[];
  format: (value: number) => string;
  title: string;
  hint: string;
  testId: string;
  labels?: { series: string; baseline: string };
}

export function HourlyBarsChart({ values, baseline: baselineKW, order = DAY_HOUR_ORDER, format, title, hint, testId, labels }: HourlyBarsProps) {
  const { t } = useTranslation();
  const powerKW = values;
  const axis = niceAxis(Math.max(1, ...powerKW, ...(baselineKW ?? [])));
  const max = axis.max;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const slot = pw / 24;
  const y = (kW: number) => M.top + ph * (1 - kW / max);
  let outline = '';
  if (baselineKW) {
    order.forEach((h, i) => {
      const x0 = M.left + i * slot;
      outline += `${i === 0 ? 'M' : 'L'}${x0.toFixed(1)},${y(baselineKW[h]).toFixed(1)}H${(x0 + slot).toFixed(1)}`;
    });
  }
  return (
    <figure className="chart" data-testid={testId} data-total={powerKW.reduce((a, b) => a + b, 0)}>
      <figcaption>
        <span className="chart-title">{title}</span>
        <span className="chart-hint">{hint}</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        {axis.ticks.map((v) => (
          <g key={v}>
            <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} className="grid" />
            <text x={M.left - 6} y={y(v) + 4} textAnchor="end" className="tick">
              {v === 0 ? '0' : format(v)}
            </text>
          </g>
        ))}
        {order.map((h, i) => (
          <rect key={h} x={M.left + i * slot + slot * 0.12} y={y(powerKW[h])} width={slot * 0.76} height={Math.max(0, M.top + ph - y(powerKW[h]))} className="bar">
            <title>{`${String(h).padStart(2, '0')}:00 — ${format(powerKW[h])}`}</title>
          </rect>
        ))}
        {baselineKW && <path d={outline} className="baseline-line" />}
        {order.map((h, i) =>
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
