// Traffic on the analysis map as binary columns filled from the simulation's traffic frames: road
// colours by speed ratio or hourly volume, vehicles (lon/lat, colour), signal heads by light, signals by delay.

import type { CityModel } from '../../core/city/model.ts';
import { makeProjection } from '../../core/geo/projection.ts';
import type { TrafficFrame } from '../../sim-client/types.ts';
import type { RoadColumns } from './mapData.ts';
import { LIGHT_RGB, NO_TRAFFIC_RGB, VEHICLE_RGB, losOf, speedRatioRgb, volumeRgb, worseRatio } from '../shared/trafficColours.ts';

export type RoadColourMode = 'class' | 'speed' | 'volume';
export const ROAD_COLOUR_MODES: readonly RoadColourMode[] = ['class', 'speed', 'volume'];
export type SignalColourMode = 'state' | 'delay';
export const SIGNAL_COLOUR_MODES: readonly SignalColourMode[] = ['state', 'delay'];

/** Head of each signal approach: set back from the stop line, on the right (lon/lat pairs, approach order). */
export function buildSignalHeadPositions(city: CityModel): Float64Array {
  const { signals, links } = city;
  const p = makeProjection(city.meta.frame);
  const n = signals.approachStart[signals.count] ?? 0;
  const out = new Float64Array(n * 2);
  for (let a = 0; a < n; a++) {
    const l = signals.approachLinks[a];
    const end = links.shapeStart[l + 1] - 1;
    const ex = links.shapeXYM[end * 2], ey = links.shapeXYM[end * 2 + 1];
    const px = links.shapeXYM[(end - 1) * 2], py = links.shapeXYM[(end - 1) * 2 + 1];
    const len = Math.hypot(ex - px, ey - py) || 1;
    const dx = (ex - px) / len, dy = (ey - py) / len;
    const back = Math.min(14, len * 0.5);
    const x = ex - dx * back + dy * 5;
    const y = ey - dy * back - dx * 5;
    out[a * 2] = p.frame.originLon + x / p.mPerDegLon;
    out[a * 2 + 1] = p.frame.originLat + y / p.mPerDegLat;
  }
  return out;
}

/** RGBA per road path by speed ratio (the worse direction of a two-way road) or by hourly volume (both directions summed). */
export function writeRoadTrafficColours(mode: Exclude<RoadColourMode, 'class'>, roads: RoadColumns, reverse: Int32Array, f: TrafficFrame, out: Uint8Array): void {
  const rgb = [0, 0, 0];
  for (let k = 0; k < roads.length; k++) {
    const l = roads.link[k];
    const r = reverse[l];
    if (mode === 'speed') speedRatioRgb(worseRatio(f.linkSpeedRatio[l], r >= 0 ? f.linkSpeedRatio[r] : NaN), rgb, 0);
    else {
      const c = volumeRgb(f.linkVolumeVehPerH[l] + (r >= 0 ? f.linkVolumeVehPerH[r] : 0));
      rgb[0] = c[0];
      rgb[1] = c[1];
      rgb[2] = c[2];
    }
    out[k * 4] = rgb[0];
    out[k * 4 + 1] = rgb[1];
    out[k * 4 + 2] = rgb[2];
    out[k * 4 + 3] = 255;
  }
}

/** Vehicles of a frame as lon/lat and RGBA columns (grown as needed); returns the count. */
export class VehicleColumns {
  positions = new Float64Array(0);
  colours = new Uint8Array(0);
  /** VehicleType and speed (m/s) of each vehicle, for tooltips. */
  type = new Uint8Array(0);
  speedMps = new Float32Array(0);
  length = 0;
  private readonly kx: number;
  private readonly ky: number;
  private readonly lon0: number;
  private readonly lat0: number;

  constructor(city: CityModel) {
    const p = makeProjection(city.meta.frame);
    this.kx = 1 / p.mPerDegLon;
    this.ky = 1 / p.mPerDegLat;
    this.lon0 = city.meta.frame.originLon;
    this.lat0 = city.meta.frame.originLat;
  }

  fill(f: TrafficFrame | null): number {
    const n = f ? f.vehicleCount : 0;
    if (this.type.length < n) {
      const cap = 1 << Math.ceil(Math.log2(n));
      this.positions = new Float64Array(cap * 2);
      this.colours = new Uint8Array(cap * 4);
      this.type = new Uint8Array(cap);
      this.speedMps = new Float32Array(cap);
    }
    for (let i = 0; i < n; i++) {
      this.positions[i * 2] = this.lon0 + f!.vehicleXYM[i * 2] * this.kx;
      this.positions[i * 2 + 1] = this.lat0 + f!.vehicleXYM[i * 2 + 1] * this.ky;
      const t = f!.vehicleType[i];
      const c = VEHICLE_RGB[t] ?? VEHICLE_RGB[0];
      this.colours[i * 4] = c[0];
      this.colours[i * 4 + 1] = c[1];
      this.colours[i * 4 + 2] = c[2];
      this.colours[i * 4 + 3] = 255;
      this.type[i] = t;
      this.speedMps[i] = f!.vehicleSpeedMps[i];
    }
    this.length = n;
    return n;
  }
}

/** RGBA per approach head by its light. */
export function writeHeadColours(light: Uint8Array, out: Uint8Array): void {
  for (let a = 0; a < light.length && a * 4 < out.length; a++) {
    const c = LIGHT_RGB[light[a]] ?? LIGHT_RGB[0];
    out[a * 4] = c[0];
    out[a * 4 + 1] = c[1];
    out[a * 4 + 2] = c[2];
    out[a * 4 + 3] = 255;
  }
}

/** RGBA per signal by the level of service of its mean control delay (grey before any crossing). */
export function writeSignalDelayColours(delayS: Float32Array, out: Uint8Array): void {
  for (let s = 0; s < delayS.length && s * 4 < out.length; s++) {
    const c = Number.isFinite(delayS[s]) ? losOf(delayS[s]).rgb : NO_TRAFFIC_RGB;
    out[s * 4] = c[0];
    out[s * 4 + 1] = c[1];
    out[s * 4 + 2] = c[2];
    out[s * 4 + 3] = 255;
  }
}
