// The cross-check of the twin's traffic against SUMO: runs each case on both, compares trips,
// throughput, travel time, delay and discharge flow against stated tolerances, and reports them.

import { corridorCase, gridCase, saturatedCase } from './cases.ts';
import { type CrossCheckCase, greenWindows } from './crossCheckCase.ts';
import { dischargeFlow, pooledDischarge } from './discharge.ts';
import { runSumo, type SumoRunResult } from './sumoRun.ts';
import { runTwin, type TwinRunResult, withTwinRoutes } from './twinRun.ts';

/** Relative tolerances of the twin against SUMO (and the discharge against the textbook figure). */
export const TOLERANCES = {
  throughput: 0.1,
  meanTravelTime: 0.2,
  /** Mean delay (twin: travel − free-flow time; SUMO: timeLoss): within 25 % or 5 s, whichever is wider. */
  meanDelay: 0.25,
  meanDelayAbsS: 5,
  /** Discharge of a saturated lane: 1,800 veh/h/lane (DOMAIN.md) ± 15 %, and within 10 % of SUMO's IDM. */
  dischargeVsTextbook: 0.15,
  dischargeVsSumoIdm: 0.1,
} as const;

export const TEXTBOOK_SATURATION_VEH_PER_H = 1800;

export interface CheckRow {
  caseName: string;
  metric: string;
  twin: number;
  /** The reference the row compares with, and which one it is. */
  reference: number;
  against: 'sumo-idm' | 'sumo-krauss-default' | 'textbook';
  /** (twin − reference) / reference. */
  relDiff: number;
  tolerance: string;
  ok: boolean;
}

const rel = (a: number, b: number) => (a - b) / b;

function relRow(caseName: string, metric: string, twin: number, reference: number, against: CheckRow['against'], tol: number): CheckRow {
  const relDiff = rel(twin, reference);
  return { caseName, metric, twin, reference, against, relDiff, tolerance: `±${tol * 100} %`, ok: Math.abs(relDiff) <= tol };
}

function delayRow(caseName: string, twin: number, reference: number, against: CheckRow['against']): CheckRow {
  const relDiff = rel(twin, reference);
  const ok = Math.abs(twin - reference) <= Math.max(TOLERANCES.meanDelayAbsS, TOLERANCES.meanDelay * Math.abs(reference));
  return { caseName, metric: 'mean delay (s)', twin, reference, against, relDiff, tolerance: `±${TOLERANCES.meanDelay * 100} % or ±${TOLERANCES.meanDelayAbsS} s`, ok };
}

export interface CaseOutcome {
  name: string;
  twin: TwinRunResult;
  sumo: SumoRunResult[];
  rows: CheckRow[];
}

const against = (r: SumoRunResult): CheckRow['against'] => (r.model === 'idm' ? 'sumo-idm' : 'sumo-krauss-default');

/**
 * A traffic case on both simulators (SUMO with the twin's IDM and with its own defaults), the same
 * routes; `flowLabels` names the flows whose own mean travel time is compared too.
 */
export function checkTrafficCase(c0: CrossCheckCase, warmupS: number, flowLabels: Record<number, string> = {}): CaseOutcome {
  const c = withTwinRoutes(c0);
  const twin = runTwin(c, { warmupS });
  const sumo = runSumo(c, [
    { model: 'idm', warmupS },
    { model: 'krauss-default', warmupS },
  ]);
  const rows: CheckRow[] = [];
  for (const s of sumo) {
    rows.push(relRow(c.name, 'throughput (veh/h)', twin.throughputPerHour, s.throughputPerHour, against(s), TOLERANCES.throughput));
    rows.push(relRow(c.name, 'mean travel time (s)', twin.meanTravelTimeS, s.meanTravelTimeS, against(s), TOLERANCES.meanTravelTime));
    rows.push(delayRow(c.name, twin.meanDelayS, s.meanTimeLossS, against(s)));
    for (const [f, label] of Object.entries(flowLabels)) {
      rows.push(relRow(c.name, `mean travel time ${label} (s)`, twin.meanTravelTimeByFlowS[Number(f)], s.meanTravelTimeByFlowS[Number(f)], against(s), TOLERANCES.meanTravelTime));
    }
  }
  return { name: c.name, twin, sumo, rows };
}

/** Discharge flow of the saturated approach on both simulators, measured at the stop line the same way. */
export function checkDischarge(): CaseOutcome & { dischargeVehPerH: { twin: number; sumoIdm: number; sumoKrauss: number } } {
  const s = saturatedCase();
  const c = withTwinRoutes(s.case);
  const greens = greenWindows(c.signals[0].plan, 0, c.durationS);
  const discharge = (p: Map<number, number[][]>) => pooledDischarge(p.get(s.approachLink)!.map((lane) => dischargeFlow(lane, greens))).vehPerHourPerLane;
  const twin = runTwin(c, { stopLineLinks: [s.approachLink] });
  const sumo = runSumo(c, [
    { model: 'idm', stopLineLinks: [s.approachLink] },
    { model: 'krauss-default', stopLineLinks: [s.approachLink] },
  ]);
  const d = { twin: discharge(twin.stopLinePassagesS), sumoIdm: discharge(sumo[0].stopLinePassagesS), sumoKrauss: discharge(sumo[1].stopLinePassagesS) };
  const m = 'discharge (veh/h/lane)';
  const rows = [
    relRow(c.name, m, d.twin, TEXTBOOK_SATURATION_VEH_PER_H, 'textbook', TOLERANCES.dischargeVsTextbook),
    relRow(c.name, m, d.twin, d.sumoIdm, 'sumo-idm', TOLERANCES.dischargeVsSumoIdm),
    // SUMO's own car against the textbook figure: the reference itself is checked, not the twin.
    { ...relRow(c.name, `${m}, SUMO default car`, d.sumoKrauss, TEXTBOOK_SATURATION_VEH_PER_H, 'textbook', TOLERANCES.dischargeVsTextbook) },
  ];
  return { name: c.name, twin, sumo, rows, dischargeVehPerH: d };
}

export interface TrafficCheck {
  case: CrossCheckCase;
  warmupS: number;
  flowLabels: Record<number, string>;
}

/** The traffic cases of the cross-check: the corridor (1 h, both arterial directions compared on their own) and a 5×5 grid (30 min). */
export function crossCheckCases(): { corridor: TrafficCheck; grid: TrafficCheck } {
  return {
    corridor: { case: corridorCase().case, warmupS: 300, flowLabels: { 0: 'arterial eastbound (green wave)', 1: 'arterial westbound' } },
    grid: { case: gridCase(5, 400, 1800).case, warmupS: 300, flowLabels: {} },
  };
}

export function formatRows(rows: CheckRow[]): string {
  const head = '| case | metric | twin | reference | against | difference | tolerance | ok |\n|---|---|---:|---:|---|---:|---|---|';
  const f = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1));
  return [head, ...rows.map((r) => `| ${r.caseName} | ${r.metric} | ${f(r.twin)} | ${f(r.reference)} | ${r.against} | ${(r.relDiff * 100).toFixed(1)} % | ${r.tolerance} | ${r.ok ? 'yes' : 'NO'} |`)].join('\n');
}
