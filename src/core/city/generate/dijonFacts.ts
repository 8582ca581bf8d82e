// Public calibration figures for the generated Dijon Métropole, each with its source, so that
// the generator's defaults, its tests and the UI can show where a number came from.

export interface CalibrationFact {
  value: number;
  unit: string;
  source: string;
}

/** Every figure the generator is calibrated on (the public facts about Dijon Métropole listed with the shared open data, and DOMAIN.md). */
export const DIJON_FACTS = {
  /** Dijon city-centre reference point (place de la Libération area), WGS84. */
  centreLat: { value: 47.322, unit: 'deg N', source: 'Dijon centre, 47.3220 N 5.0415 E (public gazetteer position)' },
  centreLon: { value: 5.0415, unit: 'deg E', source: 'Dijon centre, 47.3220 N 5.0415 E (public gazetteer position)' },
  communeCount: { value: 23, unit: 'communes', source: 'DGCL EPCI 242100410 via npm @etalab/decoupage-administratif' },
  inhabitants: { value: 261_178, unit: 'inhabitants', source: 'INSEE legal population, sum of the 23 communes (npm @etalab/decoupage-administratif communes.json)' },
  dijonInhabitants: { value: 161_830, unit: 'inhabitants', source: 'INSEE legal population of Dijon (21231)' },
  urbanStreetKm: { value: 850, unit: 'km', source: 'Dijon Métropole / OnDijon project figures: about 850 km of streets' },
  lightPoints: { value: 34_000, unit: 'light points', source: 'OnDijon contract (2017, 12 years): 34,000 light points converted to LED' },
  ledPointsBy2023: { value: 20_000, unit: 'light points', source: 'Dijon Métropole: more than 20,000 points converted to LED by 2023' },
  signalisedIntersections: { value: 113, unit: 'intersections', source: 'OnDijon contract: 113 signalised intersections with bus priority' },
  dijonLampPosts: { value: 17_000, unit: 'lamp posts', source: 'Dijon city alone: 17,000 lamp posts (city figures)' },
  ringRoadRadiusM: { value: 4_000, unit: 'm', source: 'LINO + rocade form a loop roughly 3-5 km around the centre (public maps; stated approximation)' },
} as const satisfies Record<string, CalibrationFact>;

/** LED share of the lamp stock when the default city is built: 20,000 of 34,000 by 2023. */
export const DEFAULT_LED_SHARE = Math.round((DIJON_FACTS.ledPointsBy2023.value / DIJON_FACTS.lightPoints.value) * 100) / 100;
