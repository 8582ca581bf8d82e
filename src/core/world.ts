// The world: one clock and the simulations over a read-only city. stepWorld() is the one place
// that shows the step order: feeds → signals → vehicles → lighting → energy → KPIs → frame.

import type { CityModel } from './city/model.ts';
import type { Scenario } from './scenario/schema.ts';
import {
  accumulatorsAt,
  advanceLighting,
  compileLighting,
  defaultLightingOptions,
  initialLightingState,
  lampLevelsAt,
  makePriceAt,
  SLOT_MS,
  snapshotLighting,
  type LightingModel,
  type LightingOptions,
  type LightingState,
} from './lighting/lightingSim.ts';
import { CO2_FACTORS, DEFAULT_CO2_FACTOR_ID, DEFAULT_TARIFF, type Co2Factor, type Tariff } from './energy/factors.ts';
import { lightingKpis, signalEnergyKWh, type LightingKpis } from './energy/lightingKpis.ts';
import { FeedIngest, type FeedCounts, type FeedCursor } from './feeds/ingest.ts';
import { FeedPresence } from './feeds/feedPresence.ts';
import { CabinetChecks, type CabinetChecksState, type CabinetChecksSummary } from './feeds/cabinetChecks.ts';
import { Replay, type Recording } from './feeds/recording.ts';
import { LampOutages } from './lighting/outages.ts';
import { AmbientReadings } from './lighting/photocell.ts';
import { advanceTraffic, createTraffic, prepareTraffic, trafficKpis, type TrafficKpis, type TrafficSetup, type TrafficSim } from './traffic/index.ts';
import { trafficOptionsOf } from './traffic/scenarioTraffic.ts';
import { volumeSourceOf } from './traffic/assignment.ts';
import { presenceMaskOf, vehiclePresence } from './traffic/coupling.ts';
import { cloneTraffic } from './traffic/cloneTraffic.ts';

export interface World {
  city: CityModel;
  scenario: Scenario;
  seed: number;
  startMs: number;
  endMs: number;
  /** Integer milliseconds since the Unix epoch (UTC). */
  timeMs: number;
  lighting: { model: LightingModel; state: LightingState };
  co2: Co2Factor;
  tariff: Tariff;
  /**
   * Sensor feeds: the gate every message passes (read through the world's cursor), the replayed
   * recording if any, how many accepted observations were assimilated, and what they feed:
   * presence detections from motion counters, and cabinet meters checked against the model.
   */
  feeds: WorldFeeds;
  /** Road traffic, when the scenario has a `traffic` section. */
  traffic: TrafficSim | null;
  /** What rebuilds the traffic run on restore (a run cannot step backwards; it replays deterministically). */
  trafficInit: { setup: TrafficSetup; options: TrafficOptionsFull; bind: ((sim: TrafficSim) => void) | null; mask: Uint8Array | null } | null;
}

export interface WorldFeeds {
  gate: FeedIngest;
  cursor: FeedCursor;
  replay: Replay | null;
  recording: Recording | null;
  assimilated: number;
  presence: FeedPresence;
  cabinets: CabinetChecks;
  /** Outage and ambient reports before this were compacted (see compactFeedHistory). */
  compactedBeforeMs: number;
}

/**
 * Lighting slots are committed this long after they end: a feed report about a slot (motion
 * counts, outages, ambient light) arriving up to this late still counts in its energy. Later
 * reports still show in frames and KPIs of slots not yet committed.
 */
export const LATE_REPORT_GRACE_MS = 15 * 60_000;

type TrafficOptionsFull = Parameters<typeof createTraffic>[1];

export interface WorldOptions {
  startMs: number;
  endMs: number;
  seed: number;
  lighting: Partial<LightingOptions>;
  /** A recording replayed into the feed gate in step with the clock. */
  feed: Recording | null;
  /**
   * Continue a copy of this running traffic run instead of starting one empty at `startMs`: the
   * world starts with its vehicles, queues, signal states and counts (the run must not be past
   * `startMs`; one behind it is advanced to it). The original run is not touched.
   */
  trafficRun: { setup: TrafficSetup; options: TrafficOptionsFull; from: TrafficSim } | null;
}

