// Shown for a `?view=` the app does not have (yet): names the view and links to those that exist.

import { useTranslation } from 'react-i18next';

export function UnknownView({ view, available, hrefFor }: { view: string; available: readonly string[]; hrefFor: (v: string) => string }) {
  const { t } = useTranslation();
  return (
    <div className="view-message" role="alert" data-testid="unknown-view">
      <h2>{t('view.unknownTitle')}</h2>
      <p>{t('view.unknown', { view, available: available.join(', ') })}</p>
      <p>
        <a href={hrefFor('3d')}>{t('view.open3d')}</a>
      </p>
    </div>
  );
}
