// Lighting energy KPIs from the simulation accumulators: kWh, €, CO₂ (with the factor's source),
// compliance, burning hours, power through a typical night, energy per commune and cabinet.

import type { LightingAccumulators, LightingModel } from '../lighting/lightingSim.ts';
import { lampEnergyKWh, SLOT_MS } from '../lighting/lightingSim.ts';
import { localTimeOfDayMs } from '../time/parisTime.ts';
import type { Co2Factor, Tariff } from './factors.ts';

export interface LightingKpis {
  lampCount: number;
  energyKWh: number;
  costEUR: number;
  co2Kg: number;
  /** Time-weighted share of lit road length meeting its EN 13201 class while lamps are on; null without photometry. */
  compliantRoadShare: number | null;
  /** Hours the lamps were switched on (sun windows). */
  burningHours: number;
  /** Mean power of the whole fleet per local hour of the night (kW), over the period. */
  powerByLocalHourKW: number[];
  /** Compliant share per local hour (null where no lamp burned at that hour, or without photometry). */
  compliantShareByLocalHour: (number | null)[];
  peakPowerKW: number;
  energyByCommuneKWh: Record<string, number>;
  energyPerInhabitantKWh: number | null;
  ledShare: number;
  installedPowerKW: number;
  presenceDetections: number;
  co2Factor: Co2Factor;
  tariff: { eurPerKWh: number; offPeak?: Tariff['offPeak']; source: string };
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** `elapsedMs`: time simulated so far; the night curve averages only the hours that have run (the running one by its share). */
export function lightingKpis(m: LightingModel, acc: LightingAccumulators, co2: Co2Factor, tariff: Tariff, elapsedMs = acc.slotKWh.length * SLOT_MS): LightingKpis {
  let energy = 0;
  let cost = 0;
  let peak = 0;
  const byHour = new Float64Array(24);
  const hoursSeen = new Float64Array(24);
  const slots = Math.min(acc.slotKWh.length, Math.ceil(elapsedMs / SLOT_MS));
  for (let s = 0; s < acc.slotKWh.length; s++) {
    energy += acc.slotKWh[s];
    cost += acc.slotCostEUR[s];
    if (s >= slots) continue;
    const share = Math.min(1, (elapsedMs - s * SLOT_MS) / SLOT_MS);
    peak = Math.max(peak, acc.slotKWh[s] / share);
    const h = Math.floor(localTimeOfDayMs(m.startMs + s * SLOT_MS + SLOT_MS / 2, m.options.timeZone) / SLOT_MS);
    byHour[h] += acc.slotKWh[s];
    hoursSeen[h] += share;
  }
  const perLamp = lampEnergyKWh(m, acc);
  const city = m.city;
  const byCommune = sumPerLampBy(perLamp, city.lamps.commune, city.communes.count);
  const energyByCommuneKWh: Record<string, number> = {};
  for (let c = 0; c < city.communes.count; c++) energyByCommuneKWh[city.communes.name[c]] = round(byCommune[c]);
  let population = 0;
  for (let c = 0; c < city.communes.count; c++) population += city.communes.population[c];
  let led = 0;
  let installed = 0;
  for (let i = 0; i < m.fleet.count; i++) {
    if (m.fleet.technology[i] === 2) led++;
    installed += m.fleet.systemPowerW[i];
  }
  return {
    lampCount: city.lamps.count,
    energyKWh: round(energy),
    costEUR: round(cost, 2),
    co2Kg: round((energy * co2.gPerKWh) / 1000),
    compliantRoadShare: acc.complianceLitMs > 0 ? round(acc.compliantShareMs / acc.complianceLitMs, 4) : null,
    burningHours: round(acc.nightMs / SLOT_MS),
    powerByLocalHourKW: Array.from(byHour, (e, h) => round(hoursSeen[h] ? e / hoursSeen[h] : 0)),
    compliantShareByLocalHour: Array.from(acc.complianceByHourMs, (ms, h) => (ms > 0 ? round(acc.complianceByHourShareMs[h] / ms, 4) : null)),
    peakPowerKW: round(peak),
    energyByCommuneKWh,
    energyPerInhabitantKWh: population > 0 ? round(energy / population, 2) : null,
    ledShare: round(m.fleet.count ? led / m.fleet.count : 0, 3),
    installedPowerKW: round(installed / 1000),
    presenceDetections: acc.detections,
    co2Factor: co2,
    tariff: { eurPerKWh: tariff.eurPerKWh, ...(tariff.offPeak ? { offPeak: tariff.offPeak } : {}), source: tariff.source },
  };
}

/** Sums a per-lamp quantity by a lamp column (commune, cabinet…). */
export function sumPerLampBy(perLamp: Float64Array, key: ArrayLike<number>, keyCount: number): Float64Array {
  const out = new Float64Array(keyCount);
  for (let i = 0; i < perLamp.length; i++) out[key[i]] += perLamp[i];
  return out;
}

/** Energy (kWh) per control cabinet, for the cabinet view and exports. */
export function energyByCabinetKWh(m: LightingModel, acc: LightingAccumulators): Float64Array {
  return sumPerLampBy(lampEnergyKWh(m, acc), m.city.lamps.cabinet, m.city.cabinets.count);
}

/** Signal heads burn around the clock: approaches × heads per approach × mean head power. */
export function signalEnergyKWh(approachCount: number, hours: number, headsPerApproach = 2, meanHeadW = 12): number {
  return round((approachCount * headsPerApproach * meanHeadW * hours) / 1000);
}
