// Car parks and air-quality stations on the map, from the feeds' latest readings (live or replayed):
// positions, colours (occupancy ramp; European Air Quality Index band) and tooltips with units.

import type { AirQualityObservation, FeedPoints, ParkingObservation } from '../../sim-client/types.ts';
import { formatNumber, type Translate } from './tooltip.ts';

export type Rgb = readonly [number, number, number];

/** Occupancy 0 → 100 %: free (green) to full (red). */
export const OCCUPANCY_RAMP: readonly { share: number; rgb: Rgb }[] = [
  { share: 0, rgb: [46, 160, 67] },
  { share: 0.6, rgb: [210, 153, 34] },
  { share: 0.85, rgb: [240, 100, 40] },
  { share: 1, rgb: [218, 54, 51] },
];

/**
 * European Air Quality Index (EEA, 2021 bands, µg/m³): upper bounds of the bands good, fair,
 * moderate, poor, very poor (above: extremely poor). A station's band is its worst pollutant's.
 */
export const EAQI_BANDS_UGM3: Record<'no2' | 'pm10' | 'pm25' | 'o3', readonly number[]> = {
  no2: [40, 90, 120, 230, 340],
  pm10: [20, 40, 50, 100, 150],
  pm25: [10, 20, 25, 50, 75],
  o3: [50, 100, 130, 240, 380],
};
export const EAQI_SOURCE = 'European Air Quality Index (EEA), 2021 bands';
export const EAQI_NAMES = ['good', 'fair', 'moderate', 'poor', 'veryPoor', 'extremelyPoor'] as const;
export const EAQI_RGB: readonly Rgb[] = [
  [80, 240, 230],
  [80, 204, 170],
  [240, 230, 65],
  [255, 80, 80],
  [150, 0, 50],
  [125, 33, 129],
];

export function occupancyRgb(share: number): Rgb {
  const s = Math.min(1, Math.max(0, share));
  for (let k = 1; k < OCCUPANCY_RAMP.length; k++) {
    const a = OCCUPANCY_RAMP[k - 1];
    const b = OCCUPANCY_RAMP[k];
    if (s <= b.share) {
      const f = (s - a.share) / (b.share - a.share);
      return [0, 1, 2].map((c) => Math.round(a.rgb[c] + (b.rgb[c] - a.rgb[c]) * f)) as unknown as Rgb;
    }
  }
  return OCCUPANCY_RAMP[OCCUPANCY_RAMP.length - 1].rgb;
}

/** The EAQI band index (0 good … 5 extremely poor) of a station's reading; -1 when it reports none of the four pollutants. */
export function eaqiBand(o: AirQualityObservation): number {
  let band = -1;
  for (const k of Object.keys(EAQI_BANDS_UGM3) as (keyof typeof EAQI_BANDS_UGM3)[]) {
    const v = o[k];
    if (v === undefined) continue;
    const bounds = EAQI_BANDS_UGM3[k];
    let b = bounds.findIndex((upper) => v <= upper);
    if (b < 0) b = bounds.length;
    band = Math.max(band, b);
  }
  return band;
}

export interface FeedPointColumns<T> {
  length: number;
  /** lon, lat pairs. */
  positions: Float64Array;
  /** RGBA bytes. */
  colours: Uint8Array;
  /** The observation drawn at each index (for tooltips). */
  items: T[];
}

function columns<T extends { lonLat?: [number, number] }>(items: T[], rgbOf: (o: T) => Rgb): FeedPointColumns<T> {
  const placed = items.filter((o) => o.lonLat);
  const positions = new Float64Array(placed.length * 2);
  const colours = new Uint8Array(placed.length * 4);
  placed.forEach((o, i) => {
    positions[i * 2] = o.lonLat![0];
    positions[i * 2 + 1] = o.lonLat![1];
    const rgb = rgbOf(o);
    colours.set([rgb[0], rgb[1], rgb[2], 255], i * 4);
  });
  return { length: placed.length, positions, colours, items: placed };
}

/** Only readings with a location are drawn (the chart shows them all). */
export function feedLayerColumns(points: FeedPoints): { parking: FeedPointColumns<ParkingObservation>; air: FeedPointColumns<AirQualityObservation> } {
  return {
    parking: columns(points.parking, (o) => occupancyRgb(o.occupancy ?? 0)),
    air: columns(points.airQuality, (o) => EAQI_RGB[Math.max(0, eaqiBand(o))]),
  };
}

const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

export function parkingTooltip(o: ParkingObservation, t: Translate, language: string): string {
  const lines = [o.name ?? o.carPark, t('map.tip.occupancy', { pct: formatNumber(Math.round((o.occupancy ?? 0) * 100), language) })];
  if (o.availableSpots !== undefined && o.totalSpots !== undefined) lines.push(t('map.tip.spots', { free: formatNumber(o.availableSpots, language), total: formatNumber(o.totalSpots, language) }));
  lines.push(t('map.tip.observed', { at: when(o.timeMs) }));
  return lines.join('\n');
}

export function airTooltip(o: AirQualityObservation, t: Translate, language: string): string {
  const lines = [o.name ?? o.entityId.split(':').pop() ?? o.entityId];
  const band = eaqiBand(o);
  if (band >= 0) lines.push(t('map.tip.eaqi', { band: t(`map.eaqi.${EAQI_NAMES[band]}`) }));
  for (const k of ['no2', 'pm10', 'pm25', 'o3', 'co'] as const) {
    const v = o[k];
    if (v !== undefined) lines.push(t('map.tip.pollutant', { name: t(`feeds.pollutant.${k}`), value: formatNumber(v, language, 1) }));
  }
  lines.push(t('map.tip.observed', { at: when(o.timeMs) }));
  return lines.join('\n');
}
