// The simulation worker's host (a plain class, run in Node by tests): owns the city and the running
// scenario, the pacing loop (play, pause, speed), jobs (seek, run to end) with progress and cancel,
// the frames sent to the page (levels transferred, KPIs at a lower rate) and whole-state snapshots.

import { transfer } from 'comlink';
import { decodeCity } from '../src/core/city/cityFile.ts';
import type { CityModel } from '../src/core/city/model.ts';
import { parseScenarioText } from '../src/core/scenario/parse.ts';
import type { RunKpis } from '../src/core/scenarioRun.ts';
import { DAY_MS, SimSession, type ScenarioSource, type WallClock } from './sim-session.ts';
import { WorkerLiveFeed } from './sim-live.ts';
import { operatorPlan, operatorPreview, operatorTargets, type OperatorPlan, type OperatorResult, type OperatorTargets } from './sim-operator.ts';
import type { DeviceCommand, StagedChange } from '../src/core/operator/change.ts';
import type { PreviewResult } from '../src/core/operator/preview.ts';
import { SLOT_MS } from '../src/core/lighting/lightingSim.ts';
import { IngestQueue } from './sim-ingest-queue.ts';
import { FRAME_INTERVAL_MS, KPI_INTERVAL_MS, PRESENCE_FRAME_INTERVAL_MS, PacingClock, SLICE_MS, TICK_MS, TRAFFIC_FRAME_INTERVAL_MS, Yielder } from './sim-pacing.ts';
import {
  SIM_SPEEDS,
  type CityInfo, type CityResult, type HostSnapshot, type IngestBatchResult, type JobOutcome, type LiveConnectOptions, type LiveFeedStatus, type JobProgress, type LiveKpis, type PeriodChoice,
  type RunOutcome, type ScenarioInfo, type ScenarioResult, type SimEvents, type SimFrame, type SimSpeed, type SimStatus,
} from './sim-protocol.ts';

/** Progress events are sent at most this often (ms of wall time). */
const PROGRESS_INTERVAL_MS = 100;

export interface SimHostOptions {
  now?: WallClock;
  /** Calendar wall clock (UTC ms) for the live feed and follow-now (default Date.now). */
  wallClockMs?: () => number;
  fetchBytes?: (url: string) => Promise<Uint8Array>;
}

export interface SetScenarioOptions {
  period?: PeriodChoice;
  /** Simulated time to show; absent: the current time when it lies in the new period, else the start. */
  timeMs?: number | null;
}

interface Job {
  kind: JobProgress['kind'];
  cancelled: boolean;
  announced: boolean;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
  return new Uint8Array(await res.arrayBuffer());
}

export class SimHost {
  private readonly now: WallClock;
  private readonly fetchBytes: (url: string) => Promise<Uint8Array>;
  private city: CityModel | null = null;
  private cityInfo: CityInfo | null = null;
  private citySeq = 0;
  private readonly library = new Map<string, string>();
  /** The strategy in force: kept when a new scenario fails to parse or to apply. */
  private source: ScenarioSource | null = null;
  private period: PeriodChoice = { days: null };
  private session: SimSession | null = null;
  private sessionId = 0;
  private problem: string | null = null;
  private playing = false;
  private speed: SimSpeed = 600;
  private sink: SimEvents | null = null;
  private job: Job | null = null;
  private jobDone: Promise<unknown> = Promise.resolve();
  private readonly pacing = new PacingClock();
  private readonly yielder = new Yielder();
  private tickHandle: ReturnType<typeof setTimeout> | 'yield' | null = null;
  private disposed = false;
  private frameSeq = 0;
  private frameInFlight = false;
  private wantFrame = false;
  private wantKpis = false;
  private lastFrameWallMs = -Infinity;
  private lastFrameTimeMs = NaN;
  private lastKpiWallMs = -Infinity;
  private lastKpiTimeMs = NaN;
  private lastProgressWallMs = -Infinity;
  private pool: Float32Array[] = [];
  private trafficPool: ArrayBuffer[] = [];
  private lastTrafficWallMs = -Infinity;
  private lastTrafficSession = -1;
  private lastFleetSession = -1;
  private lastPresenceWallMs = -Infinity;
  private lastPresenceSession = -1;
  private readonly live: WorkerLiveFeed;
  private readonly ingest: IngestQueue;
  private readonly wallClockMs: () => number;

