// The luminous intensity table both photometric parsers produce (absolute candelas on a full
// C 0–360° × γ grid), its bilinear lookup, its flux integral, and the one error parsers throw.

/**
 * Angles follow the CIE C-γ system: γ = 0° points straight down (nadir), γ = 90° is horizontal,
 * γ = 180° straight up; C is the azimuth of the half-plane, increasing counterclockwise seen from
 * above. For a road lantern C = 0° runs along the road and C = 90° points across the carriageway
 * (the street side), C = 270° behind the pole (the house side).
 */
export interface Photometry {
  /** Luminaire name from the file (EULUMDAT line 9, IES [LUMINAIRE]). */
  name: string;
  /** Catalogue reference (EULUMDAT line 10, IES [LUMCAT]); the generic files carry their ref here. */
  catalogueRef: string;
  /** Where it came from: a file name, or the generator. */
  source: string;
  format: 'ldt' | 'ies';
  /** Total bare-lamp flux the table is rated for (lm); for absolute photometry, the luminaire flux. */
  lampLumens: number;
  /** Luminaire output flux (lm), integrated from the table, so both formats agree. */
  lumens: number;
  /** System power including control gear (W): EULUMDAT "wattage including ballast", IES input watts. */
  inputPowerW: number;
  /**
   * Nominal power of the rating (W): the lamp wattage named in the lamp type ("HPS 150 W") when
   * there is one, else the system power. Lamps of another rated power with the same optic get the
   * flux scaled by ratedPowerW ratio (see compliance options).
   */
  ratedPowerW: number;
  /** Ascending, first 0, last 360 (a copy of plane 0). */
  cAnglesDeg: Float64Array;
  /** Ascending, within 0..180. */
  gammaAnglesDeg: Float64Array;
  /** Absolute intensities (cd), c-major: candela[ci * gammaAnglesDeg.length + gi]. */
  candela: Float64Array;
  /** The constant step of cAnglesDeg / gammaAnglesDeg, or 0 when irregular (binary search then). */
  cStepDeg: number;
  gammaStepDeg: number;
}

/** Where a photometric file is wrong: the file, the 1-based line, and the field read there. */
export class PhotometryError extends Error {
  readonly file: string;
  readonly line: number;
  readonly field: string;

  constructor(file: string, line: number, field: string, detail: string) {
    super(`${file}:${line}: ${field}: ${detail}`);
    this.name = 'PhotometryError';
    this.file = file;
    this.line = line;
    this.field = field;
  }
}

function constantStep(a: Float64Array): number {
  if (a.length < 2) return 0;
  const step = a[1] - a[0];
  if (!(step > 0)) return 0;
  for (let i = 2; i < a.length; i++) if (Math.abs(a[i] - a[i - 1] - step) > 1e-9 * Math.max(1, step)) return 0;
  return step;
}

export interface PhotometryFields {
  name: string;
  catalogueRef: string;
  source: string;
  format: 'ldt' | 'ies';
  lampLumens: number;
  inputPowerW: number;
  ratedPowerW: number;
  cAnglesDeg: Float64Array;
  gammaAnglesDeg: Float64Array;
  candela: Float64Array;
}

/** Completes a full table (steps, integrated flux); callers guarantee the C range 0..360. */
export function makePhotometry(f: PhotometryFields): Photometry {
  const p: Photometry = {
    ...f,
    lumens: 0,
    cStepDeg: f.cAnglesDeg[0] === 0 ? constantStep(f.cAnglesDeg) : 0,
    gammaStepDeg: constantStep(f.gammaAnglesDeg),
  };
  p.lumens = integrateFluxLm(p);
  return p;
}

