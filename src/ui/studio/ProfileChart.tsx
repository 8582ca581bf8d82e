// The dimming profile of one rule as a small chart of level over the night (16:00 → 09:00): drag a
// point (or use the arrow keys on it) to move a step in time and level; the evening level by its handle.

import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../format.ts';
import { AXIS_SPAN_MIN, AXIS_START_MIN, SNAP_LEVEL, SNAP_MIN, axisFraction, clockToMin, minToClock, snapLevel, timeAtFraction, type Profile } from './profileEdit.ts';

const W = 380;
const H = 170;
const M = { left: 40, right: 12, top: 12, bottom: 24 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;

const xOf = (f: number) => M.left + f * PW;
const yOf = (level: number) => M.top + (1 - level) * PH;

export interface ProfileChartProps {
  profile: Profile;
  /** A step moved (k, new time, new level) — the caller refuses a time another step holds. */
  onMoveStep(k: number, at: string, level: number): void;
  onEveningLevel(level: number): void;
}

type Drag = { kind: 'step'; k: number } | { kind: 'evening' } | null;

export function ProfileChart({ profile, onMoveStep, onEveningLevel }: ProfileChartProps) {
  const { t, i18n } = useTranslation();
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<Drag>(null);
  const steps = profile.steps;
  const pct = (l: number) => t('unit.pct', { value: formatNumber(l * 100, i18n.language, 0) });

  /** Pointer position as axis fraction and level, from the SVG's own coordinates. */
  const valueAt = (e: React.PointerEvent) => {
    const r = svg.current!.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * W;
    const y = ((e.clientY - r.top) / r.height) * H;
    return { f: (x - M.left) / PW, level: 1 - (y - M.top) / PH };
  };
  const onMove = (e: React.PointerEvent) => {
    if (!drag) return;
    const v = valueAt(e);
    if (drag.kind === 'evening') onEveningLevel(snapLevel(v.level));
    else {
      // A step stays between its neighbours (their order is the profile's).
      const snapF = SNAP_MIN / AXIS_SPAN_MIN;
      const lo = drag.k > 0 ? axisFraction(steps[drag.k - 1].at) + snapF : 0;
      const hi = drag.k < steps.length - 1 ? axisFraction(steps[drag.k + 1].at) - snapF : 1;
      onMoveStep(drag.k, timeAtFraction(Math.min(hi, Math.max(lo, v.f))), snapLevel(v.level));
    }
  };
  const end = () => setDrag(null);

  // The level in force over the night: the evening level, then each step's from its time.
  let path = `M${xOf(0)},${yOf(profile.eveningLevel)}`;
  for (const s of steps) path += `H${xOf(axisFraction(s.at)).toFixed(1)}V${yOf(s.level).toFixed(1)}`;
  path += `H${xOf(1)}`;

  const keyStep = (k: number) => (e: React.KeyboardEvent) => {
    const s = steps[k];
    const delta: Record<string, [number, number]> = { ArrowUp: [0, SNAP_LEVEL], ArrowDown: [0, -SNAP_LEVEL], ArrowLeft: [-SNAP_MIN, 0], ArrowRight: [SNAP_MIN, 0] };
    const d = delta[e.key];
    if (!d) return;
    e.preventDefault();
    const m = (clockToMin(s.at) - AXIS_START_MIN + 1440) % 1440;
    const next = Math.min(AXIS_SPAN_MIN, Math.max(0, m + d[0]));
    onMoveStep(k, minToClock(AXIS_START_MIN + next), snapLevel(s.level + d[1]));
  };
  const keyEvening = (e: React.KeyboardEvent) => {
    const d = e.key === 'ArrowUp' ? SNAP_LEVEL : e.key === 'ArrowDown' ? -SNAP_LEVEL : 0;
    if (!d) return;
    e.preventDefault();
    onEveningLevel(snapLevel(profile.eveningLevel + d));
  };

  return (
    <figure className="chart profile-chart" data-testid="profile-chart">
      <svg
        ref={svg}
        viewBox={`0 0 ${W} ${H}`}
        role="group"
        aria-label={t('studio.profileChart')}
        onPointerMove={onMove}
        onPointerUp={end}
        onPointerCancel={end}
        onPointerLeave={end}
        style={{ touchAction: 'none' }}
      >
        {[0, 0.25, 0.5, 0.75, 1].map((l) => (
          <g key={l}>
            <line x1={M.left} x2={W - M.right} y1={yOf(l)} y2={yOf(l)} className="grid" />
            <text x={M.left - 5} y={yOf(l) + 4} textAnchor="end" className="tick">
              {pct(l)}
            </text>
          </g>
        ))}
        {[16, 18, 20, 22, 0, 2, 4, 6, 8].map((h) => (
          <text key={h} x={xOf(axisFraction(`${String(h).padStart(2, '0')}:00`))} y={H - 6} textAnchor="middle" className="tick">
            {`${h} h`}
          </text>
        ))}
        <path d={path} className="profile-line" />
        <circle
          cx={xOf(0)}
          cy={yOf(profile.eveningLevel)}
          r={7}
          className="profile-handle evening"
          tabIndex={0}
          role="slider"
          aria-label={t('studio.eveningLevel')}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(profile.eveningLevel * 100)}
          data-testid="profile-evening"
          onPointerDown={(e) => {
            (e.currentTarget as Element).setPointerCapture?.(e.pointerId);
            setDrag({ kind: 'evening' });
          }}
          onKeyDown={keyEvening}
        >
          <title>{`${t('studio.eveningLevel')} ${pct(profile.eveningLevel)}`}</title>
        </circle>
        {steps.map((s, k) => (
          <circle
            key={k}
            cx={xOf(axisFraction(s.at))}
            cy={yOf(s.level)}
            r={7}
            className={`profile-handle${drag?.kind === 'step' && drag.k === k ? ' dragging' : ''}`}
            tabIndex={0}
            role="slider"
            aria-label={t('studio.stepAt', { at: s.at })}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(s.level * 100)}
            aria-valuetext={`${s.at} ${pct(s.level)}`}
            data-testid={`profile-step-${k}`}
            data-at={s.at}
            data-level={s.level}
            onPointerDown={(e) => {
              (e.currentTarget as Element).setPointerCapture?.(e.pointerId);
              setDrag({ kind: 'step', k });
            }}
            onKeyDown={keyStep(k)}
          >
            <title>{`${s.at} — ${pct(s.level)}`}</title>
          </circle>
        ))}
      </svg>
      <figcaption className="chart-hint">{t('studio.profileHint')}</figcaption>
    </figure>
  );
}
