// Tooltip text (with units, in the UI language) for what the pointer is over on the map: a lamp,
// a road, a signal, a vehicle, a commune or a power hexagon; pure (translate and figures are passed in).

import type { CityModel } from '../../core/city/model.ts';
import { LAMP_TECHNOLOGY_NAMES } from '../../core/city/model.ts';
import { ROAD_CLASS_NAMES } from '../../core/city/roadClass.ts';
import type { MapData } from './mapData.ts';
import type { CommuneFigures } from './communeStats.ts';
import { losOf, worseRatio } from '../shared/trafficColours.ts';
import { formatLocal } from '../../core/time/parisTime.ts';
import { pctChange, type RoadSpeedDiff } from './diffLayers.ts';
import type { SideResult } from '../../sim-client/compareClient.ts';
import type { LampRatings } from './lampColours.ts';

/** Link and signal figures of the latest traffic frame (copies the map keeps). */
export interface TrafficTip {
  linkSpeedRatio: Float32Array;
  linkVolumeVehPerH: Float32Array;
  signalDelayS: Float32Array;
  /** Start of the span the volumes cover, when shorter than an hour (the run is younger, or was met midway); null: the last hour. */
  volumeSinceMs?: number | null;
}

export type Translate = (key: string, params?: Record<string, unknown>) => string;

export interface TooltipContext {
  city: CityModel;
  data: MapData;
  t: Translate;
  language: string;
  levels: Float32Array;
  powerW: Float32Array;
  /** The running scenario's lamp ratings (retrofits applied); absent: the city's inventory. */
  ratings?: LampRatings;
  /** Rated power per commune (kW) of those ratings; absent: the inventory's. */
  communeRatedKW?: Float32Array;
  communes: CommuneFigures;
  /** Null when the scenario has no traffic. */
  traffic?: TrafficTip | null;
  /** Each lamp's energy since the period start (absent until a frame brings it). */
  energy?: { fromMs: number; kWh: Float32Array } | null;
}

