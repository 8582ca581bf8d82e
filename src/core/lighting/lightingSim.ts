// The lighting and energy simulation: integrates lamp power analytically between switching and
// profile events, one hour slot at a time (so results never depend on how time is stepped),
// and gives the level of every lamp at any instant for the views. Runs in stepWorld's lighting phase.

import type { CityModel } from '../city/model.ts';
import type { Scenario } from '../scenario/schema.ts';
import { localTimeOfDayMs, type TimeZoneRule, EUROPE_PARIS, parseClockMs } from '../time/parisTime.ts';
import { nightWindow, type NightWindow, type SunSwitching } from '../time/sun.ts';
import { DEFAULT_POWER_MODEL, deliveredLevel, powerFraction, type PowerModelParams } from '../energy/powerModel.ts';
import { buildFleet, type LampFleet } from './fleet.ts';
import { compileProgram, FULL_NIGHT_PROGRAM, type ControlProgram } from './programs.ts';
import { groupLamps, type LampGrouping } from './lampGroups.ts';
import { coveredMs, detectionBuffer, stochasticPassersBy, type PresenceSource } from './presence.ts';
import { PROFILE_TRAFFIC, type TrafficVolumeSource } from './adaptive.ts';
import { selectLamps } from './selectors.ts';
import { LampOutages } from './outages.ts';
import { AmbientReadings } from './photocell.ts';
import { complianceAt, precomputeCompliance, type ComplianceResult, type ComplianceTable } from './photometry/compliance.ts';
import { genericPhotometries } from './photometry/genericLuminaires.ts';
import { crc32 } from '../crc32.ts';

export const SLOT_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** W·ms → kWh */
const WMS_TO_KWH = 1 / 3.6e9;

export interface LightingOptions {
  power: PowerModelParams;
  traffic: TrafficVolumeSource;
  presence: PresenceSource;
  timeZone: TimeZoneRule;
  /**
   * EN 13201 compliance while lamps burn: 'photometric' computes it point by point from the
   * generic luminaires' photometry; 'off' skips it (KPI null); or a function giving the
   * compliant share of lit road length for per-lamp levels and per-link classes.
   */
  compliance: 'photometric' | 'off' | ComplianceEvaluator;
}

export type ComplianceEvaluator = (levels: Float32Array, linkClasses: Uint8Array | undefined) => number;

/** Price of energy at a local time of day (€/kWh), with the clock times where it changes. */
export type PriceAt = ((localMs: number) => number) & { breakpointsLocalMs?: number[] };

export interface LightingAccumulators {
  /** Per group: Σ power fraction × ms, and energised ms. */
  fractionMs: Float64Array;
  energisedMs: Float64Array;
  /** Per presence unit: Σ (fraction at active − fraction at base) × covered ms. */
  boostFractionMs: Float64Array;
  /** Per presence unit: end of the last boost (carried into the next slot). */
  boostUntilMs: Float64Array;
  /** Per slot since the start: energy (kWh) and cost (€). */
  slotKWh: Float64Array;
  slotCostEUR: Float64Array;
  /** Σ compliant share × lit ms, and lit ms (for the time-weighted compliance). */
  compliantShareMs: number;
  complianceLitMs: number;
  /** Per local hour of day: Σ compliant share × ms and ms (hour-by-hour compliance of a typical night). */
  complianceByHourShareMs: Float64Array;
  complianceByHourMs: Float64Array;
  /** Time lamps were switched on (night windows), ms. */
  nightMs: number;
  /** Presence detections counted. */
  detections: number;
  /** Per lamp: energy not drawn while its telemetry reported it dark (W·ms). */
  outageWms: Float64Array;
}

