// The power drawn over the last 48 simulated hours while the twin plays: an SVG polyline written
// straight from the frame stream (at most once per display frame), never through React state.

import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatLocal } from '../../core/time/parisTime.ts';
import { POWER_WINDOW_MS, type FrameReceiver } from '../../sim-client/frames.ts';
import { formatPower } from '../kpiFormat.ts';
import { niceAxis } from './chartScale.ts';

const W = 380;
const H = 110;
const M = { left: 58, right: 8, top: 8, bottom: 20 };

export function LivePowerChart({ frames, children }: { frames: FrameReceiver; children?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const line = useRef<SVGPolylineElement>(null);
  const area = useRef<SVGPolygonElement>(null);
  const maxLabel = useRef<SVGTextElement>(null);
  const endLabel = useRef<SVGTextElement>(null);
  const startLabel = useRef<SVGTextElement>(null);
  const lang = i18n.language;
  useEffect(() => {
    let pending = 0;
    const draw = () => {
      pending = 0;
      const p = frames.power;
      if (!p.length || !line.current) return;
      const end = p[p.length - 1].timeMs;
      const start = end - POWER_WINDOW_MS;
      const max = niceAxis(Math.max(1, ...p.map((s) => s.powerKW)), 3).max;
      const pw = W - M.left - M.right;
      const ph = H - M.top - M.bottom;
      const pts = p.map((s) => `${(M.left + (pw * (s.timeMs - start)) / POWER_WINDOW_MS).toFixed(1)},${(M.top + ph * (1 - s.powerKW / max)).toFixed(1)}`);
      line.current.setAttribute('points', pts.join(' '));
      const x0 = (M.left + (pw * (p[0].timeMs - start)) / POWER_WINDOW_MS).toFixed(1);
      area.current?.setAttribute('points', `${x0},${M.top + ph} ${pts.join(' ')} ${W - M.right},${M.top + ph}`);
      if (maxLabel.current) maxLabel.current.textContent = formatPower(max, t, lang);
      if (endLabel.current) endLabel.current.textContent = formatLocal(end).slice(5);
      if (startLabel.current) startLabel.current.textContent = formatLocal(start).slice(5);
    };
    draw();
    const off = frames.onFrame(() => {
      pending ||= requestAnimationFrame(draw);
    });
    return () => {
      off();
      if (pending) cancelAnimationFrame(pending);
    };
  }, [frames, t, lang]);
  return (
    <figure className="chart" data-testid="live-power-chart">
      <figcaption>
        <span className="chart-title">{t('kpi.livePower')}</span>
        {children}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('kpi.livePower')}>
        <line x1={M.left} x2={W - M.right} y1={M.top} y2={M.top} className="grid" />
        <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} className="grid" />
        <text ref={maxLabel} x={M.left - 6} y={M.top + 4} textAnchor="end" className="tick" />
        <text x={M.left - 6} y={H - M.bottom + 4} textAnchor="end" className="tick">
          0
        </text>
        <polygon ref={area} className="live-area" points="" />
        <polyline ref={line} className="live-line" points="" />
        <text ref={startLabel} x={M.left} y={H - 5} className="tick" />
        <text ref={endLabel} x={W - M.right} y={H - 5} textAnchor="end" className="tick" />
      </svg>
    </figure>
  );
}
