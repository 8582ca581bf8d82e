// The road network as traffic sees it, compiled once from the read-only city: drivable links with
// their lanes, node adjacency, turn directions, signal approaches and priority ranks at junctions.

import { LinkFlag, type CityModel } from '../city/model.ts';
import { RoadClass } from '../city/roadClass.ts';

export enum Turn {
  Straight = 0,
  Left = 1,
  Right = 2,
  UTurn = 3,
}

export interface TrafficNetwork {
  city: CityModel;
  nodeCount: number;
  linkCount: number;
  /** 1 when cars may use the link (pedestrian ways and zero-length links are not drivable). */
  drivable: Uint8Array;
  lengthM: Float64Array;
  speedLimitMps: Float64Array;
  freeFlowS: Float64Array;
  /** Lanes of link l: [laneStart[l], laneStart[l+1]); lane 0 of a link is its rightmost. */
  laneStart: Uint32Array;
  laneCount: number;
  laneLink: Uint32Array;
  /** Outgoing drivable links of node n: outLinks[outStart[n] .. outStart[n+1]). */
  outStart: Uint32Array;
  outLinks: Uint32Array;
  inStart: Uint32Array;
  inLinks: Uint32Array;
  /** Heading (radians, east = 0, counter-clockwise) at the end and at the start of each link. */
  endHeading: Float64Array;
  startHeading: Float64Array;
  /** Signal approach index (global, into the signal table's approachLinks) of each link, or -1. */
  approachOfLink: Int32Array;
  /** Priority rank of a link at its end node (0 = the best class arriving there); yields when > 0. */
  yieldsAtEnd: Uint8Array;
  /** Per node: 1 when every arriving link has the same class (priority to the right applies). */
  equalPriority: Uint8Array;
  /** Links with zero or negative length met while compiling (counted, not driven). */
  zeroLengthLinks: number;
}

function headingOf(xy: Float32Array, i0: number, i1: number): number {
  return Math.atan2(xy[2 * i1 + 1] - xy[2 * i0 + 1], xy[2 * i1] - xy[2 * i0]);
}

/** Angle from a to b in (-π, π]. */
export function angleBetween(a: number, b: number): number {
  let d = b - a;
  while (d <= -Math.PI) d += 2 * Math.PI;
  while (d > Math.PI) d -= 2 * Math.PI;
  return d;
}

export function turnOf(net: TrafficNetwork, inLink: number, outLink: number): Turn {
  const city = net.city;
  if (city.links.reverse[inLink] === outLink) return Turn.UTurn;
  const d = angleBetween(net.endHeading[inLink], net.startHeading[outLink]);
  const ad = Math.abs(d);
  if (ad > (165 * Math.PI) / 180) return Turn.UTurn;
  if (ad < (35 * Math.PI) / 180) return Turn.Straight;
  return d > 0 ? Turn.Left : Turn.Right;
}

export function compileNetwork(city: CityModel): TrafficNetwork {
  const L = city.links;
  const nodeCount = city.nodes.count;
  const drivable = new Uint8Array(L.count);
  const lengthM = new Float64Array(L.count);
  const speedLimitMps = new Float64Array(L.count);
  const freeFlowS = new Float64Array(L.count);
  const laneStart = new Uint32Array(L.count + 1);
  const endHeading = new Float64Array(L.count);
  const startHeading = new Float64Array(L.count);
  let zeroLengthLinks = 0;
  for (let l = 0; l < L.count; l++) {
    const len = L.lengthM[l];
    const ok = L.roadClass[l] !== RoadClass.Pedestrian && Number.isFinite(len) && len > 0.5;
    if (!(len > 0.5)) zeroLengthLinks++;
    drivable[l] = ok ? 1 : 0;
    lengthM[l] = ok ? len : 0;
    speedLimitMps[l] = Math.max(5, L.speedLimitKph[l]) / 3.6;
    freeFlowS[l] = ok ? len / speedLimitMps[l] : 0;
    laneStart[l + 1] = laneStart[l] + (ok ? Math.max(1, Math.min(6, L.lanes[l] || 1)) : 0);
    const s0 = L.shapeStart[l];
    const s1 = L.shapeStart[l + 1] - 1;
    startHeading[l] = headingOf(L.shapeXYM, s0, s0 + 1);
    endHeading[l] = headingOf(L.shapeXYM, s1 - 1, s1);
  }
  const laneCount = laneStart[L.count];
  const laneLink = new Uint32Array(laneCount);
  for (let l = 0; l < L.count; l++) for (let k = laneStart[l]; k < laneStart[l + 1]; k++) laneLink[k] = l;

  const outStart = new Uint32Array(nodeCount + 1);
  const inStart = new Uint32Array(nodeCount + 1);
  for (let l = 0; l < L.count; l++) {
    if (!drivable[l]) continue;
    outStart[L.fromNode[l] + 1]++;
    inStart[L.toNode[l] + 1]++;
  }
  for (let n = 0; n < nodeCount; n++) {
    outStart[n + 1] += outStart[n];
    inStart[n + 1] += inStart[n];
  }
  const outLinks = new Uint32Array(outStart[nodeCount]);
  const inLinks = new Uint32Array(inStart[nodeCount]);
  const oFill = outStart.slice(0, nodeCount);
  const iFill = inStart.slice(0, nodeCount);
  for (let l = 0; l < L.count; l++) {
    if (!drivable[l]) continue;
    outLinks[oFill[L.fromNode[l]]++] = l;
    inLinks[iFill[L.toNode[l]]++] = l;
  }

  const approachOfLink = new Int32Array(L.count).fill(-1);
  const S = city.signals;
  for (let s = 0; s < S.count; s++) for (let a = S.approachStart[s]; a < S.approachStart[s + 1]; a++) approachOfLink[S.approachLinks[a]] = a;

  const yieldsAtEnd = new Uint8Array(L.count);
  const equalPriority = new Uint8Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) {
    let best = 255;
    let worst = 0;
    for (let k = inStart[n]; k < inStart[n + 1]; k++) {
      const c = L.roadClass[inLinks[k]];
      best = Math.min(best, c);
      worst = Math.max(worst, c);
    }
    const arms = inStart[n + 1] - inStart[n];
    // At a roundabout, traffic on the ring has priority and every entry gives way, whatever the classes.
    let ring = false;
    for (let k = inStart[n]; k < inStart[n + 1]; k++) if (L.flags[inLinks[k]] & LinkFlag.Roundabout) ring = true;
    if (ring) {
      for (let k = inStart[n]; k < inStart[n + 1]; k++) yieldsAtEnd[inLinks[k]] = L.flags[inLinks[k]] & LinkFlag.Roundabout ? 0 : 1;
      continue;
    }
    equalPriority[n] = arms >= 3 && best === worst ? 1 : 0;
    for (let k = inStart[n]; k < inStart[n + 1]; k++) yieldsAtEnd[inLinks[k]] = L.roadClass[inLinks[k]] > best ? 1 : 0;
  }
  return {
    city,
    nodeCount,
    linkCount: L.count,
    drivable,
    lengthM,
    speedLimitMps,
    freeFlowS,
    laneStart,
    laneCount,
    laneLink,
    outStart,
    outLinks,
    inStart,
    inLinks,
    endHeading,
    startHeading,
    approachOfLink,
    yieldsAtEnd,
    equalPriority,
    zeroLengthLinks,
  };
}