const formats = new Map<string, Intl.NumberFormat>();
export function formatNumber(value: number, language: string, maxFractionDigits = 0): string {
  const key = `${language}:${maxFractionDigits}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(language, { maximumFractionDigits: maxFractionDigits })));
  return f.format(value);
}

/** "850 W" or "12.5 kW" (or MW) in the UI language. */
export function formatPower(powerW: number, t: Translate, language: string): string {
  if (powerW >= 1e6) return t('unit.MW', { value: formatNumber(powerW / 1e6, language, 2) });
  if (powerW >= 1000) return t('unit.kW', { value: formatNumber(powerW / 1000, language, powerW >= 1e5 ? 0 : 1) });
  return t('unit.W', { value: formatNumber(powerW, language, powerW < 10 ? 1 : 0) });
}

/** "12.5 kWh" in the UI language. */
export function formatEnergyKWh(kWh: number, t: Translate, language: string): string {
  return t('unit.kWh', { value: formatNumber(kWh, language, kWh < 10 ? 2 : kWh < 100 ? 1 : 0) });
}

export function lampTooltip(ctx: TooltipContext, i: number): string {
  const { city, t, language } = ctx;
  const l = city.lamps;
  const r = ctx.ratings ?? l;
  const techName = (k: number) => t(`technology.${LAMP_TECHNOLOGY_NAMES[k] ?? 'unknown'}`);
  const lines = [
    t('panel.lamp', { index: i }),
    t('map.tip.rated', { technology: techName(r.technology[i]), power: formatPower(r.ratedPowerW[i], t, language) }),
    t('map.tip.level', { pct: formatNumber(Math.round((ctx.levels[i] ?? 1) * 100), language), power: formatPower(ctx.powerW[i] ?? 0, t, language) }),
  ];
  if (ctx.energy && i < ctx.energy.kWh.length) lines.push(t('map.tip.energy', { time: formatLocal(ctx.energy.fromMs), energy: formatEnergyKWh(ctx.energy.kWh[i], t, language) }));
  // A lamp the scenario retrofitted: what the city's inventory has there.
  if (r.technology[i] !== l.technology[i] || r.ratedPowerW[i] !== l.ratedPowerW[i]) {
    lines.push(t('map.tip.retrofitted', { technology: techName(l.technology[i]), power: formatPower(l.ratedPowerW[i], t, language) }));
  }
  const c = l.commune[i];
  if (c < city.communes.count) lines.push(t('map.tip.commune', { name: city.communes.name[c] }));
  return lines.join('\n');
}

export function roadTooltip(ctx: TooltipContext, path: number): string {
  const { city, t, language } = ctx;
  const i = ctx.data.roads.link[path];
  const links = city.links;
  const name = links.name[i] >= 0 ? city.strings[links.name[i]] : t('attr.unnamed');
  return [
    name,
    t('map.tip.road', {
      roadClass: t(`roadClass.${ROAD_CLASS_NAMES[links.roadClass[i]] ?? 'unclassified'}`),
      speed: t('unit.kph', { value: formatNumber(links.speedLimitKph[i], language) }),
    }),
    t('unit.m', { value: formatNumber(links.lengthM[i], language) }),
    ...trafficLines(ctx, i),
  ].join('\n');
}

/** Speed (as % of the limit, and km/h) and hourly volume of a road, both directions. */
function trafficLines(ctx: TooltipContext, i: number): string[] {
  const tr = ctx.traffic;
  if (!tr) return [];
  const { city, t, language } = ctx;
  const r = city.links.reverse[i];
  const ratio = worseRatio(tr.linkSpeedRatio[i], r >= 0 ? tr.linkSpeedRatio[r] : NaN);
  const volume = tr.linkVolumeVehPerH[i] + (r >= 0 ? tr.linkVolumeVehPerH[r] : 0);
  const lines: string[] = [];
  if (Number.isFinite(ratio)) {
    const limitKph = city.links.speedLimitKph[i];
    lines.push(t('map.tip.speedRatio', { pct: formatNumber(Math.round(ratio * 100), language), speed: t('unit.kph', { value: formatNumber(ratio * limitKph, language) }) }));
  } else lines.push(t('map.tip.noTraffic'));
  const since = tr.volumeSinceMs;
  lines.push(since != null ? t('map.tip.volumeSince', { value: formatNumber(volume, language), time: formatLocal(since) }) : t('map.tip.volume', { value: formatNumber(volume, language) }));
  return lines;
}

/** The start of a traffic frame's volume span when it is shorter than an hour, else null (the last hour). */
export function volumeSinceMs(f: { timeMs: number; volumeFromMs: number }): number | null {
  return f.timeMs - f.volumeFromMs < VOLUME_HOUR_MS ? f.volumeFromMs : null;
}

const VOLUME_HOUR_MS = 3_600_000;

export function vehicleTooltip(ctx: TooltipContext, type: number, speedMps: number): string {
  const { t, language } = ctx;
  return [t(`map.tip.vehicle.${['car', 'bus', 'emergency'][type] ?? 'car'}`), t('unit.kph', { value: formatNumber(speedMps * 3.6, language) })].join('\n');
}

export function signalTooltip(ctx: TooltipContext, s: number): string {
  const { t, language, data } = ctx;
  const lines = [t('map.tip.signal', { index: data.signals.intersection[s] }), t('map.tip.approaches', { count: data.signals.approaches[s], value: formatNumber(data.signals.approaches[s], language) })];
  const d = ctx.traffic?.signalDelayS[s];
  if (d !== undefined) lines.push(Number.isFinite(d) ? t('map.tip.controlDelay', { value: formatNumber(d, language, 1), los: losOf(d).los }) : t('map.tip.noCrossing'));
  return lines.join('\n');
}

export function communeTooltip(ctx: TooltipContext, c: number): string {
  const { city, t, language, data, communes } = ctx;
  const lines = [
    city.communes.name[c],
    t('map.tip.inhabitants', { value: formatNumber(data.communes.population[c], language) }),
    t('map.tip.lampsRated', { lamps: formatNumber(data.communes.lampCount[c], language), power: formatPower((ctx.communeRatedKW ?? data.communes.ratedKW)[c] * 1000, t, language) }),
  ];
  const v = communes.values[c];
  if (Number.isFinite(v)) {
    lines.push(
      communes.metric === 'kWhPerInhabitant'
        ? t('map.tip.perInhabitant', { value: t('unit.kWh', { value: formatNumber(v, language, v < 10 ? 2 : 1) }) })
        : t('map.tip.perThousand', { value: formatNumber(v, language, 1) }),
    );
  }
  return lines.join('\n');
}

export function hexTooltip(ctx: TooltipContext, lampCount: number, powerW: number): string {
  const { t, language } = ctx;
  return [t('map.tip.hexLamps', { count: lampCount, value: formatNumber(lampCount, language) }), t('map.tip.hexPower', { power: formatPower(powerW, t, language) })].join('\n');
}

/** A presence cell: detections per hour over the window (the last hour, or since the period start) and the roads they were on. */
export function presenceTooltip(ctx: TooltipContext, roads: number, ratePerH: number, window: { fullHour: boolean; fromMs: number }): string {
  const { t, language } = ctx;
  return [
    t('map.tip.presenceRate', { value: formatNumber(ratePerH, language, ratePerH < 10 ? 1 : 0) }),
    window.fullHour ? t('map.tip.lastHour') : t('map.tip.since', { time: formatLocal(window.fromMs) }),
    t('map.tip.presenceRoads', { count: roads, value: formatNumber(roads, language) }),
  ].join('\n');
}


/** "+12 %" / "−8 %" (a sign always; "—" when there is no figure). */
function signedPct(pct: number, language: string): string {
  if (!Number.isFinite(pct)) return '—';
  return `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${formatNumber(Math.abs(pct), language, Math.abs(pct) < 10 ? 1 : 0)} %`;
}

function signed(value: number, language: string, digits: number): string {
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${formatNumber(Math.abs(value), language, digits)}`;
}

