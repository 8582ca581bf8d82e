// The scenario studio (a tab of the side panel): load a scenario, edit a rule's dimming profile,
// presence parameters and where it applies with its compliance shown live, signal plans and corridors
// (TrafficTools), save, share by link, and compare it with a baseline in two workers at once.

import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { openRing, type LampSelector } from '../../core/scenario/schema.ts';
import { BUNDLED_SCENARIOS, DEFAULT_SCENARIO } from '../../sim-client/scenarioLibrary.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { LOADED_BASELINE, useStudioStore } from '../../store/studioStore.ts';
import { formatEnergy, formatPercent } from '../kpiFormat.ts';
import { clockText, formatNumber } from '../format.ts';
import { planFor } from '../../sim-client/compareClient.ts';
import { NIGHT_HOUR_ORDER } from '../charts/chartScale.ts';
import { ProfileChart } from './ProfileChart.tsx';
import { targetLampCount } from './ruleTarget.ts';
import { CompareResults } from './CompareResults.tsx';
import { TrafficTools } from './TrafficTools.tsx';
import { downloadText } from './exports.ts';
import {
  PRESENCE_DEFAULTS, addRule, addStep, moveStep, profileOf, removeStep, setEveningLevel, setPolicyType, setPresence, setWhere,
  type EditablePolicyType, type PresenceParams,
} from './profileEdit.ts';
import { HOUR_MS, applySelectionToRule, baselineSource, cancelStudioCompare, drawAreaForRule, editDraft, loadBundled, openStudioFile, runStudioCompare, schedulePreview, shareDraft } from './studioActions.ts';
import './studio.css';

const ROAD_CLASSES = ['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'residential', 'service', 'pedestrian', 'unclassified'] as const;
/** Comparison lengths (days): a one-hour window (e.g. a traffic peak), a night, a week, a month, a year. */
const COMPARE_DAYS = [1 / 24, 1, 7, 30, 365];
/** Seeds a comparison can run with: one, or a few more for the spread of each change. */
const COMPARE_SEEDS = [1, 3, 5];
const PRESENCE_FIELDS: { key: keyof PresenceParams; min: number; max: number; step: number; unit: 'pct' | 's' | 'poles' }[] = [
  { key: 'baseLevel', min: 0, max: 1, step: 0.05, unit: 'pct' },
  { key: 'activeLevel', min: 0, max: 1, step: 0.05, unit: 'pct' },
  { key: 'rampS', min: 0, max: 60, step: 0.5, unit: 's' },
  { key: 'holdS', min: 0, max: 3600, step: 5, unit: 's' },
  { key: 'fadeS', min: 0, max: 600, step: 1, unit: 's' },
  { key: 'propagatePoles', min: 0, max: 10, step: 1, unit: 'poles' },
];

function LoadRow() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const source = useStudioStore((s) => s.source);
  const bundled = BUNDLED_SCENARIOS.find((b) => b.file === source?.file);
  return (
    <div className="studio-row">
      <label htmlFor="studio-load" className="field-label">
        {t('studio.load')}
      </label>
      <select id="studio-load" data-testid="studio-load" value={bundled?.name ?? ''} onChange={(e) => e.currentTarget.value && loadBundled(e.currentTarget.value)}>
        <option value="">{source && !bundled ? source.file : t('studio.choose')}</option>
        {BUNDLED_SCENARIOS.map((s) => (
          <option key={s.name} value={s.name}>
            {s.title[lang]}
          </option>
        ))}
      </select>
      <label className="button" title={t('studio.openFileTitle')}>
        {t('studio.openFile')}
        <input
          type="file"
          accept=".json,application/json"
          data-testid="studio-file-input"
          hidden
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void openStudioFile(file);
          }}
        />
      </label>
    </div>
  );
}

