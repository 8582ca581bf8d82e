// The main view area: the view switch and the lazily loaded view for `?view=` (3d, map, globe; each
// its own chunk, Cesium's only with the globe), a loading line while a chunk loads, and a message for an unknown view.

import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useUiStore } from '../store/uiStore.ts';
import { UnknownView } from '../ui/UnknownView.tsx';
import { ViewSwitch } from '../ui/ViewSwitch.tsx';
import { AVAILABLE_VIEWS, readTilesUrl, readUrlState, withParam } from './urlState.ts';

const Scene3DView = lazy(() => import('../views/scene3d/Scene3DView.tsx'));
const MapView = lazy(() => import('../views/map/MapView.tsx'));
const GlobeView = lazy(() => import('../views/globe/GlobeView.tsx'));

const LOADING_KEYS: Record<string, string> = { '3d': 'view.loading', map: 'map.loading', globe: 'globe.loading' };

export function ViewHost({ timeMs }: { timeMs: number }) {
  const { t } = useTranslation();
  const view = useUiStore((s) => s.view);
  const hasCity = useUiStore((s) => s.city !== null);
  // The URL names the view shown (switching replaces the entry, like the language).
  useEffect(() => {
    if (readUrlState(location.search).view !== view) history.replaceState(history.state, '', withParam(location.href, 'view', view));
  }, [view]);
  const known = (AVAILABLE_VIEWS as readonly string[]).includes(view);
  return (
    <>
      {!known ? (
        <UnknownView view={view} available={AVAILABLE_VIEWS} hrefFor={(v) => withParam(location.href, 'view', v)} />
      ) : hasCity ? (
        <Suspense fallback={<p className="view-message">{t(LOADING_KEYS[view])}</p>}>
          {view === '3d' && <Scene3DView timeMs={timeMs} label={t('view.label3d')} noWebglMessage={t('view.noWebgl')} />}
          {view === 'map' && <MapView />}
          {view === 'globe' && <GlobeView initialTilesUrl={readTilesUrl(location.search)} />}
        </Suspense>
      ) : null}
      <ViewSwitch views={AVAILABLE_VIEWS} />
    </>
  );
}
