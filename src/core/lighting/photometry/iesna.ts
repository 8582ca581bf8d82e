// IES LM-63 (1986/1991/1995/2002/2019) reader and writer for type C photometry: absolute candelas
// on a full C 0–360° table; every malformed value is a PhotometryError naming its line.

import {
  expandToFullCircle,
  makePhotometry,
  PhotometryError,
  wattsInLampType,
  type CSymmetry,
  type Photometry,
} from './photometry.ts';
import { formatDecimal, parseDecimal } from './numberText.ts';

/** Counts beyond these are refused before anything is allocated. */
export const IES_LIMITS = { maxAngles: 3601, maxTiltPairs: 1000, maxHeaderLines: 10_000 } as const;

export interface IesHeader {
  /** The first line ("IESNA:LM-63-2002"), or "LM-63-1986" when a file has none. */
  version: string;
  /** Keyword values by name without brackets ("LUMCAT"), first occurrence. */
  keywords: Record<string, string>;
  tilt: 'NONE' | 'INCLUDE';
  numberOfLamps: number;
  /** −1 for absolute photometry. */
  lumensPerLamp: number;
  candelaMultiplier: number;
  verticalCount: number;
  horizontalCount: number;
  photometricType: number;
  unitsType: number;
  widthLengthHeight: [number, number, number];
  ballastFactor: number;
  /** "Future use" in 2002, file generation type in 2019; the ballast-lamp photometric factor before. */
  secondFactor: number;
  inputWatts: number;
  verticalAnglesDeg: number[];
  horizontalAnglesDeg: number[];
}

export interface IesFile {
  header: IesHeader;
  /** The candela values as written (before multiplier and factors), per horizontal angle. */
  rawCandela: Float64Array;
  photometry: Photometry;
}

interface Token {
  text: string;
  line: number;
}

class Tokens {
  private i = 0;

  constructor(
    private readonly tokens: Token[],
    readonly file: string,
    private readonly lastLine: number,
  ) {}

  get remaining(): number {
    return this.tokens.length - this.i;
  }

  get line(): number {
    return this.i < this.tokens.length ? this.tokens[this.i].line : this.lastLine + 1;
  }

  fail(line: number, field: string, detail: string): never {
    throw new PhotometryError(this.file, line, field, detail);
  }

  number(field: string, o: { int?: boolean; min?: number; max?: number } = {}): number {
    if (this.i >= this.tokens.length) this.fail(this.lastLine + 1, field, `the file ends at line ${this.lastLine}: truncated`);
    const t = this.tokens[this.i++];
    const v = parseDecimal(t.text);
    if (v === null) this.fail(t.line, field, `"${t.text.length > 40 ? `${t.text.slice(0, 40)}…` : t.text}" is not a number`);
    if (o.int && !Number.isInteger(v)) this.fail(t.line, field, `${v} is not an integer`);
    if (o.min !== undefined && v < o.min) this.fail(t.line, field, `${v} is below ${o.min}`);
    if (o.max !== undefined && v > o.max) this.fail(t.line, field, `${v} is above ${o.max}`);
    return v;
  }

  lastLineRead(): number {
    return this.tokens[this.i - 1].line;
  }

  trailing(): Token | null {
    return this.i < this.tokens.length ? this.tokens[this.i] : null;
  }
}

function tokenize(lines: string[], from: number): { tokens: Token[]; lastLine: number } {
  const tokens: Token[] = [];
  let lastLine = from;
  for (let k = from; k < lines.length; k++) {
    for (const text of lines[k].split(/[\s,]+/)) {
      if (text !== '') {
        tokens.push({ text, line: k + 1 });
        lastLine = k + 1;
      }
    }
  }
  return { tokens, lastLine };
}

