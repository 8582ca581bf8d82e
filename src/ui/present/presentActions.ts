// What presentation mode asks of the app: prepare a deck (both scenarios in the compare workers,
// levels sampled over the tour's night), open or save a deck file, and leave; no work on stage.

import { clockTimes, tourClock } from '../../core/present/nightSamples.ts';
import { compareClient, planFor } from '../../sim-client/compareClient.ts';
import { BUNDLED_SCENARIOS, bundledScenario, scenarioTexts } from '../../sim-client/scenarioLibrary.ts';
import { useUiStore, type PresentRequest } from '../../store/uiStore.ts';
import { buildDeck, decodeDeck, deckFileName, encodeDeck, MAX_DECK_BYTES, type Deck, type DeckSide } from './deck.ts';
import { usePresentStore } from './presentStore.ts';

/** Progress reaches the store at most this often (ms). */
const PROGRESS_INTERVAL_MS = 100;
const FALLBACK_BASELINE = 'dijon-2017-baseline';
const FALLBACK_VARIANT = 'dijon-led-part-night';

const client = () => compareClient(() => useUiStore.getState().city);

/** The pair the top bar's button presents: the scenario chosen in the picker against the baseline it names. */
export function defaultPresentPair(): PresentRequest {
  const choice = bundledScenario(useUiStore.getState().scenarioChoice);
  let named: string | undefined;
  try {
    named = (JSON.parse(choice?.text ?? '{}') as { energy?: { baseline?: string } }).energy?.baseline;
  } catch {
    named = undefined;
  }
  if (choice && named && bundledScenario(named)) return { baseline: named, variant: choice.name, days: 1 };
  const baseline = bundledScenario(FALLBACK_BASELINE) ? FALLBACK_BASELINE : BUNDLED_SCENARIOS[0]?.name ?? '';
  return { baseline, variant: bundledScenario(FALLBACK_VARIANT) ? FALLBACK_VARIANT : BUNDLED_SCENARIOS[1]?.name ?? '', days: 1 };
}

/** Key of the request a preparation is for (a second call for the same one waits for the first). */
let preparing: string | null = null;

/** Runs both scenarios at once in the compare workers and keeps the result as the deck. */
export async function prepareDeck(req: PresentRequest): Promise<void> {
  const key = `${req.baseline},${req.variant},${req.days}`;
  if (preparing === key) return;
  const st = usePresentStore.getState();
  const city = useUiStore.getState().city;
  if (!city) return;
  const a = bundledScenario(req.baseline);
  const b = bundledScenario(req.variant);
  if (!a || !b) {
    st.setPrepare({ status: 'failed', error: `${!a ? req.baseline : req.variant}`, unknownScenario: true });
    return;
  }
  preparing = key;
  const t0 = performance.now();
  const progress: Record<DeckSide, number> = { baseline: 0, variant: 0 };
  st.setPrepare({ status: 'preparing', progress: { ...progress } });
  try {
    const plan = planFor({ text: a.text, file: a.file }, req.days);
    const { originLat, originLon } = city.meta.frame;
    const clock = tourClock(plan.startMs, originLat, originLon);
    // The tour's night lies in the period (a period shorter than the night keeps what it covers).
    const lastMs = Math.min(plan.endMs - 1, clock.startMs + (clock.count - 1) * clock.stepMs);
    clock.count = Math.max(1, Math.floor((lastMs - clock.startMs) / clock.stepMs) + 1);
    let last = 0;
    const out = await client().run(
      { baseline: { text: a.text, file: a.file }, variant: { text: b.text, file: b.file }, days: req.days, library: scenarioTexts(), sampleTimesMs: clockTimes(clock) },
      (side, f) => {
        progress[side] = f;
        const now = performance.now();
        if (now - last < PROGRESS_INTERVAL_MS && f < 1) return;
        last = now;
        if (usePresentStore.getState().prepare.status === 'preparing') st.setPrepare({ status: 'preparing', progress: { ...progress } });
      },
    );
    if (preparing !== key) return;
    if (out.status === 'cancelled') {
      st.setPrepare({ status: 'idle' });
      return;
    }
    if (out.status === 'failed') {
      st.setPrepare({ status: 'failed', error: out.side ? `${out.side}: ${out.error}` : out.error });
      return;
    }
    const deck = buildDeck({
      city: { name: city.meta.name, lampCount: city.lamps.count },
      baseline: { name: a.name, title: a.title },
      variant: { name: b.name, title: b.title },
      plan: out.run.plan,
      clock,
      result: out.run.result,
      levels: { baseline: out.run.baseline.levelSamples, variant: out.run.variant.levelSamples },
      technology: { baseline: out.run.baseline.lampTechnology, variant: out.run.variant.lampTechnology },
      preparedWallMs: performance.now() - t0,
    });
    st.setPrepare({ status: 'ready', deck, source: 'prepared' });
  } catch (e) {
    st.setPrepare({ status: 'failed', error: (e as Error).message });
  } finally {
    if (preparing === key) preparing = null;
  }
}

/** Opens a deck saved before (offline preparation); one made for another city is refused naming it. */
export async function openDeckFile(file: File): Promise<boolean> {
  const st = usePresentStore.getState();
  if (file.size > MAX_DECK_BYTES) {
    st.setFileError(`${file.name}: ${file.size} bytes > ${MAX_DECK_BYTES}`);
    return false;
  }
  try {
    const deck = decodeDeck(new Uint8Array(await file.arrayBuffer()), file.name);
    const city = useUiStore.getState().city;
    if (!city || city.meta.name !== deck.city.name || city.lamps.count !== deck.city.lampCount) {
      st.setFileError(`${file.name}: ${deck.city.name} (${deck.city.lampCount}) ≠ ${city?.meta.name ?? '—'} (${city?.lamps.count ?? 0})`);
      return false;
    }
    preparing = null;
    client().cancel();
    st.setPrepare({ status: 'ready', deck, source: 'file' });
    return true;
  } catch (e) {
    st.setFileError((e as Error).message);
    return false;
  }
}

/** Offers the deck as a file, to open on the presentation laptop without computing. */
export function saveDeck(deck: Deck): void {
  const bytes = encodeDeck(deck);
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/gzip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = deckFileName(deck);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Enters presentation mode on a pair (the URL says so, so a reload comes back to it). */
export function enterPresentation(req: PresentRequest = defaultPresentPair()): void {
  const u = new URL(location.href);
  u.searchParams.set('present', `${req.baseline},${req.variant}`);
  if (req.days !== 1) u.searchParams.set('days', String(req.days));
  history.replaceState(history.state, '', u.pathname + u.search + u.hash);
  useUiStore.getState().setPresent(req);
}

/** Leaves presentation mode (the deck stays in memory for the next time), full screen too. */
export function exitPresentation(): void {
  if (usePresentStore.getState().prepare.status === 'preparing') {
    preparing = null;
    client().cancel();
    usePresentStore.getState().setPrepare({ status: 'idle' });
  }
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  const u = new URL(location.href);
  u.searchParams.delete('present');
  u.searchParams.delete('days');
  history.replaceState(history.state, '', u.pathname + u.search + u.hash);
  useUiStore.getState().setPresent(null);
}

/** Full screen on and off (the Fullscreen API needs a key press or click, which is how it is called). */
export function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  else void document.documentElement.requestFullscreen?.().catch(() => undefined);
}