  constructor(options: SimHostOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.fetchBytes = options.fetchBytes ?? fetchBytes;
    this.wallClockMs = options.wallClockMs ?? (() => Date.now());
    this.ingest = new IngestQueue({
      world: () => this.session?.world ?? null,
      now: this.now,
      wallClockMs: this.wallClockMs,
      yielder: this.yielder,
      afterSlice: (batchDone) => this.afterIngestSlice(batchDone),
    });
    this.live = new WorkerLiveFeed(() => this.session?.world ?? null, (s) => this.call(() => this.sink?.liveFeed?.(s)), this.wallClockMs);
  }

  // ---- wiring ----------------------------------------------------------------------------------

  /** Where frames, progress and status go (comlink proxies from the page, or plain callbacks in tests). */
  connect(sink: SimEvents): void {
    this.sink = sink;
    this.sendStatus();
    if (this.session) this.requestFrame(true);
  }

  /** Scenarios known by name (file name without `.scenario.json`), to resolve a scenario's baseline. */
  registerScenarios(texts: Record<string, string>): void {
    for (const [name, text] of Object.entries(texts)) this.library.set(name, text);
  }

  dispose(): void {
    this.disposed = true;
    this.live.dispose();
    this.ingest.close();
    this.cancel();
    this.playing = false;
    if (this.tickHandle !== null && this.tickHandle !== 'yield') clearTimeout(this.tickHandle);
    this.tickHandle = null;
    this.yielder.close();
    this.sink = null;
  }

  // ---- city and scenario -----------------------------------------------------------------------

  async loadCityUrl(url: string, file: string): Promise<CityResult> {
    const seq = ++this.citySeq;
    try {
      return this.applyCity(await this.fetchBytes(url), file, seq);
    } catch (e) {
      return { ok: false, error: messageOf(e) };
    }
  }

  /** A city file the user opened: its bytes, or the File itself (read here, off the main thread). */
  async loadCityBytes(data: Uint8Array | Blob, file: string): Promise<CityResult> {
    const seq = ++this.citySeq;
    try {
      const bytes = data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
      return this.applyCity(bytes, file, seq);
    } catch (e) {
      return { ok: false, error: messageOf(e) };
    }
  }

  private applyCity(bytes: Uint8Array, file: string, seq: number): CityResult {
    const city = decodeCity(bytes, file);
    if (seq !== this.citySeq) return { ok: false, error: `${file}: replaced by a city opened later` };
    this.cancel();
    this.playing = false;
    const keepTimeMs = this.session?.timeMs ?? null;
    this.city = city;
    this.cityInfo = { name: city.meta.name, file, lampCount: city.lamps.count };
    this.pool = [];
    this.trafficPool = [];
    this.session = null;
    this.problem = null;
    if (this.source) {
      try {
        this.startSession(new SimSession(city, this.source, this.library, { days: this.period.days }), keepTimeMs);
      } catch (e) {
        this.problem = messageOf(e);
      }
    }
    this.sendStatus();
    return { ok: true, city: this.cityInfo, problem: this.problem };
  }

  /**
   * Applies a scenario (JSON text). A bad one returns its ScenarioError message and changes nothing:
   * the twin keeps the strategy, time and period it had.
   */
  async setScenario(text: string, file: string, options: SetScenarioOptions = {}): Promise<ScenarioResult> {
    const period = options.period ?? this.period;
    let session: SimSession | null = null;
    try {
      if (this.city) session = new SimSession(this.city, { text, file }, this.library, { days: period.days });
      else parseScenarioText(text, file);
    } catch (e) {
      return { ok: false, error: messageOf(e) };
    }
    this.source = { text, file };
    this.period = { days: period.days };
    this.problem = null;
    if (!session) return { ok: true, scenario: this.pendingInfo(text, file) };
    const previous = this.session;
    let timeMs = options.timeMs ?? previous?.timeMs ?? session.startMs;
    if (timeMs < session.startMs || timeMs > session.endMs) timeMs = options.timeMs != null ? session.clamp(timeMs) : session.startMs;
    this.startSession(session, timeMs);
    return { ok: true, scenario: session.info() };
  }

  /** Shortens (or restores) the simulated period; the scenario and the current time are kept. */
  async setPeriod(period: PeriodChoice): Promise<ScenarioResult> {
    if (!this.source) return { ok: false, error: 'no scenario loaded' };
    return this.setScenario(this.source.text, this.source.file, { period });
  }