/** Reads an IES LM-63 file fully: header, raw values and the expanded absolute table. */
export function readIes(text: string, file = 'photometry.ies'): IesFile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const fail = (line: number, field: string, detail: string): never => {
    throw new PhotometryError(file, line, field, detail);
  };
  let k = 0;
  let version = 'LM-63-1986';
  if (/^\s*IES(NA)?\s*[:0-9]/i.test(lines[0] ?? '')) {
    version = lines[0].trim();
    k = 1;
  }
  const keywords: Record<string, string> = {};
  let lastKeyword = '';
  let tiltLine = -1;
  for (; k < lines.length && k < IES_LIMITS.maxHeaderLines; k++) {
    const line = lines[k].trim();
    if (/^TILT\s*=/i.test(line)) {
      tiltLine = k;
      break;
    }
    const m = /^\[([^\]]+)\]\s*(.*)$/.exec(line);
    if (m) {
      const key = m[1].trim().toUpperCase();
      if (key === 'MORE' && lastKeyword) keywords[lastKeyword] += ` ${m[2]}`;
      else if (!(key in keywords)) {
        keywords[key] = m[2];
        lastKeyword = key;
      }
    }
  }
  if (tiltLine < 0) fail(Math.min(lines.length, IES_LIMITS.maxHeaderLines) + 1, 'TILT=', 'no TILT= line: truncated, or not an IES LM-63 file');
  const tiltValue = lines[tiltLine].trim().replace(/^TILT\s*=\s*/i, '').trim();
  const tiltUpper = tiltValue.toUpperCase();
  if (tiltUpper !== 'NONE' && tiltUpper !== 'INCLUDE') {
    fail(tiltLine + 1, 'TILT=', `TILT=${tiltValue}: tilt data in a separate file is not supported (use TILT=NONE or TILT=INCLUDE)`);
  }
  const { tokens, lastLine } = tokenize(lines, tiltLine + 1);
  const t = new Tokens(tokens, file, lastLine);

  if (tiltUpper === 'INCLUDE') {
    // Read and checked, not applied: the twin mounts luminaires as they were measured.
    t.number('TILT=INCLUDE lamp-to-luminaire geometry', { int: true, min: 1, max: 3 });
    const pairs = t.number('TILT=INCLUDE number of tilt angles', { int: true, min: 1, max: IES_LIMITS.maxTiltPairs });
    let prev = -Infinity;
    for (let i = 0; i < pairs; i++) {
      const a = t.number(`tilt angle ${i + 1} of ${pairs}`, { min: 0, max: 180 });
      if (!(a > prev)) t.fail(t.lastLineRead(), `tilt angle ${i + 1} of ${pairs}`, `${a}° does not follow ${prev}°: out of order`);
      prev = a;
    }
    for (let i = 0; i < pairs; i++) t.number(`tilt multiplying factor ${i + 1} of ${pairs}`, { min: 0 });
  }

  const numberOfLamps = t.number('number of lamps', { int: true, min: 1 });
  const lumensPerLamp = t.number('lumens per lamp');
  if (lumensPerLamp !== -1 && !(lumensPerLamp > 0)) {
    t.fail(t.lastLineRead(), 'lumens per lamp', `${lumensPerLamp} lm: the flux must be positive (or −1 for absolute photometry)`);
  }
  const candelaMultiplier = t.number('candela multiplier');
  if (!(candelaMultiplier > 0)) t.fail(t.lastLineRead(), 'candela multiplier', `${candelaMultiplier} must be positive`);
  const verticalCount = t.number('number of vertical angles', { int: true, min: 2, max: IES_LIMITS.maxAngles });
  const horizontalCount = t.number('number of horizontal angles', { int: true, min: 1, max: IES_LIMITS.maxAngles });
  const photometricType = t.number('photometric type', { int: true, min: 1, max: 3 });
  if (photometricType !== 1) {
    t.fail(t.lastLineRead(), 'photometric type', `type ${photometricType === 2 ? 'B' : 'A'} photometry is not supported (road luminaires use type C = 1)`);
  }
  const unitsType = t.number('units type', { int: true, min: 1, max: 2 });
  const width = t.number('luminous opening width');
  const length = t.number('luminous opening length');
  const height = t.number('luminous opening height');
  const ballastFactor = t.number('ballast factor');
  if (!(ballastFactor > 0)) t.fail(t.lastLineRead(), 'ballast factor', `${ballastFactor} must be positive`);
  const secondFactor = t.number(/200[0-9]|201[0-9]/.test(version) ? 'future use / file generation type' : 'ballast-lamp photometric factor');
  const inputWatts = t.number('input watts', { min: 0 });

  const verticalAnglesDeg: number[] = [];
  for (let i = 0; i < verticalCount; i++) {
    const field = `vertical angle ${i + 1} of ${verticalCount}`;
    const v = t.number(field);
    if (v < 0 || v > 180) t.fail(t.lastLineRead(), field, `${v}° is outside 0..180: the vertical angle count may not match the data`);
    if (i > 0 && !(v > verticalAnglesDeg[i - 1])) t.fail(t.lastLineRead(), field, `${v}° does not follow ${verticalAnglesDeg[i - 1]}°: angles out of order, or the count ${verticalCount} does not match the data`);
    verticalAnglesDeg.push(v);
  }
  const horizontalAnglesDeg: number[] = [];
  for (let i = 0; i < horizontalCount; i++) {
    const field = `horizontal angle ${i + 1} of ${horizontalCount}`;
    const h = t.number(field);
    if (h < 0 || h > 360) t.fail(t.lastLineRead(), field, `${h}° is outside 0..360: the horizontal angle count may not match the data`);
    if (i > 0 && !(h > horizontalAnglesDeg[i - 1])) t.fail(t.lastLineRead(), field, `${h}° does not follow ${horizontalAnglesDeg[i - 1]}°: angles out of order, or the count ${horizontalCount} does not match the data`);
    horizontalAnglesDeg.push(h);
  }
  const sym: CSymmetry =
    horizontalSymmetry(horizontalAnglesDeg) ??
    t.fail(t.lastLineRead(), `horizontal angle ${horizontalCount} of ${horizontalCount}`, `angles ${horizontalAnglesDeg[0]}..${horizontalAnglesDeg[horizontalCount - 1]}° are not a type C range (0, 0–90, 0–180, 90–270 or 0–360)`);
  const valueCount = verticalCount * horizontalCount;
  if (t.remaining < valueCount) {
    t.fail(lastLine + 1, `candela value ${t.remaining + 1} of ${valueCount}`, `the file ends at line ${lastLine}: truncated, or the angle counts (${verticalCount} vertical × ${horizontalCount} horizontal) do not match the data`);
  }
  const rawCandela = new Float64Array(valueCount);
  for (let h = 0; h < horizontalCount; h++) {
    for (let v = 0; v < verticalCount; v++) {
      rawCandela[h * verticalCount + v] = t.number(`candela at horizontal ${horizontalAnglesDeg[h]}°, vertical ${verticalAnglesDeg[v]}°`, { min: 0 });
    }
  }
  const extra = t.trailing();
  if (extra) {
    t.fail(extra.line, 'after the candela values', `unexpected "${extra.text.slice(0, 40)}": the counts say ${horizontalCount} × ${verticalCount} values, the file has more`);
  }

  const header: IesHeader = {
    version, keywords, tilt: tiltUpper as 'NONE' | 'INCLUDE', numberOfLamps, lumensPerLamp, candelaMultiplier,
    verticalCount, horizontalCount, photometricType, unitsType, widthLengthHeight: [width, length, height],
    ballastFactor, secondFactor, inputWatts, verticalAnglesDeg, horizontalAnglesDeg,
  };
  return { header, rawCandela, photometry: iesPhotometry(header, rawCandela, sym, file) };
}

