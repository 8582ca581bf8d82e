// The building table from builder input: footprints validated and closed rings opened,
// heights from data (height, levels) or estimated by use, commune by footprint centroid.

import type { BuildingTable } from './model.ts';
import { BuildingUse } from './model.ts';
import type { BuildingInput } from './builderInput.ts';

export const STOREY_HEIGHT_M = 3;
/** Estimated height (m) by use when the data gives neither height nor levels. */
export const DEFAULT_HEIGHT_BY_USE_M: Record<number, number> = {
  [BuildingUse.Unknown]: 7,
  [BuildingUse.Residential]: 7,
  [BuildingUse.Commercial]: 8,
  [BuildingUse.Industrial]: 9,
  [BuildingUse.Public]: 10,
  [BuildingUse.Office]: 12,
};

const MAX_HEIGHT_M = 1000;

export function buildBuildingTable(
  inputs: BuildingInput[],
  communeAt: (x: number, y: number) => number,
  report: Record<string, number>,
  /** Generated cities invent their heights: none of them counts as known from data. */
  heightsInvented = false,
): BuildingTable {
  const keep: { b: BuildingInput; n: number }[] = [];
  let points = 0;
  let bad = 0;
  for (const b of inputs) {
    let n = Math.floor(b.ringXYM.length / 2);
    if (n >= 2 && b.ringXYM[0] === b.ringXYM[2 * n - 2] && b.ringXYM[1] === b.ringXYM[2 * n - 1]) n--;
    let finite = true;
    for (let k = 0; k < 2 * n; k++) if (!Number.isFinite(b.ringXYM[k])) finite = false;
    if (n < 3 || !finite) {
      bad++;
      continue;
    }
    keep.push({ b, n });
    points += n;
  }
  if (bad) report.buildingsSkippedBadFootprint = (report.buildingsSkippedBadFootprint ?? 0) + bad;
  const count = keep.length;
  const t: BuildingTable = {
    count,
    ringStart: new Uint32Array(count + 1),
    ringXYM: new Float32Array(points * 2),
    heightM: new Float32Array(count),
    heightKnown: new Uint8Array(count),
    use: new Uint8Array(count),
    commune: new Uint16Array(count),
  };
  let p = 0;
  for (let i = 0; i < count; i++) {
    const { b, n } = keep[i];
    t.ringStart[i] = p;
    let cx = 0;
    let cy = 0;
    for (let k = 0; k < n; k++) {
      t.ringXYM[2 * (p + k)] = b.ringXYM[2 * k];
      t.ringXYM[2 * (p + k) + 1] = b.ringXYM[2 * k + 1];
      cx += b.ringXYM[2 * k];
      cy += b.ringXYM[2 * k + 1];
    }
    p += n;
    const use = b.use ?? BuildingUse.Unknown;
    t.use[i] = use;
    if (b.heightM !== undefined && Number.isFinite(b.heightM) && b.heightM > 0 && b.heightM < MAX_HEIGHT_M) {
      t.heightM[i] = b.heightM;
      t.heightKnown[i] = heightsInvented ? 0 : 1;
    } else if (b.levels !== undefined && Number.isFinite(b.levels) && b.levels > 0 && b.levels < 300) {
      t.heightM[i] = b.levels * STOREY_HEIGHT_M + 1;
      t.heightKnown[i] = heightsInvented ? 0 : 1;
    } else {
      t.heightM[i] = DEFAULT_HEIGHT_BY_USE_M[use] ?? DEFAULT_HEIGHT_BY_USE_M[BuildingUse.Unknown];
    }
    t.commune[i] = communeAt(cx / n, cy / n);
  }
  t.ringStart[count] = p;
  return t;
}