/** Index of the interval [a[i], a[i+1]] holding x (a ascending, a[0] ≤ x ≤ a[last]). */
function bracket(a: Float64Array, x: number, step: number): number {
  const last = a.length - 2;
  if (step > 0) {
    const i = Math.floor((x - a[0]) / step);
    return i < 0 ? 0 : i > last ? last : i;
  }
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Absolute intensity (cd) in direction (C, γ), bilinear in the table; 0 outside its γ range. */
export function intensityCd(p: Photometry, cDeg: number, gammaDeg: number): number {
  const g = p.gammaAnglesDeg;
  const ng = g.length;
  if (!(gammaDeg >= g[0] - 1e-9 && gammaDeg <= g[ng - 1] + 1e-9)) return 0;
  let c = cDeg % 360;
  if (c < 0) c += 360;
  const ca = p.cAnglesDeg;
  const ci = bracket(ca, c, p.cStepDeg);
  const tc = Math.min(1, Math.max(0, (c - ca[ci]) / (ca[ci + 1] - ca[ci])));
  if (ng === 1) return p.candela[ci] * (1 - tc) + p.candela[ci + 1] * tc;
  const gi = bracket(g, gammaDeg, p.gammaStepDeg);
  const tg = Math.min(1, Math.max(0, (gammaDeg - g[gi]) / (g[gi + 1] - g[gi])));
  const t = p.candela;
  const r0 = ci * ng + gi;
  const r1 = r0 + ng;
  const i0 = t[r0] + (t[r0 + 1] - t[r0]) * tg;
  const i1 = t[r1] + (t[r1 + 1] - t[r1]) * tg;
  return i0 + (i1 - i0) * tc;
}

/**
 * Luminous flux (lm) of the table: ∫∫ I sinγ dγ dC, each grid cell taking the mean of its four
 * corner intensities over its exact solid angle (cos γ0 − cos γ1)·ΔC.
 */
export function integrateFluxLm(p: Pick<Photometry, 'cAnglesDeg' | 'gammaAnglesDeg' | 'candela'>): number {
  const ca = p.cAnglesDeg;
  const g = p.gammaAnglesDeg;
  const ng = g.length;
  const t = p.candela;
  const rad = Math.PI / 180;
  let flux = 0;
  for (let ci = 0; ci + 1 < ca.length; ci++) {
    const dc = (ca[ci + 1] - ca[ci]) * rad;
    for (let gi = 0; gi + 1 < ng; gi++) {
      const k = ci * ng + gi;
      const mean = (t[k] + t[k + 1] + t[k + ng] + t[k + ng + 1]) / 4;
      flux += mean * (Math.cos(g[gi] * rad) - Math.cos(g[gi + 1] * rad)) * dc;
    }
  }
  return flux;
}

/** Largest intensity in the table (cd). */
export function peakIntensityCd(p: Photometry): number {
  let m = 0;
  for (let i = 0; i < p.candela.length; i++) if (p.candela[i] > m) m = p.candela[i];
  return m;
}

/**
 * The symmetry a stored set of C-planes carries. Both formats reduce to these:
 * EULUMDAT Isym 0–4, and IES horizontal-angle ranges (0 / 0–90 / 0–180 / 90–270 / 0–360).
 */
export type CSymmetry = 'none' | 'rotational' | 'c0-c180' | 'c90-c270' | 'quadrant';

/** The stored C angle whose plane shows direction c under the symmetry (signed for c90-c270). */
function foldC(sym: CSymmetry, c: number): number {
  let x = c % 360;
  if (x < 0) x += 360;
  switch (sym) {
    case 'none':
    case 'rotational':
      return x;
    case 'c0-c180':
      return x <= 180 ? x : 360 - x;
    case 'quadrant': {
      const h = x <= 180 ? x : 360 - x;
      return h <= 90 ? h : 180 - h;
    }
    case 'c90-c270': {
      // Mirror about the 90–270 plane: C ↦ 180 − C. Stored planes span −90..90 (270..360..90).
      const s = x > 180 ? x - 360 : x; // (−180, 180]
      if (s >= -90 && s <= 90) return s;
      return s > 0 ? 180 - s : -180 - s;
    }
  }
}

/**
 * Expands stored C-planes to a full 0..360 table. `storedC` are the planes' angles (for c90-c270
 * signed, −90..90; otherwise ascending from the first stored one), `rows` their intensities.
 * Target planes are every direction some stored plane shows, plus 0 and 360.
 */
export function expandToFullCircle(
  sym: CSymmetry,
  storedC: number[],
  rows: Float64Array[],
  ng: number,
): { cAnglesDeg: Float64Array; candela: Float64Array } {
  let targets: number[];
  if (sym === 'rotational') {
    targets = [0, 360];
  } else {
    const set = new Set<number>();
    const norm = (c: number) => Math.round((((c % 360) + 360) % 360) * 1e6) / 1e6;
    for (const a of storedC) for (const cand of [a, -a, 180 - a, 180 + a]) {
      const c = norm(cand);
      if (Math.abs(foldC(sym, c) - a) < 1e-6) set.add(c);
    }
    set.add(0);
    targets = [...set].sort((x, y) => x - y);
    targets.push(360);
  }
  // For 'none', the gap after the last stored plane wraps to plane 0 at 360.
  const sc = storedC.slice();
  const sr = rows.slice();
  if (sym === 'none' && sc[sc.length - 1] < 360) {
    sc.push(360);
    sr.push(rows[0]);
  }
  const candela = new Float64Array(targets.length * ng);
  for (let ti = 0; ti < targets.length; ti++) {
    const row = planeAt(sym, sc, sr, ti === targets.length - 1 ? 0 : targets[ti]);
    candela.set(row, ti * ng);
  }
  return { cAnglesDeg: Float64Array.from(targets), candela };
}

function planeAt(sym: CSymmetry, sc: number[], sr: Float64Array[], c: number): Float64Array {
  if (sym === 'rotational' || sc.length === 1) return sr[0];
  const f = foldC(sym, c);
  if (f <= sc[0]) return sr[0];
  for (let i = 0; i + 1 < sc.length; i++) {
    if (f <= sc[i + 1]) {
      if (Math.abs(f - sc[i + 1]) < 1e-6) return sr[i + 1];
      if (Math.abs(f - sc[i]) < 1e-6) return sr[i];
      const t = (f - sc[i]) / (sc[i + 1] - sc[i]);
      const out = new Float64Array(sr[i].length);
      for (let k = 0; k < out.length; k++) out[k] = sr[i][k] + (sr[i + 1][k] - sr[i][k]) * t;
      return out;
    }
  }
  return sr[sr.length - 1];
}

/** The lamp wattage a lamp-type text names ("HPS 150 W", "SON-T 70W"), or null. */
export function wattsInLampType(text: string): number | null {
  const m = /(\d+(?:[.,]\d+)?)\s*W\b/i.exec(text);
  if (!m) return null;
  const w = Number(m[1].replace(',', '.'));
  return w > 0 ? w : null;
}
