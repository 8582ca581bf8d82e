// Presentation mode (lazy-loaded, full page): prepares or opens the deck with a progress indicator,
// then the guided night tour with the big numbers in large type, driven by the keyboard or a clicker.

import { lazy, Suspense, useCallback, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CityModel } from '../../core/city/model.ts';
import { LANGUAGES, useUiStore, type PresentRequest } from '../../store/uiStore.ts';
import { formatCo2, formatCost, formatEnergy, formatPercent, formatSavings, type Translate } from '../kpiFormat.ts';
import { clockText, formatNumber } from '../format.ts';
import { togglePlay } from '../simActions.ts';
import type { Deck, DeckSide } from './deck.ts';
import { DECK_EXTENSION } from './deck.ts';
import { enterPresentation, exitPresentation, openDeckFile, prepareDeck, saveDeck, toggleFullscreen } from './presentActions.ts';
import { usePresentStore } from './presentStore.ts';
import { tourKeyframes } from './tour.ts';
import { beforeAfterAction, isTypingTarget, otherSide } from '../../views/shared/beforeAfter.ts';
import type { TourRuntime } from './PresentScene.tsx';
import './present.css';

const PresentScene = lazy(() => import('./PresentScene.tsx'));

const DAY_MS = 86_400_000;

export { clockText };

/** `?present=` alone names no pair: the deck comes from a file (a talk prepared elsewhere). */
const hasPair = (req: PresentRequest) => req.baseline !== '' || req.variant !== '';

function deckFits(deck: Deck, req: PresentRequest, city: CityModel): boolean {
  return (
    deck.baseline.name === req.baseline && deck.variant.name === req.variant && deck.plan.endMs - deck.plan.startMs === req.days * DAY_MS &&
    deck.city.lampCount === city.lamps.count && deck.city.name === city.meta.name
  );
}

/** Keys a presenter (or a clicker, which sends PageDown/PageUp or arrows) uses. */
type Action = 'next' | 'previous' | 'first' | 'side' | 'language' | 'fullscreen' | 'exit';
export function actionOfKey(e: { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean }): Action | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (beforeAfterAction(e) === 'side') return 'side';
  switch (e.key) {
    case 'ArrowRight': case 'PageDown': return 'next';
    case 'ArrowLeft': case 'PageUp': return 'previous';
    case 'Home': return 'first';
    case 'l': case 'L': return 'language';
    case 'f': case 'F': return 'fullscreen';
    case 'Escape': return 'exit';
    default: return null;
  }
}

function Toolbar({ deck, status }: { deck: Deck | null; status: string | null }) {
  const { t } = useTranslation();
  const fileError = usePresentStore((s) => s.fileError);
  return (
    <div className="present-toolbar">
      {status && (
        <span className="present-status" data-testid="present-status">
          {status}
        </span>
      )}
      {deck && (
        <button type="button" data-testid="present-save" title={t('present.saveTitle')} onClick={() => saveDeck(deck)}>
          {t('present.save')}
        </button>
      )}
      <label className="button" title={t('present.openTitle')}>
        {t('present.open')}
        <input
          type="file"
          accept={DECK_EXTENSION}
          data-testid="present-open"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void openDeckFile(file);
          }}
        />
      </label>
      <button type="button" onClick={toggleFullscreen}>
        {t('present.fullscreen')}
      </button>
      <button type="button" data-testid="present-exit" onClick={exitPresentation}>
        {t('present.exit')}
      </button>
      {fileError && (
        <p className="present-file-error" role="alert" data-testid="present-file-error">
          {t('present.fileError', { message: fileError })}
        </p>
      )}
    </div>
  );
}

