// SUMO input written from a CityModel and a cross-check case: plain XML nodes and edges for
// netconvert, routes and flows, the fixed-time programs (from the built net's link indices), detectors.

import type { CityModel } from '../core/city/model.ts';
import { type CrossCheckCase, type FixedPlan, fastestRoute, type VehicleSpec } from './crossCheckCase.ts';

/** Which car-following model the SUMO run uses: the twin's IDM parameters, or SUMO's own defaults. */
export type SumoModel = 'idm' | 'krauss-default';

export const nodeId = (n: number): string => `n${n}`;
export const edgeId = (l: number): string => `l${l}`;
export const laneId = (l: number, lane: number): string => `l${l}_${lane}`;
/** The city link of a SUMO edge id, or -1 for internal and foreign edges. */
export const linkOfEdge = (id: string): number => (/^l\d+$/.test(id) ? Number(id.slice(1)) : -1);

const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2));
const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** .nod.xml: every city node, as a static traffic light where the city has a signal. */
export function nodesXml(city: CityModel): string {
  const lines = ['<nodes>'];
  const { count, xM, yM, intersection } = city.nodes;
  for (let n = 0; n < count; n++) {
    const i = intersection[n];
    const type = i < 0 ? '' : city.intersections.signalised[i] ? ' type="traffic_light" tlType="static"' : ' type="priority"';
    lines.push(`  <node id="${nodeId(n)}" x="${num(xM[n])}" y="${num(yM[n])}"${type}/>`);
  }
  lines.push('</nodes>', '');
  return lines.join('\n');
}

/** .edg.xml: every directed link with its lanes, speed (m/s), shape and a priority by road class. */
export function edgesXml(city: CityModel): string {
  const lines = ['<edges>'];
  const { count, fromNode, toNode, lanes, speedLimitKph, roadClass, shapeStart, shapeXYM } = city.links;
  for (let l = 0; l < count; l++) {
    const shape: string[] = [];
    for (let p = shapeStart[l]; p < shapeStart[l + 1]; p++) shape.push(`${num(shapeXYM[2 * p])},${num(shapeXYM[2 * p + 1])}`);
    const speedMps = speedLimitKph[l] / 3.6;
    lines.push(
      `  <edge id="${edgeId(l)}" from="${nodeId(fromNode[l])}" to="${nodeId(toNode[l])}" numLanes="${lanes[l]}" speed="${speedMps.toFixed(3)}" priority="${10 - roadClass[l]}" shape="${shape.join(' ')}"/>`,
    );
  }
  lines.push('</edges>', '');
  return lines.join('\n');
}

/** The netconvert arguments that build `net` from the plain files, keeping the city's coordinates. */
export function netconvertArgs(nodFile: string, edgFile: string, netFile: string): string[] {
  return [
    '--node-files', nodFile,
    '--edge-files', edgFile,
    '--output-file', netFile,
    '--offset.disable-normalization', 'true',
    '--no-turnarounds', 'true',
    '--tls.default-type', 'static',
    '--no-warnings', 'true',
    '--xml-validation', 'never',
  ];
}

/** One signal-controlled connection of the built net. */
export interface TlsConnection {
  tl: string;
  linkIndex: number;
  fromLink: number;
  toLink: number;
  /** SUMO's direction: s straight, r/R right, l/L left, t turnaround. */
  dir: string;
}

/** A lane-to-lane connection between city links through a junction, with its internal lane. */
export interface LaneConnection {
  fromLink: number;
  fromLane: number;
  toLink: number;
  /** The internal lane that starts at the stop line ('' when the net has no internal lanes). */
  via: string;
}

/** .rou.xml: the vehicle types and one flow per case flow on its fastest route, sorted by begin. */
export function routesXml(c: CrossCheckCase, model: SumoModel): string {
  const lines = ['<routes>'];
  if (model === 'idm') {
    // speedDev 0: every vehicle wants the speed limit, as the twin's v0; stepping 1: one IDM
    // evaluation per 1 s step, as the twin's ballistic update.
    const idm = (v: VehicleSpec) =>
      `length="${v.lengthM}" carFollowModel="IDM" accel="${v.accelMps2}" decel="${v.decelMps2}" tau="${v.timeHeadwayS}" minGap="${v.minGapM}" delta="${v.delta}" stepping="1" speedDev="0"`;
    lines.push(`  <vType id="car" vClass="passenger" ${idm(c.vehicles.car)}/>`);
    lines.push(`  <vType id="bus" vClass="bus" ${idm(c.vehicles.bus)}/>`);
  } else {
    lines.push('  <vType id="car" vClass="passenger"/>', '  <vType id="bus" vClass="bus"/>');
  }
  const routeIds = new Map<string, string>();
  const flows = c.flows
    .map((f, i) => ({ f, i, beginS: f.beginS ?? 0, endS: Math.min(f.endS ?? c.durationS, c.durationS) }))
    .filter((x) => x.f.vehPerHour > 0 && x.endS > x.beginS)
    .sort((a, b) => a.beginS - b.beginS || a.i - b.i);
  const routeOf = new Map<number, string>();
  for (const { f, i } of flows) {
    const edges = (f.routeLinks ?? fastestRoute(c.city, f.fromNode, f.toNode)).map(edgeId).join(' ');
    let id = routeIds.get(edges);
    if (id === undefined) {
      id = `r${routeIds.size}`;
      routeIds.set(edges, id);
      lines.push(`  <route id="${id}" edges="${edges}"/>`);
    }
    routeOf.set(i, id);
  }
  for (const { f, i, beginS, endS } of flows) {
    lines.push(
      `  <flow id="f${i}" type="${f.vehicleType ?? 'car'}" route="${routeOf.get(i)}" begin="${beginS}" end="${endS}" vehsPerHour="${f.vehPerHour}" departLane="best" departSpeed="max" departPos="base"/>`,
    );
  }
  lines.push('</routes>', '');
  return lines.join('\n');
}

