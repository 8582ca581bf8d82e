// The per-trip before/after scatter of a comparison with traffic: each point a trip (a sample of at
// most 5,000), its travel time in the baseline across and in the variant up; below the diagonal is faster.

import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TripResultArrays } from '../../sim-client/compareClient.ts';
import { niceAxis } from '../charts/chartScale.ts';
import { formatNumber } from '../format.ts';
import { sampleTripPairs } from './tripCompare.ts';

const W = 320;
const H = 300;
const M = { left: 46, right: 10, top: 10, bottom: 34 };

/** Axis extent: the 99th percentile of the sampled travel times, so a few stuck trips do not squash the rest. */
function extentS(xs: Float32Array, ys: Float32Array): number {
  const all = Float32Array.from([...xs, ...ys]).sort();
  return all.length ? all[Math.min(all.length - 1, Math.floor(all.length * 0.99))] : 1;
}

export function TripScatter({ baseline, variant }: { baseline: TripResultArrays; variant: TripResultArrays }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const sample = useMemo(() => sampleTripPairs(baseline, variant), [baseline, variant]);
  const axis = niceAxis(Math.max(60, extentS(sample.baselineS, sample.variantS)) / 60);
  const maxS = axis.max * 60;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (s: number) => M.left + (pw * Math.min(s, maxS)) / maxS;
  const y = (s: number) => M.top + ph * (1 - Math.min(s, maxS) / maxS);
  const dots = useMemo(() => {
    let d = '';
    for (let k = 0; k < sample.trip.length; k++) d += `M${x(sample.baselineS[k]).toFixed(1)} ${y(sample.variantS[k]).toFixed(1)}h0`;
    return d;
  }, [sample, maxS]); // x and y depend on maxS only
  const label = t('studio.signals.scatterTitle');
  return (
    <figure
      className="chart trip-scatter"
      data-testid="trip-scatter"
      data-points={sample.trip.length}
      data-paired={sample.paired}
      data-faster={sample.faster}
      data-slower={sample.slower}
    >
      <figcaption>
        <span className="chart-title">{label}</span>
        <span className="chart-hint">
          {t('studio.signals.scatterHint', {
            points: formatNumber(sample.trip.length, lang),
            paired: formatNumber(sample.paired, lang),
            faster: formatNumber(sample.faster, lang),
            slower: formatNumber(sample.slower, lang),
          })}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
        {axis.ticks.map((v) => (
          <g key={v}>
            <line x1={x(v * 60)} x2={x(v * 60)} y1={M.top} y2={H - M.bottom} className="grid" />
            <line x1={M.left} x2={W - M.right} y1={y(v * 60)} y2={y(v * 60)} className="grid" />
            <text x={x(v * 60)} y={H - M.bottom + 14} textAnchor="middle" className="tick">
              {formatNumber(v, lang)}
            </text>
            <text x={M.left - 6} y={y(v * 60) + 4} textAnchor="end" className="tick">
              {formatNumber(v, lang)}
            </text>
          </g>
        ))}
        <line x1={x(0)} y1={y(0)} x2={x(maxS)} y2={y(maxS)} className="scatter-diagonal" />
        <path d={dots} className="scatter-dots" />
        <text x={M.left + pw / 2} y={H - 4} textAnchor="middle" className="tick">
          {t('studio.signals.scatterX')}
        </text>
        <text x={12} y={M.top + ph / 2} textAnchor="middle" className="tick" transform={`rotate(-90 12 ${M.top + ph / 2})`}>
          {t('studio.signals.scatterY')}
        </text>
      </svg>
    </figure>
  );
}
