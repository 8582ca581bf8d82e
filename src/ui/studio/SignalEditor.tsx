// The studio's signal timing editor for one intersection: pick it (search, or a click in a view),
// see its stages as a bar diagram, drag or type the greens, reorder stages, set offset and cycle, ask
// for a Webster suggestion; every accepted edit becomes the draft's fixed-time rule for that signal.

import { useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  clampGreen, clearSignalPlan, moveBoundary, moveStage, planCycleS, planFromScenario, planProblem, setSignalPlan, toggleLight, withCycle,
  type ApproachInfo, type EditablePlan, type IntersectionTiming, type StageLight, type WebsterSuggestion,
} from '../../core/traffic/signalTiming.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { useStudioStore } from '../../store/studioStore.ts';
import { formatNumber } from '../format.ts';
import { editDraft } from './studioActions.ts';
import { signalNetworkOf, suggestWebster } from './signalActions.ts';

const ARROWS: Record<ApproachInfo['compass'], string> = { N: '↑', NE: '↗', E: '→', SE: '↘', S: '↓', SW: '↙', W: '←', NW: '↖' };

/** Shown in lists: the signal's id and the streets meeting there. */
function signalLabel(s: IntersectionTiming, unnamed: string): string {
  return `${s.id} — ${s.streets.length ? s.streets.join(' × ') : unnamed}`;
}

function ApproachName({ a }: { a: ApproachInfo }) {
  const { t } = useTranslation();
  return (
    <span className="approach-name" title={t(`studio.signals.dir.${a.compass}`)}>
      <span aria-hidden="true">{ARROWS[a.compass]}</span> {a.street ?? t('studio.unnamedRoad')} <span className="muted">({t(`studio.signals.dir.${a.compass}`)})</span>
    </span>
  );
}

const BAR = { left: 120, right: 10, row: 16, top: 22, width: 420 };

/** A street name that fits the bars' label column. */
function shortName(name: string): string {
  return name.length > 20 ? `${name.slice(0, 19)}…` : name;
}

