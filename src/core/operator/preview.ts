// Preview of a staged operator change: two worlds forked from the running one at its current time,
// fast-forwarded N hours (do nothing vs. the change), and their KPIs over that window compared.

import { compareKpis, type CompareResult } from '../compare.ts';
import type { LightingKpis } from '../energy/lightingKpis.ts';
import { localTimeOfDayMs } from '../time/parisTime.ts';
import type { TrafficKpis } from '../traffic/kpis.ts';
import { createWorld, stepWorld, worldKpis, type World } from '../world.ts';
import { CABINET_TYPE, cabinetsOf, ChangeError, stagedScenario, type DeviceCommand, type StagedChange } from './change.ts';
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
  /** Do nothing (the running scenario) as baseline, the staged change as variant. */
  compare: CompareResult<PreviewKpis>;
}

export const MAX_PREVIEW_HOURS = 72;

function pick(w: World): PreviewKpis {
  const k = worldKpis(w);
  const l = k.lighting;
  const out: PreviewKpis = {
    lighting: { energyKWh: l.energyKWh, costEUR: l.costEUR, co2Kg: l.co2Kg, compliantRoadShare: l.compliantRoadShare, peakPowerKW: l.peakPowerKW, burningHours: l.burningHours },
  };
  if (k.traffic) {
    const t = k.traffic;
    out.traffic = { trips: t.trips, completedTrips: t.completedTrips, vehicleKm: t.vehicleKm, meanTravelTimeS: t.meanTravelTimeS, totalDelayVehH: t.totalDelayVehH, stops: t.stops, co2Kg: t.co2Kg };
  }
  return out;
}

/**
 * A world over [now, now + hours) with the source's seed and scenario (or `scenario`), carrying
 * what the source learnt from its feeds: a replayed recording is replayed again (deterministic);
 * live facts (dark lamps, ambient light readings) are shared read-only, since a preview world
 * has no live subscription and never records into them.
 */
function fork(source: World, scenario: World['scenario'], hours: number): World {
  const fromMs = source.timeMs;
  const w = createWorld(source.city, scenario, { startMs: fromMs, endMs: fromMs + Math.round(hours * 3_600_000), seed: source.seed, feed: source.feeds.recording });
  if (!source.feeds.recording) {
    w.lighting.model.outages = source.lighting.model.outages;
    const pc = source.lighting.model.photocell;
    if (pc && w.lighting.model.photocell) w.lighting.model.photocell.readings = pc.readings;
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
  for (const w of [base, variant]) stepWorld(w, w.endMs - w.timeMs);
  return { fromMs: base.startMs, toMs: base.endMs, hours, compare: compareKpis(pick(base), pick(variant)) };
}

/** What the devices run when no operator override is active: their own scheduled program. */
export const SCHEDULE_PROGRAM_ID = 'schedule';

/**
 * The commands that undo a lighting change, as the twin knows the field now: for each cabinet,
 * the level its lamps' programs ask at the world's time (mean over its lamps, to 0.01), or the
 * program an earlier operator command set (`lastApplied`, by entity id), else its own schedule.
 */
export function previousCommands(world: World, change: StagedChange, lastApplied: ReadonlyMap<string, DeviceCommand['command']> = new Map()): DeviceCommand[] {
  if (change.kind === 'signal-plan') throw new ChangeError('signal plans are previewed only');
  const city = world.city;
  const m = world.lighting.model;
  const cabinets = cabinetsOf(city, change.target);
  const out: DeviceCommand[] = [];
  if (change.kind === 'program') {
    for (const c of cabinets) {
      const entityId = ngsiUrn(CABINET_TYPE, cabinetExternalId(c));
      const prev = lastApplied.get(entityId);
      out.push({ entityId, command: prev && 'activeProgramId' in prev ? prev : { activeProgramId: SCHEDULE_PROGRAM_ID } });
    }
    return out;
  }
  const local = localTimeOfDayMs(world.timeMs, m.options.timeZone);
  const sum = new Float64Array(city.cabinets.count);
  const count = new Uint32Array(city.cabinets.count);
  for (let i = 0; i < city.lamps.count; i++) {
    const c = city.lamps.cabinet[i];
    if (c < 0) continue;
    const g = m.grouping.groups[m.grouping.lampGroup[i]];
    let level = m.programs[g.program].levelAt(local, g.roadClass, g.lightingClass);
    if (g.atIntersection && level < m.intersectionMinLevel) level = m.intersectionMinLevel;
    sum[c] += level;
    count[c]++;
  }
  for (const c of cabinets) {
    const entityId = ngsiUrn(CABINET_TYPE, cabinetExternalId(c));
    const prev = lastApplied.get(entityId);
    const level = prev && 'illuminanceLevel' in prev ? prev.illuminanceLevel : count[c] ? Math.round((sum[c] / count[c]) * 100) / 100 : 1;
    out.push({ entityId, command: { illuminanceLevel: level } });
  }
  return out;
}