export function scenarioStartMs(s: Scenario): number {
  return Date.parse(s.period.start);
}

export function co2FactorOf(s: Scenario): Co2Factor {
  const c = s.energy.co2;
  if (!c) return CO2_FACTORS[DEFAULT_CO2_FACTOR_ID];
  if ('factor' in c) return CO2_FACTORS[c.factor];
  return { id: 'scenario', gPerKWh: c.gPerKWh, source: c.source };
}

export function tariffOf(s: Scenario): Tariff {
  const t = s.energy.tariff;
  if (!t) return DEFAULT_TARIFF;
  return { eurPerKWh: t.eurPerKWh, ...(t.offPeak ? { offPeak: t.offPeak } : {}), source: t.source ?? 'scenario' };
}

export function createWorld(city: CityModel, scenario: Scenario, options: Partial<WorldOptions> = {}): World {
  const seed = options.seed ?? scenario.seed;
  const startMs = Math.round(options.startMs ?? scenarioStartMs(scenario));
  const endMs = Math.round(options.endMs ?? startMs + scenario.period.days * 86_400_000);
  if (!Number.isFinite(startMs) || !(endMs > startMs)) throw new Error(`bad period: start ${startMs}, end ${endMs}`);
  const tariff = tariffOf(scenario);
  const lightingOptions = { ...defaultLightingOptions(seed), ...options.lighting };
  // Traffic first: its demand gives the hourly volumes adaptive lighting reads, and its vehicles the presence detections.
  let traffic: TrafficSim | null = null;
  let bindPresence: ((sim: TrafficSim) => void) | null = null;
  const t = scenario.traffic;
  let trafficSetup = null;
  let trafficOptions = null;
  const run = options.trafficRun ?? null;
  if (t) {
    const own = run ? null : { ...trafficOptionsOf(city, t), seed, startMs, endMs };
    trafficOptions = own ?? run!.options;
    trafficSetup = own ? prepareTraffic(city, own) : run!.setup;
    if (t.couple.adaptiveVolumes && !options.lighting?.traffic) lightingOptions.traffic = volumeSourceOf(trafficSetup.assignment, `simulated demand (${trafficSetup.trips.source})`);
    if (t.couple.presence && !options.lighting?.presence) {
      const p = vehiclePresence(seed);
      lightingOptions.presence = p;
      bindPresence = (sim) => p.bind(sim);
    }
  }
  // Roads whose detectors report use the feed's detections; the others keep the scenario's model.
  const presence = new FeedPresence(city, startMs, SLOT_MS, lightingOptions.presence);
  const model = compileLighting(city, { ...scenario, seed }, startMs, endMs, makePriceAt(tariff), { ...lightingOptions, presence });
  let trafficInit: World['trafficInit'] = null;
  if (trafficSetup && trafficOptions) {
    if (run && run.from.timeMs > startMs) throw new Error(`the traffic run to continue is at ${new Date(run.from.timeMs).toISOString()}, past the world's start ${new Date(startMs).toISOString()}`);
    traffic = run ? cloneTraffic(run.from, run.setup) : createTraffic(city, trafficOptions, trafficSetup);
    const mask = bindPresence ? presenceMaskOf(city.links.count, model.presenceRoads.map((r) => r.link)) : null;
    traffic.presenceMask = mask;
    bindPresence?.(traffic);
    if (run) advanceTraffic(traffic, startMs);
    trafficInit = { setup: trafficSetup, options: trafficOptions, bind: bindPresence, mask };
  }
  return {
    traffic,
    trafficInit,
    city,
    scenario,
    seed,
    startMs,
    endMs,
    timeMs: startMs,
    lighting: { model, state: initialLightingState(model) },
    co2: co2FactorOf(scenario),
    tariff,
    feeds: createFeeds(city, model, presence, options.feed ?? null),
  };
}