/** Ring-and-barrier style bars: the stage sequence over one cycle, then each approach's green, left-only and red. */
function StageBars({ timing, plan, onGreen }: { timing: IntersectionTiming; plan: EditablePlan; onGreen(k: number, greenS: number, drag: boolean): void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const svg = useRef<SVGSVGElement>(null);
  const drag = useRef<{ k: number; startS: number } | null>(null);
  const C = planCycleS(timing, plan);
  const pw = BAR.width - BAR.left - BAR.right;
  const sx = (s: number) => BAR.left + (pw * s) / C;
  const H = BAR.top + (timing.approaches.length + 1) * BAR.row + 18;
  const segments: { k: number; startS: number; greenS: number }[] = [];
  let at = 0;
  plan.stages.forEach((st, k) => {
    segments.push({ k, startS: at, greenS: st.greenS });
    at += st.greenS + timing.amberS + timing.allRedS;
  });
  const secondsAt = (clientX: number) => {
    const r = svg.current!.getBoundingClientRect();
    return (((clientX - r.left) / r.width) * BAR.width - BAR.left) * (C / pw);
  };
  const onMove = (e: ReactPointerEvent) => {
    const d = drag.current;
    if (!d) return;
    onGreen(d.k, clampGreen(Math.round(secondsAt(e.clientX) - d.startS)), true);
  };
  // Where the cycle's second 0 falls in the plan drawn from stage 1's start.
  const zeroS = (((C - plan.offsetS) % C) + C) % C;
  return (
    <svg
      ref={svg}
      className="stage-bars"
      data-testid="signal-bars"
      data-cycle-s={C}
      viewBox={`0 0 ${BAR.width} ${H}`}
      role="img"
      aria-label={t('studio.signals.barsLabel', { cycle: formatNumber(C, lang, 1) })}
      onPointerMove={onMove}
      onPointerUp={() => (drag.current = null)}
      onPointerLeave={() => (drag.current = null)}
    >
      <text x={4} y={BAR.top - 8} className="tick">
        {t('studio.signals.cycleAxis', { cycle: formatNumber(C, lang, 1) })}
      </text>
      <line x1={sx(zeroS)} x2={sx(zeroS)} y1={BAR.top - 6} y2={H - 16} className="cycle-zero" />
      <text x={sx(zeroS)} y={H - 4} textAnchor="middle" className="tick">
        {t('studio.signals.cycleZero')}
      </text>
      {segments.map((g) => (
        <g key={`s${g.k}`}>
          <rect x={sx(g.startS)} y={BAR.top} width={sx(g.greenS) - BAR.left} height={BAR.row - 3} className="bar-stage" />
          <rect x={sx(g.startS + g.greenS)} y={BAR.top} width={sx(timing.amberS) - BAR.left} height={BAR.row - 3} className="bar-amber" />
          <text x={sx(g.startS) + 3} y={BAR.top + 10} className="bar-label">
            {g.k + 1}
          </text>
        </g>
      ))}
      <text x={4} y={BAR.top + 10} className="bar-row-label">
        {t('studio.signals.stagesRow')}
      </text>
      {timing.approaches.map((a, i) => {
        const y0 = BAR.top + (i + 1) * BAR.row;
        return (
          <g key={a.roadId}>
            <text x={4} y={y0 + 10} className="bar-row-label">
              <title>{`${a.street ?? t('studio.unnamedRoad')} (${t(`studio.signals.dir.${a.compass}`)})`}</title>
              {ARROWS[a.compass]} {shortName(a.street ?? '—')}
            </text>
            <rect x={BAR.left} y={y0} width={pw} height={BAR.row - 3} className="bar-red" />
            {segments.map((g) => {
              const light = plan.stages[g.k].lights[i];
              if (light === 'red') return null;
              return (
                <g key={g.k}>
                  <rect x={sx(g.startS)} y={y0} width={sx(g.greenS) - BAR.left} height={BAR.row - 3} className={light === 'left' ? 'bar-left' : 'bar-green'} />
                  <rect x={sx(g.startS + g.greenS)} y={y0} width={sx(timing.amberS) - BAR.left} height={BAR.row - 3} className="bar-amber" />
                </g>
              );
            })}
          </g>
        );
      })}
      {segments.map((g) => (
        <rect
          key={`h${g.k}`}
          className="bar-handle"
          data-testid={`signal-handle-${g.k}`}
          data-green-s={g.greenS}
          x={sx(g.startS + g.greenS) - 4}
          y={BAR.top - 4}
          width={8}
          height={(timing.approaches.length + 1) * BAR.row + 4}
          tabIndex={0}
          role="slider"
          aria-label={t('studio.signals.greenOf', { n: g.k + 1 })}
          aria-valuenow={g.greenS}
          onPointerDown={(e) => {
            (e.currentTarget as Element).setPointerCapture?.(e.pointerId);
            drag.current = { k: g.k, startS: g.startS };
          }}
          onPointerMove={onMove}
          onPointerUp={() => (drag.current = null)}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
            e.preventDefault();
            onGreen(g.k, clampGreen(g.greenS + (e.key === 'ArrowRight' ? 1 : -1)), true);
          }}
        />
      ))}
    </svg>
  );
}

const LIGHT_CLASS: Record<StageLight, string> = { red: 'light-red', green: 'light-green', left: 'light-left' };

