import { describe, expect, it } from 'vitest';
import { approachesByAxis, linkBetween, signalisedCorridor } from '../core/traffic/testing/testNetworks.ts';
import { type CrossCheckCase, fastestRoute, greenWindows, twoStagePlan } from './crossCheckCase.ts';
import { edgeId, edgesXml, nodesXml, planPhases, routesXml, stopLineDetectorsXml, type TlsConnection, tlsProgramsXml } from './sumoNetwork.ts';

const net = signalisedCorridor();
const { city, nodes } = net;
const [ew, ns] = approachesByAxis(city, net.signalised[0]);
const plan = twoStagePlan(ew, ns, 40, 20);
const kase: CrossCheckCase = {
  name: 'corridor',
  city,
  durationS: 600,
  flows: [
    { fromNode: nodes.west, toNode: nodes.east, vehPerHour: 600, beginS: 60 },
    { fromNode: nodes.n1, toNode: nodes.s1, vehPerHour: 200, vehicleType: 'bus' },
  ],
  signals: [{ intersection: net.signalised[0], plan }],
  vehicles: {
    car: { accelMps2: 1.5, decelMps2: 2, timeHeadwayS: 1.2, minGapM: 2, delta: 4, lengthM: 5 },
    bus: { accelMps2: 1, decelMps2: 1.5, timeHeadwayS: 1.5, minGapM: 2.5, delta: 4, lengthM: 12 },
  },
};

describe('plain XML for netconvert', () => {
  it('writes every node, signalised crossings as static traffic lights', () => {
    const xml = nodesXml(city);
    expect(xml.match(/<node /g)).toHaveLength(city.nodes.count);
    expect(xml.match(/type="traffic_light" tlType="static"/g)).toHaveLength(3);
    expect(xml).toContain(`<node id="n${nodes.west}" x="0" y="0"/>`);
  });

  it('writes every directed link with lanes, speed in m/s and its shape', () => {
    const xml = edgesXml(city);
    expect(xml.match(/<edge /g)).toHaveLength(city.links.count);
    const l = linkBetween(city, nodes.west, nodes.c1);
    expect(xml).toContain(`<edge id="${edgeId(l)}" from="n${nodes.west}" to="n${nodes.c1}" numLanes="1" speed="13.889" priority="8" shape="0,0 375,0"/>`);
  });
});

describe('routes', () => {
  it('finds the straight route along the arterial', () => {
    const r = fastestRoute(city, nodes.west, nodes.east);
    expect(r).toHaveLength(4);
    expect(r[0]).toBe(linkBetween(city, nodes.west, nodes.c1));
    expect(r[3]).toBe(linkBetween(city, nodes.c3, nodes.east));
  });

  it('writes IDM types with the twin parameters, flows sorted by begin on their routes', () => {
    const xml = routesXml(kase, 'idm');
    expect(xml).toContain('<vType id="car" vClass="passenger" length="5" carFollowModel="IDM" accel="1.5" decel="2" tau="1.2" minGap="2" delta="4" stepping="1" speedDev="0"/>');
    expect(xml).toContain('<vType id="bus" vClass="bus" length="12" carFollowModel="IDM" accel="1" decel="1.5" tau="1.5" minGap="2.5" delta="4"');
    const flows = [...xml.matchAll(/<flow id="(f\d+)" type="(\w+)"[^>]*begin="(\d+)" end="(\d+)" vehsPerHour="(\d+)"/g)].map((m) => m.slice(1));
    expect(flows).toEqual([
      ['f1', 'bus', '0', '600', '200'],
      ['f0', 'car', '60', '600', '600'],
    ]);
  });

  it("leaves SUMO's default types alone for the reference run", () => {
    const xml = routesXml(kase, 'krauss-default');
    expect(xml).toContain('<vType id="car" vClass="passenger"/>');
    expect(xml).not.toContain('IDM');
  });
});

describe('signal programs', () => {
  // Two approaches of the first crossing, as the built net would list them.
  const conns: TlsConnection[] = [
    { tl: `n${nodes.c1}`, linkIndex: 0, fromLink: ns[0], toLink: 0, dir: 's' },
    { tl: `n${nodes.c1}`, linkIndex: 1, fromLink: ns[0], toLink: 0, dir: 'l' },
    { tl: `n${nodes.c1}`, linkIndex: 2, fromLink: ew[0], toLink: 0, dir: 's' },
    { tl: `n${nodes.c1}`, linkIndex: 3, fromLink: ew[0], toLink: 0, dir: 'r' },
  ];

  it('turns stages into green, amber and all-red phases, lefts yielding', () => {
    expect(planPhases(plan, conns)).toEqual([
      { durationS: 40, state: 'rrGG' },
      { durationS: 3, state: 'rryy' },
      { durationS: 2, state: 'rrrr' },
      { durationS: 20, state: 'Ggrr' },
      { durationS: 3, state: 'yyrr' },
      { durationS: 2, state: 'rrrr' },
    ]);
  });

  it('refuses a plan whose phases do not make its cycle', () => {
    expect(() => planPhases({ ...plan, cycleS: 80 }, conns)).toThrow(/cycle/);
  });

  it('writes a program per signal with the plan offset', () => {
    const xml = tlsProgramsXml({ ...kase, signals: [{ intersection: net.signalised[0], plan: { ...plan, offsetS: 12 } }] }, conns);
    expect(xml).toContain(`<tlLogic id="n${nodes.c1}" programID="twin" offset="12" type="static">`);
    expect(xml.match(/<phase /g)).toHaveLength(6);
  });

  it('puts a detector just past the stop line on every connection of the watched links', () => {
    const xml = stopLineDetectorsXml(
      [3],
      [
        { fromLink: 3, fromLane: 0, toLink: 5, via: ':n1_0_0' },
        { fromLink: 3, fromLane: 0, toLink: 7, via: ':n1_1_0' },
        { fromLink: 4, fromLane: 0, toLink: 7, via: ':n1_2_0' },
      ],
      'out.xml',
    );
    expect(xml).toContain('<instantInductionLoop id="stop_l3_0_0" lane=":n1_0_0" pos="0.5" friendlyPos="true" file="out.xml"/>');
    expect(xml).toContain('id="stop_l3_0_1" lane=":n1_1_0"');
    expect(xml).not.toContain(':n1_2_0');
    expect(() => stopLineDetectorsXml([3], [{ fromLink: 3, fromLane: 0, toLink: 5, via: '' }], 'x')).toThrow(/internal/);
  });

  it('lists the green windows of a stage over a span', () => {
    expect(greenWindows(plan, 0, 150)).toEqual([
      [0, 40],
      [70, 110],
      [140, 150],
    ]);
    expect(greenWindows(plan, 1, 150)).toEqual([
      [45, 65],
      [115, 135],
    ]);
    // With an offset the first green may have begun before the start.
    expect(greenWindows({ ...plan, offsetS: 50 }, 0, 100)).toEqual([
      [0, 20],
      [50, 90],
    ]);
  });
});
