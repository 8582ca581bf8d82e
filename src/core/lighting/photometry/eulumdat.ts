// EULUMDAT (.ldt) reader and writer: fixed-line ASCII to absolute candelas on a full C 0–360°
// table (symmetry expanded); every malformed field is a PhotometryError naming its line.

import {
  expandToFullCircle,
  makePhotometry,
  PhotometryError,
  wattsInLampType,
  type CSymmetry,
  type Photometry,
} from './photometry.ts';
import { formatDecimal, parseDecimal } from './numberText.ts';

/** Counts beyond these are refused before anything is allocated (real files stay far below). */
export const LDT_LIMITS = { maxCPlanes: 3600, maxGammaAngles: 3601, maxLampSets: 20 } as const;

export interface LdtLampSet {
  /** Negative in files using the absolute-photometry convention (then the flux is the luminaire's). */
  numberOfLamps: number;
  lampType: string;
  totalFluxLm: number;
  colourTemperature: string;
  colourRendering: string;
  wattageIncludingBallastW: number;
}

export interface LdtHeader {
  company: string;
  typeIndicator: number;
  symmetry: number; // Isym 0..4
  cPlaneCount: number; // Mc
  cPlaneStepDeg: number; // Dc
  gammaCount: number; // Ng
  gammaStepDeg: number; // Dg
  measurementReport: string;
  luminaireName: string;
  luminaireNumber: string;
  fileName: string;
  dateUser: string;
  /** Lines 13–21, mm. */
  dimensionsMm: number[];
  downwardFluxFractionPct: number;
  lightOutputRatioPct: number;
  conversionFactor: number;
  tiltDeg: number;
  lampSets: LdtLampSet[];
  directRatios: number[];
  cAnglesDeg: number[]; // all Mc, as listed
  gammaAnglesDeg: number[];
}

export interface LdtFile {
  header: LdtHeader;
  /** The stored planes as listed in the file (cd/klm), plane-major. */
  storedCdPerKlm: Float64Array;
  storedPlaneCount: number;
  photometry: Photometry;
}

const SYMMETRY_OF_ISYM: readonly CSymmetry[] = ['none', 'rotational', 'c0-c180', 'c90-c270', 'quadrant'];

/** First and last stored plane (1-based, Mc1..Mc2 of the format; Isym 3 wraps past C360). */
export function storedPlaneRange(isym: number, mc: number): [number, number] {
  switch (isym) {
    case 1:
      return [1, 1];
    case 2:
      return [1, mc / 2 + 1];
    case 3:
      return [(3 * mc) / 4 + 1, (3 * mc) / 4 + 1 + mc / 2];
    case 4:
      return [1, mc / 4 + 1];
    default:
      return [1, mc];
  }
}

class Lines {
  private readonly lines: string[];
  private readonly end: number;
  private i = 0;

  constructor(
    text: string,
    readonly file: string,
  ) {
    this.lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
    let end = this.lines.length;
    while (end > 0 && this.lines[end - 1].trim() === '') end--;
    this.end = end;
  }

  get lineNumber(): number {
    return this.i + 1;
  }

  get remaining(): number {
    return this.end - this.i;
  }

  fail(line: number, field: string, detail: string): never {
    throw new PhotometryError(this.file, line, field, detail);
  }

  text(field: string): string {
    if (this.i >= this.end) {
      this.fail(this.i + 1, field, `the file ends at line ${this.end}: truncated`);
    }
    return this.lines[this.i++].trimEnd();
  }

  number(field: string, o: { int?: boolean; min?: number; max?: number; minExclusive?: number } = {}): number {
    const line = this.i + 1;
    const raw = this.text(field);
    const v = parseDecimal(raw);
    if (v === null) this.fail(line, field, raw.trim() === '' ? 'empty, a number was expected' : `"${clip(raw)}" is not a number`);
    if (o.int && !Number.isInteger(v)) this.fail(line, field, `${v} is not an integer`);
    if (o.min !== undefined && v < o.min) this.fail(line, field, `${v} is below ${o.min}`);
    if (o.minExclusive !== undefined && !(v > o.minExclusive)) this.fail(line, field, `${v} must be greater than ${o.minExclusive}`);
    if (o.max !== undefined && v > o.max) this.fail(line, field, `${v} is above ${o.max}`);
    return v;
  }

  /** The first non-blank line after the data, if any. */
  trailing(): number | null {
    for (let k = this.i; k < this.end; k++) if (this.lines[k].trim() !== '') return k + 1;
    return null;
  }
}

function clip(s: string): string {
  const t = s.trim();
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}

