// Search box of the side panel: communes and streets by name; choosing one flies the camera
// there (store camera target) and, for a street, selects one of its links.

import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUiStore } from '../store/uiStore.ts';
import { buildSearchEntries, searchEntries, type SearchEntry } from './searchIndex.ts';

export function SearchBox() {
  const { t } = useTranslation();
  const city = useUiStore((s) => s.city);
  const entries = useMemo(() => (city ? buildSearchEntries(city) : []), [city]);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const results = useMemo(() => searchEntries(entries, query), [entries, query]);

  const choose = (e: SearchEntry) => {
    const s = useUiStore.getState();
    s.flyTo(e.xM, e.yM, e.distanceM);
    s.select(e.kind === 'street' && e.link >= 0 ? { kind: 'link', index: e.link } : null);
    setQuery('');
  };

  return (
    <div className="search" role="search">
      <label htmlFor="city-search" className="visually-hidden">
        {t('search.label')}
      </label>
      <input
        id="city-search"
        type="search"
        data-testid="search-input"
        autoComplete="off"
        placeholder={t('search.placeholder')}
        value={query}
        disabled={!city}
        aria-controls="city-search-results"
        onChange={(e) => {
          setQuery(e.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, results.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter' && results[active]) choose(results[active]);
          else if (e.key === 'Escape') setQuery('');
          else return;
          e.preventDefault();
        }}
      />
      {query.trim().length >= 2 && (
        <ul id="city-search-results" className="search-results" role="listbox" data-testid="search-results">
          {results.length === 0 && <li className="muted">{t('search.noResult')}</li>}
          {results.map((r, k) => (
            <li key={`${r.kind}:${r.label}:${r.detail}`} role="option" aria-selected={k === active}>
              <button type="button" onClick={() => choose(r)} onMouseEnter={() => setActive(k)}>
                <span className="result-label">{r.label}</span>
                <span className="result-detail">{r.kind === 'commune' ? t('search.commune') : `${t('search.street')} · ${r.detail}`}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
