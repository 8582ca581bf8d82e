// Photometry and EN 13201 compliance: parsers of EULUMDAT/IES to absolute candelas, the project's
// generic luminaires, point-by-point illuminance, and per-road compliance at any dim levels.

export { PhotometryError, intensityCd, integrateFluxLm, peakIntensityCd, type Photometry } from './photometry.ts';
export { parseLdt, readLdt, writeLdt, type LdtFile, type LdtHeader } from './eulumdat.ts';
export { parseIes, readIes, writeIes, type IesFile, type IesHeader } from './iesna.ts';
export {
  GENERIC_LUMINAIRES,
  GENERIC_PHOTOMETRY_REFS,
  buildGenericPhotometry,
  genericPhotometries,
  genericPhotometryFiles,
  genericLdtText,
  genericIesText,
  type GenericLuminaireSpec,
} from './genericLuminaires.ts';
export {
  R3_Q0_CD_M2_PER_LUX,
  approximateLuminanceCdM2,
  directionTo,
  illuminanceLux,
  lampOrientation,
  projectOntoLink,
  pointIlluminanceLux,
  type LampOrientation,
  type LuminairePose,
} from './illuminance.ts';
export { DEFAULT_GRID_OPTIONS, linkCalculationGrid, rowSpacingM, type GridOptions, type LinkGrid } from './calculationGrid.ts';
export {
  DEFAULT_COMPLIANCE_OPTIONS,
  LinkCompliance,
  complianceAt,
  linkLightingAt,
  precomputeCompliance,
  roadCompliance,
  uniformLevels,
  type ComplianceOptions,
  type ComplianceResult,
  type ComplianceTable,
  type LinkLighting,
} from './compliance.ts';