export interface LightingModel {
  city: CityModel;
  fleet: LampFleet;
  programs: ControlProgram[];
  lampProgram: Uint16Array;
  grouping: LampGrouping;
  switching: SunSwitching;
  intersectionMinLevel: number;
  options: LightingOptions;
  priceAt: PriceAt;
  startMs: number;
  slotCount: number;
  latDeg: number;
  lonDeg: number;
  compliance: ComplianceEvaluator | null;
  /** Program of the lamps of each link (the first lamp's), for the class a road is held to; -1 without lamps. */
  linkProgram: Int32Array;
  /** Roads with presence units, each with its units (detections are drawn once per road and slot). */
  presenceRoads: PresenceRoad[];
  /** Lamps their telemetry reports dark (filled by feed assimilation). */
  outages: LampOutages;
  /** Photocell switching: ambient readings from feeds; where none is fresh, the sun decides. */
  photocell: { thresholdLux: number; readings: AmbientReadings } | null;
  /** Called after each slot is integrated (feed checks sample the model at slot boundaries); null when nobody listens. */
  onSlotCommitted: ((slot: number, acc: LightingAccumulators) => void) | null;
  /**
   * A slot is committed only once the clock is this far past its end (late feed reports about it
   * still count in its energy); until then the KPIs integrate it on demand. Results do not depend on it.
   */
  commitDelayMs: number;
}

/** A photocell reading older than this no longer decides (a feed gap): the sun does. */
export const PHOTOCELL_STALE_MS = 30 * 60_000;

interface PresenceRoad {
  link: number;
  roadClass: number;
  lengthM: number;
  units: number[];
}

/** Units grouped by road and boost length (units of one road under one presence program share both). */
function presenceRoadsOf(grouping: LampGrouping): PresenceRoad[] {
  const byLink = new Map<string, PresenceRoad>();
  grouping.units.forEach((u, i) => {
    const key = `${u.link}:${u.boostMs}`;
    let r = byLink.get(key);
    if (!r) byLink.set(key, (r = { link: u.link, roadClass: u.roadClass, lengthM: u.lengthM, units: [] }));
    r.units.push(i);
  });
  return [...byLink.values()];
}

export interface LightingState {
  /** Slots [0, committedSlots) are integrated into the accumulators. */
  committedSlots: number;
  acc: LightingAccumulators;
}

export function defaultLightingOptions(seed: number): LightingOptions {
  return {
    power: DEFAULT_POWER_MODEL,
    traffic: PROFILE_TRAFFIC,
    presence: stochasticPassersBy(seed),
    timeZone: EUROPE_PARIS,
    compliance: 'photometric',
  };
}

export function makePriceAt(tariff: { eurPerKWh: number; offPeak?: { eurPerKWh: number; start: string; end: string } }): PriceAt {
  const off = tariff.offPeak;
  if (!off) return () => tariff.eurPerKWh;
  const a = parseClockMs(off.start);
  const b = parseClockMs(off.end);
  const price: PriceAt = (t) => ((a < b ? t >= a && t < b : t >= a || t < b) ? off.eurPerKWh : tariff.eurPerKWh);
  price.breakpointsLocalMs = [a, b];
  return price;
}

export function compileLighting(
  city: CityModel,
  scenario: Scenario,
  startMs: number,
  endMs: number,
  priceAt: PriceAt,
  options: LightingOptions,
): LightingModel {
  const lighting = scenario.lighting;
  const fleet = buildFleet(city, lighting.retrofit, scenario.seed, options.power);
  const programs: ControlProgram[] = [FULL_NIGHT_PROGRAM];
  const lampProgram = new Uint16Array(city.lamps.count);
  lighting.rules.forEach((rule, r) => {
    const p = programs.length;
    programs.push(compileProgram(rule.policy, options.traffic));
    const mask = selectLamps(city, rule.where, `lighting.rules[${r}].where`, fleet.technology);
    for (let i = 0; i < city.lamps.count; i++) if (mask[i]) lampProgram[i] = p; // the last matching rule wins
  });
  const [lonDeg, latDeg] = [city.meta.frame.originLon, city.meta.frame.originLat];
  const linkProgram = new Int32Array(city.links.count).fill(-1);
  for (let i = 0; i < city.lamps.count; i++) {
    const l = city.lamps.link[i];
    if (l >= 0 && linkProgram[l] < 0) linkProgram[l] = lampProgram[i];
  }
  const grouping = groupLamps(city, fleet, programs, lampProgram);
  return {
    compliance: resolveCompliance(city, fleet, options.compliance),
    linkProgram,
    presenceRoads: presenceRoadsOf(grouping),
    outages: new LampOutages(),
    city,
    fleet,
    programs,
    lampProgram,
    grouping,
    switching:
      lighting.switching.mode === 'sun'
        ? { event: lighting.switching.event, onOffsetMin: lighting.switching.onOffsetMin, offOffsetMin: lighting.switching.offOffsetMin }
        : { event: 'sunset-sunrise', onOffsetMin: 0, offOffsetMin: 0 },
    photocell: lighting.switching.mode === 'photocell' ? { thresholdLux: lighting.switching.thresholdLux, readings: new AmbientReadings() } : null,
    onSlotCommitted: null,
    commitDelayMs: 0,
    intersectionMinLevel: lighting.intersectionMinLevel ?? 0,
    options,
    priceAt,
    startMs,
    slotCount: Math.ceil((endMs - startMs) / SLOT_MS),
    latDeg,
    lonDeg,
  };
}