  /** What a scenario will be once a city arrives (no world yet). */
  private pendingInfo(text: string, file: string): ScenarioInfo {
    const s = parseScenarioText(text, file);
    const startMs = Date.parse(s.period.start);
    return {
      name: s.name, title: s.title, description: s.description ?? null, file, baseline: s.energy.baseline ?? null,
      baselineFound: !!s.energy.baseline && this.library.has(s.energy.baseline), targetReductionPct: s.energy.targetReductionPct ?? null,
      seed: s.seed, scenarioDays: s.period.days, startMs, endMs: startMs + Math.min(this.period.days ?? s.period.days, s.period.days) * DAY_MS,
    };
  }

  private startSession(session: SimSession, timeMs: number | null): void {
    this.cancel();
    this.session = session;
    this.sessionId++;
    this.pool = this.pool.filter((b) => b.length === session.world.city.lamps.count);
    this.sendStatus();
    void this.runJob('seek', session.clamp(timeMs ?? session.startMs));
  }

  // ---- playback ----------------------------------------------------------------------------------

  play(): void {
    const s = this.session;
    if (!s) return;
    if (s.timeMs >= s.endMs) void this.runJob('seek', s.startMs);
    this.playing = true;
    this.pacing.anchor(s.timeMs, this.now());
    this.sendStatus();
    this.scheduleTick();
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    this.sendStatus();
    this.requestFrame(true);
  }

  setSpeed(speed: SimSpeed): void {
    if (!SIM_SPEEDS.includes(speed)) throw new Error(`speed ${String(speed)}: one of ${SIM_SPEEDS.join(', ')}`);
    this.speed = speed;
    if (this.session) this.pacing.anchor(this.session.timeMs, this.now());
    this.sendStatus();
  }

  /** Moves the twin to `timeMs` (clamped to the period): integration restarts from the start when going back. */
  seek(timeMs: number): Promise<JobOutcome> {
    const s = this.session;
    if (!s) return Promise.resolve({ status: 'failed', error: 'no scenario is running' });
    return this.runJob('seek', s.clamp(timeMs)).then((r) => (r === 'done' ? { status: 'done', timeMs: s.timeMs } : { status: 'cancelled' }));
  }

  /** Runs the rest of the period (and the baseline's) in slices; resolves with the period's KPIs, as runScenario gives them. */
  async runToEnd(): Promise<RunOutcome> {
    const s = this.session;
    if (!s) return { status: 'failed', error: 'no scenario is running' };
    this.pause();
    const t0 = this.now();
    const r = await this.runJob('run', s.endMs);
    if (r !== 'done') return { status: 'cancelled' };
    const kpis: RunKpis = s.final(this.now() - t0);
    return { status: 'done', kpis };
  }

  /** Stops the running seek or run where it got to (a consistent state: whole slots integrated). */
  cancel(): void {
    if (this.job) this.job.cancelled = true;
  }

  /** Resolves once no seek or run is in progress. */
  async whenIdle(): Promise<void> {
    let p: Promise<unknown>;
    do {
      p = this.jobDone;
      await p;
    } while (p !== this.jobDone);
  }

  // ---- state ---------------------------------------------------------------------------------------

  status(): SimStatus {
    const s = this.session;
    return {
      phase: !s ? 'empty' : this.job?.announced ? 'busy' : 'ready',
      session: s ? this.sessionId : 0,
      city: this.cityInfo,
      scenario: s ? s.info() : null,
      playing: this.playing,
      speed: this.speed,
      timeMs: s ? s.timeMs : null,
      atEnd: !!s && s.timeMs >= s.endMs,
      problem: this.problem,
    };
  }

  // ---- operator (sim-operator.ts) -------------------------------------------------------------

  operatorTargets(): OperatorTargets | null {
    const w = this.session?.world;
    return w ? operatorTargets(w) : null;
  }

  /** Fast-forwards the present `hours` ahead with and without the change (the running world is not touched). */
  operatorPreview(change: StagedChange, hours: number): OperatorResult<PreviewResult> {
    const w = this.session?.world;
    return w ? operatorPreview(w, change, hours) : { ok: false, error: 'no scenario is running' };
  }

