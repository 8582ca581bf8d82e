// Splits skeleton lines where they enter or leave a built-up area or change commune, so each
// piece is lit only inside towns and named like a French road ("Avenue de X" / "Route de X").

import { ROAD_CLASS_DEFAULTS, isMajorRoad } from '../roadClass.ts';
import { cumulativeLengthsM, pointAtM, splitAtM, type XY } from './geometry.ts';
import { isBuiltUp, ownerAt, type CommuneLayout } from './communeLayout.ts';
import type { GenRoad } from './genRoad.ts';
import type { SkeletonLine } from './skeleton.ts';
import { routeName } from './streetNames.ts';

const SAMPLE_STEP_M = 20;
/** Pieces shorter than this do not get their own zone (avoids slivers at grazing edges). */
const MIN_PIECE_M = 40;

interface Zone {
  owner: number;
  builtUp: boolean;
}

function zoneAt(layout: CommuneLayout, x: number, y: number): Zone {
  const owner = ownerAt(layout.sites, x, y);
  return { owner, builtUp: isBuiltUp(layout.sites, x, y, owner) };
}

const sameZone = (a: Zone, b: Zone) => a.owner === b.owner && a.builtUp === b.builtUp;

/** Arc lengths where the zone changes along the line, refined by bisection to ~0.1 m. */
function zoneBreaks(layout: CommuneLayout, xy: XY, cum: number[]): number[] {
  const total = cum[cum.length - 1];
  const breaks: number[] = [];
  let prevS = 0;
  let prev = zoneAt(layout, xy[0], xy[1]);
  const n = Math.max(1, Math.ceil(total / SAMPLE_STEP_M));
  for (let i = 1; i <= n; i++) {
    const s = (total * i) / n;
    const [x, y] = pointAtM(xy, cum, s);
    const z = zoneAt(layout, x, y);
    if (!sameZone(z, prev)) {
      let lo = prevS;
      let hi = s;
      while (hi - lo > 0.1) {
        const mid = (lo + hi) / 2;
        const [mx, my] = pointAtM(xy, cum, mid);
        if (sameZone(zoneAt(layout, mx, my), prev)) lo = mid;
        else hi = mid;
      }
      breaks.push((lo + hi) / 2);
    }
    prev = z;
    prevS = s;
  }
  // Drop breaks that would leave a sliver piece.
  const kept: number[] = [];
  for (const b of breaks) {
    const last = kept.length ? kept[kept.length - 1] : 0;
    if (b - last >= MIN_PIECE_M && total - b >= MIN_PIECE_M) kept.push(b);
  }
  return kept;
}

export function splitSkeletonLine(layout: CommuneLayout, line: SkeletonLine): GenRoad[] {
  if (line.name !== undefined) {
    return [{ xy: line.xy, roadClass: line.roadClass, kind: line.kind, name: line.name, lit: line.lit ?? true }];
  }
  const cum = cumulativeLengthsM(line.xy);
  const total = cum[cum.length - 1];
  const pieces = splitAtM(line.xy, zoneBreaks(layout, line.xy, cum));
  const out: GenRoad[] = [];
  let s0 = 0;
  const from = line.fromCommune ?? layout.city;
  const to = line.toCommune ?? layout.city;
  const major = isMajorRoad(line.roadClass);
  for (const xy of pieces) {
    const pcum = cumulativeLengthsM(xy);
    const len = pcum[pcum.length - 1];
    const [mx, my] = pointAtM(xy, pcum, len / 2);
    const z = zoneAt(layout, mx, my);
    const midS = s0 + len / 2;
    // Named after the far end: in town `to` (or beyond half-way) the road leads back to `from`.
    const towardsFrom = z.builtUp ? z.owner === to : midS > total / 2;
    const destination = layout.sites[towardsFrom ? from : to].fact.name;
    out.push({
      xy,
      roadClass: line.roadClass,
      kind: line.kind,
      name: routeName(destination, z.builtUp, major),
      lit: z.builtUp && ROAD_CLASS_DEFAULTS[line.roadClass].litInTown,
    });
    s0 += len;
  }
  return out;
}
