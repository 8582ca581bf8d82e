// The project's own generic luminaires (GENERIC, NOT ANY MANUFACTURER'S DATA): a parametric road
// lantern, its EULUMDAT/IES serialisations (assets/photometry/) and its tables built without files.

import { GENERIC_PHOTOMETRY } from '../../city/lampCatalogue.ts';
import { photometryFromLdt, writeLdt, storedPlaneRange, type LdtHeader, type LdtLampSet } from './eulumdat.ts';
import { writeIes } from './iesna.ts';
import { integrateFluxLm, type Photometry } from './photometry.ts';

/*
 * Each distribution is a smooth lobe I(C, γ) = [w(C)·exp(−((γ − γp(C))/σ)²) + n·cos γ]·cut(γ),
 * with w and γp varying between along the road (C 0/180, turned a little toward the street), the
 * street side (C 90) and the house side (C 270), a smooth full cut-off between two γ angles, and
 * nothing above the horizontal: road lanterns symmetric about their C90–C270 plane (Isym 3). The
 * result is scaled so the luminaire emits LOR × lamp flux, then rounded to 0.1 cd/klm; the
 * Photometry is built from those rounded values, so parsing the files gives it back exactly.
 */

export type GenericPhotometryRef = (typeof GENERIC_PHOTOMETRY)[keyof typeof GENERIC_PHOTOMETRY];

export interface LobeShape {
  /** Peak γ (°) along the road, toward the street side and toward the house side. */
  alongPeakGammaDeg: number;
  streetPeakGammaDeg: number;
  housePeakGammaDeg: number;
  /** Relative lobe strength along the road (1), to the street side and to the house side. */
  streetWeight: number;
  houseWeight: number;
  /**
   * The along-road lobes turn this far toward the street side (°): their strongest C-planes are
   * C = toe and C = 180 − toe, so the throw along the road lands on the carriageway, not the kerb.
   */
  toeInDeg: number;
  /** Lobe half-width (°, the e-folding distance in γ). */
  lobeWidthDeg: number;
  /** Weight of the cos γ component that lights the foot of the pole. */
  nadirWeight: number;
  /** Smooth cut-off from full intensity at the first angle to zero at the second (°). */
  cutoffStartDeg: number;
  cutoffEndDeg: number;
}

export interface GenericLuminaireSpec {
  ref: GenericPhotometryRef;
  name: string;
  lampType: string;
  numberOfLamps: number;
  /** Bare lamp flux (lm); for LED modules, the luminaire flux with LOR 1. */
  lampLumens: number;
  lightOutputRatio: number;
  inputPowerW: number;
  colourTemperature: string;
  colourRendering: string;
  /** EULUMDAT symmetry: 3 (mirror about the C90–C270 plane: a road lantern) or 1 (rotational, lobe of the along values). */
  isym: 1 | 3;
  cStepDeg: number;
  gammaStepDeg: number;
  dimensionsMm: [number, number, number];
  shape: LobeShape;
}

/**
 * Stated figures (DOMAIN.md): HPS 150 W ≈ 17,500 lm lamp in a ~70 % LOR lantern, ≈ 170 W with its
 * ballast; HPS 70 W ≈ 6,600 lm lamp; LED 60 W ≈ 7,800 lm and LED 25 W ≈ 3,000 lm luminaire flux.
 */