/** Reads an EULUMDAT file fully: header, stored planes and the expanded absolute table. */
export function readLdt(text: string, file = 'photometry.ldt'): LdtFile {
  const r = new Lines(text, file);
  const company = r.text('line 1 company identification');
  const typeIndicator = r.number('Ityp (type indicator)', { int: true, min: 0, max: 3 });
  const isymLine = r.lineNumber;
  const symmetry = r.number('Isym (symmetry indicator)', { int: true, min: 0, max: 4 });
  const mcLine = r.lineNumber;
  const mc = r.number('Mc (number of C-planes)', { int: true, min: 1, max: LDT_LIMITS.maxCPlanes });
  const dc = r.number('Dc (C-plane step)', { min: 0, max: 360 });
  const ng = r.number('Ng (number of γ angles)', { int: true, min: 2, max: LDT_LIMITS.maxGammaAngles });
  const dg = r.number('Dg (γ step)', { min: 0, max: 180 });
  if ((symmetry === 2 || symmetry === 3) && mc % 2 !== 0) r.fail(mcLine, 'Mc (number of C-planes)', `Isym ${symmetry} needs an even Mc, got ${mc}`);
  if ((symmetry === 3 || symmetry === 4) && mc % 4 !== 0) r.fail(mcLine, 'Mc (number of C-planes)', `Isym ${symmetry} needs Mc divisible by 4, got ${mc}`);
  if (symmetry !== 1 && dc > 0 && Math.abs(mc * dc - 360) > 1e-6 * 360) {
    r.fail(mcLine, 'Mc (number of C-planes)', `Mc × Dc = ${mc} × ${dc} = ${mc * dc}, not 360: the counts do not match`);
  }
  const measurementReport = r.text('line 8 measurement report number');
  const luminaireName = r.text('line 9 luminaire name');
  const luminaireNumber = r.text('line 10 luminaire number');
  const fileName = r.text('line 11 file name');
  const dateUser = r.text('line 12 date/user');
  const dimensionNames = [
    'line 13 luminaire length/diameter (mm)',
    'line 14 luminaire width (mm)',
    'line 15 luminaire height (mm)',
    'line 16 luminous area length/diameter (mm)',
    'line 17 luminous area width (mm)',
    'line 18 luminous area height C0 (mm)',
    'line 19 luminous area height C90 (mm)',
    'line 20 luminous area height C180 (mm)',
    'line 21 luminous area height C270 (mm)',
  ];
  const dimensionsMm = dimensionNames.map((n) => r.number(n, { min: 0 }));
  const downwardFluxFractionPct = r.number('line 22 downward flux fraction (%)', { min: 0, max: 100 });
  const lightOutputRatioPct = r.number('line 23 light output ratio LORL (%)', { min: 0, max: 100 });
  const conversionFactor = r.number('line 24 conversion factor for intensities', { minExclusive: 0 });
  const tiltDeg = r.number('line 25 tilt during measurement (°)', { min: -180, max: 180 });
  const nSets = r.number('line 26 number of lamp sets', { int: true, min: 1, max: LDT_LIMITS.maxLampSets });
  const lampSets: LdtLampSet[] = [];
  for (let s = 1; s <= nSets; s++) {
    const nlLine = r.lineNumber;
    const numberOfLamps = r.number(`lamp set ${s}: number of lamps`, { int: true });
    if (numberOfLamps === 0) r.fail(nlLine, `lamp set ${s}: number of lamps`, 'must not be 0');
    const lampType = r.text(`lamp set ${s}: lamp type`).trim();
    const fluxLine = r.lineNumber;
    const totalFluxLm = r.number(`lamp set ${s}: total luminous flux (lm)`);
    if (!(totalFluxLm > 0)) r.fail(fluxLine, `lamp set ${s}: total luminous flux (lm)`, `${totalFluxLm} lm: the flux must be positive`);
    const colourTemperature = r.text(`lamp set ${s}: colour temperature`).trim();
    const colourRendering = r.text(`lamp set ${s}: colour rendering`).trim();
    const wattageIncludingBallastW = r.number(`lamp set ${s}: wattage including ballast (W)`, { min: 0 });
    lampSets.push({ numberOfLamps, lampType, totalFluxLm, colourTemperature, colourRendering, wattageIncludingBallastW });
  }
  const directRatios: number[] = [];
  for (let k = 0; k < 10; k++) directRatios.push(r.number(`direct ratio ${k + 1} of 10`));

  const [mc1, mc2] = storedPlaneRange(symmetry, mc);
  const storedPlaneCount = mc2 - mc1 + 1;
  const cAnglesDeg: number[] = [];
  for (let k = 0; k < mc; k++) {
    const line = r.lineNumber;
    const field = `C angle ${k + 1} of Mc = ${mc}`;
    const c = r.number(field, { min: 0 });
    if (!(c < 360)) r.fail(line, field, `${c}° is outside 0..360`);
    if (k === 0 && c !== 0) r.fail(line, field, `the first C-plane must be 0°, got ${c}°`);
    if (k > 0 && !(c > cAnglesDeg[k - 1])) r.fail(line, field, `${c}° does not follow ${cAnglesDeg[k - 1]}°: angles out of order, or Mc = ${mc} does not match the data`);
    if (dc > 0 && symmetry !== 1 && Math.abs(c - k * dc) > 1e-3 * dc) r.fail(line, field, `${c}° is not ${k} × Dc = ${k * dc}°: Mc/Dc do not match the data`);
    cAnglesDeg.push(c);
  }
  checkSymmetryPlanes(r, isymLine, symmetry, mc, cAnglesDeg);
  const gammaAnglesDeg: number[] = [];
  for (let k = 0; k < ng; k++) {
    const line = r.lineNumber;
    const field = `γ angle ${k + 1} of Ng = ${ng}`;
    const g = r.number(field);
    if (g < 0 || g > 180) r.fail(line, field, `${g}° is outside 0..180: Ng = ${ng} may not match the data`);
    if (k > 0 && !(g > gammaAnglesDeg[k - 1])) r.fail(line, field, `${g}° does not follow ${gammaAnglesDeg[k - 1]}°: angles out of order, or Ng = ${ng} does not match the data`);
    if (dg > 0 && k > 0 && Math.abs(g - gammaAnglesDeg[k - 1] - dg) > 1e-3 * dg) r.fail(line, field, `step ${g - gammaAnglesDeg[k - 1]}° is not Dg = ${dg}°: Ng/Dg do not match the data`);
    gammaAnglesDeg.push(g);
  }

  const valueCount = storedPlaneCount * ng;
  if (r.remaining < valueCount) {
    // Say where the data runs out before allocating anything for it.
    const firstMissing = r.lineNumber + r.remaining;
    r.fail(firstMissing, `intensity ${r.remaining + 1} of ${valueCount}`, `the file ends at line ${firstMissing - 1}: truncated, or the counts (Isym ${symmetry} on line 3, Mc ${mc} on line 4, Ng ${ng} on line 6) do not match the data`);
  }
  const storedCdPerKlm = new Float64Array(valueCount);
  for (let p = 0; p < storedPlaneCount; p++) {
    const cIndex = (mc1 - 1 + p) % mc;
    for (let k = 0; k < ng; k++) {
      storedCdPerKlm[p * ng + k] = r.number(`intensity (cd/klm) at C ${cAnglesDeg[cIndex]}°, γ ${gammaAnglesDeg[k]}°`, { min: 0 });
    }
  }
  const extra = r.trailing();
  if (extra !== null) {
    r.fail(extra, 'after the intensities', `unexpected data: Mc = ${mc}, Ng = ${ng}, Isym = ${symmetry} say ${storedPlaneCount} × ${ng} intensities, the file has more`);
  }

  const header: LdtHeader = {
    company, typeIndicator, symmetry, cPlaneCount: mc, cPlaneStepDeg: dc, gammaCount: ng, gammaStepDeg: dg,
    measurementReport, luminaireName, luminaireNumber, fileName, dateUser, dimensionsMm,
    downwardFluxFractionPct, lightOutputRatioPct, conversionFactor, tiltDeg, lampSets, directRatios,
    cAnglesDeg, gammaAnglesDeg,
  };
  return { header, storedCdPerKlm, storedPlaneCount, photometry: photometryFromLdt(header, storedCdPerKlm, file) };
}

