// The operator section of the sensors tab: log in to the broker, stage a change (dim a district or
// picked lamps, switch a program or a signal plan), preview N hours ahead against doing nothing, confirm,
// apply, audit (kept in the browser, exported as CSV or NDJSON), revert.

import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { changeAt } from '../../core/compare.ts';
import { entryStatus, revertCommands, type AuditEntry } from '../../core/operator/audit.ts';
import { OPERATOR_SIGNAL_PLANS, type StagedChange } from '../../core/operator/change.ts';
import { lampExternalId } from '../../core/city/entityIds.ts';
import type { PreviewResult } from '../../core/operator/preview.ts';
import { formatLocal } from '../../core/time/parisTime.ts';
import { simClient } from '../../sim-client/simClient.ts';
import type { OperatorPlan, OperatorTargets } from '../../../workers/sim-operator.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { formatNumber } from '../format.ts';
import { downloadText } from '../studio/exports.ts';
import { auditCsv, auditNdjson } from './auditStorage.ts';
import { parseCabinetList, parseLampList, withLamp } from './cabinetList.ts';
import { applyPlanned, connectOperator, disconnectOperator, operatorStore, revert } from './operatorSession.ts';
import './operator.css';

type Kind = StagedChange['kind'];

function Login() {
  const { t } = useTranslation();
  const target = useUiStore((s) => s.liveTarget);
  const v = useSyncExternalStore(operatorStore.subscribe, operatorStore.get);
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  if (v.operator)
    return (
      <p className="operator-who" data-testid="operator-who">
        {t('operator.connectedAs', { user: v.operator })}{' '}
        <button type="button" className="link-button" data-testid="operator-logout" onClick={() => void disconnectOperator()}>
          {t('operator.logout')}
        </button>
      </p>
    );
  return (
    <form
      className="operator-login"
      data-testid="operator-login"
      autoComplete="off"
      onSubmit={(e) => {
        e.preventDefault();
        if (!target) return;
        const pw = password;
        setPassword(''); // the field does not keep it either
        void connectOperator(target.url, target.prefix, user.trim(), pw);
      }}
    >
      <label>
        {t('operator.user')}
        <input data-testid="operator-user" value={user} onChange={(e) => setUser(e.target.value)} autoComplete="off" spellCheck={false} />
      </label>
      <label>
        {t('operator.password')}
        <input data-testid="operator-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" />
      </label>
      <button type="submit" data-testid="operator-login-submit" disabled={!target || !user.trim() || !password || v.connecting}>
        {v.connecting ? t('operator.connecting') : t('operator.login')}
      </button>
      {v.error && <p className="operator-error" role="alert" data-testid="operator-error">{v.error}</p>}
      {v.closedReason && <p className="muted hint">{t('operator.closed', { reason: v.closedReason })}</p>}
      <p className="muted hint">{t('operator.loginHint')}</p>
    </form>
  );
}

