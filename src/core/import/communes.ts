// Commune boundaries from GeoJSON (Polygon / MultiPolygon) with name, INSEE code and
// population; centres and the largest outer ring are computed once projected (project.ts).

import type { ImportReport } from './report.ts';
import type { RawCommune } from './raw.ts';
import { propNumber, propString, readPolygons, type GeoJsonFeature } from './geojson.ts';

const NAME_PROPS = ['nom', 'name', 'NOM', 'NOM_COM', 'libelle', 'LIBELLE'];
const CODE_PROPS = ['code', 'insee', 'INSEE_COM', 'code_insee', 'CODE_INSEE', 'INSEE', 'codgeo'];
const POPULATION_PROPS = ['population_legale_insee', 'population', 'POPULATION', 'population_totale', 'PTOT', 'pop'];

export function parseCommuneFeatures(features: readonly GeoJsonFeature[], report: ImportReport): RawCommune[] {
  const out: RawCommune[] = [];
  for (let i = 0; i < features.length; i++) {
    const f = features[i];
    const { outer, holes } = readPolygons(f, report, 'communes', i);
    if (outer.length === 0) continue;
    const p = f.properties;
    const name = propString(p, NAME_PROPS);
    const inseeCode = propString(p, CODE_PROPS) ?? '';
    const population = propNumber(p, POPULATION_PROPS);
    if (population === undefined) report.add('communesWithoutPopulation');
    out.push({ name: name ?? (inseeCode || `commune ${i}`), inseeCode, population: Math.max(0, population ?? 0), outerRings: outer, holes });
    report.add('communesAccepted');
  }
  return out;
}