/** The rule's target from the 3D view (a drawn area, the current selection), and how many lamps the target selects. */
function TargetFromView({ ruleIndex, where, onChange }: { ruleIndex: number; where: LampSelector; onChange(where: LampSelector): void }) {
  const { t, i18n } = useTranslation();
  const city = useUiStore((s) => s.city);
  const drawing = useUiStore((s) => s.areaDrawing?.status === 'drawing');
  const hasSelection = useUiStore((s) => s.selection !== null);
  const lamps = useMemo(() => (city ? targetLampCount(city, where) : null), [city, where]);
  return (
    <div className="studio-target" data-testid="studio-target">
      <div className="studio-row">
        <button type="button" data-testid="studio-draw-area" disabled={drawing || !city} onClick={() => drawAreaForRule(ruleIndex)}>
          {t('studio.target.drawArea')}
        </button>
        <button type="button" data-testid="studio-use-selection" disabled={!hasSelection} title={hasSelection ? undefined : t('studio.target.noSelection')} onClick={() => applySelectionToRule(ruleIndex)}>
          {t('studio.target.useSelection')}
        </button>
      </div>
      {drawing && <p className="muted hint">{t('studio.target.drawing')}</p>}
      {where.area && (
        <p data-testid="studio-area" data-points={openRing(where.area).length}>
          {t('studio.target.area', { count: openRing(where.area).length })}{' '}
          <button type="button" className="link-button" aria-label={t('studio.target.removeArea')} onClick={() => onChange({ ...where, area: undefined })}>
            ×
          </button>
        </p>
      )}
      {lamps && 'count' in lamps && (
        <p className="muted" data-testid="studio-target-lamps" data-count={lamps.count}>
          {t('studio.target.lamps', { count: lamps.count, n: formatNumber(lamps.count, i18n.language) })}
        </p>
      )}
      {lamps && 'error' in lamps && (
        <p className="scenario-error" role="alert">
          {lamps.error}
        </p>
      )}
    </div>
  );
}

function WhereEditor({ ruleIndex, where, onChange }: { ruleIndex: number; where: LampSelector; onChange(where: LampSelector): void }) {
  const { t } = useTranslation();
  const city = useUiStore((s) => s.city);
  const communes = city?.communes.name ?? [];
  const toggle = <K extends 'communes' | 'roadClasses'>(key: K, value: NonNullable<LampSelector[K]>[number]) => {
    const list = (where[key] ?? []) as string[];
    const next = list.includes(value as string) ? list.filter((x) => x !== value) : [...list, value as string];
    onChange({ ...where, [key]: next });
  };
  return (
    <fieldset className="studio-where" data-testid="studio-where">
      <legend>{t('studio.where')}</legend>
      <p className="muted hint">{t('studio.whereHint')}</p>
      <details>
        <summary>{t('studio.communes', { count: where.communes?.length ?? 0 })}</summary>
        <div className="check-list">
          {communes.map((c) => (
            <label key={c}>
              <input type="checkbox" checked={where.communes?.includes(c) ?? false} onChange={() => toggle('communes', c)} /> {c}
            </label>
          ))}
        </div>
      </details>
      <details>
        <summary>{t('studio.roadClasses', { count: where.roadClasses?.length ?? 0 })}</summary>
        <div className="check-list">
          {ROAD_CLASSES.map((rc) => (
            <label key={rc}>
              <input type="checkbox" checked={where.roadClasses?.includes(rc) ?? false} onChange={() => toggle('roadClasses', rc)} /> {t(`roadClass.${rc}`)}
            </label>
          ))}
        </div>
      </details>
      {(where.technologies?.length || where.cabinets?.length || where.lamps?.length) ? <p className="muted hint">{t('studio.whereOther')}</p> : null}
      <TargetFromView ruleIndex={ruleIndex} where={where} onChange={onChange} />
    </fieldset>
  );
}