export function initialLightingState(m: LightingModel): LightingState {
  const g = m.grouping.groups.length;
  const u = m.grouping.units.length;
  return {
    committedSlots: 0,
    acc: {
      fractionMs: new Float64Array(g),
      energisedMs: new Float64Array(g),
      boostFractionMs: new Float64Array(u),
      boostUntilMs: new Float64Array(u).fill(-Infinity),
      slotKWh: new Float64Array(m.slotCount),
      slotCostEUR: new Float64Array(m.slotCount),
      compliantShareMs: 0,
      complianceLitMs: 0,
      complianceByHourShareMs: new Float64Array(24),
      complianceByHourMs: new Float64Array(24),
      nightMs: 0,
      detections: 0,
      outageWms: new Float64Array(m.city.lamps.count),
    },
  };
}

// ---- compliance ----------------------------------------------------------------------------

const tableCache = new WeakMap<CityModel, Map<string, ComplianceTable>>();

/** The fleet seen as the city's lamps (retrofits change photometry and power). */
function cityWithFleet(city: CityModel, fleet: LampFleet): CityModel {
  return { ...city, lamps: { ...city.lamps, technology: fleet.technology, ratedPowerW: fleet.ratedPowerW, photometry: fleet.photometry }, photometryRefs: fleet.photometryRefs };
}

function resolveCompliance(city: CityModel, fleet: LampFleet, how: LightingOptions['compliance']): ComplianceEvaluator | null {
  if (how === 'off') return null;
  if (typeof how === 'function') return how;
  // Tables are large (tens of MB for a métropole) and slow to build: keep the last few per city.
  let perCity = tableCache.get(city);
  if (!perCity) tableCache.set(city, (perCity = new Map()));
  const key = `${fleet.photometryRefs.join('|')}:${crc32(new Uint8Array(fleet.photometry.buffer, fleet.photometry.byteOffset, fleet.photometry.byteLength))}:${crc32(new Uint8Array(fleet.ratedPowerW.buffer, fleet.ratedPowerW.byteOffset, fleet.ratedPowerW.byteLength))}`;
  let table = perCity.get(key);
  if (!table) {
    table = precomputeCompliance(cityWithFleet(city, fleet), genericPhotometries());
    if (perCity.size >= 3) perCity.delete(perCity.keys().next().value!);
    perCity.set(key, table);
  }
  const t = table;
  const evaluate: ComplianceEvaluator = (levels, classes) => complianceAt(t, levels, classes).share;
  evaluatorTables.set(evaluate, t);
  return evaluate;
}

/** The table behind each photometric evaluator, for per-road detail (linkComplianceAt). */
const evaluatorTables = new WeakMap<ComplianceEvaluator, ComplianceTable>();

/**
 * Per-road EN 13201 compliance at instant t, with the levels and classes the simulation judges
 * then (group levels, no presence boosts; adaptive classes): which roads fall below their class.
 * Null by day or without photometric compliance.
 */