function PreviewTable({ p }: { p: PreviewResult }) {
  const { t, i18n } = useTranslation();
  const n = (x: number | null | undefined, d = 1) => (x === null || x === undefined ? '—' : formatNumber(x, i18n.language, d));
  const rows: [string, string, number | null | undefined, number | null | undefined, number][] = [
    ['energy', 'lighting.energyKWh', p.compare.baseline.lighting.energyKWh, p.compare.variant.lighting.energyKWh, 1],
    ['cost', 'lighting.costEUR', p.compare.baseline.lighting.costEUR, p.compare.variant.lighting.costEUR, 2],
    ['co2', 'lighting.co2Kg', p.compare.baseline.lighting.co2Kg, p.compare.variant.lighting.co2Kg, 1],
    ['compliance', 'lighting.compliantRoadShare', pct(p.compare.baseline.lighting.compliantRoadShare), pct(p.compare.variant.lighting.compliantRoadShare), 1],
  ];
  if (p.compare.baseline.traffic && p.compare.variant.traffic) {
    const b = p.compare.baseline.traffic;
    const v = p.compare.variant.traffic;
    rows.push(['delay', 'traffic.totalDelayVehH', b.totalDelayVehH, v.totalDelayVehH, 1], ['travelTime', 'traffic.meanTravelTimeS', b.meanTravelTimeS, v.meanTravelTimeS, 0], ['stops', 'traffic.stops', b.stops, v.stops, 0], ['trafficCo2', 'traffic.co2Kg', b.co2Kg, v.co2Kg, 1]);
  }
  return (
    <table className="operator-preview" data-testid="operator-preview">
      <caption>
        {t('operator.previewCaption', { from: formatLocal(p.fromMs), to: formatLocal(p.toMs), hours: n(p.hours, 0) })}
        {p.vehiclesAtStart !== null && <span data-testid="operator-preview-vehicles"> {t('operator.vehiclesAtStart', { n: n(p.vehiclesAtStart, 0) })}</span>}
      </caption>
      <thead>
        <tr>
          <th />
          <th>{t('operator.doNothing')}</th>
          <th>{t('operator.withChange')}</th>
          <th>{t('operator.delta')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, path, a, b, d]) => {
          const c = key === 'compliance' ? (a !== null && a !== undefined && b !== null && b !== undefined ? { diff: b - a, pct: null } : null) : changeAt(p.compare.delta, path);
          return (
            <tr key={key} data-kpi={key}>
              <th scope="row">{t(`operator.kpi.${key}`)}</th>
              <td>{n(a, d)}</td>
              <td>{n(b, d)}</td>
              <td data-testid={`operator-delta-${key}`}>
                {c ? `${c.diff > 0 ? '+' : ''}${n(c.diff, d)}${c.pct !== null ? ` (${c.pct > 0 ? '+' : ''}${n(c.pct, 1)} %)` : ''}` : '—'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const pct = (share: number | null) => (share === null ? null : share * 100);

function Stage({ targets }: { targets: OperatorTargets }) {
  const { t, i18n } = useTranslation();
  const v = useSyncExternalStore(operatorStore.subscribe, operatorStore.get);
  const [kind, setKind] = useState<Kind>('dim');
  const [by, setBy] = useState<'commune' | 'cabinets' | 'lamps'>('commune');
  const [commune, setCommune] = useState(targets.communes[0] ?? '');
  const [cabinets, setCabinets] = useState('0');
  const [lamps, setLamps] = useState('');
  const [levelPct, setLevelPct] = useState(50);
  const [program, setProgram] = useState(targets.programs[0] ?? '');
  const [plan, setPlan] = useState(targets.signalPlans.includes('max-pressure') ? 'max-pressure' : (targets.signalPlans[0] ?? ''));
  const [signalCommune, setSignalCommune] = useState('');
  const city = useUiStore((s) => s.city);
  const selection = useUiStore((s) => s.selection);
  const selectedLamp = city && selection?.kind === 'lamp' && selection.index < city.lamps.count ? lampExternalId(city, selection.index) : null;
  const [hours, setHours] = useState(12);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<PreviewResult | null>(null);
  const [confirm, setConfirm] = useState<OperatorPlan | null>(null);

  const cabinetList = parseCabinetList(cabinets);
  const lampList = parseLampList(lamps);
  const target = by === 'commune' ? { communes: [commune] } : by === 'lamps' ? (lampList ? { lamps: lampList } : null) : cabinetList ? { cabinets: cabinetList } : null;
  const change: StagedChange | null =
    kind === 'signal-plan'
      ? OPERATOR_SIGNAL_PLANS[plan]
        ? { kind, signals: signalCommune ? { communes: [signalCommune] } : {}, plan: OPERATOR_SIGNAL_PLANS[plan] }
        : null
      : !target
        ? null
        : kind === 'dim'
          ? { kind, target, illuminanceLevel: levelPct / 100 }
          : { kind, target, programId: program };
  // A new staging invalidates the preview and any pending confirmation.
  const key = JSON.stringify([change, hours]);
  useEffect(() => {
    setPreview(null);
    setConfirm(null);
    setError(null);
  }, [key]);

  const runPreview = async () => {
    if (!change) return;
    setBusy(true);
    setError(null);
    const r = await simClient().operatorPreview(change, hours);
    setBusy(false);
    if (r.ok) setPreview(r.value);
    else setError(r.error);
  };
  const askApply = async () => {
    if (!change) return;
    const r = await simClient().operatorPlan(change, [...operatorStore.log.lastApplied()]);
    if (r.ok) setConfirm(r.value);
    else setError(r.error);
  };
  const doApply = async () => {
    const p = confirm;
    setConfirm(null);
    if (p) await applyPlanned({ summary: p.summary, commands: p.commands, previous: p.previous, simTimeMs: p.simTimeMs });
  };

  return (
    <div className="operator-stage" data-testid="operator-stage">
      <h3>{t('operator.stage')}</h3>
      <label className="operator-row">
        {t('operator.kind')}
        <select data-testid="operator-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          <option value="dim">{t('operator.kinds.dim')}</option>
          <option value="program">{t('operator.kinds.program')}</option>
          {targets.traffic && <option value="signal-plan">{t('operator.kinds.signal-plan')}</option>}
        </select>
      </label>
      {kind !== 'signal-plan' && (
        <>
          <div className="operator-row" role="radiogroup" aria-label={t('operator.where')}>
            <label>
              <input type="radio" name="operator-by" checked={by === 'commune'} onChange={() => setBy('commune')} /> {t('operator.byCommune')}
            </label>
            <label>
              <input type="radio" name="operator-by" data-testid="operator-by-cabinets" checked={by === 'cabinets'} onChange={() => setBy('cabinets')} /> {t('operator.byCabinets')}
            </label>
            <label>
              <input type="radio" name="operator-by" data-testid="operator-by-lamps" checked={by === 'lamps'} onChange={() => setBy('lamps')} /> {t('operator.byLamps')}
            </label>
          </div>
          {by === 'lamps' ? (
            <>
              <label className="operator-row">
                {t('operator.lampList')}
                <input data-testid="operator-lamps" value={lamps} onChange={(e) => setLamps(e.target.value)} aria-invalid={!lampList} spellCheck={false} />
              </label>
              <div className="studio-actions">
                <button type="button" data-testid="operator-add-selected" disabled={!selectedLamp} onClick={() => selectedLamp && setLamps(withLamp(lamps, selectedLamp))}>
                  {selectedLamp ? t('operator.addSelected', { id: selectedLamp }) : t('operator.noLampSelected')}
                </button>
              </div>
              <p className="muted hint">{t('operator.lampBound', { max: formatNumber(targets.maxCommands, i18n.language) })}</p>
            </>
          ) : by === 'commune' ? (
            <select data-testid="operator-commune" value={commune} onChange={(e) => setCommune(e.target.value)} aria-label={t('operator.byCommune')}>
              {targets.communes.map((c) => (
                <option key={c} value={c}>{c}</option>
              ))}
            </select>
          ) : (
            <label className="operator-row">
              {t('operator.cabinetList', { max: targets.cabinetCount - 1 })}
              <input data-testid="operator-cabinets" value={cabinets} onChange={(e) => setCabinets(e.target.value)} aria-invalid={!cabinetList} />
            </label>
          )}
        </>
      )}
      {kind === 'dim' && (
        <label className="operator-row">
          {t('operator.level', { value: formatNumber(levelPct, i18n.language) })}
          <input data-testid="operator-level" type="range" min={0} max={100} step={5} value={levelPct} onChange={(e) => setLevelPct(Number(e.target.value))} />
        </label>
      )}
      {kind === 'program' && (
        <select data-testid="operator-program" value={program} onChange={(e) => setProgram(e.target.value)} aria-label={t('operator.kinds.program')}>
          {targets.programs.map((p) => (
            <option key={p} value={p}>{t(`operator.programs.${p}`, { defaultValue: p })}</option>
          ))}
        </select>
      )}
      {kind === 'signal-plan' && (
        <>
          <select data-testid="operator-plan" value={plan} onChange={(e) => setPlan(e.target.value)} aria-label={t('operator.kinds.signal-plan')}>
            {targets.signalPlans.map((p) => (
              <option key={p} value={p}>{t(`operator.plans.${p}`, { defaultValue: p })}</option>
            ))}
          </select>
          <label className="operator-row">
            {t('operator.signalsWhere')}
            <select data-testid="operator-signal-commune" value={signalCommune} onChange={(e) => setSignalCommune(e.target.value)}>
              <option value="">{t('operator.everySignal')}</option>
              {targets.communes.map((c) => (
                <option key={c} value={c}>{c}</option>
              ))}
            </select>
          </label>
        </>
      )}
      <label className="operator-row">
        {t('operator.hours')}
        <input data-testid="operator-hours" type="number" min={1} max={72} value={hours} onChange={(e) => setHours(Math.max(1, Math.min(72, Math.round(Number(e.target.value) || 1))))} />
      </label>
      <div className="studio-actions">
        <button type="button" data-testid="operator-preview-run" disabled={!change || busy} onClick={() => void runPreview()}>
          {busy ? t('operator.previewing') : t('operator.preview')}
        </button>
        <button type="button" data-testid="operator-apply" className="primary" disabled={!change || !v.operator} title={!v.operator ? t('operator.loginFirst') : undefined} onClick={() => void askApply()}>
          {t('operator.apply')}
        </button>
      </div>
      {kind === 'signal-plan' && <p className="muted hint">{t('operator.signalCommands', { max: formatNumber(targets.maxCommands, i18n.language) })}</p>}
      {error && <p className="operator-error" role="alert">{error}</p>}
      {preview && <PreviewTable p={preview} />}
      {confirm && (
        <div className="operator-confirm" role="alertdialog" aria-labelledby="operator-confirm-title" data-testid="operator-confirm">
          <p id="operator-confirm-title">
            {kind === 'signal-plan'
              ? t('operator.confirmSignals', { user: v.operator ?? '', commands: formatNumber(confirm.commands.length, i18n.language) })
              : t('operator.confirmText', { user: v.operator ?? '', commands: formatNumber(confirm.commands.length, i18n.language), lamps: formatNumber(confirm.lampCount, i18n.language) })}
          </p>
          <p className="muted hint">{confirm.summary}</p>
          <div className="studio-actions">
            <button type="button" className="primary" data-testid="operator-confirm-yes" onClick={() => void doApply()}>
              {t('operator.confirmYes')}
            </button>
            <button type="button" data-testid="operator-confirm-no" onClick={() => setConfirm(null)}>
              {t('operator.cancel')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

function Audit() {
  const { t, i18n } = useTranslation();
  const v = useSyncExternalStore(operatorStore.subscribe, operatorStore.get);
  const reverted = new Set(v.entries.map((e) => e.revertOf).filter((x): x is number => x !== null));
  const storage = v.storageError && <p className="operator-error" role="alert" data-testid="operator-storage-error">{v.storageError}</p>;
  if (!v.entries.length)
    return (
      <>
        {storage}
        <p className="muted hint">{t('operator.noEntry')}</p>
      </>
    );
  const fmtWall = (ms: number) => new Date(ms).toLocaleString(i18n.language);
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return (
    <>
      {storage}
      <p className="muted hint">{t('operator.auditKept')}</p>
      <div className="studio-actions">
        <button type="button" data-testid="operator-export-csv" onClick={() => downloadText(`operator-audit-${stamp}.csv`, auditCsv(v.entries), 'text/csv')}>
          {t('operator.exportCsv')}
        </button>
        <button type="button" data-testid="operator-export-ndjson" onClick={() => downloadText(`operator-audit-${stamp}.ndjson`, auditNdjson(v.entries), 'application/x-ndjson')}>
          {t('operator.exportNdjson')}
        </button>
      </div>
      <ol className="operator-audit" data-testid="operator-audit">
        {[...v.entries].reverse().map((e: AuditEntry) => {
          const status = entryStatus(e);
          const canRevert = !!v.operator && !v.busy.includes(e.id) && status !== 'pending' && e.revertOf === null && !reverted.has(e.id) && revertCommands(e).length > 0;
          return (
            <li key={e.id} data-testid="operator-entry" data-status={status} data-entry={e.id}>
              <div>
                <strong>#{e.id}</strong> {fmtWall(e.issuedAtMs)} — {e.operator}
                {e.simTimeMs !== null && <span className="muted"> ({t('operator.simTime', { time: formatLocal(e.simTimeMs) })})</span>}
              </div>
              <div>{e.summary}</div>
              <div className={`operator-status status-${status}`}>{t(`operator.status.${status}`)}</div>
              <details>
                <summary>{t('operator.commands', { n: e.commands.length })}</summary>
                <ul>
                  {e.commands.map((c, i) => (
                    <li key={i} data-command-status={c.status}>
                      {c.entityId.split(':').pop()} {JSON.stringify(c.command)} — {t(`operator.commandStatus.${c.status}`)}
                      {c.detail && c.status !== 'acknowledged' ? ` (${c.detail})` : ''}
                    </li>
                  ))}
                </ul>
              </details>
              {canRevert && (
                <button type="button" data-testid="operator-revert" onClick={() => void revert(e.id)}>
                  {t('operator.revert')}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}

export function OperatorPanel() {
  const { t } = useTranslation();
  const session = useUiStore((s) => s.sim.session);
  const [targets, setTargets] = useState<OperatorTargets | null>(null);
  useEffect(() => {
    let live = true;
    void simClient().operatorTargets().then((x) => live && setTargets(x));
    return () => {
      live = false;
    };
  }, [session]);
  return (
    <section className="panel-section operator-panel studio" data-testid="operator-panel">
      <h2>{t('operator.title')}</h2>
      <p className="muted hint">{t('operator.intro')}</p>
      <Login />
      {targets ? <Stage key={session} targets={targets} /> : <p className="muted hint">{t('operator.noScenario')}</p>}
      <h3>{t('operator.audit')}</h3>
      <Audit />
    </section>
  );
}
