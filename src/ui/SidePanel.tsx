// Side panel: the search box, then three tabs: the indicators of the simulation (scenario, KPIs,
// charts), the sensors (live feed, what feeds do to the twin) and the city (picked object or summary).

import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { summarizeCity } from '../core/city/summary.ts';
import { useUiStore, type PanelTab } from '../store/uiStore.ts';
import { SearchBox } from './SearchBox.tsx';
import { ScenarioPicker } from './ScenarioPicker.tsx';
import { KpiPanel } from './KpiPanel.tsx';
import { FeedsPanel } from './FeedsPanel.tsx';
import { OperatorPanel } from './operator/OperatorPanel.tsx';
import { selectionDetails } from './selectionAttributes.ts';
import { formatNumber } from './format.ts';
import { StudioPanel } from './studio/StudioPanel.tsx';
import { useSharedScenario } from './studio/useSharedScenario.ts';

function CitySummaryTable() {
  const { t, i18n } = useTranslation();
  const city = useUiStore((s) => s.city);
  const summary = useMemo(() => (city ? summarizeCity(city) : null), [city]);
  if (!summary) return null;
  const n = (v: number, d = 0) => formatNumber(v, i18n.language, d);
  const rows: [string, string][] = [
    [t('attr.communes'), n(summary.communes)],
    [t('attr.lamps'), n(summary.lamps)],
    [t('attr.buildings'), n(summary.buildings)],
    [t('attr.roadKm'), t('unit.km', { value: n(summary.roadKm) })],
    [t('attr.signals'), n(summary.signals)],
  ];
  return (
    <section className="panel-section" data-testid="city-summary">
      <h2>{t('panel.summary')}</h2>
      <dl className="attributes">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <p className="muted hint">{t('panel.hint')}</p>
    </section>
  );
}

function SelectionTable() {
  const { t, i18n } = useTranslation();
  const city = useUiStore((s) => s.city);
  const selection = useUiStore((s) => s.selection);
  const details = useMemo(
    () => (city && selection ? selectionDetails(city, selection, (k, p) => t(k, p), i18n.language) : null),
    [city, selection, t, i18n.language],
  );
  if (!details) return null;
  return (
    <section className="panel-section" data-testid="selection-details" data-kind={selection?.kind}>
      <h2>{details.title}</h2>
      <dl className="attributes">
        {details.rows.map((r) => (
          <div key={r.label}>
            <dt>{r.label}</dt>
            <dd>{r.value}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="link-button" onClick={() => useUiStore.getState().select(null)}>
        {t('panel.clear')}
      </button>
    </section>
  );
}

const TABS: { id: PanelTab; key: string }[] = [
  { id: 'kpis', key: 'kpi.tab' },
  { id: 'feeds', key: 'feeds.tab' },
  { id: 'city', key: 'kpi.cityTab' },
  { id: 'studio', key: 'studio.tab' },
];

export function SidePanel() {
  const { t } = useTranslation();
  const hasSelection = useUiStore((s) => s.selection !== null);
  const tab = useUiStore((s) => s.panelTab);
  useSharedScenario();
  return (
    <aside className="side-panel" aria-label={t('panel.title')}>
      <SearchBox />
      <div className="tabs" role="tablist" aria-label={t('kpi.tabs')}>
        {TABS.map((x) => (
          <button
            key={x.id}
            type="button"
            role="tab"
            id={`tab-${x.id}`}
            data-testid={`tab-${x.id}`}
            aria-selected={tab === x.id}
            aria-controls={`tabpanel-${x.id}`}
            onClick={() => useUiStore.getState().setPanelTab(x.id)}
          >
            {t(x.key)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'kpis' ? (
          <>
            <ScenarioPicker />
            <KpiPanel />
          </>
        ) : tab === 'studio' ? (
          <StudioPanel />
        ) : tab === 'feeds' ? (
          <>
            <FeedsPanel />
            <OperatorPanel />
          </>
        ) : hasSelection ? (
          <SelectionTable />
        ) : (
          <CitySummaryTable />
        )}
      </div>
    </aside>
  );
}
