import { describe, expect, it } from 'vitest';
import { parseInstantLoopEntries, parseRunLog, parseSummary, parseTlsConnections, parseTripinfo } from './sumoOutputs.ts';
import { dischargeFlow, pooledDischarge } from './discharge.ts';

describe('SUMO output readers', () => {
  it('reads the signal connections between city links, not internal ones', () => {
    const net = `<net>
      <connection from="l0" to="l2" fromLane="0" toLane="0" via=":n1_10_0" tl="n1" linkIndex="10" dir="s" state="O"/>
      <connection from="l0" to="l9" fromLane="0" toLane="0" via=":n1_11_0" tl="n1" linkIndex="11" dir="l" state="o"/>
      <connection from="l4" to="l6" fromLane="0" toLane="0" dir="s" state="M"/>
      <connection from=":n1_10_0" to="l2" fromLane="0" toLane="0" dir="s" state="M"/>
    </net>`;
    expect(parseTlsConnections(net)).toEqual([
      { tl: 'n1', linkIndex: 10, fromLink: 0, toLink: 2, dir: 's' },
      { tl: 'n1', linkIndex: 11, fromLink: 0, toLink: 9, dir: 'l' },
    ]);
  });

  it('reads trip infos and summary steps', () => {
    const trips = parseTripinfo(`<tripinfos>
      <tripinfo id="f0.0" depart="0.00" departLane="l0_0" departPos="0.00" departSpeed="13.89" departDelay="0.00" arrival="113.00" arrivalLane="l6_0" arrivalPos="375.00" arrivalSpeed="13.89" duration="113.00" routeLength="1490.40" waitingTime="0.00" waitingCount="0" stopTime="0.00" timeLoss="5.70" rerouteNo="0" devices="tripinfo_f0.0" vType="car" speedFactor="1.00" vaporized=""/>
    </tripinfos>`);
    expect(trips).toEqual([{ id: 'f0.0', departS: 0, arrivalS: 113, durationS: 113, timeLossS: 5.7, departDelayS: 0, routeLengthM: 1490.4, waitingCount: 0, vType: 'car' }]);
    const steps = parseSummary(`<summary>
      <step time="0.00" loaded="4" inserted="4" running="4" waiting="0" ended="0" arrived="0" collisions="0" teleports="0" halting="0" stopped="0" meanWaitingTime="0.00" meanTravelTime="-1.00" meanSpeed="13.89" meanSpeedRelative="1.00" duration="1"/>
      <step time="1.00" loaded="4" inserted="4" running="3" waiting="0" ended="1" arrived="1" collisions="0" teleports="0" halting="0" stopped="0" meanWaitingTime="0.00" meanTravelTime="1.00" meanSpeed="13.89" meanSpeedRelative="1.00" duration="1"/>
    </summary>`);
    expect(steps.map((s) => s.running)).toEqual([4, 3]);
  });

  it('reads detector entries by id, sorted', () => {
    const m = parseInstantLoopEntries(`<instantE1>
      <instantOut id="a" time="9.50" state="enter" vehID="x" speed="1" length="5" type="car"/>
      <instantOut id="a" time="9.90" state="leave" vehID="x" speed="1" length="5" type="car"/>
      <instantOut id="a" time="3.00" state="enter" vehID="y" speed="1" length="5" type="car"/>
      <instantOut id="b" time="4.00" state="enter" vehID="z" speed="1" length="5" type="car"/>
    </instantE1>`);
    expect(m.get('a')).toEqual([3, 9.5]);
    expect(m.get('b')).toEqual([4]);
  });

  it('reads the run statistics printed on standard output', () => {
    const log = `Performance: \n Duration: 0.26s\n Real time factor: 14117.6\n UPS: 667741.176471\nVehicles: \n Inserted: 1400\n Running: 50\nTeleports: 3 (Jam: 3)\nEmergency Stops: 376\nStatistics (avg of 1350):\n RouteLength: 1172.23\n Speed: 9.44\n Duration: 123.12\n`;
    expect(parseRunLog(log)).toEqual({
      simulationWallS: 0.26,
      vehicleUpdatesPerSecond: 667741.176471,
      teleports: 3,
      collisions: 0,
      emergencyStops: 376,
      inserted: 1400,
      arrived: 1350,
      meanTravelTimeS: 123.12,
    });
    expect(() => parseRunLog('nothing')).toThrow(/Performance/);
  });
});

describe('discharge flow', () => {
  it('takes the headways of queued vehicles after the start-up ones, until the queue clears', () => {
    // Green [100, 140): start-up passages then 2 s headways, then a gap (queue cleared), then arrivals.
    const passages = [90, 102, 105, 107.5, 109.5, 111.5, 113.5, 115.5, 125, 127, 200];
    const d = dischargeFlow(passages, [[100, 140]]);
    expect(d.headways).toBe(3); // 111.5, 113.5, 115.5 after the fourth vehicle (109.5)
    expect(d.meanHeadwayS).toBeCloseTo(2, 9);
    expect(d.vehPerHourPerLane).toBeCloseTo(1800, 6);
    expect(d.saturatedGreens).toBe(1);
  });

  it('pools lanes by their headway counts', () => {
    const a = { headways: 3, meanHeadwayS: 2, vehPerHourPerLane: 1800, saturatedGreens: 1 };
    const b = { headways: 1, meanHeadwayS: 3, vehPerHourPerLane: 1200, saturatedGreens: 1 };
    expect(pooledDischarge([a, b]).meanHeadwayS).toBeCloseTo(2.25, 9);
    expect(pooledDischarge([]).headways).toBe(0);
  });
});
