// Top bar: product name, the city's name with a "generated city" badge when it is synthetic,
// opening a .city file, and the FR/EN language switch.

import { useTranslation } from 'react-i18next';
import { useUiStore } from '../store/uiStore.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { OpenCityButton } from './OpenCityButton.tsx';
import { enterPresentation } from './present/presentActions.ts';

export function TopBar() {
  const { t } = useTranslation();
  const city = useUiStore((s) => s.city);
  return (
    <header className="topbar">
      <div className="brand">
        <span className="product">{t('app.product')}</span>
        <span className="metropole">{t('app.metropole')}</span>
      </div>
      <div className="city-title">
        {city ? (
          <>
            <span className="city-name" data-testid="city-name" title={city.meta.source === 'imported' ? t('topbar.importedTitle', { sources: city.meta.sources.join(', ') }) : undefined}>
              {city.meta.name}
            </span>
            {city.meta.source === 'generated' && (
              <span className="badge badge-generated" data-testid="generated-badge" title={t('topbar.generatedTitle')}>
                {t('topbar.generatedBadge')}
              </span>
            )}
          </>
        ) : (
          <span className="city-name muted">{t('city.none')}</span>
        )}
      </div>
      <div className="topbar-actions">
        <OpenCityButton />
        <button type="button" data-testid="present-button" title={t('present.buttonTitle')} onClick={() => enterPresentation()} disabled={!city}>
          {t('present.button')}
        </button>
        <LanguageSwitch />
      </div>
    </header>
  );
}
