// Colours of traffic figures shared by the 3D view, the map and their legends: speed ratio and hourly
// volume ramps, signal light colours, level of service by control delay; pure (RGB 0–255).

export type Rgb = [number, number, number];

/** Speed ratio (mean speed / limit) stops, congested → free flow. */
export const SPEED_RAMP: readonly { ratio: number; rgb: Rgb }[] = [
  { ratio: 0, rgb: [200, 24, 40] },
  { ratio: 0.25, rgb: [240, 70, 40] },
  { ratio: 0.5, rgb: [250, 170, 40] },
  { ratio: 0.75, rgb: [180, 220, 60] },
  { ratio: 1, rgb: [40, 200, 110] },
];
/** Links no vehicle has driven yet. */
export const NO_TRAFFIC_RGB: Rgb = [70, 76, 92];

/** Hourly volume bins (veh/h, lower bounds) and colours, light → heavy. */
export const VOLUME_BINS: readonly { fromVehPerH: number; rgb: Rgb }[] = [
  { fromVehPerH: 1, rgb: [60, 90, 160] },
  { fromVehPerH: 50, rgb: [70, 150, 210] },
  { fromVehPerH: 200, rgb: [120, 210, 200] },
  { fromVehPerH: 500, rgb: [250, 210, 90] },
  { fromVehPerH: 1000, rgb: [250, 130, 50] },
  { fromVehPerH: 2000, rgb: [230, 50, 60] },
];

/** Light enum of the traffic core (0 red, 1 green, 2 left-only green, 3 amber) → colour. */
export const LIGHT_RGB: readonly Rgb[] = [
  [255, 40, 30],
  [40, 255, 115],
  [40, 255, 115],
  [255, 160, 20],
];
export const LIGHT_NAMES = ['red', 'green', 'green', 'amber'] as const;

/** Levels of service by control delay (s/veh, DOMAIN.md): upper bounds and colours. */
export const LOS_BANDS: readonly { los: 'A' | 'B' | 'C' | 'D' | 'E' | 'F'; maxDelayS: number; rgb: Rgb }[] = [
  { los: 'A', maxDelayS: 10, rgb: [40, 200, 110] },
  { los: 'B', maxDelayS: 20, rgb: [140, 215, 70] },
  { los: 'C', maxDelayS: 35, rgb: [230, 220, 60] },
  { los: 'D', maxDelayS: 55, rgb: [250, 160, 40] },
  { los: 'E', maxDelayS: 80, rgb: [240, 80, 40] },
  { los: 'F', maxDelayS: Infinity, rgb: [200, 24, 40] },
];

/** Vehicle colours by VehicleType (car, bus, emergency). */
export const VEHICLE_RGB: readonly Rgb[] = [
  [235, 225, 200],
  [255, 150, 30],
  [60, 140, 255],
];

/** Writes the speed-ratio colour (NaN: no traffic) into out[at..at+2]. */
export function speedRatioRgb(ratio: number, out: Uint8Array | Float32Array | number[], at: number, scale = 1): void {
  if (Number.isFinite(ratio)) {
    const r = Math.min(1, Math.max(0, ratio));
    let k = 1;
    while (k < SPEED_RAMP.length - 1 && SPEED_RAMP[k].ratio < r) k++;
    const a = SPEED_RAMP[k - 1], b = SPEED_RAMP[k];
    const u = (r - a.ratio) / (b.ratio - a.ratio);
    out[at] = (a.rgb[0] + (b.rgb[0] - a.rgb[0]) * u) * scale;
    out[at + 1] = (a.rgb[1] + (b.rgb[1] - a.rgb[1]) * u) * scale;
    out[at + 2] = (a.rgb[2] + (b.rgb[2] - a.rgb[2]) * u) * scale;
    return;
  }
  out[at] = NO_TRAFFIC_RGB[0] * scale;
  out[at + 1] = NO_TRAFFIC_RGB[1] * scale;
  out[at + 2] = NO_TRAFFIC_RGB[2] * scale;
}

export function volumeRgb(vehPerH: number): Rgb {
  let rgb = NO_TRAFFIC_RGB;
  for (const b of VOLUME_BINS) if (vehPerH >= b.fromVehPerH) rgb = b.rgb;
  return rgb;
}

export function losOf(delayS: number): (typeof LOS_BANDS)[number] {
  return LOS_BANDS.find((b) => delayS <= b.maxDelayS) ?? LOS_BANDS[LOS_BANDS.length - 1];
}

/** The worse (lower) of two speed ratios, ignoring NaN (a two-way road drawn once). */
export function worseRatio(a: number, b: number): number {
  if (!Number.isFinite(a)) return b;
  if (!Number.isFinite(b)) return a;
  return a < b ? a : b;
}