/** Parses an IES LM-63 file to absolute candelas. */
export function parseIes(text: string, file = 'photometry.ies'): Photometry {
  return readIes(text, file).photometry;
}

function horizontalSymmetry(h: number[]): CSymmetry | null {
  const first = h[0];
  const last = h[h.length - 1];
  if (h.length === 1) return first === 0 ? 'rotational' : null;
  if (first === 0 && last === 90) return 'quadrant';
  if (first === 0 && last === 180) return 'c0-c180';
  if (first === 90 && last === 270) return 'c90-c270';
  if (first === 0 && last > 180) return 'none';
  return null;
}

/**
 * Absolute cd = value × candela multiplier × ballast factor (× the ballast-lamp photometric factor
 * in files before LM-63-2002). The values are already absolute for the rated lamps; lumens per
 * lamp only records that rating (−1: absolute photometry, the luminaire flux is then the table's).
 */
export function iesCandelaScale(h: Pick<IesHeader, 'version' | 'candelaMultiplier' | 'ballastFactor' | 'secondFactor'>): number {
  const modern = /200[0-9]|201[0-9]/.test(h.version);
  return h.candelaMultiplier * h.ballastFactor * (modern ? 1 : h.secondFactor);
}

function iesPhotometry(h: IesHeader, raw: Float64Array, sym: CSymmetry, file: string): Photometry {
  const nv = h.verticalCount;
  const scale = iesCandelaScale(h);
  let storedC: number[] = [];
  let rows: Float64Array[] = [];
  for (let i = 0; i < h.horizontalCount; i++) {
    const row = new Float64Array(nv);
    for (let v = 0; v < nv; v++) row[v] = raw[i * nv + v] * scale;
    rows.push(row);
    storedC.push(h.horizontalAnglesDeg[i]);
  }
  if (sym === 'c90-c270') {
    // A plane at a ∈ 90..270 also shows 180 − a ∈ −90..90, the domain the expansion works in.
    storedC = storedC.map((a) => 180 - a).reverse();
    rows = rows.reverse();
  }
  const full = expandToFullCircle(sym, storedC, rows, nv);
  const p = makePhotometry({
    name: (h.keywords.LUMINAIRE ?? '').trim() || file,
    catalogueRef: (h.keywords.LUMCAT ?? '').trim(),
    source: file,
    format: 'ies',
    lampLumens: 0,
    inputPowerW: h.inputWatts,
    ratedPowerW: wattsInLampType(h.keywords.LAMP ?? '') ?? h.inputWatts,
    cAnglesDeg: full.cAnglesDeg,
    gammaAnglesDeg: Float64Array.from(h.verticalAnglesDeg),
    candela: full.candela,
  });
  p.lampLumens = h.lumensPerLamp > 0 ? h.lumensPerLamp * h.numberOfLamps : p.lumens;
  return p;
}