  operatorPlan(change: StagedChange, lastApplied: [string, DeviceCommand['command']][]): OperatorResult<OperatorPlan> {
    const w = this.session?.world;
    return w ? operatorPlan(w, change, lastApplied) : { ok: false, error: 'no scenario is running' };
  }

  /** KPIs from the period start to the current time. */
  liveKpis(): LiveKpis | null {
    return this.session?.live() ?? null;
  }

  snapshot(): HostSnapshot | null {
    const s = this.session;
    if (!s || !this.city) return null;
    const worlds = s.snapshot();
    return {
      kind: 'twin-sim-snapshot',
      version: 1,
      city: { name: this.city.meta.name, lampCount: this.city.lamps.count },
      scenario: { ...s.source },
      period: { startMs: s.startMs, endMs: s.endMs },
      speed: this.speed,
      world: worlds.world,
      baselineWorld: worlds.baselineWorld,
    };
  }

  /** Puts the twin back in a snapshot's state (scenario, period, time, accumulators), paused. */
  async restore(snap: HostSnapshot): Promise<ScenarioResult> {
    if (snap?.kind !== 'twin-sim-snapshot' || snap.version !== 1) return { ok: false, error: 'not a twin snapshot (kind twin-sim-snapshot, version 1)' };
    const city = this.city;
    if (!city) return { ok: false, error: 'no city is loaded' };
    if (snap.city.name !== city.meta.name || snap.city.lampCount !== city.lamps.count) {
      return { ok: false, error: `the snapshot is of ${snap.city.name} (${snap.city.lampCount} lamps), not of ${city.meta.name} (${city.lamps.count} lamps)` };
    }
    this.cancel();
    await this.whenIdle();
    let session = this.session;
    if (!session || session.source.text !== snap.scenario.text || session.startMs !== snap.period.startMs || session.endMs !== snap.period.endMs) {
      try {
        session = new SimSession(city, snap.scenario, this.library, snap.period);
      } catch (e) {
        return { ok: false, error: messageOf(e) };
      }
    }
    session.restore(snap.world, snap.baselineWorld);
    this.session = session;
    this.sessionId++;
    this.source = { ...snap.scenario };
    const days = (snap.period.endMs - snap.period.startMs) / DAY_MS;
    this.period = { days: days === session.scenario.period.days ? null : days };
    this.speed = snap.speed;
    this.playing = false;
    this.problem = null;
    this.sendStatus();
    this.requestFrame(true);
    return { ok: true, scenario: session.info() };
  }

  // ---- live feed -----------------------------------------------------------------------------------

  /**
   * Subscribes to a broker from the worker: messages pass the running world's gate and act on it.
   * With `followNow`, the twin runs the current scenario on the wall clock (a day from this hour, ×1).
   */
  async connectLive(options: LiveConnectOptions): Promise<LiveFeedStatus> {
    const status = this.live.connect(options);
    if (options.followNow) this.followNow();
    return status;
  }

  async disconnectLive(): Promise<LiveFeedStatus> {
    await this.live.disconnect();
    return this.live.status();
  }

  retryLiveNow(): void {
    this.live.retryNow();
  }

  liveFeedStatus(): LiveFeedStatus {
    return this.live.status();
  }

  private followNow(): void {
    if (!this.city || !this.source) return;
    const now = this.wallClockMs();
    const startMs = Math.floor(now / SLOT_MS) * SLOT_MS;
    let session: SimSession;
    try {
      session = new SimSession(this.city, this.source, this.library, { startMs, endMs: startMs + DAY_MS });
    } catch (e) {
      this.problem = messageOf(e);
      this.sendStatus();
      return;
    }
    this.period = { days: 1 };
    this.speed = 1;
    this.startSession(session, now);
    this.playing = true;
    this.sendStatus();
  }

  /**
   * Messages handed over directly (benchmarks, a recording dropped on the page): each passes the
   * running world's gate, judged against the simulated clock ('sim') or the wall clock ('wall'),
   * in slices between frames (see IngestQueue); resolves once the whole batch has passed.
   */
  ingestMessages(batch: readonly string[] | string, reference: 'sim' | 'wall' = 'sim'): Promise<IngestBatchResult> {
    return this.ingest.enqueue(batch, reference);
  }

  // ---- jobs --------------------------------------------------------------------------------------

