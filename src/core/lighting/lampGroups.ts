// Lamps grouped by everything that decides their level and power curve (control program, road
// and lighting class, technology, intersection), and presence units (a road × group), so a
// night is integrated per group and per unit instead of per lamp.

import type { CityModel } from '../city/model.ts';
import { LampFlag } from '../city/model.ts';
import { ROAD_CLASS_DEFAULTS, RoadClass } from '../city/roadClass.ts';
import type { LampFleet } from './fleet.ts';
import type { ControlProgram } from './programs.ts';
import { boostDurationMs } from './presence.ts';

export interface LampGroup {
  program: number;
  roadClass: number;
  lightingClass: number;
  technology: number;
  atIntersection: boolean;
  lampCount: number;
  sumSystemW: number;
  sumStandbyW: number;
}

export interface PresenceUnit {
  link: number;
  group: number;
  roadClass: number;
  lengthM: number;
  boostMs: number;
  lampCount: number;
  sumSystemW: number;
}

export interface LampGrouping {
  groups: LampGroup[];
  lampGroup: Uint16Array;
  units: PresenceUnit[];
  /** Presence unit of each lamp, or -1. */
  lampUnit: Int32Array;
}

export function groupLamps(city: CityModel, fleet: LampFleet, programs: ControlProgram[], lampProgram: Uint16Array): LampGrouping {
  const n = city.lamps.count;
  const groups: LampGroup[] = [];
  const groupOfKey = new Map<number, number>();
  const lampGroup = new Uint16Array(n);
  const units: PresenceUnit[] = [];
  const unitOfKey = new Map<number, number>();
  const lampUnit = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const link = city.lamps.link[i];
    const roadClass = link >= 0 ? city.links.roadClass[link] : RoadClass.Unclassified;
    const lightingClass = city.lamps.lightingClass[i];
    const atIntersection = (city.lamps.flags[i] & LampFlag.AtIntersection) !== 0;
    const program = lampProgram[i];
    const tech = fleet.technology[i];
    const key = (((program * 16 + roadClass) * 256 + lightingClass) * 8 + tech) * 2 + (atIntersection ? 1 : 0);
    let g = groupOfKey.get(key);
    if (g === undefined) {
      g = groups.length;
      if (g > 65535) throw new Error('too many lamp groups');
      groupOfKey.set(key, g);
      groups.push({ program, roadClass, lightingClass, technology: tech, atIntersection, lampCount: 0, sumSystemW: 0, sumStandbyW: 0 });
    }
    const grp = groups[g];
    lampGroup[i] = g;
    grp.lampCount++;
    grp.sumSystemW += fleet.systemPowerW[i];
    grp.sumStandbyW += fleet.standbyW[i];

    const presence = programs[program].presence;
    if (presence && link >= 0) {
      const ukey = link * 65536 + g;
      let u = unitOfKey.get(ukey);
      if (u === undefined) {
        u = units.length;
        unitOfKey.set(ukey, u);
        const spacingM = ROAD_CLASS_DEFAULTS[roadClass].lampSpacingM;
        units.push({ link, group: g, roadClass, lengthM: city.links.lengthM[link], boostMs: boostDurationMs(presence, spacingM), lampCount: 0, sumSystemW: 0 });
      }
      lampUnit[i] = u;
      units[u].lampCount++;
      units[u].sumSystemW += fleet.systemPowerW[i];
    }
  }
  return { groups, lampGroup, units, lampUnit };
}
