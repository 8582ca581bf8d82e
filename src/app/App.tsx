// Composition root of the page: i18n provider, layout (top bar, view, side panel with the
// indicators, simulation timeline), city status and drag-and-drop; keeps the title and `lang` in step.

import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import { useUiStore } from '../store/uiStore.ts';
import { Layout } from '../ui/Layout.tsx';
import { TopBar } from '../ui/TopBar.tsx';
import { SidePanel } from '../ui/SidePanel.tsx';
import { CityStatus } from '../ui/CityStatus.tsx';
import { CityDropZone } from '../ui/CityDropZone.tsx';
import { Timeline } from '../ui/Timeline.tsx';
import { ViewHost } from './ViewHost.tsx';
import { withParam } from './urlState.ts';

const PresentMode = lazy(() => import('../ui/present/PresentMode.tsx'));

function DocumentSync() {
  const { t } = useTranslation();
  const language = useUiStore((s) => s.language);
  const cityName = useUiStore((s) => s.city?.meta.name);
  useEffect(() => {
    document.documentElement.lang = language;
    history.replaceState(history.state, '', withParam(location.href, 'lang', language));
  }, [language]);
  useEffect(() => {
    document.title = t('app.documentTitle', { city: cityName ?? t('app.metropole') });
  }, [t, cityName, language]);
  return null;
}

/** Presentation mode takes the whole page (the other views are unmounted while it runs). */
function Present({ children }: { children: ReactNode }) {
  const present = useUiStore((s) => s.present);
  return present ? (
    <Suspense fallback={null}>
      <PresentMode request={present} />
    </Suspense>
  ) : (
    children
  );
}

export function App({ i18n, timeMs }: { i18n: I18n; timeMs: number }) {
  return (
    <I18nextProvider i18n={i18n}>
      <DocumentSync />
      <Present>
        <Layout
          top={<TopBar />}
          main={
            <>
              <ViewHost timeMs={timeMs} />
              <CityStatus />
            </>
          }
          side={<SidePanel />}
          timeline={<Timeline />}
          overlay={<CityDropZone />}
        />
      </Present>
    </I18nextProvider>
  );
}
