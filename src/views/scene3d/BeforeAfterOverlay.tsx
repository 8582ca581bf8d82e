// Over the night view while a comparison's before/after is shown: which side is drawn (or both, either
// side of a divider the user drags), buttons to switch, and the B / W keys; the mode lives in the store.

import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useUiStore, type SceneComparison } from '../../store/uiStore.ts';
import { beforeAfterAction, dividerFraction, isTypingTarget, nextBeforeAfter, type BeforeAfterMode } from '../shared/beforeAfter.ts';

const MODES: BeforeAfterMode[] = ['baseline', 'variant', 'swipe'];

/** The keys work while a comparison is held, even when the live simulation is shown (B then shows the after). */
function useBeforeAfterKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target)) return;
      const action = beforeAfterAction(e);
      const ui = useUiStore.getState();
      if (!action || !ui.sceneComparison) return;
      e.preventDefault();
      ui.setBeforeAfter(nextBeforeAfter(ui.beforeAfter ?? 'baseline', action));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function SideLabel({ side, comparison, className }: { side: 'baseline' | 'variant'; comparison: SceneComparison; className: string }) {
  const { t } = useTranslation();
  return (
    <div className={`before-after-label side-${side} ${className}`} data-testid={`before-after-label-${side}`} data-side={side}>
      <strong>{t(`present.side.${side}`)}</strong> {comparison.titles[side]}
    </div>
  );
}

export function BeforeAfterOverlay({ divider }: { divider: { fraction: number } }) {
  const { t } = useTranslation();
  const comparison = useUiStore((s) => s.sceneComparison);
  const mode = useUiStore((s) => s.beforeAfter);
  const root = useRef<HTMLDivElement>(null);
  const line = useRef<HTMLDivElement>(null);
  useBeforeAfterKeys();
  if (!comparison) return null;
  const drag = (e: React.PointerEvent<HTMLDivElement>) => {
    const r = root.current!.getBoundingClientRect();
    divider.fraction = dividerFraction(e.clientX, r.left, r.width);
    // Moved by mutation: the scene reads the fraction each frame, no React state per move.
    line.current!.style.left = `${divider.fraction * 100}%`;
    line.current!.dataset.fraction = String(divider.fraction);
  };
  return (
    <div ref={root} className="before-after" data-testid="before-after" data-mode={mode ?? 'live'}>
      <div className="before-after-bar" role="group" aria-label={t('beforeAfter3d.title')}>
        {MODES.map((m) => (
          <button key={m} type="button" aria-pressed={mode === m} data-testid={`before-after-${m}`} onClick={() => useUiStore.getState().setBeforeAfter(m)}>
            {m === 'swipe' ? t('beforeAfter3d.swipe') : t(`present.side.${m}`)}
          </button>
        ))}
        <button type="button" aria-pressed={mode === null} data-testid="before-after-live" onClick={() => useUiStore.getState().setBeforeAfter(null)}>
          {t('beforeAfter3d.live')}
        </button>
        <span className="muted">{t('beforeAfter3d.keys')}</span>
      </div>
      {mode && mode !== 'swipe' && <SideLabel side={mode} comparison={comparison} className="before-after-single" />}
      {mode === 'swipe' && (
        <>
          <SideLabel side="baseline" comparison={comparison} className="before-after-left" />
          <SideLabel side="variant" comparison={comparison} className="before-after-right" />
          <div
            ref={line}
            className="before-after-divider"
            data-testid="before-after-divider"
            data-fraction={divider.fraction}
            style={{ left: `${divider.fraction * 100}%` }}
            role="separator"
            aria-orientation="vertical"
            aria-label={t('beforeAfter3d.divider')}
            title={t('beforeAfter3d.divider')}
            onPointerDown={(e) => {
              e.currentTarget.setPointerCapture(e.pointerId);
              drag(e);
            }}
            onPointerMove={(e) => {
              if (e.currentTarget.hasPointerCapture(e.pointerId)) drag(e);
            }}
          >
            <span className="before-after-handle" />
          </div>
        </>
      )}
      {mode && <p className="before-after-note muted">{t('beforeAfter3d.level')}</p>}
    </div>
  );
}