export const GENERIC_LUMINAIRES: readonly GenericLuminaireSpec[] = [
  {
    ref: GENERIC_PHOTOMETRY.hpsRoad,
    name: 'Generic road lantern HPS 150 W (not manufacturer data)',
    lampType: 'HPS 150 W',
    numberOfLamps: 1,
    lampLumens: 17_500,
    lightOutputRatio: 0.7,
    inputPowerW: 170,
    colourTemperature: '2000K',
    colourRendering: '25',
    isym: 3,
    cStepDeg: 10,
    gammaStepDeg: 2.5,
    dimensionsMm: [750, 320, 160],
    shape: { alongPeakGammaDeg: 67, streetPeakGammaDeg: 54, housePeakGammaDeg: 42, streetWeight: 0.8, houseWeight: 0.25, toeInDeg: 10, lobeWidthDeg: 11, nadirWeight: 0.2, cutoffStartDeg: 74, cutoffEndDeg: 86 },
  },
  {
    ref: GENERIC_PHOTOMETRY.hpsResidential,
    name: 'Generic residential lantern HPS 70 W (not manufacturer data)',
    lampType: 'HPS 70 W',
    numberOfLamps: 1,
    lampLumens: 6_600,
    lightOutputRatio: 0.7,
    inputPowerW: 83,
    colourTemperature: '2000K',
    colourRendering: '25',
    isym: 3,
    cStepDeg: 10,
    gammaStepDeg: 2.5,
    dimensionsMm: [500, 260, 150],
    shape: { alongPeakGammaDeg: 65, streetPeakGammaDeg: 52, housePeakGammaDeg: 40, streetWeight: 0.8, houseWeight: 0.35, toeInDeg: 10, lobeWidthDeg: 13, nadirWeight: 0.3, cutoffStartDeg: 76, cutoffEndDeg: 88 },
  },
  {
    ref: GENERIC_PHOTOMETRY.ledRoad,
    name: 'Generic road lantern LED 60 W (not manufacturer data)',
    lampType: 'LED 60 W',
    numberOfLamps: 1,
    lampLumens: 7_800,
    lightOutputRatio: 1,
    inputPowerW: 60,
    colourTemperature: '3000K',
    colourRendering: '70',
    isym: 3,
    cStepDeg: 10,
    gammaStepDeg: 2.5,
    dimensionsMm: [600, 280, 90],
    shape: { alongPeakGammaDeg: 68, streetPeakGammaDeg: 52, housePeakGammaDeg: 38, streetWeight: 0.6, houseWeight: 0.1, toeInDeg: 10, lobeWidthDeg: 10, nadirWeight: 0.1, cutoffStartDeg: 74, cutoffEndDeg: 84 },
  },
  {
    ref: GENERIC_PHOTOMETRY.ledResidential,
    name: 'Generic residential lantern LED 25 W (not manufacturer data)',
    lampType: 'LED 25 W',
    numberOfLamps: 1,
    lampLumens: 3_000,
    lightOutputRatio: 1,
    inputPowerW: 25,
    colourTemperature: '3000K',
    colourRendering: '70',
    isym: 3,
    cStepDeg: 10,
    gammaStepDeg: 2.5,
    dimensionsMm: [450, 250, 80],
    shape: { alongPeakGammaDeg: 65, streetPeakGammaDeg: 50, housePeakGammaDeg: 40, streetWeight: 0.6, houseWeight: 0.1, toeInDeg: 10, lobeWidthDeg: 12, nadirWeight: 0.2, cutoffStartDeg: 75, cutoffEndDeg: 86 },
  },
];

export const GENERIC_PHOTOMETRY_REFS: readonly GenericPhotometryRef[] = GENERIC_LUMINAIRES.map((s) => s.ref);

const rad = Math.PI / 180;

/** The unscaled lobe at (C, γ): 0 at and above the horizontal. */
export function lobeShape(s: LobeShape, cDeg: number, gammaDeg: number): number {
  if (gammaDeg >= 90) return 0;
  // w and γp blend the along-road values (C 0/180) into the street side (C 90) as sin²C, and
  // into the house side (C 270) faster, as |sin C|, so little light falls behind the pole. C is
  // first turned by the toe-in (C − toe·cos C). Symmetric about the C90–C270 plane by construction:
  // C ↦ 180 − C maps the turned angle to 180° minus itself, which keeps sin C and cos²C.
  const turned = (cDeg - s.toeInDeg * Math.cos(cDeg * rad)) * rad;
  const sin = Math.sin(turned);
  let w: number;
  let peak: number;
  if (sin >= 0) {
    const k = sin * sin;
    w = 1 - k + s.streetWeight * k;
    peak = s.alongPeakGammaDeg * (1 - k) + s.streetPeakGammaDeg * k;
  } else {
    const k = -sin;
    w = (1 - k) * (1 - k) + s.houseWeight * k;
    peak = s.alongPeakGammaDeg * (1 - k) + s.housePeakGammaDeg * k;
  }
  const z = (gammaDeg - peak) / s.lobeWidthDeg;
  const lobe = w * Math.exp(-z * z) + s.nadirWeight * Math.cos(gammaDeg * rad);
  return lobe * cutoff(gammaDeg, s.cutoffStartDeg, s.cutoffEndDeg);
}

