// Parameters of the generated Dijon Métropole with their defaults (each default traced to a
// calibration fact in dijonFacts.ts or stated as an engineering choice here).

import { DEFAULT_LED_SHARE, DIJON_FACTS } from './dijonFacts.ts';

export interface DijonGenParams {
  seed: number;
  /** Share of LED lamps when the builder synthesises them (technology mix). */
  ledShare: number;
  /** Lamp total the build options' spacing scale is calibrated to. */
  targetLampCount: number;
  /** Signalised intersections to place (top-ranked major × major crossings). */
  signalCount: number;
  /** Lit urban street length the local grids are calibrated to (km). */
  urbanStreetKm: number;
  /** Fraction of free frontage slots that receive a building (0–1). */
  buildingDensity: number;
  /** Built-up radius of a commune = k · √population · (population / Dijon's)^−spread (m per √inhabitant). */
  builtUpRadiusKM: number;
  /** Smaller towns are less dense: radius grows by (population / Dijon's)^−spread (0 = same density everywhere). */
  smallTownSpread: number;
  /** Ring road (LINO + rocade) mean radius around the centre (m). */
  ringRadiusM: number;
}

export const DEFAULT_DIJON_PARAMS: DijonGenParams = {
  seed: 2017, // the OnDijon contract year; any integer works
  ledShare: DEFAULT_LED_SHARE,
  targetLampCount: DIJON_FACTS.lightPoints.value,
  signalCount: DIJON_FACTS.signalisedIntersections.value,
  urbanStreetKm: DIJON_FACTS.urbanStreetKm.value,
  buildingDensity: 0.8,
  // Stated choice: Dijon (161,830) gets ≈ 3.1 km, Chenôve (14,244) ≈ 1.1 km, a village of 1,700 ≈ 460 m.
  builtUpRadiusKM: 7.8,
  smallTownSpread: 0.08,
  ringRadiusM: DIJON_FACTS.ringRoadRadiusM.value,
};

export function withDefaults(params: Partial<DijonGenParams> = {}): DijonGenParams {
  return { ...DEFAULT_DIJON_PARAMS, ...params };
}
