// Main-thread proxy over the simulation worker (comlink): commands, and the events the worker sends
// (frames into the FrameReceiver, progress and status to listeners). The UI's only way to the sim.

import { proxy, transfer, wrap, type Endpoint, type Remote } from 'comlink';
import type { SimHost, SetScenarioOptions } from '../../workers/sim-host.ts';
import type { OperatorPlan, OperatorResult, OperatorTargets } from '../../workers/sim-operator.ts';
import type { DeviceCommand, StagedChange } from '../core/operator/change.ts';
import type { PreviewResult } from '../core/operator/preview.ts';
import { simFrames, type FrameReceiver } from './frames.ts';
import type {
  CityResult, HostSnapshot, IngestBatchResult, JobOutcome, JobProgress, LiveConnectOptions, LiveFeedStatus, LiveKpis, PeriodChoice, RunOutcome,
  ScenarioResult, SimFrame, SimSpeed, SimStatus,
} from './types.ts';

export interface SimClient {
  registerScenarios(texts: Record<string, string>): Promise<void>;
  loadCityUrl(url: string, fileName: string): Promise<CityResult>;
  /** A file the user opened: the File goes to the worker, which reads it off the main thread. */
  loadCityFile(file: Blob, fileName: string): Promise<CityResult>;
  setScenario(text: string, fileName: string, options?: SetScenarioOptions): Promise<ScenarioResult>;
  setPeriod(period: PeriodChoice): Promise<ScenarioResult>;
  play(): Promise<void>;
  pause(): Promise<void>;
  setSpeed(speed: SimSpeed): Promise<void>;
  seek(timeMs: number): Promise<JobOutcome>;
  runToEnd(): Promise<RunOutcome>;
  cancel(): Promise<void>;
  snapshot(): Promise<HostSnapshot | null>;
  restore(snapshot: HostSnapshot): Promise<ScenarioResult>;
  liveKpis(): Promise<LiveKpis | null>;
  /** The worker subscribes to an MQTT broker; its messages act on the running world. */
  connectLive(options: LiveConnectOptions): Promise<LiveFeedStatus>;
  disconnectLive(): Promise<LiveFeedStatus>;
  retryLiveNow(): Promise<void>;
  /** Messages handed to the worker's gate directly (benchmarks, dropped recordings). */
  ingestMessages(messages: string[] | string, reference?: 'sim' | 'wall'): Promise<IngestBatchResult>;
  /** Operator workflow: targets of the running world, preview of a staged change, its commands. */
  operatorTargets(): Promise<OperatorTargets | null>;
  operatorPreview(change: StagedChange, hours: number): Promise<OperatorResult<PreviewResult>>;
  operatorPlan(change: StagedChange, lastApplied: [string, DeviceCommand['command']][]): Promise<OperatorResult<OperatorPlan>>;
  onStatus(fn: (status: SimStatus) => void): () => void;
  onLiveFeed(fn: (status: LiveFeedStatus) => void): () => void;
  onProgress(fn: (progress: JobProgress) => void): () => void;
  readonly frames: FrameReceiver;
  dispose(): void;
}

/** A client over any comlink endpoint (the worker in the page; a MessagePort in tests). */
export function createSimClient(endpoint: Endpoint, frames: FrameReceiver): SimClient {
  const remote: Remote<SimHost> = wrap<SimHost>(endpoint);
  const statusListeners = new Set<(s: SimStatus) => void>();
  const progressListeners = new Set<(p: JobProgress) => void>();
  const liveListeners = new Set<(s: LiveFeedStatus) => void>();
  const listen = <T>(set: Set<T>, fn: T) => {
    set.add(fn);
    return () => void set.delete(fn);
  };
  const connected = remote.connect(
    proxy({
      frame(frame: SimFrame) {
        const back = frames.receive(frame);
        // The previous buffer goes back to the worker for its next frame (moved, not copied).
        return back ? transfer(back, [back.buffer]) : undefined;
      },
      progress(p: JobProgress) {
        for (const fn of progressListeners) fn(p);
      },
      status(s: SimStatus) {
        for (const fn of statusListeners) fn(s);
      },
      liveFeed(s: LiveFeedStatus) {
        for (const fn of liveListeners) fn(s);
      },
    }),
  );
  // Comlink's Remote<> spreads union results into unions of promises: the interface above gives the types.
  const after = <T>(p: () => unknown): Promise<T> => connected.then(p) as Promise<T>;
  return {
    frames,
    registerScenarios: (texts) => after(() => remote.registerScenarios(texts)),
    loadCityUrl: (url, fileName) => after(() => remote.loadCityUrl(url, fileName)),
    loadCityFile: (file, fileName) => after(() => remote.loadCityBytes(file, fileName)),
    setScenario: (text, fileName, options) => after(() => remote.setScenario(text, fileName, options)),
    setPeriod: (period) => after(() => remote.setPeriod(period)),
    play: () => after(() => remote.play()),
    pause: () => after(() => remote.pause()),
    setSpeed: (speed) => after(() => remote.setSpeed(speed)),
    seek: (timeMs) => after(() => remote.seek(timeMs)),
    runToEnd: () => after(() => remote.runToEnd()),
    cancel: () => after(() => remote.cancel()),
    snapshot: () => after(() => remote.snapshot()),
    restore: (snapshot) => after(() => remote.restore(snapshot)),
    liveKpis: () => after(() => remote.liveKpis()),
    connectLive: (options) => after(() => remote.connectLive(options)),
    disconnectLive: () => after(() => remote.disconnectLive()),
    retryLiveNow: () => after(() => remote.retryLiveNow()),
    ingestMessages: (messages, reference) => after(() => remote.ingestMessages(messages, reference)),
    operatorTargets: () => after(() => remote.operatorTargets()),
    operatorPreview: (change, hours) => after(() => remote.operatorPreview(change, hours)),
    operatorPlan: (change, lastApplied) => after(() => remote.operatorPlan(change, lastApplied)),
    onStatus: (fn) => listen(statusListeners, fn),
    onLiveFeed: (fn) => listen(liveListeners, fn),
    onProgress: (fn) => listen(progressListeners, fn),
    dispose() {
      statusListeners.clear();
      progressListeners.clear();
      liveListeners.clear();
    },
  };
}

let client: SimClient | null = null;

/** The page's simulation client; starts the worker on first use. */
export function simClient(): SimClient {
  client ??= createSimClient(new Worker(new URL('../../workers/sim.worker.ts', import.meta.url), { type: 'module', name: 'sim' }), simFrames);
  return client;
}
