// What the studio asks of the rest of the app: load a scenario (bundled, file, shared link), edit
// the draft with a live one-night preview, run the comparison in two workers, save, share, export.

import { MAX_SCENARIO_BYTES, parseScenarioText } from '../../core/scenario/parse.ts';
import type { Scenario } from '../../core/scenario/schema.ts';
import { compareClient, type CompareRun } from '../../sim-client/compareClient.ts';
import { BUNDLED_SCENARIOS, bundledScenario, scenarioTexts } from '../../sim-client/scenarioLibrary.ts';
import { useUiStore, type BeforeAfterMode } from '../../store/uiStore.ts';
import { LOADED_BASELINE, useStudioStore, type StudioSource } from '../../store/studioStore.ts';
import { decodeShareHash, shareUrl } from './shareUrl.ts';
import { renamed, setWhere } from './profileEdit.ts';
import { areaRingFromPoints, selectionTarget } from './ruleTarget.ts';
import { changeSpread, type KpiDelta } from '../../core/compare.ts';
import { deltaCardPaths } from './deltaCards.ts';

/** A preview starts this long after the last edit (a drag sends many). */
const PREVIEW_DEBOUNCE_MS = 300;
/** Progress reaches the store at most this often (ms). */
const PROGRESS_INTERVAL_MS = 100;
export const HOUR_MS = 3_600_000;

const client = () => compareClient(() => useUiStore.getState().city);

/** The draft gets its own name and title, so both sides of a comparison say which is which. */
function variantOf(s: Scenario): Scenario {
  const name = s.name.endsWith('-variant') ? s.name : `${s.name}-variant`.slice(0, 120);
  return renamed(s, name, { fr: `${s.title.fr} (variante)`, en: `${s.title.en} (variant)` });
}

/** Loads a scenario text into the studio; a refused one keeps the current draft and says why. */
export function loadStudioText(text: string, file: string): boolean {
  const st = useStudioStore.getState();
  try {
    const scenario = parseScenarioText(text, file);
    client().cancel();
    st.load({ text, file }, variantOf(scenario));
    useUiStore.getState().setSceneComparison(null);
    schedulePreview();
    return true;
  } catch (e) {
    st.setLoadError((e as Error).message);
    return false;
  }
}

export function loadBundled(name: string): boolean {
  const s = bundledScenario(name);
  return s ? loadStudioText(s.text, s.file) : false;
}

export async function openStudioFile(file: File): Promise<boolean> {
  if (file.size > MAX_SCENARIO_BYTES) {
    useStudioStore.getState().setLoadError(`${file.name}: ${file.size} bytes > ${MAX_SCENARIO_BYTES}`);
    return false;
  }
  return loadStudioText(await file.text(), file.name);
}

/** A scenario shared in the page's hash (`#scenario=…`): validated like a file; true when one was loaded. */
export function loadFromHash(hash: string): boolean {
  let text: string | null;
  try {
    text = decodeShareHash(hash);
  } catch (e) {
    useStudioStore.getState().setLoadError((e as Error).message);
    return false;
  }
  return text !== null && loadStudioText(text, 'shared-link.scenario.json');
}

export function editDraft(draft: Scenario): void {
  useStudioStore.getState().edit(draft);
  schedulePreview();
}

let previewTimer: ReturnType<typeof setTimeout> | null = null;
let previewSeq = 0;

/** The draft's source for the workers (its JSON), and the baseline the comparison measures it against. */
export function draftSource(): StudioSource | null {
  const d = useStudioStore.getState().draft;
  return d ? { text: JSON.stringify(d, null, 2), file: `${d.name}.scenario.json` } : null;
}

export function baselineSource(): StudioSource | null {
  const st = useStudioStore.getState();
  if (st.baselineChoice === LOADED_BASELINE) return st.source;
  const b = bundledScenario(st.baselineChoice);
  return b ? { text: b.text, file: b.file } : null;
}