export function linkComplianceAt(m: LightingModel, t: number): ComplianceResult | null {
  const table = m.compliance ? evaluatorTables.get(m.compliance) : undefined;
  if (!table || !isNight(m, t)) return null;
  const gl = new Float32Array(m.grouping.groups.length);
  groupLevels(m, t, gl);
  const levels = new Float32Array(m.city.lamps.count);
  for (let i = 0; i < levels.length; i++) levels[i] = gl[m.grouping.lampGroup[i]];
  return complianceAt(table, levels, linkClassesAt(m, localTimeOfDayMs(t, m.options.timeZone)));
}

// ---- night windows -------------------------------------------------------------------------

const windowCache = new WeakMap<LightingModel, Map<number, NightWindow>>();

/** Night windows (lamps on) that overlap [a, b). */
function windowsOverlapping(m: LightingModel, a: number, b: number): NightWindow[] {
  let cache = windowCache.get(m);
  if (!cache) windowCache.set(m, (cache = new Map()));
  const out: NightWindow[] = [];
  // A night starts on the evening of local day d and ends the next morning: look at the days of a − 1 day … b.
  const firstDay = Math.floor((a - DAY_MS) / DAY_MS);
  const lastDay = Math.floor(b / DAY_MS);
  for (let d = firstDay; d <= lastDay; d++) {
    let w = cache.get(d);
    if (!w) {
      w = nightWindow(d * DAY_MS + 12 * SLOT_MS - 60 * 60_000, m.latDeg, m.lonDeg, m.switching);
      cache.set(d, w);
    }
    if (w.onMs < b && w.offMs > a) out.push(w);
  }
  if (m.photocell && m.photocell.readings.size) return m.photocell.readings.onIntervals(a, b, m.photocell.thresholdLux, PHOTOCELL_STALE_MS, out);
  return out;
}

export function isNight(m: LightingModel, t: number): boolean {
  return windowsOverlapping(m, t, t + 1).length > 0;
}

// ---- levels --------------------------------------------------------------------------------

/** Level asked of each group at an instant (before presence boosts), written into `out`. */
function groupLevels(m: LightingModel, t: number, out: Float32Array): void {
  const local = localTimeOfDayMs(t, m.options.timeZone);
  const groups = m.grouping.groups;
  for (let g = 0; g < groups.length; g++) {
    const grp = groups[g];
    let level = m.programs[grp.program].levelAt(local, grp.roadClass, grp.lightingClass);
    if (grp.atIntersection && level < m.intersectionMinLevel) level = m.intersectionMinLevel;
    out[g] = deliveredLevel(level, grp.technology, m.options.power);
  }
}

/** Level of every lamp at instant t (0 outside the night), presence boosts included; for frames. */
export function lampLevelsAt(m: LightingModel, t: number, out: Float32Array = new Float32Array(m.city.lamps.count)): Float32Array {
  if (!isNight(m, t)) {
    out.fill(0);
    return out;
  }
  const gl = new Float32Array(m.grouping.groups.length);
  groupLevels(m, t, gl);
  const { lampGroup, lampUnit, units } = m.grouping;
  for (let i = 0; i < out.length; i++) out[i] = gl[lampGroup[i]];
  if (units.length) {
    const active = activeUnitsAt(m, t);
    for (let i = 0; i < out.length; i++) {
      const u = lampUnit[i];
      if (u >= 0 && active[u]) {
        const act = m.programs[m.grouping.groups[units[u].group].program].presence!.activeLevel;
        if (act > out[i]) out[i] = act;
      }
    }
  }
  if (m.outages.size) for (const i of m.outages.lamps()) if (m.outages.darkAt(i, t)) out[i] = 0;
  return out;
}

export function slotStartOf(m: LightingModel, t: number): number {
  return m.startMs + Math.floor((t - m.startMs) / SLOT_MS) * SLOT_MS;
}

const scratch = detectionBuffer();

export function localHourOfSlot(m: LightingModel, slotStart: number): number {
  return Math.floor(localTimeOfDayMs(slotStart + SLOT_MS / 2, m.options.timeZone) / SLOT_MS);
}

