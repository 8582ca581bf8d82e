// The cross-check cases run by both the twin and SUMO: an undersaturated signalised corridor, a
// saturated approach for discharge flow, and a signalised grid with straight flows (test and bench).

import { approachesByAxis, linkBetween, signalisedCorridor, signalisedGrid, type TestNetwork } from '../core/traffic/testing/testNetworks.ts';
import { VehicleType } from '../core/traffic/demand.ts';
import { VEHICLE_PARAMS } from '../core/traffic/idm.ts';
import { type CrossCheckCase, type FlowSpec, type SignalSpec, type VehicleSpec, twoStagePlan } from './crossCheckCase.ts';

const spec = (t: VehicleType): VehicleSpec => {
  const { accelMps2, decelMps2, timeHeadwayS, minGapM, delta, lengthM } = VEHICLE_PARAMS[t];
  return { accelMps2, decelMps2, timeHeadwayS, minGapM, delta, lengthM };
};

/** The twin's own vehicle parameters, handed to SUMO's IDM so both sides drive the same cars. */
export const TWIN_VEHICLES: CrossCheckCase['vehicles'] = { car: spec(VehicleType.Car), bus: spec(VehicleType.Bus) };

/** Two-stage plans at every signal: east-west first, then north-south. */
function twoStagePlans(net: TestNetwork, ewGreenS: number, nsGreenS: number, offsetS: (k: number) => number = () => 0): SignalSpec[] {
  return net.signalised.map((intersection, k) => {
    const [ew, ns] = approachesByAxis(net.city, intersection);
    return { intersection, plan: twoStagePlan(ew, ns, ewGreenS, nsGreenS, { offsetS: offsetS(k) }) };
  });
}

export interface CorridorCase {
  case: CrossCheckCase;
  net: TestNetwork;
}

/**
 * The 1.5 km corridor, one lane per direction, 600 veh/h each way on the arterial and 150 veh/h
 * each way on every minor road, all straight on; cycle 70 s (arterial 40 s green), offsets for an
 * eastbound green wave at 50 km/h. Undersaturated (degree of saturation ≈ 0.6–0.7 on the arterial).
 */
export function corridorCase(vehicles = TWIN_VEHICLES, durationS = 3600): CorridorCase {
  const net = signalisedCorridor();
  const n = net.nodes;
  const flows: FlowSpec[] = [
    { fromNode: n.west, toNode: n.east, vehPerHour: 600 },
    { fromNode: n.east, toNode: n.west, vehPerHour: 600 },
  ];
  for (let k = 1; k <= 3; k++) {
    flows.push({ fromNode: n[`n${k}`], toNode: n[`s${k}`], vehPerHour: 150 });
    flows.push({ fromNode: n[`s${k}`], toNode: n[`n${k}`], vehPerHour: 150 });
  }
  const spacingM = 375;
  const waveOffsetS = (k: number) => Math.round((k * spacingM) / (50 / 3.6)) % 70;
  return { net, case: { name: 'corridor', city: net.city, durationS, flows, signals: twoStagePlans(net, 40, 20, waveOffsetS), vehicles } };
}

export interface SaturatedCase extends CorridorCase {
  /** The approach whose stop line measures discharge (west → first crossing). */
  approachLink: number;
}

/** The corridor's first crossing fed eastbound beyond its capacity for 15 min: the queue never clears during green. */
export function saturatedCase(vehicles = TWIN_VEHICLES): SaturatedCase {
  const net = signalisedCorridor();
  const n = net.nodes;
  return {
    net,
    approachLink: linkBetween(net.city, n.west, n.c1),
    case: {
      name: 'saturated approach',
      city: net.city,
      durationS: 1200,
      flows: [{ fromNode: n.west, toNode: n.east, vehPerHour: 1400, endS: 900 }],
      signals: twoStagePlans(net, 40, 20),
      vehicles,
    },
  };
}

/**
 * A size×size signalised grid (200 m blocks, one lane per direction) with straight flows of
 * `vehPerHour` each way along every inner row and column; cycle 70 s, 30 s green each way.
 */
export function gridCase(size: number, vehPerHour: number, durationS: number, vehicles = TWIN_VEHICLES): CorridorCase {
  const net = signalisedGrid({ size });
  const n = net.nodes;
  const flows: FlowSpec[] = [];
  for (let k = 1; k < size - 1; k++) {
    flows.push({ fromNode: n[`w${k}`], toNode: n[`e${k}`], vehPerHour });
    flows.push({ fromNode: n[`e${k}`], toNode: n[`w${k}`], vehPerHour });
    flows.push({ fromNode: n[`s${k}`], toNode: n[`n${k}`], vehPerHour });
    flows.push({ fromNode: n[`n${k}`], toNode: n[`s${k}`], vehPerHour });
  }
  return { net, case: { name: `grid ${size}×${size}`, city: net.city, durationS, flows, signals: twoStagePlans(net, 30, 30), vehicles } };
}