function cutoff(g: number, start: number, end: number): number {
  if (g <= start) return 1;
  if (g >= end) return 0;
  const t = (g - start) / (end - start);
  return 1 - t * t * (3 - 2 * t);
}

interface GenericTables {
  header: LdtHeader;
  storedCdPerKlm: Float64Array;
}

function range(step: number, end: number): number[] {
  const out: number[] = [];
  for (let k = 0; k * step <= end + 1e-9; k++) out.push(Math.round(k * step * 1e6) / 1e6);
  return out;
}

/** The EULUMDAT header and stored planes (cd/klm, rounded to 0.1) of one generic luminaire. */
export function genericLdtTables(spec: GenericLuminaireSpec): GenericTables {
  const mc = spec.isym === 1 ? 1 : Math.round(360 / spec.cStepDeg);
  const cAngles = spec.isym === 1 ? [0] : range(spec.cStepDeg, 360 - spec.cStepDeg);
  const gammas = range(spec.gammaStepDeg, 180);
  const ng = gammas.length;
  // Scale on the full grid so the integrated luminaire flux is LOR × lamp flux.
  const fullC = spec.isym === 1 ? [0, 360] : [...cAngles, 360];
  const raw = new Float64Array(fullC.length * ng);
  for (let ci = 0; ci < fullC.length; ci++) for (let gi = 0; gi < ng; gi++) raw[ci * ng + gi] = lobeShape(spec.shape, fullC[ci], gammas[gi]);
  const rawFlux = integrateFluxLm({ cAnglesDeg: Float64Array.from(fullC), gammaAnglesDeg: Float64Array.from(gammas), candela: raw });
  const cdPerKlmPerUnit = (spec.lightOutputRatio * 1000) / rawFlux;
  const [mc1, mc2] = storedPlaneRange(spec.isym, mc);
  const planes = mc2 - mc1 + 1;
  const stored = new Float64Array(planes * ng);
  for (let p = 0; p < planes; p++) {
    const c = cAngles[(mc1 - 1 + p) % mc];
    for (let gi = 0; gi < ng; gi++) stored[p * ng + gi] = Math.round(lobeShape(spec.shape, c, gammas[gi]) * cdPerKlmPerUnit * 10) / 10;
  }
  const lampSet: LdtLampSet = {
    numberOfLamps: spec.numberOfLamps,
    lampType: spec.lampType,
    totalFluxLm: spec.lampLumens,
    colourTemperature: spec.colourTemperature,
    colourRendering: spec.colourRendering,
    wattageIncludingBallastW: spec.inputPowerW,
  };
  const [l, b, h] = spec.dimensionsMm;
  const header: LdtHeader = {
    company: 'dijon-twin generic photometry - NOT manufacturer data',
    typeIndicator: spec.isym === 1 ? 1 : 3,
    symmetry: spec.isym,
    cPlaneCount: mc,
    cPlaneStepDeg: spec.isym === 1 ? 0 : spec.cStepDeg,
    gammaCount: ng,
    gammaStepDeg: spec.gammaStepDeg,
    measurementReport: 'none: computed, not measured',
    luminaireName: spec.name,
    luminaireNumber: spec.ref,
    fileName: `${spec.ref}.ldt`,
    dateUser: 'src/core/lighting/photometry/genericLuminaires.ts',
    dimensionsMm: [l, b, h, Math.round(l * 0.8), Math.round(b * 0.8), 0, 0, 0, 0],
    downwardFluxFractionPct: 100,
    lightOutputRatioPct: spec.lightOutputRatio * 100,
    conversionFactor: 1,
    tiltDeg: 0,
    lampSets: [lampSet],
    directRatios: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    cAnglesDeg: cAngles,
    gammaAnglesDeg: gammas,
  };
  return { header, storedCdPerKlm: stored };
}