function activeUnitsAt(m: LightingModel, t: number): Uint8Array {
  const units = m.grouping.units;
  const active = new Uint8Array(units.length);
  const slot = slotStartOf(m, t);
  for (const s of [slot - SLOT_MS, slot]) {
    const hour = localHourOfSlot(m, s);
    for (const road of m.presenceRoads) {
      m.options.presence.detections(road.link, road.roadClass, road.lengthM, s, SLOT_MS, hour, scratch);
      for (const u of road.units) {
        for (let k = 0; k < scratch.count && scratch.times[k] <= t; k++) if (scratch.times[k] + units[u].boostMs > t) active[u] = 1;
      }
    }
  }
  return active;
}

// ---- integration ---------------------------------------------------------------------------

/** Breakpoints inside [a, b): program clock times and, for hourly programs or tariffs, whole local hours. */
function breakpoints(m: LightingModel, a: number, b: number): number[] {
  const pts = new Set<number>();
  const localA = localTimeOfDayMs(a, m.options.timeZone);
  const clockTimes = new Set<number>();
  let hourly = true; // tariffs and compliance-by-hour are per local hour
  for (const p of m.programs) {
    for (const c of p.breakpointsLocalMs) clockTimes.add(c);
    hourly ||= p.hourly;
  }
  if (hourly) for (let h = 0; h < 24; h++) clockTimes.add(h * SLOT_MS);
  for (const c of m.priceAt.breakpointsLocalMs ?? []) clockTimes.add(c);
  for (const c of clockTimes) {
    const delta = (c - localA + DAY_MS) % DAY_MS;
    if (delta > 0 && a + delta < b) pts.add(a + delta);
  }
  return [...pts].sort((x, y) => x - y);
}

const complianceCache = new WeakMap<LightingModel, Map<string, number>>();

/** Classes roads are held to at a local time, when some program lowers them (adaptive); else undefined. */
function linkClassesAt(m: LightingModel, localMs: number): Uint8Array | undefined {
  if (!m.programs.some((p) => p.classAt)) return undefined;
  const links = m.city.links;
  const out = links.lightingClass.slice();
  for (let l = 0; l < links.count; l++) {
    const p = m.linkProgram[l];
    const classAt = p >= 0 ? m.programs[p].classAt : undefined;
    if (classAt) out[l] = classAt(localMs, links.roadClass[l], links.lightingClass[l]);
  }
  return out;
}

/** Compliant share for the group levels of an instant (cached: a night has few distinct states). */
function complianceOf(m: LightingModel, gl: Float32Array, localMs: number): number | null {
  const evaluate = m.compliance;
  if (!evaluate) return null;
  let cache = complianceCache.get(m);
  if (!cache) complianceCache.set(m, (cache = new Map()));
  const hourly = m.programs.some((p) => p.classAt);
  const key = `${hourly ? Math.floor(localMs / SLOT_MS) : ''}|${Array.from(gl, (x) => x.toFixed(3)).join(',')}`;
  let share = cache.get(key);
  if (share === undefined) {
    const levels = new Float32Array(m.city.lamps.count);
    for (let i = 0; i < levels.length; i++) levels[i] = gl[m.grouping.lampGroup[i]];
    share = evaluate(levels, linkClassesAt(m, localMs));
    cache.set(key, share);
  }
  return share;
}

