// Road classes of the city model and their engineering defaults (lanes, speed, lighting class).
// Importers map source tags onto these; the generator and lamp synthesis read the defaults.

import { LightingClass } from './lightingClass.ts';

export enum RoadClass {
  Motorway = 0,
  Trunk = 1,
  Primary = 2,
  Secondary = 3,
  Tertiary = 4,
  Residential = 5,
  Service = 6,
  Pedestrian = 7,
  Unclassified = 8,
}

export const ROAD_CLASS_NAMES = [
  'motorway',
  'trunk',
  'primary',
  'secondary',
  'tertiary',
  'residential',
  'service',
  'pedestrian',
  'unclassified',
] as const;

export interface RoadClassDefaults {
  lanesPerDirection: number;
  speedLimitKph: number;
  /** EN 13201 class a road of this kind is usually designed for. */
  lightingClass: LightingClass;
  /** Whether roads of this class are usually lit inside built-up areas. */
  litInTown: boolean;
  /** Typical lamp spacing (m) and whether poles stand on both sides. */
  lampSpacingM: number;
  lampBothSides: boolean;
  mountingHeightM: number;
  /** Carriageway half-width (m), used to offset lamps and buildings from the centreline. */
  halfWidthM: number;
}

/** Engineering defaults per class (stated, not measured): see DOMAIN.md for the lighting classes. */
export const ROAD_CLASS_DEFAULTS: readonly RoadClassDefaults[] = [
  { lanesPerDirection: 2, speedLimitKph: 110, lightingClass: LightingClass.M2, litInTown: true, lampSpacingM: 45, lampBothSides: true, mountingHeightM: 12, halfWidthM: 11 },
  { lanesPerDirection: 2, speedLimitKph: 90, lightingClass: LightingClass.M2, litInTown: true, lampSpacingM: 40, lampBothSides: true, mountingHeightM: 12, halfWidthM: 9 },
  { lanesPerDirection: 2, speedLimitKph: 50, lightingClass: LightingClass.M3, litInTown: true, lampSpacingM: 32, lampBothSides: true, mountingHeightM: 10, halfWidthM: 8 },
  { lanesPerDirection: 1, speedLimitKph: 50, lightingClass: LightingClass.M4, litInTown: true, lampSpacingM: 30, lampBothSides: false, mountingHeightM: 9, halfWidthM: 5 },
  { lanesPerDirection: 1, speedLimitKph: 50, lightingClass: LightingClass.M5, litInTown: true, lampSpacingM: 30, lampBothSides: false, mountingHeightM: 8, halfWidthM: 4 },
  { lanesPerDirection: 1, speedLimitKph: 30, lightingClass: LightingClass.P4, litInTown: true, lampSpacingM: 28, lampBothSides: false, mountingHeightM: 6, halfWidthM: 3.5 },
  { lanesPerDirection: 1, speedLimitKph: 20, lightingClass: LightingClass.P5, litInTown: false, lampSpacingM: 30, lampBothSides: false, mountingHeightM: 5, halfWidthM: 2.5 },
  { lanesPerDirection: 1, speedLimitKph: 10, lightingClass: LightingClass.P3, litInTown: true, lampSpacingM: 20, lampBothSides: false, mountingHeightM: 4.5, halfWidthM: 3 },
  { lanesPerDirection: 1, speedLimitKph: 50, lightingClass: LightingClass.M5, litInTown: false, lampSpacingM: 35, lampBothSides: false, mountingHeightM: 8, halfWidthM: 3 },
];

/** Major roads: candidates for signalised crossings and bus corridors. */
export function isMajorRoad(roadClass: RoadClass): boolean {
  return roadClass <= RoadClass.Secondary;
}
