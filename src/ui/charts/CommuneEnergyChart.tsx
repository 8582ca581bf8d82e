// "Energy per commune": horizontal bars of the communes that used the most, the rest summed in
// one row; HTML bars (crisp text at any size), redrawn when the KPIs change.

import { useTranslation } from 'react-i18next';
import { formatEnergy } from '../kpiFormat.ts';

const SHOWN = 8;

export function CommuneEnergyChart({ byCommuneKWh }: { byCommuneKWh: Record<string, number> }) {
  const { t, i18n } = useTranslation();
  const rows = Object.entries(byCommuneKWh).sort((a, b) => b[1] - a[1]);
  const shown = rows.slice(0, SHOWN);
  const rest = rows.slice(SHOWN);
  if (rest.length) shown.push([t('kpi.otherCommunes', { count: rest.length }), rest.reduce((s, [, v]) => s + v, 0)]);
  const max = Math.max(1, ...shown.map(([, v]) => v));
  return (
    <figure className="chart" data-testid="commune-chart">
      <figcaption>
        <span className="chart-title">{t('kpi.perCommune')}</span>
      </figcaption>
      <div className="hbars">
        {shown.map(([name, kWh], i) => (
          <div key={name} className={`hbar${i === SHOWN ? ' rest' : ''}`}>
            <span className="hbar-label" title={name}>
              {name}
            </span>
            <span className="hbar-track">
              <span className="hbar-fill" style={{ width: `${(100 * kWh) / max}%` }} />
            </span>
            <span className="hbar-value">{formatEnergy(kWh, t, i18n.language)}</span>
          </div>
        ))}
      </div>
    </figure>
  );
}