function createFeeds(city: CityModel, model: LightingModel, presence: FeedPresence, recording: Recording | null): WorldFeeds {
  const gate = new FeedIngest(city);
  const cabinets = new CabinetChecks(city, model);
  model.onSlotCommitted = (slot, acc) => cabinets.slotCommitted(slot, acc);
  model.commitDelayMs = LATE_REPORT_GRACE_MS;
  return { gate, cursor: gate.openCursor(), replay: recording ? new Replay(recording, gate) : null, recording, assimilated: 0, presence, cabinets, compactedBeforeMs: -Infinity };
}

/** Advances the world by dtMs (integer), never past its end. */
export function stepWorld(world: World, dtMs: number): void {
  const target = Math.min(world.endMs, world.timeMs + Math.max(0, Math.round(dtMs)));
  // feeds: recorded observations up to the target pass the gate; accepted ones act on the twin.
  world.feeds.replay?.advanceTo(target);
  assimilate(world);
  // signals, vehicles: the traffic run steps up to the target (its own fixed step inside).
  if (world.traffic) advanceTraffic(world.traffic, target);
  // lighting + energy: analytic integration of every whole hour slot up to the target.
  advanceLighting(world.lighting.model, world.lighting.state, target);
  world.timeMs = target;
}

/**
 * Observations accepted since the last call act on the simulations: lamp telemetry → outages and
 * presence detections (motion counters), ambient light → photocell switching, cabinet meters →
 * checks against the model. Every fact is time-stamped, so this may also run between steps
 * (a live feed while paused); the gate then releases what was read.
 */
function assimilate(world: World): void {
  const { gate, cursor, presence, cabinets } = world.feeds;
  const model = world.lighting.model;
  const outages = model.outages;
  world.feeds.assimilated += gate.read(cursor, (o) => {
    if (o.kind === 'weather' && o.illuminanceLux !== undefined) model.photocell?.readings.record(o.timeMs, o.illuminanceLux);
    else if (o.kind === 'streetlight') {
      const broken = o.status !== undefined && o.status !== 'ok';
      if (broken || o.powerState === 'off') outages.record(o.lamp, o.timeMs, true);
      else if (o.status === 'ok' || o.powerState === 'on' || o.powerState === 'low') outages.record(o.lamp, o.timeMs, false);
      if (o.motionCount !== undefined) presence.recordMotion(o.lamp, o.timeMs, o.motionCount);
    } else if (o.kind === 'cabinet') cabinets.record(o);
    else if (o.kind === 'trafficFlow' && o.intensity !== undefined) world.traffic?.counts.record(o.link, o.timeMs, o.toMs, o.intensity);
  });
  // Detections of slots the lighting has integrated (bar the one frames still look back to) are released.
  presence.forgetBefore(model.startMs + (world.lighting.state.committedSlots - 1) * SLOT_MS);
  compactFeedHistory(world);
}

/**
 * Days of live telemetry must not grow the outage timelines and ambient readings without end:
 * once an hour, reports older than the gate's lateness limit (no accepted report can land before
 * that) and than every uncommitted slot are reduced to the state they leave. A restore to a time
 * before that horizon sees the compacted history (a replayed feed is rebuilt in full instead).
 */
function compactFeedHistory(world: World): void {
  const f = world.feeds;
  const model = world.lighting.model;
  const firstOpenSlotMs = model.startMs + world.lighting.state.committedSlots * SLOT_MS;
  const horizon = Math.min(world.timeMs - f.gate.limits.maxLatenessMs, firstOpenSlotMs) - SLOT_MS;
  if (horizon - f.compactedBeforeMs < SLOT_MS) return;
  f.compactedBeforeMs = horizon;
  model.outages.compactBefore(horizon);
  model.photocell?.readings.compactBefore(horizon);
}

/** Assimilates what the gate accepted since the last step, without stepping (live messages while paused). */
export function assimilateFeeds(world: World): void {
  assimilate(world);
}

export function runToEnd(world: World): void {
  stepWorld(world, world.endMs - world.timeMs);
}

export interface WorldKpis {
  scenario: string;
  start: string;
  end: string;
  seed: number;
  lighting: LightingKpis;
  signals: { count: number; energyKWh: number };
  feeds: FeedKpis;
  traffic?: TrafficKpis;
}