/** Integrates [a, b) (inside one slot) into `acc`; `slot` is the slot index for the per-slot series. */
function integrate(m: LightingModel, acc: LightingAccumulators, slot: number, a: number, b: number): void {
  const { groups, units } = m.grouping;
  const power = m.options.power;
  const windows = windowsOverlapping(m, a, b);
  if (windows.length === 0) {
    // Daytime: lamps are off, so passers-by change nothing and no boost carries into the night.
    acc.boostUntilMs.fill(-Infinity);
    return;
  }
  // Base levels of each sub-interval (between program breakpoints) inside the night windows.
  const cutsStart: number[] = [];
  const cutsEnd: number[] = [];
  const levels: Float32Array[] = [];
  for (const w of windows) {
    const p = Math.max(a, w.onMs);
    const q = Math.min(b, w.offMs);
    if (q <= p) continue;
    acc.nightMs += q - p;
    const cuts = [p, ...breakpoints(m, p, q), q];
    for (let k = 0; k + 1 < cuts.length; k++) {
      const u0 = cuts[k];
      const u1 = cuts[k + 1];
      const dur = u1 - u0;
      const mid = u0 + dur / 2;
      const gl = new Float32Array(groups.length);
      groupLevels(m, mid, gl);
      cutsStart.push(u0);
      cutsEnd.push(u1);
      levels.push(gl);
      let wms = 0;
      for (let g = 0; g < groups.length; g++) {
        const f = powerFraction(gl[g], groups[g].technology, power);
        acc.fractionMs[g] += f * dur;
        acc.energisedMs[g] += dur;
        wms += (groups[g].sumSystemW * f + groups[g].sumStandbyW) * dur;
      }
      // Lamps reported dark draw nothing (their driver standby aside) while dark.
      if (m.outages.size) {
        for (const i of m.outages.lamps()) {
          const darkMs = m.outages.darkOverlapMs(i, u0, u1);
          if (darkMs <= 0) continue;
          const g = m.grouping.lampGroup[i];
          const lost = m.fleet.systemPowerW[i] * powerFraction(gl[g], groups[g].technology, power) * darkMs;
          acc.outageWms[i] += lost;
          wms -= lost;
        }
      }
      const kwh = wms * WMS_TO_KWH;
      const local = localTimeOfDayMs(mid, m.options.timeZone);
      acc.slotKWh[slot] += kwh;
      acc.slotCostEUR[slot] += kwh * m.priceAt(local);
      const share = complianceOf(m, gl, local);
      if (share !== null) {
        acc.compliantShareMs += share * dur;
        acc.complianceLitMs += dur;
        const h = Math.floor(local / SLOT_MS);
        acc.complianceByHourShareMs[h] += share * dur;
        acc.complianceByHourMs[h] += dur;
      }
    }
  }
  if (m.presenceRoads.length === 0) return;
  // Presence: detections drawn once per road and slot, boosts integrated per unit and sub-interval.
  const slotStart = m.startMs + slot * SLOT_MS;
  const hour = localHourOfSlot(m, slotStart);
  // Per sub-interval and group: the extra power fraction of a boost (0 when the base is already as bright).
  const boostDf = levels.map((gl) =>
    Float64Array.from(groups, (grp, g) => {
      const presence = m.programs[grp.program].presence;
      if (!presence) return 0;
      const active = deliveredLevel(Math.max(presence.activeLevel, gl[g]), grp.technology, power);
      return active > gl[g] ? powerFraction(active, grp.technology, power) - powerFraction(gl[g], grp.technology, power) : 0;
    }),
  );
  const boostWms = new Float64Array(levels.length);
  for (const road of m.presenceRoads) {
    m.options.presence.detections(road.link, road.roadClass, road.lengthM, slotStart, SLOT_MS, hour, scratch);
    const n = scratch.count;
    const times = scratch.times;
    // Detections inside [a, b): all of them when a whole slot is committed; else find the range (times are sorted).
    let first = 0;
    let last = n;
    if (a !== slotStart || b !== slotStart + SLOT_MS) {
      while (first < n && times[first] < a) first++;
      last = first;
      while (last < n && times[last] < b) last++;
    }
    // Counted only while lamps burn (the cuts cover the night inside [a, b)).
    for (let c = 0, k = first; c < levels.length; c++) {
      while (k < last && times[k] < cutsStart[c]) k++;
      while (k < last && times[k] < cutsEnd[c]) {
        acc.detections++;
        k++;
      }
    }
    // Units of one road share its detections and boost length: compute each coverage once.
    const boostMs = units[road.units[0]].boostMs;
    const carry = acc.boostUntilMs[road.units[0]];
    for (let c = 0; c < levels.length; c++) {
      let covered = -1;
      for (const un of road.units) {
        const unit = units[un];
        const df = boostDf[c][unit.group];
        if (df === 0) continue;
        if (covered < 0) covered = coveredMs(times, boostMs, cutsStart[c], cutsEnd[c], carry, last);
        if (covered > 0) {
          acc.boostFractionMs[un] += df * covered;
          boostWms[c] += unit.sumSystemW * df * covered;
        }
      }
    }
    // Boosts that started in [a, b) run on into later intervals.
    if (last > first) for (const un of road.units) acc.boostUntilMs[un] = Math.max(carry, times[last - 1] + boostMs);
  }
  for (let c = 0; c < levels.length; c++) {
    const kwh = boostWms[c] * WMS_TO_KWH;
    acc.slotKWh[slot] += kwh;
    acc.slotCostEUR[slot] += kwh * m.priceAt(localTimeOfDayMs((cutsStart[c] + cutsEnd[c]) / 2, m.options.timeZone));
  }
}

