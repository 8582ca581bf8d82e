// The view switch over the view area: 3D, map, globe. Switching keeps the store (city, selection,
// camera target), so the next view opens on the same place and shows the same selection.

import { useTranslation } from 'react-i18next';
import { useUiStore } from '../store/uiStore.ts';
import './viewSwitch.css';

const TITLES: Record<string, string> = { '3d': 'viewSwitch.title3d', map: 'viewSwitch.titleMap', globe: 'viewSwitch.titleGlobe' };

export function ViewSwitch({ views }: { views: readonly string[] }) {
  const { t } = useTranslation();
  const current = useUiStore((s) => s.view);
  return (
    <nav className="view-switch" aria-label={t('viewSwitch.label')} data-testid="view-switch">
      {views.map((v) => (
        <button
          key={v}
          type="button"
          aria-pressed={v === current}
          title={t(TITLES[v] ?? v)}
          data-testid={`view-${v}`}
          onClick={() => useUiStore.getState().setView(v)}
        >
          {t(`viewSwitch.${v}`)}
        </button>
      ))}
    </nav>
  );
}