  /**
   * Advances both worlds to `targetMs` in slices, yielding to messages between slices (cancel,
   * pause). A new job cancels the running one and starts once it has stopped.
   */
  private runJob(kind: Job['kind'], targetMs: number): Promise<'done' | 'cancelled'> {
    this.cancel();
    const job: Job = { kind, cancelled: false, announced: false };
    this.job = job;
    const previous = this.jobDone;
    const run = async (): Promise<'done' | 'cancelled'> => {
      await previous;
      const s = this.session;
      try {
        if (job.cancelled || !s) return 'cancelled';
        const totalMs = Math.max(1, s.remainingMs(targetMs));
        for (;;) {
          const deadline = this.now() + SLICE_MS;
          const done = s.advanceTo(targetMs, deadline, this.now) && s.advanceBaselineTo(targetMs, deadline, this.now);
          if (done) break;
          if (!job.announced) {
            job.announced = true;
            this.sendStatus();
          }
          this.sendProgress(job, 1 - s.remainingMs(targetMs) / totalMs, s.timeMs);
          await this.yielder.next();
          if (job.cancelled || this.session !== s || this.disposed) return 'cancelled';
        }
        if (job.announced) this.sendProgress(job, 1, s.timeMs, true);
        return 'done';
      } finally {
        // A job replaced by a newer one leaves the status and frames to it.
        if (this.job === job) {
          this.job = null;
          if (s) this.pacing.anchor(s.timeMs, this.now());
          if (!this.disposed) {
            this.sendStatus();
            this.requestFrame(true);
          }
        }
      }
    };
    const p = run();
    this.jobDone = p.catch(() => undefined);
    return p;
  }

  private sendProgress(job: Job, fraction: number, timeMs: number, force = false): void {
    const now = this.now();
    if (!force && now - this.lastProgressWallMs < PROGRESS_INTERVAL_MS) return;
    this.lastProgressWallMs = now;
    this.call(() => this.sink?.progress({ kind: job.kind, fraction: Math.min(1, Math.max(0, fraction)), timeMs }));
  }

  private sendStatus(): void {
    if (this.disposed) return;
    const status = this.status();
    this.call(() => this.sink?.status(status));
  }

  /** Calls a sink callback without waiting (a comlink proxy call returns a promise; its failure is the page's). */
  private call(fn: () => unknown): void {
    try {
      const r = fn();
      if (r instanceof Promise) r.catch(() => undefined);
    } catch {
      /* the page went away */
    }
  }

  // ---- pacing loop and frames --------------------------------------------------------------------

  private requestFrame(withKpis: boolean): void {
    this.wantFrame = true;
    if (withKpis) this.wantKpis = true;
    this.scheduleTick();
  }

  private scheduleTick(): void {
    if (this.tickHandle !== null || this.disposed || this.job || !this.session) return;
    const running = this.playing && this.session.timeMs < this.session.endMs;
    if (!running && !(this.wantFrame && !this.frameInFlight && this.sink)) return;
    const tick = () => {
      this.tickHandle = null;
      this.tick();
    };
    if (running && this.speed === 'max') {
      this.tickHandle = 'yield';
      this.yielder.post(tick);
    } else {
      this.tickHandle = setTimeout(tick, running ? TICK_MS : 0);
    }
  }

  private tick(): void {
    const s = this.session;
    if (!s || this.job || this.disposed) return;
    if (this.playing) {
      const now = this.now();
      if (this.speed === 'max') {
        s.advanceTo(s.endMs, now + SLICE_MS, this.now);
      } else {
        const target = Math.min(s.endMs, this.pacing.targetAt(now, this.speed));
        if (target > s.timeMs) s.advanceTo(target, now + SLICE_MS, this.now);
        this.pacing.dropLag(s.timeMs, this.now(), this.speed);
      }
      if (s.timeMs >= s.endMs) {
        this.playing = false;
        this.wantFrame = true;
        this.wantKpis = true;
        this.sendStatus();
      }
    }
    this.maybeSendFrame(this.now());
    this.scheduleTick();
  }

  /**
   * Between two ingest slices: while playing, the pacing loop runs now if a frame is due (slices
   * may follow each other faster than its timer fires); while paused, a finished batch shows.
   */
  private afterIngestSlice(batchDone: boolean): void {
    if (!this.session || this.job || this.disposed) return;
    if (this.playing) {
      if (!this.frameInFlight && this.now() - this.lastFrameWallMs >= FRAME_INTERVAL_MS) this.tick();
    } else if (batchDone) this.requestFrame(false);
  }