function LiveCompliance() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const preview = useStudioStore((s) => s.preview);
  const share = preview.status === 'done' ? preview.result.compliantRoadShare : null;
  return (
    <div className="studio-live" data-testid="studio-live" data-status={preview.status} data-below-share={share === null ? '' : String(Math.round((1 - share) * 10000) / 10000)}>
      <h3>{t('studio.liveTitle')}</h3>
      {preview.status === 'running' && <p className="muted">{t('studio.liveRunning')}</p>}
      {preview.status === 'failed' && <p className="scenario-error" role="alert">{preview.error}</p>}
      {preview.status === 'done' && (
        <>
          <p>
            {share === null ? (
              t('kpi.complianceNone')
            ) : (
              <>
                <strong data-testid="studio-below-class">{formatPercent(1 - share, t, lang, 1)}</strong> {t('studio.belowClass')}
              </>
            )}
            <br />
            <span className="muted">{t('studio.liveNight', { energy: formatEnergy(preview.result.energyKWh, t, lang), ms: formatNumber(preview.result.wallMs, lang) })}</span>
            {preview.result.withoutVehicles && (
              <>
                <br />
                <span className="muted" data-testid="studio-live-without-vehicles">{t('studio.liveWithoutVehicles')}</span>
              </>
            )}
          </p>
          {preview.result.worstHour && preview.result.worstHour.roads.length > 0 && (
            <details className="below-roads" data-testid="studio-below-roads">
              <summary>
                {t('studio.worstHour', {
                  hour: preview.result.worstHour.localHour,
                  km: formatNumber(preview.result.worstHour.belowLengthM / 1000, lang, 1),
                })}
              </summary>
              <ol>
                {preview.result.worstHour.roads.map((r, i) => (
                  <li key={i}>
                    {r.name ?? t('studio.unnamedRoad')} <span className="muted">({r.commune}, {r.lightingClass})</span> — {t('unit.m', { value: formatNumber(r.lengthM, lang) })}
                  </li>
                ))}
              </ol>
            </details>
          )}
          <div className="hour-strip" aria-label={t('studio.belowByHour')}>
            {NIGHT_HOUR_ORDER.map((h) => {
              const c = preview.result.compliantShareByLocalHour[h];
              if (c === null) return null;
              return (
                <span key={h} className="hour-cell" title={`${h} h — ${formatPercent(1 - c, t, lang, 1)} ${t('studio.belowClass')}`}>
                  <span className="hour-fill" style={{ height: `${Math.round((1 - c) * 100)}%` }} />
                  <span className="hour-label">{h}</span>
                </span>
              );
            })}
          </div>
        </>
      )}
    </div>
  );
}

function RuleEditor() {
  const { t, i18n } = useTranslation();
  const draft = useStudioStore((s) => s.draft)!;
  const ruleIndex = useStudioStore((s) => s.ruleIndex);
  const rules = draft.lighting.rules;
  const rule = rules[ruleIndex];
  const profile = rule ? profileOf(rule.policy) : null;
  const pctText = (v: number) => formatNumber(v * 100, i18n.language);
  return (
    <section className="studio-rule">
      <div className="studio-row">
        <label htmlFor="studio-rule" className="field-label">
          {t('studio.rule')}
        </label>
        <select id="studio-rule" data-testid="studio-rule" value={rule ? ruleIndex : ''} onChange={(e) => useStudioStore.getState().setRuleIndex(Number(e.currentTarget.value))}>
          {rules.map((r, i) => (
            <option key={i} value={i}>
              {r.name ?? t('studio.ruleN', { n: i + 1 })} — {t(`studio.policy.${r.policy.type}`)}
            </option>
          ))}
        </select>
        <button
          type="button"
          data-testid="studio-add-rule"
          onClick={() => {
            editDraft(addRule(draft, t('studio.newRuleName')));
            useStudioStore.getState().setRuleIndex(draft.lighting.rules.length);
          }}
        >
          {t('studio.addRule')}
        </button>
      </div>
      {!rule && <p className="muted hint">{t('studio.noRule')}</p>}
      {rule && (
        <>
          <div className="studio-row">
            <label htmlFor="studio-policy" className="field-label">
              {t('studio.policyType')}
            </label>
            <select
              id="studio-policy"
              data-testid="studio-policy"
              value={rule.policy.type}
              onChange={(e) => editDraft(setPolicyType(draft, ruleIndex, e.currentTarget.value as EditablePolicyType))}
            >
              {(['part-night', 'presence'] as const).map((p) => (
                <option key={p} value={p}>
                  {t(`studio.policy.${p}`)}
                </option>
              ))}
              {!profile && <option value={rule.policy.type}>{t(`studio.policy.${rule.policy.type}`)}</option>}
            </select>
          </div>
          {!profile && <p className="muted hint">{t('studio.convertHint')}</p>}
          {profile && (
            <>
              <ProfileChart
                profile={profile}
                onMoveStep={(k, at, level) => editDraft(moveStep(useStudioStore.getState().draft!, ruleIndex, k, at, level))}
                onEveningLevel={(level) => editDraft(setEveningLevel(useStudioStore.getState().draft!, ruleIndex, level))}
              />
              <ul className="step-list" data-testid="studio-steps">
                <li>
                  {t('studio.fromDusk')} <strong>{pctText(profile.eveningLevel)} %</strong>
                </li>
                {profile.steps.map((s, k) => (
                  <li key={k}>
                    {t('studio.from', { at: s.at })} <strong>{pctText(s.level)} %</strong>{' '}
                    <button type="button" className="link-button" aria-label={t('studio.removeStep', { at: s.at })} onClick={() => editDraft(removeStep(draft, ruleIndex, k))}>
                      ×
                    </button>
                  </li>
                ))}
              </ul>
              <button type="button" data-testid="studio-add-step" onClick={() => editDraft(addStep(draft, ruleIndex))}>
                {t('studio.addStep')}
              </button>
            </>
          )}
          {rule.policy.type === 'presence' && (
            <fieldset className="studio-presence" data-testid="studio-presence">
              <legend>{t('studio.presence')}</legend>
              {PRESENCE_FIELDS.map((f) => {
                const policy = rule.policy as PresenceParams;
                const value = policy[f.key] ?? PRESENCE_DEFAULTS[f.key];
                return (
                  <label key={f.key} className="presence-field">
                    <span>{t(`studio.presenceField.${f.key}`)}</span>
                    <input
                      type="number"
                      min={f.unit === 'pct' ? f.min * 100 : f.min}
                      max={f.unit === 'pct' ? f.max * 100 : f.max}
                      step={f.unit === 'pct' ? f.step * 100 : f.step}
                      value={f.unit === 'pct' ? Math.round(value * 100) : value}
                      onChange={(e) => {
                        const raw = Number(e.currentTarget.value);
                        if (!Number.isFinite(raw)) return;
                        const v = Math.min(f.max, Math.max(f.min, f.unit === 'pct' ? raw / 100 : raw));
                        editDraft(setPresence(draft, ruleIndex, { [f.key]: f.key === 'propagatePoles' ? Math.round(v) : v }));
                      }}
                    />
                    <span className="muted">{t(`studio.presenceUnit.${f.unit}`)}</span>
                  </label>
                );
              })}
            </fieldset>
          )}
          <WhereEditor ruleIndex={ruleIndex} where={rule.where} onChange={(where) => editDraft(setWhere(draft, ruleIndex, where))} />
        </>
      )}
    </section>
  );
}

