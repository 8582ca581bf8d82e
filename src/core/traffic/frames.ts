// Render frames of the traffic run, read after the vehicle phase: vehicle positions on their lanes,
// per-link speed ratio and hourly volume, signal lights and control delays, packed into one reusable buffer.

import type { CityModel } from '../city/model.ts';
import type { TrafficNetwork } from './network.ts';
import type { TrafficSim } from './trafficSim.ts';

/** Width of one lane (m): the 3D road ribbons use the same 1.6 m half-width per lane. */
export const LANE_WIDTH_M = 3.2;
/** Hourly volumes are taken over the last hour from snapshots of the link entry counters this far apart. */
export const VOLUME_SAMPLE_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;
/** Speed ratios are clamped to this (vehicles slightly above the limit). */
const MAX_SPEED_RATIO = 1.5;

/** Sizes of a frame's columns: vehicle capacity, links, signal approaches, signals. */
export interface TrafficFrameLayout {
  capacity: number;
  links: number;
  approaches: number;
  signals: number;
}

/**
 * One traffic frame: typed views over a single ArrayBuffer, so the worker transfers it whole and
 * takes it back for the next frame. Vehicle columns hold `vehicleCount` valid rows of `capacity`.
 */
export interface TrafficFrame {
  buffer: ArrayBuffer;
  layout: TrafficFrameLayout;
  timeMs: number;
  vehicleCount: number;
  /** x, y (city metres east, north) of each vehicle's centre, on its lane. */
  vehicleXYM: Float32Array;
  /** Direction of travel (radians, east = 0, counter-clockwise). */
  vehicleHeadingRad: Float32Array;
  vehicleSpeedMps: Float32Array;
  /** VehicleType (0 car, 1 bus, 2 emergency). */
  vehicleType: Uint8Array;
  /** Per link: mean speed of the vehicles on it / speed limit, or free-flow / measured time when empty; NaN when never driven. */
  linkSpeedRatio: Float32Array;
  /** Per link: vehicles that entered it over the last hour (veh/h; the elapsed span when shorter). */
  linkVolumeVehPerH: Float32Array;
  /** Start of the span the volumes cover (UTC ms): an hour before timeMs, or later when the run is younger or was met midway. */
  volumeFromMs: number;
  /** Per signal: mean control delay so far (s/veh), NaN before any vehicle crossed it or without a controller. */
  signalDelayS: Float32Array;
  /** Per signal approach (city.signals.approachLinks order): Light (0 red, 1 green, 2 left-only green, 3 amber). */
  approachLight: Uint8Array;
}

export function trafficFrameBytes(l: TrafficFrameLayout): number {
  // Float32 columns first (aligned), then the byte columns.
  return 4 * (4 * l.capacity + 2 * l.links + l.signals) + l.capacity + l.approaches;
}

/** Views of `layout` over `buffer` (a new buffer when absent or too small). */
export function trafficFrameOver(layout: TrafficFrameLayout, buffer?: ArrayBuffer): TrafficFrame {
  const bytes = trafficFrameBytes(layout);
  const buf = buffer && buffer.byteLength >= bytes ? buffer : new ArrayBuffer(bytes);
  const { capacity: c, links: l, signals: s, approaches: a } = layout;
  let at = 0;
  const f32 = (n: number) => {
    const v = new Float32Array(buf, at, n);
    at += 4 * n;
    return v;
  };
  const u8 = (n: number) => {
    const v = new Uint8Array(buf, at, n);
    at += n;
    return v;
  };
  return {
    buffer: buf,
    layout: { ...layout },
    timeMs: 0,
    volumeFromMs: 0,
    vehicleCount: 0,
    vehicleXYM: f32(2 * c),
    vehicleHeadingRad: f32(c),
    vehicleSpeedMps: f32(c),
    linkSpeedRatio: f32(l),
    linkVolumeVehPerH: f32(l),
    signalDelayS: f32(s),
    vehicleType: u8(c),
    approachLight: u8(a),
  };
}

/** Cumulative length (m) from its link's start at every shape point of the city's link polylines. */
export function linkShapeCumulativeM(city: CityModel): Float64Array {
  const { shapeStart, shapeXYM, count } = city.links;
  const cum = new Float64Array(shapeXYM.length / 2);
  for (let l = 0; l < count; l++) {
    let d = 0;
    for (let p = shapeStart[l]; p < shapeStart[l + 1]; p++) {
      if (p > shapeStart[l]) d += Math.hypot(shapeXYM[2 * p] - shapeXYM[2 * p - 2], shapeXYM[2 * p + 1] - shapeXYM[2 * p - 1]);
      cum[p] = d;
    }
  }
  return cum;
}

