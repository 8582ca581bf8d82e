// Small hand-written photometric files for tests: an EULUMDAT and an IES text built line by line
// from a few known values, so tests can compute expected candelas by hand and corrupt any line.

export interface TinyLdt {
  isym: number;
  mc: number;
  dc: number;
  ng: number;
  dg: number;
  numberOfLamps: number;
  fluxLm: number;
  lampType: string;
  wattageW: number;
  conversionFactor: number;
  cAngles: number[];
  gammas: number[];
  /** Stored planes × Ng values (cd/klm), plane-major. */
  cdPerKlm: number[];
}

export const TINY_LDT: TinyLdt = {
  isym: 1,
  mc: 1,
  dc: 0,
  ng: 4,
  dg: 30,
  numberOfLamps: 1,
  fluxLm: 2000,
  lampType: 'test lamp',
  wattageW: 20,
  conversionFactor: 1,
  cAngles: [0],
  gammas: [0, 30, 60, 90],
  cdPerKlm: [300, 240, 120, 0],
};

/** 1-based line of the first C angle in a file with one lamp set: 26 header + 6 lamp set + 10 ratios + 1. */
export const LDT_FIRST_C_ANGLE_LINE = 43;

/** The lines of an EULUMDAT file (one lamp set). */
export function tinyLdtLines(o: Partial<TinyLdt> = {}): string[] {
  const f = { ...TINY_LDT, ...o };
  return [
    'test company',
    '1',
    String(f.isym),
    String(f.mc),
    String(f.dc),
    String(f.ng),
    String(f.dg),
    'report',
    'tiny test luminaire',
    'TINY-1',
    'tiny.ldt',
    'test',
    '100', '100', '50', '80', '80', '0', '0', '0', '0',
    '100',
    '80',
    String(f.conversionFactor),
    '0',
    '1',
    String(f.numberOfLamps),
    f.lampType,
    String(f.fluxLm),
    '3000K',
    '80',
    String(f.wattageW),
    '0', '0', '0', '0', '0', '0', '0', '0', '0', '0',
    ...f.cAngles.map(String),
    ...f.gammas.map(String),
    ...f.cdPerKlm.map(String),
  ];
}

export function tinyLdtText(o: Partial<TinyLdt> = {}): string {
  return tinyLdtLines(o).join('\n') + '\n';
}

export interface TinyIes {
  header: string;
  tilt: string[];
  lamps: number;
  lumensPerLamp: number;
  multiplier: number;
  photometricType: number;
  ballastFactor: number;
  secondFactor: number;
  inputWatts: number;
  vertical: number[];
  horizontal: number[];
  /** Per horizontal angle, vertical values. */
  candela: number[];
}

export const TINY_IES: TinyIes = {
  header: 'IESNA:LM-63-2002',
  tilt: ['TILT=NONE'],
  lamps: 1,
  lumensPerLamp: 1000,
  multiplier: 2,
  photometricType: 1,
  ballastFactor: 1,
  secondFactor: 1,
  inputWatts: 20,
  vertical: [0, 30, 60, 90],
  horizontal: [0],
  candela: [300, 240, 120, 0],
};

/** The lines of an IES file: header, 2 keywords, TILT, two parameter lines, angles, values. */
export function tinyIesLines(o: Partial<TinyIes> = {}): string[] {
  const f = { ...TINY_IES, ...o };
  const nv = f.vertical.length;
  const rows: string[] = [];
  for (let h = 0; h < f.horizontal.length; h++) rows.push(f.candela.slice(h * nv, h * nv + nv).join(' '));
  return [
    f.header,
    '[TEST] tiny',
    '[LUMCAT] TINY-IES',
    ...f.tilt,
    `${f.lamps} ${f.lumensPerLamp} ${f.multiplier} ${nv} ${f.horizontal.length} ${f.photometricType} 2 0.1 0.1 0.05`,
    `${f.ballastFactor} ${f.secondFactor} ${f.inputWatts}`,
    f.vertical.join(' '),
    f.horizontal.join(' '),
    ...rows,
  ];
}

export function tinyIesText(o: Partial<TinyIes> = {}): string {
  return tinyIesLines(o).join('\n') + '\n';
}