function CompareSection() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const baselineChoice = useStudioStore((s) => s.baselineChoice);
  const days = useStudioStore((s) => s.days);
  const startOffsetH = useStudioStore((s) => s.startOffsetH);
  const seeds = useStudioStore((s) => s.seeds);
  const compare = useStudioStore((s) => s.compare);
  const source = useStudioStore((s) => s.source);
  const draft = useStudioStore((s) => s.draft);
  const city = useUiStore((s) => s.city);
  const running = compare.status === 'running';
  const loadedTitle = useMemo(() => {
    try {
      return source ? (JSON.parse(source.text) as { title?: Record<string, string> }).title?.[lang] ?? source.file : '';
    } catch {
      return source?.file ?? '';
    }
  }, [source, lang]);
  const baselineStartMs = useMemo(() => {
    const base = baselineSource();
    try {
      return base ? planFor(base, 1).startMs : null;
    } catch {
      return null;
    }
  }, [source, baselineChoice]); // baselineSource() reads these
  const baselineTitle = baselineChoice === LOADED_BASELINE ? loadedTitle : (BUNDLED_SCENARIOS.find((b) => b.name === baselineChoice)?.title[lang] ?? baselineChoice);
  return (
    <section className="studio-compare" data-testid="studio-compare">
      <h3>{t('studio.compareTitle')}</h3>
      <div className="studio-row">
        <label htmlFor="studio-baseline" className="field-label">
          {t('studio.baseline')}
        </label>
        <select
          id="studio-baseline"
          data-testid="studio-baseline"
          value={baselineChoice}
          onChange={(e) => {
            useStudioStore.getState().setBaselineChoice(e.currentTarget.value);
            schedulePreview();
          }}
        >
          <option value={LOADED_BASELINE}>{t('studio.baselineLoaded', { title: loadedTitle })}</option>
          {BUNDLED_SCENARIOS.map((s) => (
            <option key={s.name} value={s.name}>
              {s.title[lang]}
            </option>
          ))}
        </select>
      </div>
      <div className="studio-row">
        <label htmlFor="studio-days" className="field-label">
          {t('studio.period')}
        </label>
        <select id="studio-days" data-testid="studio-days" value={days} onChange={(e) => useStudioStore.getState().setDays(Number(e.currentTarget.value))}>
          {COMPARE_DAYS.map((d) => (
            <option key={d} value={d}>
              {d < 1 ? t('studio.periodHours', { count: Math.round(d * 24) }) : t('scenario.periodDays', { count: d })}
            </option>
          ))}
        </select>
        {days < 1 && baselineStartMs !== null && (
          <select aria-label={t('studio.windowFrom')} title={t('studio.windowFrom')} data-testid="studio-window-start" value={startOffsetH} onChange={(e) => useStudioStore.getState().setStartOffsetH(Number(e.currentTarget.value))}>
            {Array.from({ length: 24 }, (_, h) => (
              <option key={h} value={h}>
                {t('studio.windowFromAt', { at: clockText(baselineStartMs + h * HOUR_MS) })}
              </option>
            ))}
          </select>
        )}
        <select aria-label={t('studio.seeds')} title={t('studio.seedsHint')} data-testid="studio-seeds" value={seeds} onChange={(e) => useStudioStore.getState().setSeeds(Number(e.currentTarget.value))}>
          {COMPARE_SEEDS.map((n) => (
            <option key={n} value={n}>
              {t('studio.seedCount', { count: n })}
            </option>
          ))}
        </select>
        {running ? (
          <button type="button" data-testid="studio-cancel" onClick={cancelStudioCompare}>
            {t('studio.cancel')}
          </button>
        ) : (
          <button type="button" className="primary" data-testid="studio-run" disabled={!draft || !city} onClick={() => void runStudioCompare()}>
            {t('studio.run')}
          </button>
        )}
      </div>
      <p className="muted hint">{t('studio.sameSeed')}</p>
      {running && (
        <div className="compare-progress" data-testid="compare-progress">
          {(['baseline', 'variant'] as const).map((side) => (
            <label key={side}>
              <span>{t(`studio.${side}`)}</span>
              <progress max={1} value={compare.progress[side]} data-testid={`progress-${side}`} />
            </label>
          ))}
        </div>
      )}
      {compare.status === 'failed' && (
        <p className="scenario-error" role="alert" data-testid="compare-error">
          {compare.side ? t(`studio.${compare.side}`) + ' — ' : ''}
          {compare.error}
        </p>
      )}
      {compare.status === 'cancelled' && <p className="muted">{t('studio.cancelled')}</p>}
      {compare.status === 'done' && <CompareResults run={compare.run} spread={compare.spread} titles={{ baseline: baselineTitle, variant: draft?.title[lang] ?? '' }} />}
    </section>
  );
}

