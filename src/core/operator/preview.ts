// Preview of a staged operator change: two worlds forked from the running one at its current time
// (with its traffic as it is now), fast-forwarded N hours (do nothing vs. the change), and their KPIs over that window compared.

import { compareKpis, type CompareResult } from '../compare.ts';
import type { LightingKpis } from '../energy/lightingKpis.ts';
import { localTimeOfDayMs } from '../time/parisTime.ts';
import type { TrafficKpis } from '../traffic/kpis.ts';
import { switchSignalPlans, trafficKpis } from '../traffic/index.ts';
import { trafficOptionsOf } from '../traffic/scenarioTraffic.ts';
import { createWorld, stepWorld, worldKpis, type World } from '../world.ts';
import { CABINET_TYPE, cabinetsOf, ChangeError, commandedEntities, lampsOf, stagedScenario, type DeviceCommand, type StagedChange } from './change.ts';
import { cabinetExternalId, ngsiUrn } from '../city/entityIds.ts';

/** The KPIs an operator weighs, over the preview window only. */
export interface PreviewKpis {
  lighting: Pick<LightingKpis, 'energyKWh' | 'costEUR' | 'co2Kg' | 'compliantRoadShare' | 'peakPowerKW' | 'burningHours'>;
  traffic?: Pick<TrafficKpis, 'trips' | 'completedTrips' | 'vehicleKm' | 'meanTravelTimeS' | 'totalDelayVehH' | 'stops' | 'co2Kg'>;
}

export interface PreviewResult {
  fromMs: number;
  toMs: number;
  hours: number;
  /** Vehicles in the network when both worlds start (null without traffic). */
  vehiclesAtStart: number | null;
  /** Do nothing (the running scenario) as baseline, the staged change as variant. */
  compare: CompareResult<PreviewKpis>;
}

export const MAX_PREVIEW_HOURS = 72;

type PreviewTraffic = NonNullable<PreviewKpis['traffic']>;