/** Offset (m) to the right of the link's centreline of lane `k` of `n` (lane 0 rightmost); a one-way road is centred on its line. */
export function laneOffsetRightM(n: number, k: number, twoWay: boolean): number {
  return twoWay ? (n - k - 0.5) * LANE_WIDTH_M : (n / 2 - k - 0.5) * LANE_WIDTH_M;
}

/**
 * The point `distM` along link `link` (scaled from the link's nominal length to its polyline), moved
 * `rightM` to the right of travel; writes x, y into out[at], out[at+1] and returns the heading (rad).
 */
export function pointOnLink(city: CityModel, cum: Float64Array, link: number, distM: number, nominalLengthM: number, rightM: number, out: Float32Array, at: number): number {
  const { shapeStart, shapeXYM } = city.links;
  const s0 = shapeStart[link];
  const s1 = shapeStart[link + 1] - 1;
  const polyM = cum[s1];
  let d = nominalLengthM > 0 ? (distM * polyM) / nominalLengthM : distM;
  if (!(d > 0)) d = 0;
  if (d > polyM) d = polyM;
  // The segment [p, p+1] holding d (binary search over the link's few points).
  let lo = s0, hi = s1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] <= d) lo = mid;
    else hi = mid;
  }
  const x0 = shapeXYM[2 * lo], y0 = shapeXYM[2 * lo + 1];
  const dx = shapeXYM[2 * hi] - x0, dy = shapeXYM[2 * hi + 1] - y0;
  const segM = cum[hi] - cum[lo];
  const u = segM > 0 ? (d - cum[lo]) / segM : 0;
  const len = Math.hypot(dx, dy) || 1;
  // Right of travel (dx, dy) is (dy, -dx).
  out[at] = x0 + dx * u + (dy / len) * rightM;
  out[at + 1] = y0 + dy * u - (dx / len) * rightM;
  return Math.atan2(dy, dx);
}

/** Writes the active vehicles (centre on their lane, heading, speed, type) into the frame; returns the count written. */
export function writeVehicles(sim: TrafficSim, cum: Float64Array, f: TrafficFrame): number {
  const net = sim.net;
  const city = net.city;
  const reverse = city.links.reverse;
  const v = sim.v;
  const n = Math.min(sim.activeCount, f.layout.capacity);
  for (let i = 0; i < n; i++) {
    const veh = sim.active[i];
    const link = v.link[veh];
    const first = net.laneStart[link];
    const lanes = net.laneStart[link + 1] - first;
    const right = laneOffsetRightM(lanes, v.lane[veh] - first, reverse[link] >= 0);
    // posM is the front bumper: draw the vehicle's centre.
    const centreM = v.posM[veh] - 0.5 * v.lenM[veh];
    f.vehicleHeadingRad[i] = pointOnLink(city, cum, link, centreM, net.lengthM[link], right, f.vehicleXYM, 2 * i);
    f.vehicleSpeedMps[i] = v.speedMps[veh];
    f.vehicleType[i] = v.type[veh];
  }
  f.vehicleCount = n;
  return n;
}

/** Per-signal mean control delay so far (s/veh), NaN without vehicles or controller. */
export function writeSignalDelays(sim: TrafficSim, out: Float32Array): void {
  const T = sim.totals;
  out.fill(NaN);
  for (const c of sim.signals.controllers) {
    const n = T.signalVehicles[c.signal];
    if (n > 0) out[c.signal] = T.signalDelayS[c.signal] / n;
  }
}

/**
 * Keeps what frames need between calls: the polyline lengths, scratch sums, and snapshots of the
 * link entry counters for hourly volumes (reset when the run is replaced or time goes back).
 */
export class TrafficFrameWriter {
  readonly cum: Float64Array;
  private readonly speedSum: Float64Array;
  private readonly onLink: Uint32Array;
  private samples: { timeMs: number; entries: Uint32Array }[] = [];
  private spare: Uint32Array[] = [];
  private sim: TrafficSim | null = null;

  constructor(readonly net: TrafficNetwork) {
    this.cum = linkShapeCumulativeM(net.city);
    this.speedSum = new Float64Array(net.linkCount);
    this.onLink = new Uint32Array(net.linkCount);
  }