export function StudioPanel() {
  const { t } = useTranslation();
  const draft = useStudioStore((s) => s.draft);
  const loadError = useStudioStore((s) => s.loadError);
  const notice = useStudioStore((s) => s.notice);
  const edits = useStudioStore((s) => s.edits);
  // Opened with nothing loaded: start from the scenario the twin runs (a bundled one).
  useEffect(() => {
    const st = useStudioStore.getState();
    if (!st.draft && !st.loadError) loadBundled(useUiStore.getState().scenarioChoice || DEFAULT_SCENARIO);
  }, []);
  return (
    <section className="panel-section studio" data-testid="studio" data-edits={edits}>
      <h2>{t('studio.title')}</h2>
      <LoadRow />
      {loadError && (
        <div className="scenario-error" role="alert" data-testid="studio-load-error">
          <p>{t('studio.loadFailed', { message: loadError })}</p>
          <button type="button" onClick={() => useStudioStore.getState().setLoadError(null)}>
            {t('scenario.dismiss')}
          </button>
        </div>
      )}
      {!draft && <p className="muted hint">{t('studio.intro')}</p>}
      {draft && (
        <>
          <p className="scenario-description" data-testid="studio-draft-name">
            <strong>{draft.name}</strong>
          </p>
          <RuleEditor />
          <LiveCompliance />
          <TrafficTools />
          <div className="studio-actions">
            <button
              type="button"
              data-testid="studio-save"
              onClick={() => downloadText(`${draft.name}.scenario.json`, JSON.stringify(draft, null, 2) + '\n', 'application/json')}
            >
              {t('studio.save')}
            </button>
            <button type="button" data-testid="studio-share" onClick={() => void shareDraft()}>
              {t('studio.share')}
            </button>
          </div>
          {notice && (
            <p className={notice.kind === 'error' ? 'scenario-error' : 'muted'} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="studio-notice">
              {notice.text.startsWith('studio.') ? t(notice.text) : notice.text}
            </p>
          )}
          <CompareSection />
        </>
      )}
    </section>
  );
}
