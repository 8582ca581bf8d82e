// City loading status: a spinner line while a city loads, and the error of a failed load (the
// CityFileError message) with a reminder that the current city is kept.

import { useTranslation } from 'react-i18next';
import { useUiStore } from '../store/uiStore.ts';

export function CityStatus() {
  const { t } = useTranslation();
  const loading = useUiStore((s) => s.cityLoading);
  const error = useUiStore((s) => s.cityError);
  const hasCity = useUiStore((s) => s.city !== null);
  if (error) {
    return (
      <div className="city-status error" role="alert" data-testid="city-error">
        <p>{t('city.loadFailed', { message: error })}</p>
        {hasCity && <p className="muted">{t('city.kept')}</p>}
        <button type="button" onClick={() => useUiStore.getState().setCityError(null)}>
          {t('city.dismiss')}
        </button>
      </div>
    );
  }
  if (loading) {
    return (
      <div className="city-status" role="status" data-testid="city-loading">
        {t('city.loading')}
      </div>
    );
  }
  return null;
}