  private takeBuffer(count: number): Float32Array {
    const b = this.pool.pop();
    return b && b.length === count ? b : new Float32Array(count);
  }

  private maybeSendFrame(now: number): void {
    const s = this.session;
    const sink = this.sink;
    if (!s || !sink || this.frameInFlight) return;
    const moved = s.timeMs !== this.lastFrameTimeMs;
    if (!this.wantFrame && !(moved && now - this.lastFrameWallMs >= FRAME_INTERVAL_MS)) return;
    const kpis = this.wantKpis || (s.timeMs !== this.lastKpiTimeMs && now - this.lastKpiWallMs >= KPI_INTERVAL_MS);
    const levels = s.levels(this.takeBuffer(s.world.city.lamps.count));
    // Traffic on forced frames (seek, pause, new session) and at most every TRAFFIC_FRAME_INTERVAL_MS; absent: unchanged.
    const trafficDue = this.wantFrame || this.lastTrafficSession !== this.sessionId || now - this.lastTrafficWallMs >= TRAFFIC_FRAME_INTERVAL_MS;
    const traffic = trafficDue ? s.trafficFrame(this.trafficPool.pop()) : undefined;
    if (trafficDue) {
      this.lastTrafficWallMs = now;
      this.lastTrafficSession = this.sessionId;
    }
    // The fleet once per session; presence counts and lamp energies about once a second and on forced frames.
    const fleet = this.lastFleetSession !== this.sessionId ? s.fleetColumns() : undefined;
    this.lastFleetSession = this.sessionId;
    const presenceDue = this.wantFrame || this.lastPresenceSession !== this.sessionId || now - this.lastPresenceWallMs >= PRESENCE_FRAME_INTERVAL_MS;
    const presence = presenceDue ? s.presenceCounts() : undefined;
    const lampEnergy = presenceDue ? s.lampEnergy() : undefined;
    if (presenceDue) {
      this.lastPresenceWallMs = now;
      this.lastPresenceSession = this.sessionId;
    }
    const frame: SimFrame = {
      seq: ++this.frameSeq, session: this.sessionId, timeMs: s.timeMs, levels, powerKW: s.powerKW(levels),
      ...(traffic !== undefined ? { traffic } : {}), ...(fleet ? { fleet } : {}), ...(presence !== undefined ? { presence } : {}), ...(lampEnergy ? { lampEnergy } : {}),
      live: kpis ? s.live() : null,
    };
    const transfers: ArrayBuffer[] = [levels.buffer as ArrayBuffer];
    if (traffic) transfers.push(traffic.buffer);
    if (fleet) transfers.push(fleet.ratedPowerW.buffer as ArrayBuffer, fleet.technology.buffer as ArrayBuffer);
    if (presence) transfers.push(presence.detectionsByLink.buffer as ArrayBuffer);
    if (lampEnergy) transfers.push(lampEnergy.kWh.buffer as ArrayBuffer);
    this.wantFrame = false;
    // Keep the cadence: a frame sent a little after it was due moves the next one by the interval
    // from when it was due, not from now (a 16 ms tick would otherwise give one frame every 48 ms).
    const due = this.lastFrameWallMs + FRAME_INTERVAL_MS;
    this.lastFrameWallMs = due <= now && now - due < FRAME_INTERVAL_MS / 2 ? due : now;
    this.lastFrameTimeMs = s.timeMs;
    if (kpis) {
      this.wantKpis = false;
      this.lastKpiWallMs = now;
      this.lastKpiTimeMs = s.timeMs;
    }
    this.frameInFlight = true;
    // The page acknowledges each frame (backpressure: a busy page gets fewer frames, never a queue).
    Promise.resolve()
      .then(() => sink.frame(transfer(frame, transfers)))
      .then(
        (back) => {
          const backLevels = back instanceof Float32Array ? back : (back?.levels ?? null);
          if (backLevels instanceof Float32Array && backLevels.length === levels.length && this.pool.length < 4) this.pool.push(backLevels);
          const backTraffic = back && !(back instanceof Float32Array) ? back.traffic : null;
          if (backTraffic instanceof ArrayBuffer && this.trafficPool.length < 4) this.trafficPool.push(backTraffic);
        },
        () => undefined,
      )
      .finally(() => {
        this.frameInFlight = false;
        this.scheduleTick();
      });
  }
}