function Preparing({ request }: { request: PresentRequest }) {
  const { t } = useTranslation();
  const prepare = usePresentStore((s) => s.prepare);
  const progress = prepare.status === 'preparing' ? prepare.progress : { baseline: 0, variant: 0 };
  return (
    <div className="present-prepare" data-testid="present-prepare">
      <h1>{t('present.title')}</h1>
      {!hasPair(request) && prepare.status === 'idle' ? (
        <>
          <p data-testid="present-waiting-file">{t('present.waitingFile')}</p>
          <button type="button" onClick={() => enterPresentation()}>
            {t('present.prepareDefault')}
          </button>
        </>
      ) : prepare.status === 'failed' ? (
        <>
          <p role="alert" data-testid="present-failed">
            {prepare.unknownScenario ? t('present.unknownScenario', { name: prepare.error }) : t('present.failed', { message: prepare.error })}
          </p>
          <button type="button" onClick={() => void prepareDeck(request)}>
            {t('present.retry')}
          </button>
        </>
      ) : (
        <>
          <p>{t('present.preparing')}</p>
          {(['baseline', 'variant'] as const).map((side) => (
            <div key={side} className="present-progress">
              <span>
                {t(`present.side.${side}`)} — {request[side]}
              </span>
              <progress max={1} value={progress[side]} data-testid={`present-progress-${side}`} data-fraction={progress[side]} />
              <span>{t('present.progress', { pct: Math.round(progress[side] * 100) })}</span>
            </div>
          ))}
          <p className="present-hint">{t('present.preparingHint')}</p>
        </>
      )}
    </div>
  );
}

function BigNumbers({ deck }: { deck: Deck }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const tr = t as unknown as Translate;
  const n = deck.numbers;
  const days = Math.round((deck.plan.endMs - deck.plan.startMs) / DAY_MS);
  const date = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' }).format(deck.plan.startMs);
  const compliance = (s: number | null) => (s === null ? '—' : formatPercent(s, tr, lang, 0));
  return (
    <section
      className="present-numbers"
      data-testid="present-numbers"
      data-energy-saved-pct={n.energySavedPct ?? ''}
      data-baseline-kwh={n.baseline.energyKWh}
      data-variant-kwh={n.variant.energyKWh}
      data-baseline-eur={n.baseline.costEUR}
      data-variant-eur={n.variant.costEUR}
      data-baseline-co2-kg={n.baseline.co2Kg}
      data-variant-co2-kg={n.variant.co2Kg}
      data-baseline-compliance={n.baseline.compliantRoadShare ?? ''}
      data-variant-compliance={n.variant.compliantRoadShare ?? ''}
      data-target-pct={n.targetReductionPct ?? ''}
      data-target-met={n.targetMet === null ? '' : String(n.targetMet)}
    >
      <div className="present-headline">
        <span className="present-huge" data-testid="present-saved-pct">
          {n.energySavedPct === null ? '—' : formatSavings(n.energySavedPct, tr, lang)}
        </span>
        <span className="present-caption">
          {t('present.savedShare', { baseline: deck.baseline.title[lang] })}
          <br />
          {days === 1 ? t('present.periodNight', { date }) : t('present.periodDays', { count: days, date })}
        </span>
      </div>
      <div className="present-cards">
        <div className="present-card">
          <strong>{formatEnergy(n.energySavedKWh, tr, lang)}</strong>
          <span>{t('present.energySaved')}</span>
        </div>
        <div className="present-card">
          <strong>{formatCost(n.costSavedEUR, tr, lang)}</strong>
          <span>{t('present.costSaved')}</span>
        </div>
        <div className="present-card">
          <strong>{formatCo2(n.co2SavedKg, tr, lang)}</strong>
          <span>{t('present.co2Avoided')}</span>
        </div>
        <div className={`present-card ${n.targetMet === true ? 'met' : n.targetMet === false ? 'missed' : ''}`} data-testid="present-target">
          {n.targetReductionPct === null ? (
            <span>{t('present.noTarget')}</span>
          ) : (
            <>
              <strong>{t('present.target', { pct: formatNumber(n.targetReductionPct, lang, 1) })}</strong>
              <span>{n.targetMet ? `✓ ${t('present.targetMet')}` : `✗ ${t('present.targetMissed')}`}</span>
            </>
          )}
        </div>
        <div className="present-card">
          <strong>
            {compliance(n.baseline.compliantRoadShare)} → {compliance(n.variant.compliantRoadShare)}
          </strong>
          <span>{t('present.compliance')}</span>
        </div>
      </div>
    </section>
  );
}