function trafficOf(w: World): PreviewTraffic | undefined {
  if (!w.traffic) return undefined;
  const t = trafficKpis(w.traffic);
  return { trips: t.trips, completedTrips: t.completedTrips, vehicleKm: t.vehicleKm, meanTravelTimeS: t.meanTravelTimeS, totalDelayVehH: t.totalDelayVehH, stops: t.stops, co2Kg: t.co2Kg };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Traffic KPIs over [at, end) of a run that started earlier: its totals at the end less those at
 * `at`; the mean travel time is that of the trips completed in the window.
 */
export function trafficWindow(at: PreviewTraffic, end: PreviewTraffic): PreviewTraffic {
  const completed = end.completedTrips - at.completedTrips;
  const travelS = end.meanTravelTimeS * end.completedTrips - at.meanTravelTimeS * at.completedTrips;
  return {
    trips: end.trips - at.trips,
    completedTrips: completed,
    vehicleKm: round3(end.vehicleKm - at.vehicleKm),
    meanTravelTimeS: completed > 0 ? round3(travelS / completed) : 0,
    totalDelayVehH: round3(end.totalDelayVehH - at.totalDelayVehH),
    stops: end.stops - at.stops,
    co2Kg: round3(end.co2Kg - at.co2Kg),
  };
}

function pick(w: World, trafficAtStart: PreviewTraffic | undefined): PreviewKpis {
  const l = worldKpis(w).lighting;
  const out: PreviewKpis = {
    lighting: { energyKWh: l.energyKWh, costEUR: l.costEUR, co2Kg: l.co2Kg, compliantRoadShare: l.compliantRoadShare, peakPowerKW: l.peakPowerKW, burningHours: l.burningHours },
  };
  const t = trafficOf(w);
  if (t) out.traffic = trafficAtStart ? trafficWindow(trafficAtStart, t) : t;
  return out;
}

/**
 * A world over [now, now + hours) with the source's seed and scenario (or `scenario`), carrying
 * what the source learnt from its feeds: a replayed recording is replayed again (deterministic);
 * live facts (dark lamps, ambient light readings) are shared read-only, since a preview world
 * has no live subscription and never records into them. Its traffic continues a copy of the
 * source's run (vehicles, queues, signal states and counts of now), so both forks start from the
 * same state; a staged signal plan takes over at now.
 */
function fork(source: World, scenario: World['scenario'], hours: number): World {
  const fromMs = source.timeMs;
  const ti = source.trafficInit;
  const trafficRun = source.traffic && ti ? { setup: ti.setup, options: ti.options, from: source.traffic } : null;
  const w = createWorld(source.city, scenario, { startMs: fromMs, endMs: fromMs + Math.round(hours * 3_600_000), seed: source.seed, feed: source.feeds.recording, trafficRun });
  if (!source.feeds.recording) {
    w.lighting.model.outages = source.lighting.model.outages;
    const pc = source.lighting.model.photocell;
    if (pc && w.lighting.model.photocell) w.lighting.model.photocell.readings = pc.readings;
  }
  if (w.traffic && ti && scenario.traffic && scenario !== source.scenario) {
    const plans = trafficOptionsOf(source.city, scenario.traffic);
    if (JSON.stringify(plans.signals) !== JSON.stringify(ti.options.signals) || plans.defaultPlan !== ti.options.defaultPlan || plans.busPriority !== ti.options.busPriority) switchSignalPlans(w.traffic, ti.setup, plans);
  }
  return w;
}

/**
 * Fast-forwards the running world's present by `hours` twice — as it is, and with the staged change —
 * and compares. The source world is not advanced or altered.
 */
export function previewChange(source: World, change: StagedChange, hours: number): PreviewResult {
  if (!(hours > 0 && hours <= MAX_PREVIEW_HOURS)) throw new ChangeError(`a preview runs from 0 to ${MAX_PREVIEW_HOURS} hours ahead, not ${hours}`);
  const staged = stagedScenario(source.city, source.scenario, change);
  const base = fork(source, source.scenario, hours);
  const variant = fork(source, staged, hours);
  const atStart = trafficOf(base);
  const vehiclesAtStart = base.traffic ? base.traffic.activeCount : null;
  for (const w of [base, variant]) stepWorld(w, w.endMs - w.timeMs);
  return { fromMs: base.startMs, toMs: base.endMs, hours, vehiclesAtStart, compare: compareKpis(pick(base, atStart), pick(variant, atStart)) };
}

/** Vehicles in the network at the start of each preview world (both start from the same state). */
export function previewStartVehicles(source: World, change: StagedChange): { doNothing: number; withChange: number } {
  const staged = stagedScenario(source.city, source.scenario, change);
  const count = (w: World) => w.traffic?.activeCount ?? 0;
  return { doNothing: count(fork(source, source.scenario, 1)), withChange: count(fork(source, staged, 1)) };
}

/** What the devices run when no operator override is active: their own scheduled program. */
export const SCHEDULE_PROGRAM_ID = 'schedule';

/**
 * The commands that undo a change, as the twin knows the field now: for a level, the level the
 * lamps' programs ask at the world's time (a cabinet: the mean over its lamps, to 0.01); for a
 * program or a signal plan, the one an earlier operator command set (`lastApplied`, by entity id),
 * else the device's own schedule.
 */
export function previousCommands(world: World, change: StagedChange, lastApplied: ReadonlyMap<string, DeviceCommand['command']> = new Map()): DeviceCommand[] {
  const city = world.city;
  if (change.kind !== 'dim') {
    return commandedEntities(city, change).map((entityId) => {
      const prev = lastApplied.get(entityId);
      return { entityId, command: prev && 'activeProgramId' in prev ? prev : { activeProgramId: SCHEDULE_PROGRAM_ID } };
    });
  }
  const m = world.lighting.model;
  const local = localTimeOfDayMs(world.timeMs, m.options.timeZone);
  const levelOf = (i: number) => {
    const g = m.grouping.groups[m.grouping.lampGroup[i]];
    const level = m.programs[g.program].levelAt(local, g.roadClass, g.lightingClass);
    return g.atIntersection && level < m.intersectionMinLevel ? m.intersectionMinLevel : level;
  };
  const previousLevel = (entityId: string, modelLevel: number): DeviceCommand => {
    const prev = lastApplied.get(entityId);
    return { entityId, command: { illuminanceLevel: prev && 'illuminanceLevel' in prev ? prev.illuminanceLevel : Math.round(modelLevel * 100) / 100 } };
  };
  if ('lamps' in change.target) {
    const ids = commandedEntities(city, change);
    return lampsOf(city, change.target).map((i, k) => previousLevel(ids[k], levelOf(i)));
  }
  const cabinets = cabinetsOf(city, change.target);
  const sum = new Float64Array(city.cabinets.count);
  const count = new Uint32Array(city.cabinets.count);
  for (let i = 0; i < city.lamps.count; i++) {
    const c = city.lamps.cabinet[i];
    if (c < 0) continue;
    sum[c] += levelOf(i);
    count[c]++;
  }
  return cabinets.map((c) => previousLevel(ngsiUrn(CABINET_TYPE, cabinetExternalId(c)), count[c] ? sum[c] / count[c] : 1));
}
