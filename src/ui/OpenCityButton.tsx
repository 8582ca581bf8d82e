// "Open a city…": a file picker for .city files produced by `npm run city:import`.

import { useTranslation } from 'react-i18next';
import { useUiStore } from '../store/uiStore.ts';
import { openCityFile } from './cityActions.ts';

export function OpenCityButton() {
  const { t } = useTranslation();
  const loading = useUiStore((s) => s.cityLoading);
  return (
    <label className="button open-city" title={t('topbar.openCityTitle')} aria-disabled={loading}>
      {t('topbar.openCity')}
      <input
        type="file"
        accept=".city,application/octet-stream"
        data-testid="city-file-input"
        disabled={loading}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) void openCityFile(file);
        }}
      />
    </label>
  );
}