/** One night of the draft in the variant worker, a moment after the last edit (not while a comparison runs). */
export function schedulePreview(): void {
  if (previewTimer !== null) clearTimeout(previewTimer);
  previewTimer = setTimeout(() => {
    previewTimer = null;
    void runPreview();
  }, PREVIEW_DEBOUNCE_MS);
}

/** The draft the last preview that completed was of (a preview cut short by a comparison runs again after it). */
let previewed: { draft: unknown } | null = null;

async function runPreview(): Promise<void> {
  const st = useStudioStore.getState();
  const variant = draftSource();
  const base = baselineSource();
  if (!variant || !base || st.compare.status === 'running' || !useUiStore.getState().city) return;
  const seq = ++previewSeq;
  const of = { draft: st.draft };
  st.setPreview({ status: 'running' });
  const out = await client().preview(variant, base);
  if (seq !== previewSeq) return;
  if (out.status !== 'cancelled') previewed = of;
  if (out.status === 'done') st.setPreview({ status: 'done', result: out.result });
  else if (out.status === 'failed') st.setPreview({ status: 'failed', error: out.error });
}

/**
 * The same comparison with the next seeds, one after the other in the two workers, while the
 * first seed's results show; then each card's spread. A new comparison or a cancel stops it.
 */
async function runOtherSeeds(first: CompareRun, count: number): Promise<void> {
  const st = useStudioStore.getState();
  const variant = draftSource();
  const baseline = baselineSource();
  if (!variant || !baseline) return;
  const deltas: KpiDelta[] = [first.result.delta];
  const seeds = [first.plan.seed];
  const still = () => {
    const c = useStudioStore.getState().compare;
    return c.status === 'done' && c.run === first;
  };
  for (let k = 1; k < count; k++) {
    if (!still()) return;
    st.setCompare({ status: 'done', run: first, spread: { status: 'running', done: k, of: count } });
    const out = await client().run({ baseline, variant, days: st.days, startOffsetMs: st.startOffsetH * HOUR_MS, library: scenarioTexts(), seedOffset: k }, () => undefined);
    if (!still()) return;
    if (out.status === 'failed') return st.setCompare({ status: 'done', run: first, spread: { status: 'failed', error: out.error } });
    if (out.status !== 'done') return st.setCompare({ status: 'done', run: first });
    deltas.push(out.run.result.delta);
    seeds.push(out.run.plan.seed);
  }
  if (still()) st.setCompare({ status: 'done', run: first, spread: { status: 'done', seeds, byPath: changeSpread(deltas, deltaCardPaths()) } });
}

/** Stops the other seeds' runs; the first seed's results stay. */
export function stopOtherSeeds(): void {
  const c = useStudioStore.getState().compare;
  if (c.status !== 'done' || c.spread?.status !== 'running') return;
  useStudioStore.getState().setCompare({ status: 'done', run: c.run });
  client().cancel();
}

/** Baseline and draft over the chosen period in two workers at once; progress per side. */
export async function runStudioCompare(): Promise<void> {
  const st = useStudioStore.getState();
  const variant = draftSource();
  const baseline = baselineSource();
  if (!variant || !baseline) return;
  if (previewTimer !== null) clearTimeout(previewTimer);
  previewSeq++;
  const progress = { baseline: 0, variant: 0 };
  let last = 0;
  st.setCompare({ status: 'running', progress: { ...progress } });
  const out = await client().run({ baseline, variant, days: st.days, startOffsetMs: st.startOffsetH * HOUR_MS, library: scenarioTexts() }, (side, f) => {
    progress[side] = f;
    const now = performance.now();
    if (now - last < PROGRESS_INTERVAL_MS && f < 1) return;
    last = now;
    if (useStudioStore.getState().compare.status === 'running') st.setCompare({ status: 'running', progress: { ...progress } });
  });
  if (out.status === 'done') {
    st.setCompare({ status: 'done', run: out.run });
    holdSceneComparison(out.run);
    if (st.seeds > 1) await runOtherSeeds(out.run, st.seeds);
  }
  else if (out.status === 'failed') st.setCompare({ status: 'failed', side: out.side, error: out.error });
  else if (useStudioStore.getState().compare.status === 'running') st.setCompare({ status: 'cancelled' });
  // The comparison took the variant worker: preview what was edited meanwhile (or never previewed).
  const now = useStudioStore.getState();
  if (now.draft && (previewed?.draft !== now.draft || now.preview.status === 'running')) schedulePreview();
}