/** The state strings of a plan's phases (green, amber, all-red per stage) for one traffic light. */
export function planPhases(plan: FixedPlan, connections: TlsConnection[]): { durationS: number; state: string }[] {
  const size = connections.reduce((m, k) => Math.max(m, k.linkIndex + 1), 0);
  const phases: { durationS: number; state: string }[] = [];
  for (const stage of plan.stages) {
    const green = new Set(stage.approachLinks);
    const g = Array<string>(size).fill('r');
    const y = Array<string>(size).fill('r');
    for (const k of connections) {
      if (!green.has(k.fromLink)) continue;
      // Turns across the opposing flow yield (SUMO 'g'); straight and right turns have priority.
      g[k.linkIndex] = k.dir === 'l' || k.dir === 'L' || k.dir === 't' ? 'g' : 'G';
      y[k.linkIndex] = 'y';
    }
    phases.push({ durationS: stage.greenS, state: g.join('') });
    if (plan.amberS > 0) phases.push({ durationS: plan.amberS, state: y.join('') });
    if (plan.allRedS > 0) phases.push({ durationS: plan.allRedS, state: 'r'.repeat(size) });
  }
  const sum = phases.reduce((s, p) => s + p.durationS, 0);
  if (Math.abs(sum - plan.cycleS) > 1e-6) throw new Error(`plan phases sum to ${sum} s, not its cycle of ${plan.cycleS} s`);
  return phases;
}

/** An additional file with a 'twin' program per signal (it replaces netconvert's default program). */
export function tlsProgramsXml(c: CrossCheckCase, connections: TlsConnection[]): string {
  const lines = ['<additional>'];
  for (const s of c.signals) {
    const tl = nodeId(c.city.intersections.node[s.intersection]);
    const mine = connections.filter((k) => k.tl === tl);
    if (!mine.length) throw new Error(`the built net has no traffic light ${tl}`);
    // SUMO's cycle position at time t is (t − offset) mod cycle, as the plan's.
    lines.push(`  <tlLogic id="${tl}" programID="twin" offset="${num(s.plan.offsetS)}" type="static">`);
    for (const p of planPhases(s.plan, mine)) lines.push(`    <phase duration="${num(p.durationS)}" state="${p.state}"/>`);
    lines.push('  </tlLogic>');
  }
  lines.push('</additional>', '');
  return lines.join('\n');
}

/**
 * Instant induction loops 0.5 m past the stop line of every lane of the given links: on the internal
 * lane of each of the lane's connections (a loop before the line would see the first queued car,
 * which stops with its front on it). Ids are `stop_<lane>_<k>`.
 */
export function stopLineDetectorsXml(links: number[], connections: LaneConnection[], outFile: string): string {
  const lines = ['<additional>'];
  const wanted = new Set(links);
  const perLane = new Map<string, number>();
  for (const k of connections) {
    if (!wanted.has(k.fromLink)) continue;
    if (!k.via) throw new Error(`connection from link ${k.fromLink} has no internal lane: build the net with internal links`);
    const lane = laneId(k.fromLink, k.fromLane);
    const n = perLane.get(lane) ?? 0;
    perLane.set(lane, n + 1);
    lines.push(`  <instantInductionLoop id="stop_${lane}_${n}" lane="${escapeXml(k.via)}" pos="0.5" friendlyPos="true" file="${escapeXml(outFile)}"/>`);
  }
  lines.push('</additional>', '');
  return lines.join('\n');
}

/** The stop-line detector ids of one approach lane (one per connection of that lane). */
export const stopLineDetectorPrefix = (link: number, lane: number): string => `stop_${laneId(link, lane)}_`;
