// Public face of the embedded default city generator: the generated Dijon Métropole, its
// parameters, the calibration facts and commune table it is built on.

export { generateDijon, GENERATED_CITY_NAME } from './generateDijon.ts';
export { generateDefaultCity, dijonBuildOptions } from './defaultCity.ts';
export { DEFAULT_DIJON_PARAMS, withDefaults, type DijonGenParams } from './params.ts';
export { DIJON_FACTS, DEFAULT_LED_SHARE, type CalibrationFact } from './dijonFacts.ts';
export { DIJON_COMMUNES, DIJON_METROPOLE_EPCI_CODE, type CommuneFact } from './dijonCommunes.ts';
export { findUnjoinedCrossings } from './planarise.ts';
