// KPI values for people, in the UI language: energy in kWh or MWh, cost in €, k€ or M€, CO₂ in kg
// or t, with digits that keep three significant figures; units come from the translation files.

import { formatNumber } from './format.ts';

export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Fraction digits that keep about three significant figures. */
function digitsFor(value: number): number {
  const a = Math.abs(value);
  return a >= 100 ? 0 : a >= 10 ? 1 : 2;
}

function scaled(t: Translate, lang: string, value: number, unitKey: string): string {
  return t(unitKey, { value: formatNumber(value, lang, digitsFor(value)) });
}

export function formatEnergy(kWh: number, t: Translate, lang: string): string {
  return Math.abs(kWh) < 1000 ? scaled(t, lang, kWh, 'unit.kWh') : scaled(t, lang, kWh / 1000, 'unit.MWh');
}

export function formatCost(eur: number, t: Translate, lang: string): string {
  const a = Math.abs(eur);
  if (a < 10_000) return t('unit.eur', { value: formatNumber(eur, lang, 0) });
  if (a < 1_000_000) return scaled(t, lang, eur / 1000, 'unit.keur');
  return scaled(t, lang, eur / 1_000_000, 'unit.meur');
}

export function formatCo2(kg: number, t: Translate, lang: string): string {
  return Math.abs(kg) < 1000 ? scaled(t, lang, kg, 'unit.kg') : scaled(t, lang, kg / 1000, 'unit.t');
}

export function formatPower(kW: number, t: Translate, lang: string): string {
  return Math.abs(kW) < 1000 ? scaled(t, lang, kW, 'unit.kW') : scaled(t, lang, kW / 1000, 'unit.MW');
}

export function formatPercent(share: number, t: Translate, lang: string, digits = 0): string {
  return t('unit.pct', { value: formatNumber(share * 100, lang, digits) });
}

/** Savings as a signed reduction: "−42.7 %" (or "+3 %" when the scenario uses more than its baseline). */
export function formatSavings(savingsPct: number, t: Translate, lang: string): string {
  const sign = savingsPct > 0 ? '−' : savingsPct < 0 ? '+' : '';
  return t('unit.pct', { value: sign + formatNumber(Math.abs(savingsPct), lang, 1) });
}