export interface FeedKpis extends FeedCounts {
  /** Cabinet meters compared with the modelled energy over the same window. */
  cabinetChecks: CabinetChecksSummary;
  /** Presence from feed motion counters: detections credited and roads whose detectors reported. */
  motion: { detections: number; reportingRoads: number };
}

export function feedKpis(world: World): FeedKpis {
  const f = world.feeds;
  return { ...f.gate.counts(), cabinetChecks: f.cabinets.summary(), motion: { detections: f.presence.detectionsRecorded, reportingRoads: f.presence.reportingRoads } };
}

export function worldKpis(world: World): WorldKpis {
  const m = world.lighting.model;
  const acc = accumulatorsAt(m, world.lighting.state, world.timeMs);
  let approaches = 0;
  for (let s = 0; s < world.city.signals.count; s++) approaches += world.city.signals.approachStart[s + 1] - world.city.signals.approachStart[s];
  return {
    scenario: world.scenario.name,
    start: new Date(world.startMs).toISOString(),
    end: new Date(world.timeMs).toISOString(),
    seed: world.seed,
    lighting: lightingKpis(m, acc, world.co2, world.tariff, world.timeMs - world.startMs),
    signals: { count: world.city.signals.count, energyKWh: signalEnergyKWh(approaches, (world.timeMs - world.startMs) / 3_600_000) },
    feeds: feedKpis(world),
    ...(world.traffic ? { traffic: trafficKpis(world.traffic) } : {}),
  };
}

/** Levels of every lamp at the world's current time, for a render frame. */
export function worldLampLevels(world: World, out?: Float32Array): Float32Array {
  return lampLevelsAt(world.lighting.model, world.timeMs, out);
}

export interface WorldSnapshot {
  timeMs: number;
  lighting: LightingState;
  /** Cabinet meters as of the snapshot (they hold model samples of slots a restore does not integrate again). */
  feeds?: { cabinets: CabinetChecksState };
}

export function snapshotWorld(world: World): WorldSnapshot {
  return { timeMs: world.timeMs, lighting: snapshotLighting(world.lighting.state), feeds: { cabinets: world.feeds.cabinets.snapshot() } };
}

/**
 * Restores a snapshot. A replayed feed is rebuilt up to the snapshot's time (replay is
 * deterministic), so observations "from the future" are no longer applied, and what they fed
 * (outages, ambient readings, detections, cabinet meters) is re-derived. Live observations are
 * not rewound: what they fed is time-stamped and stays (the gate no longer holds them all).
 */
export function restoreWorld(world: World, snap: WorldSnapshot): void {
  world.timeMs = snap.timeMs;
  world.lighting.state = snapshotLighting(snap.lighting);
  const ti = world.trafficInit;
  if (world.traffic && ti && world.traffic.timeMs !== snap.timeMs) {
    const sim = createTraffic(world.city, ti.options, ti.setup);
    sim.presenceMask = ti.mask;
    ti.bind?.(sim);
    // Counts apply by their own timestamps, so the rebuilt run gets every count the old one had.
    sim.counts.adopt(world.traffic.counts);
    advanceTraffic(sim, snap.timeMs);
    world.traffic = sim;
  }
  const f = world.feeds;
  if (f.recording) {
    f.gate.closeCursor(f.cursor);
    const gate = new FeedIngest(world.city, f.gate.limits);
    const replay = new Replay(f.recording, gate);
    f.presence.clear();
    f.cabinets.clear();
    world.feeds = { ...f, gate, cursor: gate.openCursor(), replay, assimilated: 0, compactedBeforeMs: -Infinity };
    world.lighting.model.outages = new LampOutages();
    if (world.lighting.model.photocell) world.lighting.model.photocell.readings = new AmbientReadings();
    replay.advanceTo(snap.timeMs);
    assimilate(world);
    if (snap.feeds) world.feeds.cabinets.restore(snap.feeds.cabinets);
    return;
  }
  assimilate(world);
}

