// The main view area: the lazily loaded 3D view for `?view=3d`, a loading line while a city
// or a view chunk loads, and a clear message for a view that does not exist (yet).

import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useUiStore } from '../store/uiStore.ts';
import { UnknownView } from '../ui/UnknownView.tsx';
import { AVAILABLE_VIEWS, withParam } from './urlState.ts';

const Scene3DView = lazy(() => import('../views/scene3d/Scene3DView.tsx'));

export function ViewHost({ timeMs }: { timeMs: number }) {
  const { t } = useTranslation();
  const view = useUiStore((s) => s.view);
  const hasCity = useUiStore((s) => s.city !== null);
  if (view !== '3d') {
    return <UnknownView view={view} available={AVAILABLE_VIEWS} hrefFor={(v) => withParam(location.href, 'view', v)} />;
  }
  if (!hasCity) return null;
  return (
    <Suspense fallback={<p className="view-message">{t('view.loading')}</p>}>
      <Scene3DView timeMs={timeMs} label={t('view.label3d')} noWebglMessage={t('view.noWebgl')} />
    </Suspense>
  );
}