/** Parses an EULUMDAT file to absolute candelas. */
export function parseLdt(text: string, file = 'photometry.ldt'): Photometry {
  return readLdt(text, file).photometry;
}

function checkSymmetryPlanes(r: Lines, isymLine: number, isym: number, mc: number, c: number[]): void {
  const near = (i: number, v: number) => Math.abs(c[i] - v) < 1e-6;
  const ok =
    isym === 2 ? near(mc / 2, 180) :
    isym === 3 ? near(mc / 4, 90) && near((3 * mc) / 4, 270) :
    isym === 4 ? near(mc / 4, 90) :
    true;
  if (!ok) r.fail(isymLine, 'Isym (symmetry indicator)', `Isym ${isym} needs its mirror planes among the C angles (C-plane ${isym === 2 ? mc / 2 + 1 : mc / 4 + 1} should be ${isym === 2 ? 180 : 90}°)`);
}

/**
 * Absolute cd = cd/klm × (total flux of lamp set 1 / 1000) × conversion factor. The flux field
 * already totals the set's lamps, so the number of lamps is not multiplied again; a negative
 * number of lamps (absolute photometry) means that flux is the luminaire's, and the same formula holds.
 */
export function ldtCandelaScale(header: Pick<LdtHeader, 'lampSets' | 'conversionFactor'>): number {
  return (header.lampSets[0].totalFluxLm / 1000) * header.conversionFactor;
}

