// What crosses the boundary between a compare worker and the page: one side of a comparison (its
// run's KPIs, per-lamp energy and level, per-trip results), a one-night preview of a draft, a Webster
// suggestion for one intersection, progress. Types only.

import type { ComparePlan, RunKpis } from '../src/core/scenarioRun.ts';
import type { RoadBelowClass } from '../src/core/lighting/roadsBelowClass.ts';
import type { EditablePlan, WebsterSuggestion } from '../src/core/traffic/signalTiming.ts';

export interface CompareJob {
  /** Scenario JSON text and the file name its errors name. */
  text: string;
  file: string;
  plan: ComparePlan;
  /** Scenarios known by name, for the one a side names as its own `energy.baseline` (its savings). */
  library: Record<string, string>;
  /** Instants to sample every lamp's level at once the run is done (a presentation's night), if any. */
  sampleTimesMs?: number[];
}

export interface SideResult {
  kpis: RunKpis;
  /** Energy of each lamp over the period (kWh), by lamp index. */
  lampKWh: Float64Array;
  /** Mean dim level (0–1) of each lamp while lit on the first night, from hourly samples. */
  lampMeanLevel: Float32Array;
  /** Levels (0–255) of every lamp at each of the job's `sampleTimesMs`, sample-major; absent when none were asked. */
  levelSamples?: Uint8Array;
  /** Technology of every lamp after the scenario's retrofits (the colour of its light); a worker always sends it. */
  lampTechnology?: Uint8Array;
  /** Per-trip results by trip number, when the side ran traffic (same seed and demand: the same trips on both sides). */
  trips: TripResultArrays | null;
  /** Per-link results over the period, when the side ran traffic (absent from results made before links were kept). */
  links?: LinkResultArrays | null;
}

export interface LinkResultArrays {
  /** Vehicles that drove each link (city link order) to its end over the period. */
  passages: Uint32Array;
  /** Their mean speed on it (km/h, link length over mean time spent); NaN when none drove it. */
  meanSpeedKph: Float32Array;
}

export interface TripResultArrays {
  /** Travel time of each trip (s); NaN when it did not complete in the period. */
  travelS: Float32Array;
  /** Delay against free flow of each trip (s); NaN when it did not complete. */
  delayS: Float32Array;
  /** Vehicle type of each trip (VehicleType: car, bus, emergency). */
  type: Uint8Array;
}

/** A Webster suggestion for one intersection from the demand of a scenario (its own seed and first day). */
export interface WebsterJob {
  text: string;
  file: string;
  signal: number;
  plan: EditablePlan;
}

export type WebsterOutcome = { status: 'done'; suggestion: WebsterSuggestion; wallMs: number } | { status: 'failed'; error: string };

/** The figures the studio shows live while a profile is edited: one night of the draft. */
export interface PreviewResult {
  energyKWh: number;
  compliantRoadShare: number | null;
  compliantShareByLocalHour: (number | null)[];
  powerByLocalHourKW: number[];
  /** The night's least compliant hour (local), and the streets below their class then. */
  worstHour: { localHour: number; compliantShare: number; belowLengthM: number; roads: RoadBelowClass[] } | null;
  /** The draft simulates traffic, previewed without its vehicles (presence from the stochastic passers-by). */
  withoutVehicles: boolean;
  wallMs: number;
}

export type { RoadBelowClass };

export type SideOutcome = { status: 'done'; result: SideResult } | { status: 'cancelled' } | { status: 'failed'; error: string };
export type PreviewOutcome = { status: 'done'; result: PreviewResult } | { status: 'cancelled' } | { status: 'failed'; error: string };
