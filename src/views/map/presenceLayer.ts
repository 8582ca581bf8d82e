// The map's presence heat layer: the worker's detections per road over the last hour turned into
// points at road midpoints weighted in detections/h (for a hexagon aggregation) and its colour scale; pure, no deck import.

import type { CityModel } from '../../core/city/model.ts';
import { linkShapeCumulativeM, pointOnLink } from '../../core/traffic/frames.ts';
import type { PresenceCounts } from '../../sim-client/types.ts';
import { maxHexSum, niceDomainMax } from './hexScale.ts';
import { lonLatWriter } from './mapData.ts';

const HOUR_MS = 3_600_000;
/** A window shorter than this (just after the period start) is rated as this long, so one detection does not read as a flood. */
const MIN_SPAN_MS = 60_000;

/** Colours of the presence cells, few → many detections/h (quantized over the domain). */
export const PRESENCE_COLOURS: [number, number, number][] = [
  [28, 70, 92],
  [22, 120, 130],
  [40, 170, 140],
  [130, 210, 110],
  [225, 230, 90],
  [255, 250, 200],
];

/** Midpoint of every link: city metres (for the colour domain) and lon/lat with z = 0 (for deck's CPU aggregator). */
export interface LinkMidpoints {
  xM: Float32Array;
  yM: Float32Array;
  lonLatZ: Float64Array;
}

export function linkMidpoints(city: CityModel): LinkMidpoints {
  const n = city.links.count;
  const cum = linkShapeCumulativeM(city);
  const xy = new Float32Array(2 * n);
  for (let l = 0; l < n; l++) pointOnLink(city, cum, l, city.links.lengthM[l] / 2, city.links.lengthM[l], 0, xy, 2 * l);
  const toLonLat = lonLatWriter(city);
  const xM = new Float32Array(n), yM = new Float32Array(n), lonLatZ = new Float64Array(3 * n);
  for (let l = 0; l < n; l++) {
    xM[l] = xy[2 * l];
    yM[l] = xy[2 * l + 1];
    toLonLat(xM[l], yM[l], lonLatZ, 3 * l);
  }
  return { xM, yM, lonLatZ };
}

/** The roads with detections in the window, as points with their rate (detections/h), and the window. */
export interface PresenceColumns {
  length: number;
  /** lon, lat, 0 of each road's midpoint. */
  positions: Float64Array;
  /** Detections per hour on each road over the window. */
  ratePerH: Float32Array;
  /** Sum of the rates (detections/h over the whole city). */
  totalPerH: number;
  /** Upper bound of the colour classes (detections/h per hexagon, round limits). */
  domainPerH: [number, number];
  fromMs: number;
  timeMs: number;
  /** The window is a whole hour (else it starts at the period start, `fromMs`). */
  fullHour: boolean;
  /** Roads with presence-controlled lamps (whether they saw detections or not). */
  roads: number;
}

/** Points and rates of the roads with detections in `counts` (one entry per link of the city the midpoints are of). */
export function presenceColumns(mid: LinkMidpoints, counts: PresenceCounts, hexRadiusM: number): PresenceColumns {
  const c = counts.detectionsByLink;
  if (c.length !== mid.xM.length) throw new Error(`presence counts: ${c.length} links, the city has ${mid.xM.length}`);
  const spanMs = counts.timeMs - counts.fromMs;
  const perH = HOUR_MS / Math.max(spanMs, MIN_SPAN_MS);
  let n = 0;
  for (let l = 0; l < c.length; l++) if (c[l] > 0) n++;
  const positions = new Float64Array(3 * n), ratePerH = new Float32Array(n), xM = new Float32Array(n), yM = new Float32Array(n);
  let total = 0;
  for (let l = 0, k = 0; l < c.length; l++) {
    if (!(c[l] > 0)) continue;
    positions[3 * k] = mid.lonLatZ[3 * l];
    positions[3 * k + 1] = mid.lonLatZ[3 * l + 1];
    xM[k] = mid.xM[l];
    yM[k] = mid.yM[l];
    ratePerH[k] = c[l] * perH;
    total += ratePerH[k];
    k++;
  }
  const max = n > 0 ? maxHexSum(xM, yM, ratePerH, hexRadiusM) : 0;
  return {
    length: n, positions, ratePerH, totalPerH: total, domainPerH: [0, Math.max(PRESENCE_COLOURS.length, niceDomainMax(max, PRESENCE_COLOURS.length))],
    fromMs: counts.fromMs, timeMs: counts.timeMs, fullHour: spanMs >= HOUR_MS, roads: counts.roads,
  };
}

/** What the presence legend shows: the colour scale and whether the window is a whole hour (or since when). */
export interface PresenceLegend {
  domainPerH: [number, number];
  fullHour: boolean;
  fromMs: number;
  roads: number;
}

export function presenceLegendOf(p: PresenceColumns | null): PresenceLegend | null {
  return p ? { domainPerH: p.domainPerH, fullHour: p.fullHour, fromMs: p.fullHour ? 0 : p.fromMs, roads: p.roads } : null;
}
