// The lamp fleet a scenario runs with: the city's lamps after the scenario's retrofit rules
// (LED roll-out, or back to the legacy discharge state), with system power per lamp.

import type { CityModel } from '../city/model.ts';
import { LAMP_TECHNOLOGY_NAMES } from '../city/model.ts';
import { lampDefaults } from '../city/lampCatalogue.ts';
import type { RetrofitRule } from '../scenario/schema.ts';
import { Rng } from '../rng.ts';
import { DEFAULT_POWER_MODEL, type PowerModelParams, standbyW, systemPowerW } from '../energy/powerModel.ts';
import { selectLamps } from './selectors.ts';

export interface LampFleet {
  count: number;
  technology: Uint8Array;
  ratedPowerW: Float32Array;
  /** Full-output system power (lamp + ballast or driver), W. */
  systemPowerW: Float32Array;
  standbyW: Float32Array;
  /** Index into `photometryRefs`. */
  photometry: Uint16Array;
  photometryRefs: string[];
  /** Lamps changed by each retrofit rule, in order. */
  retrofitted: number[];
}

export function buildFleet(city: CityModel, rules: RetrofitRule[], seed: number, power: PowerModelParams = DEFAULT_POWER_MODEL): LampFleet {
  const n = city.lamps.count;
  const technology = city.lamps.technology.slice();
  const ratedPowerW = city.lamps.ratedPowerW.slice();
  const photometry = city.lamps.photometry.slice();
  const refs = [...city.photometryRefs];
  const refIndex = (ref: string) => {
    let i = refs.indexOf(ref);
    if (i < 0) {
      i = refs.length;
      refs.push(ref);
    }
    return i;
  };
  const retrofitted: number[] = [];
  rules.forEach((rule, r) => {
    const mask = selectLamps(city, rule.where, `lighting.retrofit[${r}].where`, technology);
    const tech = LAMP_TECHNOLOGY_NAMES.indexOf(rule.technology);
    // A partial roll-out converts whole cabinets (how retrofit contracts proceed), chosen from the seed.
    const rng = new Rng(seed).fork(`retrofit-${r}`);
    const cabinetChosen = new Int8Array(city.cabinets.count).fill(-1);
    let changed = 0;
    for (let i = 0; i < n; i++) {
      if (!mask[i]) continue;
      if (rule.share < 1) {
        const c = city.lamps.cabinet[i];
        if (cabinetChosen[c] < 0) cabinetChosen[c] = rng.chance(rule.share) ? 1 : 0;
        if (!cabinetChosen[c]) continue;
      }
      const roadClass = city.lamps.link[i] >= 0 ? city.links.roadClass[city.lamps.link[i]] : 5;
      const d = lampDefaults(roadClass, tech);
      technology[i] = tech;
      ratedPowerW[i] = rule.ratedPowerW ?? d.ratedPowerW;
      photometry[i] = refIndex(rule.photometry ?? d.photometry);
      changed++;
    }
    retrofitted.push(changed);
  });
  const sys = new Float32Array(n);
  const stby = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    sys[i] = systemPowerW(ratedPowerW[i], technology[i], power);
    stby[i] = standbyW(technology[i], power);
  }
  return { count: n, technology, ratedPowerW, systemPowerW: sys, standbyW: stby, photometry, photometryRefs: refs, retrofitted };
}
