// The KPI cards of a comparison: which KPIs, how each value and change reads (energy in kWh or
// MWh, shares in percentage points), and the traffic ones as soon as the runs carry them.

import { changeAt, type ChangeSpread, type CompareResult, type KpiChange } from '../../core/compare.ts';
import { formatNumber } from '../format.ts';
import { formatCo2, formatCost, formatEnergy, formatPercent, formatPower, type Translate } from '../kpiFormat.ts';
import { valueAt } from './exports.ts';

export interface DeltaCard {
  id: string;
  /** Dotted path of the KPI in the run summary. */
  path: string;
  labelKey: string;
  baseline: number;
  variant: number;
  change: KpiChange;
  /** A share (0–1): its change reads in percentage points. */
  share: boolean;
  /** Whether a lower value is the better one (colours the change). */
  lowerIsBetter: boolean;
  format: (value: number, t: Translate, lang: string) => string;
}

type Format = DeltaCard['format'];
const plain = (unitKey: string | null, digits = 0): Format => (v, t, lang) => (unitKey ? t(unitKey, { value: formatNumber(v, lang, digits) }) : formatNumber(v, lang, digits));

const CARDS: Omit<DeltaCard, 'baseline' | 'variant' | 'change'>[] = [
  { id: 'energy', path: 'lighting.energyKWh', labelKey: 'kpi.energy', share: false, lowerIsBetter: true, format: formatEnergy },
  { id: 'cost', path: 'lighting.costEUR', labelKey: 'kpi.cost', share: false, lowerIsBetter: true, format: formatCost },
  { id: 'co2', path: 'lighting.co2Kg', labelKey: 'kpi.co2', share: false, lowerIsBetter: true, format: formatCo2 },
  { id: 'compliance', path: 'lighting.compliantRoadShare', labelKey: 'kpi.compliance', share: true, lowerIsBetter: false, format: (v, t, lang) => formatPercent(v, t, lang, 1) },
  { id: 'peak', path: 'lighting.peakPowerKW', labelKey: 'studio.card.peakPower', share: false, lowerIsBetter: true, format: formatPower },
  { id: 'trips', path: 'traffic.completedTrips', labelKey: 'studio.card.completedTrips', share: false, lowerIsBetter: false, format: plain(null) },
  { id: 'vehicleKm', path: 'traffic.vehicleKm', labelKey: 'studio.card.vehicleKm', share: false, lowerIsBetter: true, format: plain('unit.km') },
  { id: 'travelTime', path: 'traffic.meanTravelTimeS', labelKey: 'studio.card.meanTravelTime', share: false, lowerIsBetter: true, format: plain('studio.unit.s') },
  { id: 'delay', path: 'traffic.totalDelayVehH', labelKey: 'studio.card.totalDelay', share: false, lowerIsBetter: true, format: plain('studio.unit.vehH', 1) },
  { id: 'meanDelay', path: 'traffic.meanDelayS', labelKey: 'studio.signals.card.meanDelay', share: false, lowerIsBetter: true, format: plain('studio.unit.s') },
  { id: 'stops', path: 'traffic.stops', labelKey: 'studio.card.stops', share: false, lowerIsBetter: true, format: plain(null) },
  { id: 'busDelay', path: 'traffic.bus.meanDelayS', labelKey: 'studio.signals.card.busDelay', share: false, lowerIsBetter: true, format: plain('studio.unit.s') },
  { id: 'emergencyResponse', path: 'traffic.emergency.meanResponseS', labelKey: 'studio.signals.card.emergencyResponse', share: false, lowerIsBetter: true, format: plain('studio.unit.s') },
  { id: 'trafficCo2', path: 'traffic.co2Kg', labelKey: 'studio.card.trafficCo2', share: false, lowerIsBetter: true, format: formatCo2 },
  { id: 'nox', path: 'traffic.noxKg', labelKey: 'studio.signals.card.nox', share: false, lowerIsBetter: true, format: plain('unit.kg', 1) },
];

/** Paths of every card's KPI (the changes whose spread over seeds the studio gives). */
export function deltaCardPaths(): string[] {
  return CARDS.map((c) => c.path);
}

/** The cards this comparison has values for (traffic ones only when both runs carry traffic KPIs). */
export function deltaCards(result: CompareResult<unknown>): DeltaCard[] {
  const out: DeltaCard[] = [];
  for (const c of CARDS) {
    const change = changeAt(result.delta, c.path);
    const a = valueAt(result.baseline, c.path);
    const b = valueAt(result.variant, c.path);
    if (change && typeof a === 'number' && typeof b === 'number') out.push({ ...c, baseline: a, variant: b, change });
  }
  return out;
}

/** The change as people read it: signed, in the KPI's unit (points for a share), with its % when it means something. */
export function formatChange(card: DeltaCard, t: Translate, lang: string): string {
  const d = card.change.diff;
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  if (card.share) return `${sign}${t('studio.unit.points', { value: formatNumber(Math.abs(d) * 100, lang, 1) })}`;
  const abs = card.format(Math.abs(d), t, lang);
  const pct = card.change.pct;
  return `${sign}${abs}${pct !== null ? ` (${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${formatNumber(Math.abs(pct), lang, 1)} %)` : ''}`;
}

/** A card's change over several seeds as people read it: the signed mean ± the standard deviation, in the card's unit. */
export function formatSpread(card: DeltaCard, spread: ChangeSpread, t: Translate, lang: string): { mean: string; sd: string } {
  const mean = formatChange({ ...card, change: { diff: spread.mean, pct: null } }, t, lang);
  const sd = card.share ? t('studio.unit.points', { value: formatNumber(spread.sd * 100, lang, 1) }) : card.format(spread.sd, t, lang);
  return { mean, sd };
}
