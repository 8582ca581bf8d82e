// Adaptive lighting (CEN/TR 13201-1): the class number follows the traffic volume of the hour;
// the dim level is the ratio of the lowered class's requirement to the design class's.

import { LIGHTING_CLASS_REQUIREMENTS, LightingClass } from '../city/lightingClass.ts';

/** Hourly traffic as a fraction of the peak hour, by road class and local hour (0–23). */
export interface TrafficVolumeSource {
  volumeRatio(roadClass: number, localHour: number): number;
  /** Where the volumes come from, shown with the results. */
  source: string;
}

/**
 * A generic urban weekday profile (share of the peak hour's flow by local hour), a stated
 * default until simulated or counted volumes replace it.
 */
export const URBAN_WEEKDAY_PROFILE = [
  0.12, 0.07, 0.05, 0.04, 0.06, 0.15, 0.45, 0.85, 1.0, 0.8, 0.7, 0.72,
  0.75, 0.72, 0.72, 0.78, 0.9, 1.0, 0.95, 0.7, 0.45, 0.33, 0.26, 0.18,
] as const;

export const PROFILE_TRAFFIC: TrafficVolumeSource = {
  volumeRatio: (_roadClass, localHour) => URBAN_WEEKDAY_PROFILE[((localHour % 24) + 24) % 24],
  source: 'generic urban weekday profile (stated default)',
};

/** CEN/TR 13201-1 traffic-volume weighting (DOMAIN.md): +0.5 high … −1 very low. */
export function trafficVolumeWeight(volumeRatio: number): number {
  if (volumeRatio >= 0.6) return 0.5;
  if (volumeRatio >= 0.35) return 0;
  if (volumeRatio >= 0.15) return -0.5;
  return -1;
}

/**
 * Classes lowered from the design class (which holds at peak, weight +0.5): the class number
 * rises by the drop in weight, rounded up (M3 at 19:00 → M5 at 02:00), at most to class 6.
 */
export function adaptiveClass(designClass: number, volumeRatio: number): number {
  if (designClass === LightingClass.None || designClass >= LightingClass.C0) return designClass;
  const familyStart = designClass < LightingClass.P1 ? LightingClass.M1 : LightingClass.P1;
  const steps = Math.ceil(0.5 - trafficVolumeWeight(volumeRatio) - 1e-9);
  return Math.min(familyStart + 5, designClass + steps);
}

/** Dim level that keeps a road at its adaptive class: requirement ratio, floored at minLevel. */
export function adaptiveLevel(volumeRatio: number, designClass: number, minLevel: number): number {
  if (designClass === LightingClass.None || designClass >= LightingClass.C0) return 1;
  const cls = adaptiveClass(designClass, volumeRatio);
  const ratio = LIGHTING_CLASS_REQUIREMENTS[cls].average / LIGHTING_CLASS_REQUIREMENTS[designClass].average;
  return Math.max(minLevel, Math.min(1, ratio));
}
