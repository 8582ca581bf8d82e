// The timeline under the view: simulated date and time (Paris), play/pause, speed, a scrubber over
// the period, and "compute the whole period" with its progress bar and cancel. The clock and the
// scrubber follow frames by direct DOM writes (no React state per frame).

import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatLocal } from '../core/time/parisTime.ts';
import { simFrames } from '../sim-client/frames.ts';
import { SIM_SPEEDS, type SimSpeed } from '../sim-client/types.ts';
import { useUiStore } from '../store/uiStore.ts';
import { formatNumber } from './format.ts';
import { cancelJob, runWholePeriod, seekTo, setSpeed, togglePlay } from './simActions.ts';

const MINUTE_MS = 60_000;

function speedLabel(s: SimSpeed, t: (k: string) => string, lang: string): string {
  return s === 'max' ? t('sim.speedMax') : `×${formatNumber(s, lang)}`;
}

/** The simulated clock: rewritten on every frame through a ref. */
function SimClock() {
  const { t } = useTranslation();
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const show = (timeMs: number | null) => {
      if (ref.current) ref.current.textContent = timeMs === null ? '—' : formatLocal(timeMs);
    };
    show(simFrames.timeMs);
    return simFrames.onFrame((f) => show(f.timeMs));
  }, []);
  return (
    <div className="sim-clock" aria-label={t('sim.clockLabel')}>
      <span ref={ref} className="sim-time" data-testid="sim-time" aria-live="off">
        —
      </span>
      <span className="sim-zone">{t('sim.timeZone')}</span>
    </div>
  );
}

/** Live-feed outages (broker unreachable) over the period, marked on the scrubber. */
function GapMarks({ startMs, endMs }: { startMs: number; endMs: number }) {
  const { t } = useTranslation();
  const gaps = useUiStore((s) => s.liveFeed?.stats?.gaps);
  const now = useUiStore((s) => s.sim.timeMs);
  if (!gaps?.length) return null;
  const span = endMs - startMs;
  const shown = gaps
    .map((g) => ({ g, a: Math.max(startMs, g.startMs), b: Math.min(endMs, g.endMs ?? Math.max(g.startMs, now ?? g.startMs)) }))
    .filter(({ a, b }) => b >= a && a < endMs);
  return (
    <>
      {shown.map(({ g, a, b }) => (
        <span
          key={g.startMs}
          className="timeline-gap"
          data-testid="timeline-gap"
          title={t('feeds.gapTitle', { from: formatLocal(g.startMs), to: g.endMs === null ? t('feeds.gapOpen') : formatLocal(g.endMs) })}
          style={{ left: `${(100 * (a - startMs)) / span}%`, width: `max(3px, ${(100 * (b - a)) / span}%)` }}
        />
      ))}
    </>
  );
}

function Scrubber({ startMs, endMs }: { startMs: number; endMs: number }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLInputElement>(null);
  const dragging = useRef(false);
  useEffect(() => {
    const show = (timeMs: number | null) => {
      if (ref.current && timeMs !== null && !dragging.current) ref.current.value = String(timeMs);
    };
    show(simFrames.timeMs);
    return simFrames.onFrame((f) => show(f.timeMs));
  }, [startMs, endMs]);
  const date = (ms: number) => formatLocal(ms).slice(0, 10);
  return (
    <div className="scrubber">
      <input
        ref={ref}
        type="range"
        data-testid="scrubber"
        aria-label={t('sim.scrubber')}
        min={startMs}
        max={endMs}
        step={MINUTE_MS}
        defaultValue={simFrames.timeMs ?? startMs}
        onPointerDown={() => (dragging.current = true)}
        onPointerUp={() => (dragging.current = false)}
        onBlur={() => (dragging.current = false)}
        // Every move seeks: the worker drops a seek still running when a newer one arrives.
        onInput={(e) => seekTo(Number(e.currentTarget.value))}
      />
      <GapMarks startMs={startMs} endMs={endMs} />
      <div className="scrubber-labels" aria-hidden="true">
        <span>{date(startMs)}</span>
        <span>{date(endMs)}</span>
      </div>
    </div>
  );
}

export function Timeline() {
  const { t, i18n } = useTranslation();
  const sim = useUiStore((s) => s.sim);
  const job = useUiStore((s) => s.job);
  const scenario = sim.scenario;
  const ready = sim.phase !== 'empty' && scenario !== null;
  const busy = sim.phase === 'busy';
  return (
    <div className="timeline" role="group" aria-label={t('sim.timeline')} data-testid="timeline" data-phase={sim.phase} data-playing={sim.playing}>
      <button
        type="button"
        className="play-button"
        data-testid="play-button"
        aria-pressed={sim.playing}
        disabled={!ready}
        onClick={togglePlay}
      >
        <span aria-hidden="true" className="play-icon">
          {sim.playing ? '❚❚' : '▶'}
        </span>
        {sim.playing ? t('sim.pause') : t('sim.play')}
      </button>
      <SimClock />
      <div className="speeds" role="group" aria-label={t('sim.speed')}>
        {SIM_SPEEDS.map((s) => (
          <button
            key={String(s)}
            type="button"
            data-testid={`speed-${s}`}
            aria-pressed={sim.speed === s}
            title={s === 'max' ? t('sim.speedMaxTitle') : t('sim.speedTitle', { value: formatNumber(s, i18n.language) })}
            onClick={() => setSpeed(s)}
          >
            {speedLabel(s, t, i18n.language)}
          </button>
        ))}
      </div>
      {ready ? <Scrubber key={`${scenario.startMs}-${scenario.endMs}`} startMs={scenario.startMs} endMs={scenario.endMs} /> : <div className="scrubber muted">{t('sim.starting')}</div>}
      <div className="run-area">
        {busy ? (
          <>
            <div className="job" role="status" data-testid="job-status">
              <span>{t(job?.kind === 'seek' ? 'sim.seeking' : 'sim.running', { pct: formatNumber(Math.floor((job?.fraction ?? 0) * 100), i18n.language) })}</span>
              <progress data-testid="job-progress" max={1} value={job?.fraction ?? 0} />
            </div>
            <button type="button" data-testid="cancel-button" onClick={cancelJob}>
              {t('sim.cancel')}
            </button>
          </>
        ) : (
          <button type="button" className="run-button" data-testid="run-to-end" title={t('sim.runToEndTitle')} disabled={!ready || sim.atEnd} onClick={() => void runWholePeriod()}>
            {sim.atEnd ? t('sim.atEnd') : t('sim.runToEnd')}
          </button>
        )}
      </div>
    </div>
  );
}