export interface IesWriteInput {
  keywords: [string, string][];
  numberOfLamps: number;
  lumensPerLamp: number;
  candelaMultiplier: number;
  photometricType: 1;
  unitsType: 1 | 2;
  widthLengthHeight: [number, number, number];
  ballastFactor: number;
  inputWatts: number;
  verticalAnglesDeg: ArrayLike<number>;
  horizontalAnglesDeg: ArrayLike<number>;
  /** Values as written, per horizontal angle (the multiplier turns them into cd). */
  values: ArrayLike<number>;
  valueDecimals: number;
}

/** Serialises an LM-63-2002 file with TILT=NONE (LF line ends, ten values a line). */
export function writeIes(w: IesWriteInput): string {
  const out: string[] = ['IESNA:LM-63-2002'];
  for (const [k, v] of w.keywords) out.push(`[${k}] ${v}`);
  out.push('TILT=NONE');
  const n = (v: number, d = 4) => formatDecimal(v, d);
  out.push([w.numberOfLamps, n(w.lumensPerLamp, 1), n(w.candelaMultiplier, 6), w.verticalAnglesDeg.length, w.horizontalAnglesDeg.length, w.photometricType, w.unitsType, ...w.widthLengthHeight.map((x) => n(x, 3))].join(' '));
  out.push(`${n(w.ballastFactor)} 1 ${n(w.inputWatts, 1)}`);
  const wrap = (values: ArrayLike<number>, d: number, from = 0, count = values.length) => {
    for (let i = 0; i < count; i += 10) {
      const row: string[] = [];
      for (let j = i; j < Math.min(count, i + 10); j++) row.push(n(values[from + j], d));
      out.push(row.join(' '));
    }
  };
  wrap(w.verticalAnglesDeg, 3);
  wrap(w.horizontalAnglesDeg, 3);
  const nv = w.verticalAnglesDeg.length;
  for (let h = 0; h < w.horizontalAnglesDeg.length; h++) wrap(w.values, w.valueDecimals, h * nv, nv);
  return out.join('\n') + '\n';
}