export function SignalEditor() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const city = useUiStore((s) => s.city);
  const selection = useUiStore((s) => s.selection);
  const draft = useStudioStore((s) => s.draft);
  const network = useMemo(() => (city ? signalNetworkOf(city) : null), [city]);
  const [signal, setSignal] = useState<number>(-1);
  const [query, setQuery] = useState('');
  const [plan, setPlan] = useState<EditablePlan | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [webster, setWebster] = useState<{ status: 'running' } | { status: 'done'; suggestion: WebsterSuggestion; wallMs: number } | { status: 'failed'; error: string } | null>(null);
  const timing = network?.signals.find((s) => s.signal === signal) ?? null;

  // A signalised intersection picked in a view becomes the one edited.
  useEffect(() => {
    if (!network || selection?.kind !== 'intersection') return;
    const s = network.signals.find((x) => x.intersection === selection.index);
    if (s) setSignal(s.signal);
  }, [network, selection]);
  // Another intersection (or another scenario loaded): its plan from the draft, else the generated one.
  const source = useStudioStore((s) => s.source);
  useEffect(() => {
    const d = useStudioStore.getState().draft;
    setPlan(timing && d ? (planFromScenario(timing, d) ?? timing.generated) : null);
    setProblem(null);
    setWebster(null);
  }, [timing, source]);

  if (!network || !draft) return null;
  const q = query.trim().toLowerCase();
  const matches = network.signals.filter((s) => !q || s.id.toLowerCase().includes(q) || s.streets.some((n) => n.toLowerCase().includes(q)));
  const ruled = timing && planFromScenario(timing, draft) !== null;

  /** An edit: shown at once; written into the draft when the core accepts it, else refused with its message. */
  const commit = (next: EditablePlan) => {
    if (!timing) return;
    setPlan(next);
    const why = planProblem(network.net, timing, next);
    if (why) {
      setProblem(why);
      return;
    }
    try {
      editDraft(setSignalPlan(useStudioStore.getState().draft!, timing, next));
      setProblem(null);
    } catch (e) {
      setProblem((e as Error).message);
    }
  };

  const askWebster = async () => {
    if (!timing || !plan) return;
    setWebster({ status: 'running' });
    const out = await suggestWebster(timing.signal, plan);
    if (out.status === 'failed') {
      setWebster(out);
      return;
    }
    setWebster(out);
    commit({ ...plan, stages: plan.stages.map((st, k) => ({ ...st, greenS: out.suggestion.greensS[k] })) });
  };

  const cycleS = timing && plan ? planCycleS(timing, plan) : 0;
  return (
    <section className="signal-editor" data-testid="signal-editor">
      <h3>{t('studio.signals.title')}</h3>
      <p className="muted hint">{t('studio.signals.pickHint')}</p>
      <div className="studio-row">
        <input
          type="search"
          data-testid="signal-search"
          placeholder={t('studio.signals.searchPlaceholder')}
          aria-label={t('studio.signals.searchPlaceholder')}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
        />
        <select
          data-testid="signal-pick"
          aria-label={t('studio.signals.pick')}
          value={signal}
          onChange={(e) => setSignal(Number(e.currentTarget.value))}
        >
          <option value={-1}>{t('studio.signals.pickCount', { count: matches.length })}</option>
          {timing && !matches.includes(timing) && <option value={timing.signal}>{signalLabel(timing, t('studio.unnamedRoad'))}</option>}
          {matches.map((s) => (
            <option key={s.signal} value={s.signal}>
              {signalLabel(s, t('studio.unnamedRoad'))}
            </option>
          ))}
        </select>
      </div>
      {timing && plan && (
        <div data-testid="signal-plan" data-signal-id={timing.id}>
          <p className="muted hint">
            {t('studio.signals.summary', {
              cycle: formatNumber(cycleS, lang, 1),
              amber: formatNumber(timing.amberS, lang),
              allRed: formatNumber(timing.allRedS, lang),
            })}{' '}
            {ruled ? t('studio.signals.inDraft') : t('studio.signals.generated')}
          </p>
          <StageBars timing={timing} plan={plan} onGreen={(k, g, dragging) => commit(dragging ? moveBoundary(plan, k, g) : { ...plan, stages: plan.stages.map((st, i) => (i === k ? { ...st, greenS: g } : st)) })} />
          <ol className="stage-list" data-testid="signal-stages">
            {plan.stages.map((st, k) => (
              <li key={k} data-testid={`signal-stage-${k}`}>
                <div className="stage-head">
                  <strong>{t('studio.signals.stageN', { n: k + 1 })}</strong>
                  <label>
                    {t('studio.signals.green')}{' '}
                    <input
                      type="number"
                      min={3}
                      max={180}
                      step={1}
                      data-testid={`signal-green-${k}`}
                      value={st.greenS}
                      onChange={(e) => {
                        const v = Number(e.currentTarget.value);
                        if (Number.isFinite(v) && e.currentTarget.value !== '') commit({ ...plan, stages: plan.stages.map((x, i) => (i === k ? { ...x, greenS: v } : x)) });
                      }}
                    />{' '}
                    s
                  </label>
                  <button type="button" className="link-button" aria-label={t('studio.signals.earlier', { n: k + 1 })} disabled={k === 0} onClick={() => commit(moveStage(plan, k, k - 1))}>
                    ▲
                  </button>
                  <button type="button" className="link-button" aria-label={t('studio.signals.later', { n: k + 1 })} disabled={k === plan.stages.length - 1} onClick={() => commit(moveStage(plan, k, k + 1))}>
                    ▼
                  </button>
                </div>
                <div className="stage-lights">
                  {timing.approaches.map((a, i) => (
                    <button
                      key={a.roadId}
                      type="button"
                      className={`light-toggle ${LIGHT_CLASS[st.lights[i]]}`}
                      data-testid={`signal-light-${k}-${i}`}
                      data-light={st.lights[i]}
                      data-heading-deg={Math.round(a.headingDeg)}
                      title={t('studio.signals.toggleHint')}
                      onClick={() => commit(toggleLight(plan, k, i))}
                    >
                      <ApproachName a={a} /> — {t(`studio.signals.light.${st.lights[i]}`)}
                    </button>
                  ))}
                </div>
              </li>
            ))}
          </ol>
          <div className="studio-row">
            <label>
              {t('studio.signals.cycle')}{' '}
              <input
                type="number"
                min={20}
                max={240}
                step={1}
                data-testid="signal-cycle"
                value={Math.round(cycleS * 10) / 10}
                onChange={(e) => {
                  const v = Number(e.currentTarget.value);
                  if (e.currentTarget.value !== '' && v >= 20 && v <= 240) commit(withCycle(timing, plan, v));
                }}
              />{' '}
              s
            </label>
            <label>
              {t('studio.signals.offset')}{' '}
              <input
                type="number"
                min={0}
                max={240}
                step={1}
                data-testid="signal-offset"
                value={plan.offsetS}
                onChange={(e) => {
                  const v = Number(e.currentTarget.value);
                  if (e.currentTarget.value !== '' && v >= 0 && v <= 240) commit({ ...plan, offsetS: v });
                }}
              />{' '}
              s
            </label>
          </div>
          {problem && (
            <p className="scenario-error" role="alert" data-testid="signal-problem">
              {t('studio.signals.refused', { message: problem })}
            </p>
          )}
          <div className="studio-actions">
            <button type="button" data-testid="signal-webster" disabled={webster?.status === 'running'} onClick={() => void askWebster()}>
              {t('studio.signals.webster')}
            </button>
            <button
              type="button"
              data-testid="signal-reset"
              onClick={() => {
                editDraft(clearSignalPlan(useStudioStore.getState().draft!, timing));
                setPlan(timing.generated);
                setProblem(null);
              }}
            >
              {t('studio.signals.reset')}
            </button>
          </div>
          {webster?.status === 'running' && <p className="muted">{t('studio.signals.websterRunning')}</p>}
          {webster?.status === 'failed' && (
            <p className="scenario-error" role="alert">
              {webster.error}
            </p>
          )}
          {webster?.status === 'done' && (
            <p className="muted hint" data-testid="signal-webster-result" data-greens={webster.suggestion.greensS.join(',')}>
              {t('studio.signals.websterDone', {
                cycle: formatNumber(webster.suggestion.cycleS, lang),
                flows: timing.approaches.map((a, i) => `${ARROWS[a.compass]} ${formatNumber(webster.suggestion.approachPeakVehPerH[i], lang)}`).join(', '),
                ms: formatNumber(webster.wallMs, lang),
              })}
              {webster.suggestion.overCapacity && <strong> {t('studio.signals.overCapacity')}</strong>}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