/** The absolute table of an EULUMDAT header and its stored planes (what parsing ends with). */
export function photometryFromLdt(
  h: Pick<LdtHeader, 'gammaCount' | 'symmetry' | 'cPlaneCount' | 'cAnglesDeg' | 'gammaAnglesDeg' | 'lampSets' | 'conversionFactor' | 'luminaireName' | 'luminaireNumber'>,
  stored: ArrayLike<number>,
  file: string,
): Photometry {
  const ng = h.gammaCount;
  const [mc1] = storedPlaneRange(h.symmetry, h.cPlaneCount);
  const sym = SYMMETRY_OF_ISYM[h.symmetry];
  const scale = ldtCandelaScale(h);
  const storedC: number[] = [];
  const rows: Float64Array[] = [];
  const n = stored.length / ng;
  for (let p = 0; p < n; p++) {
    const c = h.cAnglesDeg[(mc1 - 1 + p) % h.cPlaneCount];
    storedC.push(sym === 'c90-c270' && c > 180 ? c - 360 : c);
    const row = new Float64Array(ng);
    for (let k = 0; k < ng; k++) row[k] = stored[p * ng + k] * scale;
    rows.push(row);
  }
  const full = expandToFullCircle(sym, storedC, rows, ng);
  const set = h.lampSets[0];
  return makePhotometry({
    name: h.luminaireName.trim() || file,
    catalogueRef: h.luminaireNumber.trim(),
    source: file,
    format: 'ldt',
    lampLumens: set.totalFluxLm,
    inputPowerW: set.wattageIncludingBallastW,
    ratedPowerW: wattsInLampType(set.lampType) ?? set.wattageIncludingBallastW,
    cAnglesDeg: full.cAnglesDeg,
    gammaAnglesDeg: Float64Array.from(h.gammaAnglesDeg),
    candela: full.candela,
  });
}

/** What the writer needs: the header fields and the stored planes' cd/klm (already reduced). */
export interface LdtWriteInput extends Omit<LdtHeader, 'cAnglesDeg' | 'gammaAnglesDeg'> {
  cAnglesDeg: ArrayLike<number>;
  gammaAnglesDeg: ArrayLike<number>;
  storedCdPerKlm: ArrayLike<number>;
  /** Decimals written for intensities (the values should already be rounded to them). */
  intensityDecimals: number;
}

/** Serialises an EULUMDAT file (LF line ends; readers accept CRLF too). */
export function writeLdt(w: LdtWriteInput): string {
  const out: string[] = [];
  const num = (v: number, d = 3) => formatDecimal(v, d);
  out.push(w.company, String(w.typeIndicator), String(w.symmetry), String(w.cPlaneCount), num(w.cPlaneStepDeg));
  out.push(String(w.gammaCount), num(w.gammaStepDeg), w.measurementReport, w.luminaireName, w.luminaireNumber, w.fileName, w.dateUser);
  for (const d of w.dimensionsMm) out.push(num(d, 1));
  out.push(num(w.downwardFluxFractionPct, 2), num(w.lightOutputRatioPct, 2), num(w.conversionFactor, 4), num(w.tiltDeg, 1));
  out.push(String(w.lampSets.length));
  for (const s of w.lampSets) {
    out.push(String(s.numberOfLamps), s.lampType, num(s.totalFluxLm, 1), s.colourTemperature, s.colourRendering, num(s.wattageIncludingBallastW, 1));
  }
  for (const d of w.directRatios) out.push(num(d, 3));
  for (let i = 0; i < w.cAnglesDeg.length; i++) out.push(num(w.cAnglesDeg[i]));
  for (let i = 0; i < w.gammaAnglesDeg.length; i++) out.push(num(w.gammaAnglesDeg[i]));
  for (let i = 0; i < w.storedCdPerKlm.length; i++) out.push(num(w.storedCdPerKlm[i], w.intensityDecimals));
  return out.join('\n') + '\n';
}
