// FR/EN switch: changes i18next's language and the store's; the app mirrors it in the URL.

import { useTranslation } from 'react-i18next';
import { LANGUAGES, useUiStore } from '../store/uiStore.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const language = useUiStore((s) => s.language);
  return (
    <div className="lang-switch" role="group" aria-label={t('topbar.language')}>
      {LANGUAGES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={language === l}
          data-testid={`lang-${l}`}
          onClick={() => {
            useUiStore.getState().setLanguage(l);
            void i18n.changeLanguage(l);
          }}
        >
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