/** A road of the speed difference map: its name, both sides' mean speed and the change (km/h and %). */
export function diffRoadTooltip(ctx: TooltipContext, path: number, d: RoadSpeedDiff): string {
  const { city, t, language } = ctx;
  const i = ctx.data.roads.link[path];
  const name = city.links.name[i] >= 0 ? city.strings[city.links.name[i]] : t('attr.unnamed');
  const b = d.baselineKph[path], v = d.variantKph[path];
  const kph = (x: number) => (Number.isFinite(x) ? t('unit.kph', { value: formatNumber(x, language, 1) }) : t('map.diff.notDriven'));
  const lines = [name, t('map.diff.baselineValue', { value: kph(b) }), t('map.diff.variantValue', { value: kph(v) })];
  const pct = pctChange(b, v);
  if (Number.isFinite(pct)) {
    lines.push(t(pct < 0 ? 'map.diff.slower' : 'map.diff.faster', { delta: t('unit.kph', { value: signed(v - b, language, 1) }), pct: signedPct(pct, language) }));
  }
  return lines.join('\n');
}

/** A lamp of the lamp difference map: both sides' mean level on the first night and energy over the period, and the changes. */
export function diffLampTooltip(ctx: TooltipContext, i: number, base: Pick<SideResult, 'lampKWh' | 'lampMeanLevel'>, variant: Pick<SideResult, 'lampKWh' | 'lampMeanLevel'>): string {
  const { t, language } = ctx;
  const pct = (x: number) => t('unit.pct', { value: formatNumber(Math.round(x * 100), language) });
  const kwh = (x: number) => t('unit.kWh', { value: formatNumber(x, language, x < 10 ? 2 : 1) });
  const lb = base.lampMeanLevel[i], lv = variant.lampMeanLevel[i];
  const eb = base.lampKWh[i], ev = variant.lampKWh[i];
  return [
    t('panel.lamp', { index: i }),
    t('map.diff.level', { baseline: pct(lb), variant: pct(lv), delta: signed(Math.round((lv - lb) * 100), language, 0) }),
    t('map.diff.energy', { baseline: kwh(eb), variant: kwh(ev), delta: t('unit.kWh', { value: signed(ev - eb, language, 2) }), pct: signedPct(pctChange(eb, ev), language) }),
  ].join('\n');
}