function specOf(ref: string): GenericLuminaireSpec {
  const spec = GENERIC_LUMINAIRES.find((s) => s.ref === ref);
  if (!spec) throw new Error(`no generic luminaire "${ref}" (known: ${GENERIC_PHOTOMETRY_REFS.join(', ')})`);
  return spec;
}

/** The EULUMDAT text of assets/photometry/<ref>.ldt. */
export function genericLdtText(ref: string): string {
  const { header, storedCdPerKlm } = genericLdtTables(specOf(ref));
  return writeLdt({ ...header, storedCdPerKlm, intensityDecimals: 1 });
}

/**
 * The IES LM-63-2002 text of assets/photometry/<ref>.ies: the same cd/klm values with the
 * candela multiplier lamp flux / 1000, so both formats give identical candelas.
 */
export function genericIesText(ref: string): string {
  const spec = specOf(ref);
  const { header, storedCdPerKlm } = genericLdtTables(spec);
  const ng = header.gammaCount;
  let horizontal: number[];
  let values: Float64Array;
  if (spec.isym === 1) {
    horizontal = [0];
    values = storedCdPerKlm;
  } else {
    // LDT stores C270..C360..C90; IES type C with this symmetry stores 90..270 (plane a shows 180 − a).
    const planes = storedCdPerKlm.length / ng;
    horizontal = [];
    values = new Float64Array(storedCdPerKlm.length);
    for (let k = 0; k < planes; k++) {
      horizontal.push(90 + k * spec.cStepDeg);
      const src = planes - 1 - k; // LDT plane p is at signed angle −90 + p·Dc; 180 − (90 + k·Dc) is that for p = planes − 1 − k
      values.set(storedCdPerKlm.subarray(src * ng, src * ng + ng), k * ng);
    }
  }
  const [l, b, h] = spec.dimensionsMm;
  return writeIes({
    keywords: [
      ['TEST', 'none: computed, not measured'],
      ['TESTLAB', 'none'],
      ['ISSUEDATE', 'n/a'],
      ['MANUFAC', 'generic (dijon-twin project) - NOT manufacturer data'],
      ['LUMCAT', spec.ref],
      ['LUMINAIRE', spec.name],
      ['LAMP', spec.lampType],
      ['LAMPCAT', spec.lampType],
      ['OTHER', 'C 0 along the road, C 90 toward the carriageway; written by src/core/lighting/photometry/genericLuminaires.ts'],
    ],
    numberOfLamps: spec.numberOfLamps,
    lumensPerLamp: spec.lampLumens / spec.numberOfLamps,
    candelaMultiplier: spec.lampLumens / 1000,
    photometricType: 1,
    unitsType: 2,
    widthLengthHeight: [b / 1000, l / 1000, h / 1000],
    ballastFactor: 1,
    inputWatts: spec.inputPowerW,
    verticalAnglesDeg: header.gammaAnglesDeg,
    horizontalAnglesDeg: horizontal,
    values,
    valueDecimals: 1,
  });
}

/** The generic luminaire's absolute table, built without any file (for workers and Node). */
export function buildGenericPhotometry(ref: string): Photometry {
  const { header, storedCdPerKlm } = genericLdtTables(specOf(ref));
  return photometryFromLdt(header, storedCdPerKlm, `${ref}.ldt`);
}

let cache: Readonly<Record<string, Photometry>> | null = null;

/** All generic tables by ref (built once, then shared read-only). */
export function genericPhotometries(): Readonly<Record<string, Photometry>> {
  if (!cache) {
    const out: Record<string, Photometry> = {};
    for (const ref of GENERIC_PHOTOMETRY_REFS) out[ref] = buildGenericPhotometry(ref);
    cache = Object.freeze(out);
  }
  return cache;
}

/** The asset files the project ships: name → text (assets/photometry/<name>). */
export function genericPhotometryFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const ref of GENERIC_PHOTOMETRY_REFS) {
    files[`${ref}.ldt`] = genericLdtText(ref);
    files[`${ref}.ies`] = genericIesText(ref);
  }
  return files;
}
