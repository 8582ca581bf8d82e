// The 23 member communes of Dijon Métropole as stated facts: INSEE code, name, populations
// and the position of each commune centre (town hall / historic centre); read by the generator.

/**
 * Sources:
 * - membership (EPCI 242100410), INSEE codes, names and `populationMunicipale`: npm
 *   `@etalab/decoupage-administratif` 6.0.0, `data/epci.json` (DGCL, Licence Ouverte);
 * - `population` (INSEE legal population, total 261,178): the same package, `data/communes.json`;
 * - centre latitude/longitude: written here from public knowledge of each town centre
 *   (town hall or old village core, rounded to ~100 m); a test checks each one lies in its
 *   real boundary, which is a check, not a source.
 * `dijonCommunes.test.ts` keeps this table in step with the package.
 */
export interface CommuneFact {
  inseeCode: string;
  name: string;
  /** INSEE legal population (communes.json `population`). */
  population: number;
  /** DGCL municipal population of the EPCI listing (epci.json `populationMunicipale`). */
  populationMunicipale: number;
  lat: number;
  lon: number;
}

export const DIJON_METROPOLE_EPCI_CODE = '242100410';

export const DIJON_COMMUNES: readonly CommuneFact[] = [
  { inseeCode: '21231', name: 'Dijon', population: 161830, populationMunicipale: 159941, lat: 47.322, lon: 5.0415 },
  { inseeCode: '21166', name: 'Chenôve', population: 14244, populationMunicipale: 14299, lat: 47.2925, lon: 5.006 },
  { inseeCode: '21617', name: 'Talant', population: 11896, populationMunicipale: 11986, lat: 47.3365, lon: 5.005 },
  { inseeCode: '21171', name: 'Chevigny-Saint-Sauveur', population: 11108, populationMunicipale: 10895, lat: 47.3005, lon: 5.134 },
  { inseeCode: '21515', name: 'Quetigny', population: 8971, populationMunicipale: 8897, lat: 47.3147, lon: 5.1081 },
  { inseeCode: '21278', name: 'Fontaine-lès-Dijon', population: 9252, populationMunicipale: 9032, lat: 47.342, lon: 5.0205 },
  { inseeCode: '21355', name: 'Longvic', population: 8896, populationMunicipale: 8787, lat: 47.2875, lon: 5.0636 },
  { inseeCode: '21540', name: 'Saint-Apollinaire', population: 7544, populationMunicipale: 7517, lat: 47.3322, lon: 5.0847 },
  { inseeCode: '21390', name: 'Marsannay-la-Côte', population: 5433, populationMunicipale: 5440, lat: 47.2708, lon: 4.9892 },
  { inseeCode: '21452', name: 'Neuilly-Crimolois', population: 3588, populationMunicipale: 3430, lat: 47.2786, lon: 5.1072 },
  { inseeCode: '21485', name: 'Plombières-lès-Dijon', population: 2497, populationMunicipale: 2508, lat: 47.3378, lon: 4.9664 },
  { inseeCode: '21481', name: 'Perrigny-lès-Dijon', population: 2385, populationMunicipale: 2321, lat: 47.266, lon: 5.0055 },
  { inseeCode: '21605', name: 'Sennecey-lès-Dijon', population: 2151, populationMunicipale: 2125, lat: 47.2893, lon: 5.1047 },
  { inseeCode: '21263', name: 'Fénay', population: 1708, populationMunicipale: 1724, lat: 47.2339, lon: 5.0603 },
  { inseeCode: '21003', name: 'Ahuy', population: 1718, populationMunicipale: 1695, lat: 47.3703, lon: 5.0236 },
  { inseeCode: '21223', name: 'Daix', population: 1515, populationMunicipale: 1520, lat: 47.3518, lon: 5.0005 },
  { inseeCode: '21473', name: 'Ouges', population: 1402, populationMunicipale: 1505, lat: 47.2625, lon: 5.0739 },
  { inseeCode: '21315', name: 'Hauteville-lès-Dijon', population: 1195, populationMunicipale: 1206, lat: 47.3656, lon: 4.9936 },
  { inseeCode: '21105', name: 'Bressey-sur-Tille', population: 1096, populationMunicipale: 1110, lat: 47.3106, lon: 5.1847 },
  { inseeCode: '21106', name: 'Bretenière', population: 959, populationMunicipale: 935, lat: 47.239, lon: 5.1095 },
  { inseeCode: '21370', name: 'Magny-sur-Tille', population: 874, populationMunicipale: 872, lat: 47.2826, lon: 5.174 },
  { inseeCode: '21192', name: 'Corcelles-les-Monts', population: 684, populationMunicipale: 654, lat: 47.2968, lon: 4.9403 },
  { inseeCode: '21270', name: 'Flavignerot', population: 232, populationMunicipale: 231, lat: 47.2908, lon: 4.9195 },
];
