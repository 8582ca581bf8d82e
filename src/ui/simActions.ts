// What the UI asks of the simulation: start it with the default city and scenario, choose or open
// a scenario (a refused one is reported and the running strategy stays), playback, seek, run, cancel.

import { MAX_SCENARIO_BYTES } from '../core/scenario/parse.ts';
import { simClient } from '../sim-client/simClient.ts';
import { simFrames } from '../sim-client/frames.ts';
import { BUNDLED_SCENARIOS, DEFAULT_SCENARIO, bundledScenario, scenarioTexts } from '../sim-client/scenarioLibrary.ts';
import { installSimProbe, type SimProbe } from '../sim-client/simProbe.ts';
import { openingTimeMs } from '../sim-client/initialTime.ts';
import type { ScenarioResult, SimSpeed } from '../sim-client/types.ts';
import { useUiStore } from '../store/uiStore.ts';

/** The choice value of a scenario opened from a file (the picker lists it beside the bundled ones). */
export const FILE_CHOICE_PREFIX = 'file:';

let probe: SimProbe | null = null;
let started = false;

function wire(): void {
  const client = simClient();
  probe = installSimProbe(simFrames);
  if (probe) probe.ingest = (ndjson, reference) => client.ingestMessages(ndjson, reference);
  client.onStatus((s) => {
    useUiStore.getState().setSimStatus(s);
    if (probe) probe.status = s;
  });
  client.onProgress((p) => useUiStore.getState().setJob(p));
  client.onLiveFeed((s) => {
    useUiStore.getState().setLiveFeed(s);
    useUiStore.getState().setLivePending(false);
  });
}

/** Connects the worker to the live broker (the embedded one by default); `followNow` runs the twin on the wall clock. */
export async function connectLive(followNow: boolean): Promise<void> {
  const st = useUiStore.getState();
  const target = st.liveTarget;
  if (!target) return;
  st.setLivePending(true);
  const status = await simClient().connectLive({ url: target.url, prefix: target.prefix, followNow, clientId: liveClientId() });
  useUiStore.getState().setLiveFeed(status);
  useUiStore.getState().setLivePending(false);
}

export async function disconnectLive(): Promise<void> {
  useUiStore.getState().setLivePending(true);
  const status = await simClient().disconnectLive();
  useUiStore.getState().setLiveFeed(status);
  useUiStore.getState().setLivePending(false);
}

export function retryLiveNow(): void {
  void simClient().retryLiveNow();
}

/** One client id per tab (kept across reloads), so the broker keeps the session and its queued messages. */
function liveClientId(): string {
  const key = 'twin-live-client-id';
  try {
    let id = sessionStorage.getItem(key);
    if (!id) sessionStorage.setItem(key, (id = `twin-app-${crypto.randomUUID().slice(0, 12)}`));
    return id;
  } catch {
    return `twin-app-${crypto.randomUUID().slice(0, 12)}`;
  }
}

/** Starts the worker with the city the app opens and the default scenario, at its first evening (or `?time=`). */
export async function startSimulation(cityUrl: string, cityFile: string, requestedTimeMs: number | null): Promise<void> {
  if (started) return;
  started = true;
  wire();
  const client = simClient();
  const scenario = bundledScenario(DEFAULT_SCENARIO) ?? BUNDLED_SCENARIOS[0];
  useUiStore.getState().setScenarioChoice(scenario.name);
  await client.registerScenarios(scenarioTexts());
  await client.loadCityUrl(new URL(cityUrl, location.href).href, cityFile);
  const timeMs = openingTimeMs(scenario.startMs, scenario.startMs + scenario.days * 86_400_000, requestedTimeMs);
  const r = await client.setScenario(scenario.text, scenario.file, { period: { days: null }, timeMs });
  if (!r.ok) useUiStore.getState().setScenarioError(r.error);
}

/** Records the outcome: the choice the picker shows, and the error of a refused scenario. */
function applied(r: ScenarioResult, choice: string): boolean {
  const st = useUiStore.getState();
  st.setScenarioChoice(choice);
  st.setScenarioError(r.ok ? null : r.error);
  return r.ok;
}

export async function chooseScenario(name: string): Promise<boolean> {
  const s = bundledScenario(name);
  if (!s) return false;
  // The picker shows the choice at once (building a scenario's worlds takes a moment); a refusal puts the previous one back.
  const previous = useUiStore.getState().scenarioChoice;
  useUiStore.getState().setScenarioChoice(name);
  const r = await simClient().setScenario(s.text, s.file, { period: { days: useUiStore.getState().periodDays } });
  return applied(r, r.ok ? name : previous);
}

/** A scenario file from the user's disk: read here (it is small), validated in the worker. */
export async function openScenarioFile(file: File): Promise<boolean> {
  if (file.size > MAX_SCENARIO_BYTES) {
    useUiStore.getState().setScenarioError(`${file.name}: ${file.size} bytes > ${MAX_SCENARIO_BYTES}`);
    return false;
  }
  const text = await file.text();
  const r = await simClient().setScenario(text, file.name, { period: { days: useUiStore.getState().periodDays } });
  return applied(r, r.ok ? FILE_CHOICE_PREFIX + file.name : useUiStore.getState().scenarioChoice);
}

export async function choosePeriod(days: number | null): Promise<void> {
  const previous = useUiStore.getState().periodDays;
  useUiStore.getState().setPeriodDays(days);
  const r = await simClient().setPeriod({ days });
  if (!r.ok) {
    useUiStore.getState().setPeriodDays(previous);
    useUiStore.getState().setScenarioError(r.error);
  }
}

export function togglePlay(): void {
  const playing = useUiStore.getState().sim.playing;
  void (playing ? simClient().pause() : simClient().play());
}

export function setSpeed(speed: SimSpeed): void {
  useUiStore.getState().setSimSpeed(speed);
  void simClient().setSpeed(speed);
}

export function seekTo(timeMs: number): void {
  void simClient().seek(timeMs);
}

export async function runWholePeriod(): Promise<void> {
  const out = await simClient().runToEnd();
  if (out.status === 'done' && probe) {
    probe.lastRun = out.kpis;
    probe.runs++;
  }
}

export function cancelJob(): void {
  void simClient().cancel();
}

/** A city the user opened goes to the worker too (it reads the file itself); the view's loader reports errors. */
export async function simulateCityFile(file: File): Promise<void> {
  if (!started) return;
  const r = await simClient().loadCityFile(file, file.name);
  if (r.ok) simFrames.reset();
}
