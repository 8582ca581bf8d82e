// The guided tour's camera keyframes over the city (overview → main centre → another commune → back)
// with the clock of each, and their interpolation; pure, read each frame by the presentation scene.

import type { CityModel } from '../../core/city/model.ts';
import type { TourClock } from '../../core/present/nightSamples.ts';
import { cityFraming } from '../../views/scene3d/sceneData.ts';

export type StopKind = 'overview' | 'centre' | 'commune' | 'back';

/** Where the camera looks from, and the simulated time shown, at one stop of the tour. */
export interface Keyframe {
  kind: StopKind;
  /** Commune the stop is about (its name), when any. */
  commune: string | null;
  targetXM: number;
  targetYM: number;
  distanceM: number;
  /** Direction of the camera from its target, clockwise from south (rad): 0 looks north. */
  headingRad: number;
  /** Height of the camera above the horizon of its target (rad). */
  pitchRad: number;
  timeMs: number;
}

export type Pose = Omit<Keyframe, 'kind' | 'commune'>;

/** Share of the tour's clock at each stop: dusk, early evening, after the usual late-evening dimming, late night. */
export const STOP_CLOCK_SHARES = [0, 0.3, 0.75, 1] as const;

/** The commune shown after the main one: the most populous at least this far from the main centre (m). */
const OTHER_COMMUNE_MIN_DISTANCE_M = 2000;

export function tourKeyframes(city: CityModel, clock: TourClock): Keyframe[] {
  const f = cityFraming(city);
  const c = city.communes;
  let main = -1;
  for (let i = 0; i < c.count; i++) if (main < 0 || c.population[i] > c.population[main]) main = i;
  let other = -1;
  for (let i = 0; i < c.count; i++) {
    if (i === main || Math.hypot(c.centreXM[i] - f.centreXM, c.centreYM[i] - f.centreYM) < OTHER_COMMUNE_MIN_DISTANCE_M) continue;
    if (other < 0 || c.population[i] > c.population[other]) other = i;
  }
  const span = (clock.count - 1) * clock.stepMs;
  const at = (k: number) => clock.startMs + Math.round(span * STOP_CLOCK_SHARES[k]);
  const midX = (f.minXM + f.maxXM) / 2;
  const midY = (f.minYM + f.maxYM) / 2;
  const overviewM = Math.max(1500, f.radiusM * 1.5);
  const centreM = Math.min(overviewM, Math.max(800, Math.min(f.radiusM * 0.4, 2800)));
  const otherX = other >= 0 ? c.centreXM[other] : midX;
  const otherY = other >= 0 ? c.centreYM[other] : midY;
  return [
    { kind: 'overview', commune: null, targetXM: midX, targetYM: midY, distanceM: overviewM, headingRad: 0.35, pitchRad: 0.72, timeMs: at(0) },
    { kind: 'centre', commune: main >= 0 ? c.name[main] : null, targetXM: f.centreXM, targetYM: f.centreYM, distanceM: centreM, headingRad: 0.7, pitchRad: 0.55, timeMs: at(1) },
    { kind: 'commune', commune: other >= 0 ? c.name[other] : null, targetXM: otherX, targetYM: otherY, distanceM: centreM * 0.75, headingRad: -0.45, pitchRad: 0.5, timeMs: at(2) },
    { kind: 'back', commune: null, targetXM: midX, targetYM: midY, distanceM: overviewM * 1.05, headingRad: 0.1, pitchRad: 0.8, timeMs: at(3) },
  ];
}

const smooth = (x: number) => x * x * (3 - 2 * x);
const lerp = (a: number, b: number, k: number) => a + (b - a) * k;

/**
 * The pose at tour position `u` (0 at the first stop, keys.length − 1 at the last; clamped): eased
 * between two stops, distance interpolated geometrically (zooms feel even) and raised mid-flight
 * when the stops are far apart compared with how close the camera is, so the city stays in view.
 */
export function poseAt(keys: readonly Keyframe[], u: number, out: Pose = {} as Pose): Pose {
  const last = keys.length - 1;
  const x = Math.min(last, Math.max(0, Number.isFinite(u) ? u : 0));
  const k = Math.min(last - 1, Math.floor(x));
  const a = keys[Math.max(0, k)];
  const b = keys[Math.min(last, k + 1)];
  const e = last === 0 ? 0 : smooth(x - k);
  out.targetXM = lerp(a.targetXM, b.targetXM, e);
  out.targetYM = lerp(a.targetYM, b.targetYM, e);
  const travelM = Math.hypot(b.targetXM - a.targetXM, b.targetYM - a.targetYM);
  const hop = Math.min(1.5, (0.5 * travelM) / Math.max(1, Math.max(a.distanceM, b.distanceM)));
  out.distanceM = Math.exp(lerp(Math.log(a.distanceM), Math.log(b.distanceM), e)) * (1 + hop * Math.sin(Math.PI * e));
  out.headingRad = lerp(a.headingRad, b.headingRad, e);
  out.pitchRad = lerp(a.pitchRad, b.pitchRad, e);
  out.timeMs = Math.round(lerp(a.timeMs, b.timeMs, e));
  return out;
}

/** Camera position (three's frame: x east, y up, z south) of a pose. */
export function cameraPosition(p: Pose): [number, number, number] {
  const h = Math.cos(p.pitchRad) * p.distanceM;
  return [p.targetXM + Math.sin(p.headingRad) * h, Math.sin(p.pitchRad) * p.distanceM, -p.targetYM + Math.cos(p.headingRad) * h];
}

/** Seconds a move from one stop to the next takes on stage. */
export const STOP_TRANSITION_S = 5;

/**
 * Moves tour position `u` towards `targetU` by `dtS` of wall time at one stop per STOP_TRANSITION_S;
 * a step is capped (a stalled frame does not jump a whole stop).
 */
export function advanceTour(u: number, targetU: number, dtS: number): number {
  const step = Math.min(Math.max(0, dtS), 0.25) / STOP_TRANSITION_S;
  return u < targetU ? Math.min(targetU, u + step) : Math.max(targetU, u - step);
}