  /** The layout a frame of `sim` needs now (capacity rounded up so a pooled buffer fits a while). */
  layoutFor(sim: TrafficSim): TrafficFrameLayout {
    const city = this.net.city;
    return {
      capacity: Math.max(1024, 1 << Math.ceil(Math.log2(Math.max(1, sim.activeCount)))),
      links: this.net.linkCount,
      approaches: city.signals.approachLinks.length,
      signals: city.signals.count,
    };
  }

  /** Fills a frame for the run's current time; reuses `frame` (or its buffer) when it fits. */
  write(sim: TrafficSim, frame?: TrafficFrame | ArrayBuffer | null): TrafficFrame {
    const layout = this.layoutFor(sim);
    let f: TrafficFrame;
    if (frame && !(frame instanceof ArrayBuffer) && frame.layout.capacity >= sim.activeCount && frame.layout.links === layout.links && frame.layout.approaches === layout.approaches && frame.layout.signals === layout.signals) f = frame;
    else f = trafficFrameOver(layout, frame instanceof ArrayBuffer ? frame : frame?.buffer);
    f.timeMs = sim.timeMs;
    writeVehicles(sim, this.cum, f);
    this.writeLinks(sim, f);
    writeSignalDelays(sim, f.signalDelayS);
    f.approachLight.set(sim.signals.light.subarray(0, f.approachLight.length));
    return f;
  }

  private writeLinks(sim: TrafficSim, f: TrafficFrame): void {
    const net = this.net;
    const { speedSum, onLink } = this;
    speedSum.fill(0);
    onLink.fill(0);
    const v = sim.v;
    for (let i = 0; i < sim.activeCount; i++) {
      const veh = sim.active[i];
      speedSum[v.link[veh]] += v.speedMps[veh];
      onLink[v.link[veh]]++;
    }
    const ratio = f.linkSpeedRatio;
    for (let l = 0; l < net.linkCount; l++) {
      let r = NaN;
      if (!net.drivable[l]) r = NaN;
      else if (onLink[l] > 0) r = speedSum[l] / onLink[l] / net.speedLimitMps[l];
      else if (sim.linkTimeCount[l] > 0) r = net.freeFlowS[l] / (sim.linkTimeSumS[l] / sim.linkTimeCount[l]);
      else if (sim.linkEntries[l] > 0) r = net.freeFlowS[l] / sim.linkTimeS[l];
      ratio[l] = r > MAX_SPEED_RATIO ? MAX_SPEED_RATIO : r;
    }
    f.volumeFromMs = this.writeVolumes(sim, f.linkVolumeVehPerH);
  }

  private snapshot(sim: TrafficSim): { timeMs: number; entries: Uint32Array } {
    const entries = this.spare.pop() ?? new Uint32Array(sim.linkEntries.length);
    entries.set(sim.linkEntries);
    return { timeMs: sim.timeMs, entries };
  }

  /**
   * Samples the link entry counters every VOLUME_SAMPLE_MS of the run (call after each step, frames
   * or not), so the hourly volumes after a seek cover the last hour and not only the time since.
   */
  observe(sim: TrafficSim): void {
    const s = this.samples;
    const t = sim.timeMs;
    if (this.sim !== sim || s.length === 0 || t < s[s.length - 1].timeMs) {
      for (const x of s) this.spare.push(x.entries);
      s.length = 0;
      this.sim = sim;
      // A run seen from its start counts from zero entries; one met midway counts from now.
      s.push(t - sim.startMs < VOLUME_SAMPLE_MS ? { timeMs: sim.startMs, entries: this.spare.pop()?.fill(0) ?? new Uint32Array(sim.linkEntries.length) } : this.snapshot(sim));
    }
    if (t - s[s.length - 1].timeMs >= VOLUME_SAMPLE_MS) s.push(this.snapshot(sim));
    // The base: the latest sample at least an hour old, else the oldest.
    while (s.length > 1 && t - s[1].timeMs >= HOUR_MS) this.spare.push(s.shift()!.entries);
  }

  /** Writes the volumes (veh/h) since the base sample; returns the start of the span they cover. */
  private writeVolumes(sim: TrafficSim, out: Float32Array): number {
    this.observe(sim);
    const t = sim.timeMs;
    const base = this.samples[0];
    const spanH = (t - base.timeMs) / HOUR_MS;
    const entries = sim.linkEntries;
    if (spanH <= 0) {
      out.fill(0);
      return base.timeMs;
    }
    const k = 1 / spanH;
    for (let l = 0; l < out.length; l++) out[l] = (entries[l] - base.entries[l]) * k;
    return base.timeMs;
  }

}
