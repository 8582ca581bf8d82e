// EN 13201-2 lighting classes (M: luminance, P: illuminance, C: conflict areas) and their
// maintained minimums from DOMAIN.md; the lighting model checks compliance against these.

export enum LightingClass {
  M1 = 0, M2 = 1, M3 = 2, M4 = 3, M5 = 4, M6 = 5,
  P1 = 6, P2 = 7, P3 = 8, P4 = 9, P5 = 10, P6 = 11,
  C0 = 12, C1 = 13, C2 = 14, C3 = 15, C4 = 16, C5 = 17,
  None = 255,
}

export const LIGHTING_CLASS_NAMES = [
  'M1', 'M2', 'M3', 'M4', 'M5', 'M6',
  'P1', 'P2', 'P3', 'P4', 'P5', 'P6',
  'C0', 'C1', 'C2', 'C3', 'C4', 'C5',
] as const;

export interface LightingClassRequirement {
  name: string;
  /** M classes: average luminance (cd/m²) and uniformities; P and C classes: illuminance (lx). */
  kind: 'luminance' | 'illuminance';
  average: number;
  minimum: number | null;
  overallUniformityU0: number | null;
  longitudinalUniformityUl: number | null;
  thresholdIncrementMaxPct: number | null;
}

const M = (name: string, l: number, u0: number, ul: number, fti: number): LightingClassRequirement => ({
  name, kind: 'luminance', average: l, minimum: null, overallUniformityU0: u0, longitudinalUniformityUl: ul, thresholdIncrementMaxPct: fti,
});
const P = (name: string, e: number, emin: number): LightingClassRequirement => ({
  name, kind: 'illuminance', average: e, minimum: emin, overallUniformityU0: null, longitudinalUniformityUl: null, thresholdIncrementMaxPct: null,
});
const C = (name: string, e: number): LightingClassRequirement => ({
  name, kind: 'illuminance', average: e, minimum: null, overallUniformityU0: 0.4, longitudinalUniformityUl: null, thresholdIncrementMaxPct: null,
});

/** Indexed by LightingClass. */
export const LIGHTING_CLASS_REQUIREMENTS: readonly LightingClassRequirement[] = [
  M('M1', 2.0, 0.4, 0.7, 10), M('M2', 1.5, 0.4, 0.7, 10), M('M3', 1.0, 0.4, 0.6, 15),
  M('M4', 0.75, 0.4, 0.6, 15), M('M5', 0.5, 0.35, 0.4, 15), M('M6', 0.3, 0.35, 0.4, 20),
  P('P1', 15, 3.0), P('P2', 10, 2.0), P('P3', 7.5, 1.5), P('P4', 5.0, 1.0), P('P5', 3.0, 0.6), P('P6', 2.0, 0.4),
  C('C0', 50), C('C1', 30), C('C2', 20), C('C3', 15), C('C4', 10), C('C5', 7.5),
];

export function lightingClassName(c: number): string {
  return c === LightingClass.None ? 'none' : (LIGHTING_CLASS_NAMES[c] ?? 'none');
}