/** The 3D view can show each side's lamps of a finished comparison (before/after); it shows them when asked. */
function holdSceneComparison(run: CompareRun): void {
  const { baseline: a, variant: b } = run;
  const ui = useUiStore.getState();
  if (!a.lampTechnology || !b.lampTechnology) return ui.setSceneComparison(null);
  const titles = { baseline: run.result.baseline.scenario, variant: run.result.variant.scenario };
  ui.setSceneComparison({ lampLevel: { baseline: a.lampMeanLevel, variant: b.lampMeanLevel }, lampTechnology: { baseline: a.lampTechnology, variant: b.lampTechnology }, titles });
}

/** Shows a side (or the split) of the last comparison in the 3D view, switching to it; null returns to the live simulation. */
export function showBeforeAfter(mode: BeforeAfterMode | null): void {
  const ui = useUiStore.getState();
  if (mode && ui.view !== '3d') ui.setView('3d');
  ui.setBeforeAfter(mode);
}

/**
 * Asks the 3D view for an area drawn on the ground (switching to it); once closed, it becomes the
 * target of the rule (replacing its other criteria). Cancelled, the rule keeps its target.
 */
export function drawAreaForRule(ruleIndex: number): void {
  const ui = useUiStore.getState();
  if (ui.view !== '3d') ui.setView('3d');
  const seq = ui.startAreaDrawing();
  const stop = useUiStore.subscribe((s) => {
    const d = s.areaDrawing;
    if (d?.seq === seq && d.status === 'drawing') return;
    stop();
    const draft = useStudioStore.getState().draft;
    if (d?.seq !== seq || d.status !== 'done' || !s.city || !draft?.lighting.rules[ruleIndex]) return;
    editDraft(setWhere(draft, ruleIndex, { area: areaRingFromPoints(s.city, d.pointsXYM) }));
  });
}

/** The 3D view's current selection (a lamp, a road's street, a commune) as the rule's target; false with a notice when there is none. */
export function applySelectionToRule(ruleIndex: number): boolean {
  const { city, selection } = useUiStore.getState();
  const st = useStudioStore.getState();
  if (!city || !st.draft?.lighting.rules[ruleIndex]) return false;
  const target = selectionTarget(city, selection);
  if ('error' in target) {
    st.setNotice({ kind: 'error', text: `studio.target.${target.error}` });
    return false;
  }
  editDraft(setWhere(st.draft, ruleIndex, target.where));
  return true;
}

export function cancelStudioCompare(): void {
  client().cancel();
  useStudioStore.getState().setCompare({ status: 'cancelled' });
}

/** The link that opens the studio with the draft; placed in the address bar and copied when allowed. */
export async function shareDraft(): Promise<string | null> {
  const st = useStudioStore.getState();
  const d = st.draft;
  if (!d) return null;
  try {
    const url = shareUrl(location.href, JSON.stringify(d));
    history.replaceState(history.state, '', url);
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      /* no clipboard permission: the link is in the address bar */
    }
    st.setNotice({ kind: 'info', text: copied ? 'studio.shareCopied' : 'studio.shareInAddressBar' });
    return url;
  } catch (e) {
    st.setNotice({ kind: 'error', text: (e as Error).message });
    return null;
  }
}

/** The bundled scenarios a comparison can use as its baseline. */
export function baselineChoices(): { name: string; title: { fr: string; en: string } }[] {
  return BUNDLED_SCENARIOS.map((s) => ({ name: s.name, title: s.title }));
}