/** Commits every whole slot that ended at least `commitDelayMs` before t (all of them at the end of the run). */
export function advanceLighting(m: LightingModel, s: LightingState, t: number): void {
  const horizon = t >= m.startMs + m.slotCount * SLOT_MS ? t : t - m.commitDelayMs;
  const target = Math.min(m.slotCount, Math.floor((horizon - m.startMs) / SLOT_MS));
  while (s.committedSlots < target) {
    const a = m.startMs + s.committedSlots * SLOT_MS;
    integrate(m, s.acc, s.committedSlots, a, a + SLOT_MS);
    s.committedSlots++;
    m.onSlotCommitted?.(s.committedSlots - 1, s.acc);
  }
}

function cloneAccumulators(acc: LightingAccumulators): LightingAccumulators {
  return {
    ...acc,
    fractionMs: acc.fractionMs.slice(),
    energisedMs: acc.energisedMs.slice(),
    boostFractionMs: acc.boostFractionMs.slice(),
    boostUntilMs: acc.boostUntilMs.slice(),
    slotKWh: acc.slotKWh.slice(),
    slotCostEUR: acc.slotCostEUR.slice(),
    complianceByHourShareMs: acc.complianceByHourShareMs.slice(),
    complianceByHourMs: acc.complianceByHourMs.slice(),
    outageWms: acc.outageWms.slice(),
  };
}

/** Accumulators as of instant t: the committed slots plus the slots not yet committed up to t. */
export function accumulatorsAt(m: LightingModel, s: LightingState, t: number): LightingAccumulators {
  const a = m.startMs + s.committedSlots * SLOT_MS;
  if (t <= a || s.committedSlots >= m.slotCount) return s.acc;
  const acc = cloneAccumulators(s.acc);
  for (let slot = s.committedSlots, u = a; slot < m.slotCount && u < t; slot++, u += SLOT_MS) integrate(m, acc, slot, u, Math.min(t, u + SLOT_MS));
  return acc;
}

export function snapshotLighting(s: LightingState): LightingState {
  return { committedSlots: s.committedSlots, acc: cloneAccumulators(s.acc) };
}

/** Energy (kWh) of the lamps `lamps[from…to)` from the accumulators (the same sum as lampEnergyKWh). */
export function lampSetEnergyKWh(m: LightingModel, acc: LightingAccumulators, lamps: ArrayLike<number>, from = 0, to = lamps.length): number {
  const { lampGroup, lampUnit } = m.grouping;
  let wms = 0;
  for (let k = from; k < to; k++) {
    const i = lamps[k];
    const g = lampGroup[i];
    wms += m.fleet.systemPowerW[i] * acc.fractionMs[g] + m.fleet.standbyW[i] * acc.energisedMs[g] - acc.outageWms[i];
    const u = lampUnit[i];
    if (u >= 0) wms += m.fleet.systemPowerW[i] * acc.boostFractionMs[u];
  }
  return wms * WMS_TO_KWH;
}

/** Energy per lamp (kWh) from the accumulators. */
export function lampEnergyKWh(m: LightingModel, acc: LightingAccumulators): Float64Array {
  const { lampGroup, lampUnit } = m.grouping;
  const out = new Float64Array(m.city.lamps.count);
  for (let i = 0; i < out.length; i++) {
    const g = lampGroup[i];
    let wms = m.fleet.systemPowerW[i] * acc.fractionMs[g] + m.fleet.standbyW[i] * acc.energisedMs[g];
    const u = lampUnit[i];
    if (u >= 0) wms += m.fleet.systemPowerW[i] * acc.boostFractionMs[u];
    out[i] = (wms - acc.outageWms[i]) * WMS_TO_KWH;
  }
  return out;
}