function Stage({ deck, city }: { deck: Deck; city: CityModel }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const stop = usePresentStore((s) => s.stop);
  const side = usePresentStore((s) => s.side);
  const keys = useMemo(() => tourKeyframes(city, deck.clock), [city, deck]);
  const runtime = useMemo<TourRuntime>(
    () => ({ keys, u: 0, targetU: 0, side: usePresentStore.getState().side, clockElement: null, formatClock: clockText }),
    [keys],
  );
  // A new deck starts at the first stop, the variant shown.
  useEffect(() => {
    runtime.u = runtime.targetU = usePresentStore.getState().stop;
    runtime.side = usePresentStore.getState().side;
  }, [runtime]);
  const clockRef = useCallback(
    (el: HTMLElement | null) => {
      runtime.clockElement = el;
      if (el) el.textContent = clockText(keys[Math.round(runtime.u)].timeMs);
    },
    [runtime, keys],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target)) return;
      const action = actionOfKey(e);
      if (!action) return;
      e.preventDefault();
      const st = usePresentStore.getState();
      const last = runtime.keys.length - 1;
      switch (action) {
        case 'next':
        case 'previous':
        case 'first': {
          const to = action === 'first' ? 0 : Math.min(last, Math.max(0, st.stop + (action === 'next' ? 1 : -1)));
          runtime.targetU = to;
          st.setStop(to);
          break;
        }
        case 'side': {
          const s: DeckSide = otherSide(st.side);
          runtime.side = s;
          st.setSide(s);
          break;
        }
        case 'language': {
          const ui = useUiStore.getState();
          const next = LANGUAGES[(LANGUAGES.indexOf(ui.language) + 1) % LANGUAGES.length];
          ui.setLanguage(next);
          void i18n.changeLanguage(next);
          break;
        }
        case 'fullscreen':
          toggleFullscreen();
          break;
        case 'exit':
          exitPresentation();
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [runtime, i18n]);

  const key = keys[stop];
  const scenario = deck[side];
  return (
    <div className="present-stage" data-testid="present-ready" data-stop={stop} data-side={side}>
      <Suspense fallback={null}>
        <PresentScene deck={deck} runtime={runtime} label={t('present.canvasLabel')} noWebglMessage={t('view.noWebgl')} />
      </Suspense>
      <header className="present-top">
        <div className="present-where" data-testid="present-stop" data-kind={key.kind}>
          <span className="present-stop-title">{t(`present.stop.${key.kind}`, { commune: key.commune ?? '' })}</span>
          <span className="present-stop-count">{t('present.stopOf', { n: stop + 1, total: keys.length })}</span>
        </div>
        <div className="present-clock" title={t('present.clock')}>
          <span ref={clockRef} data-testid="present-clock" />
        </div>
        <div className={`present-side side-${side}`} data-testid="present-side" data-side={side}>
          <span className="present-side-label">{t(`present.side.${side}`)}</span>
          <span className="present-side-title">{scenario.title[lang]}</span>
        </div>
      </header>
      <BigNumbers deck={deck} />
      <footer className="present-keys">{t('present.keys')}</footer>
    </div>
  );
}

export default function PresentMode({ request }: { request: PresentRequest }) {
  const { t } = useTranslation();
  const city = useUiStore((s) => s.city);
  const language = useUiStore((s) => s.language);
  const prepare = usePresentStore((s) => s.prepare);

  // The deck is prepared once the city is here, unless the one in memory (or opened from a file) serves.
  useEffect(() => {
    if (!city) return;
    const p = usePresentStore.getState().prepare;
    if (p.status === 'ready' && (p.source === 'file' || deckFits(p.deck, request, city))) return;
    if (hasPair(request)) void prepareDeck(request);
  }, [city, request]);

  // Nothing else runs while presenting: the simulation worker pauses.
  useEffect(() => {
    const pause = () => {
      if (useUiStore.getState().sim.playing) togglePlay();
    };
    pause();
    return useUiStore.subscribe((s, prev) => {
      if (s.sim.playing && !prev.sim.playing) pause();
    });
  }, []);

  // Before the deck is ready, Esc still leaves.
  useEffect(() => {
    if (prepare.status === 'ready') return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') exitPresentation();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [prepare.status]);

  const deck = prepare.status === 'ready' ? prepare.deck : null;
  return (
    <div className="present" data-testid="present-root" data-status={prepare.status}>
      {deck && city ? <Stage deck={deck} city={city} /> : city ? <Preparing request={request} /> : <p className="view-message">{t('view.loading')}</p>}
      <Toolbar
        deck={deck}
        status={
          deck
            ? `${t('present.ready')} · ${prepare.status === 'ready' && prepare.source === 'file' ? t('present.fromFile') : t('present.preparedIn', { seconds: formatNumber(deck.preparedWallMs / 1000, language, 1) })}`
            : null
        }
      />
    </div>
  );
}
