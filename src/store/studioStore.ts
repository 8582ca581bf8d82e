// The scenario studio's UI state (its own zustand store beside the app's): the scenario loaded, the
// draft being edited, the comparison settings, the live preview and the last comparison's results.

import { create } from 'zustand';
import type { Scenario } from '../core/scenario/schema.ts';
import type { CompareRun, CompareSide, PreviewResult } from '../sim-client/compareClient.ts';
import type { ChangeSpread } from '../core/compare.ts';

export interface StudioSource {
  text: string;
  /** File name it came from (a bundled file, an opened file, or a shared link). */
  file: string;
}

/** The scenario a comparison measures the draft against: the one loaded, or a bundled one by name. */
export const LOADED_BASELINE = '';

export type PreviewState =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; result: PreviewResult }
  | { status: 'failed'; error: string };

/** The comparison repeated with the next seeds: under way (seeds done of all), or each change's spread. */
export type SeedSpreadState =
  | { status: 'running'; done: number; of: number }
  | { status: 'done'; seeds: number[]; byPath: Record<string, ChangeSpread> }
  | { status: 'failed'; error: string };

export type CompareState =
  | { status: 'idle' }
  | { status: 'running'; progress: Record<CompareSide, number> }
  | { status: 'done'; run: CompareRun; spread?: SeedSpreadState }
  | { status: 'cancelled' }
  | { status: 'failed'; side: CompareSide | null; error: string };

export interface StudioState {
  source: StudioSource | null;
  draft: Scenario | null;
  /** Draft edits since it was loaded (the first edit makes it a variant). */
  edits: number;
  ruleIndex: number;
  baselineChoice: string;
  /** Length of the comparison (days; 1/24 is a one-hour window). */
  days: number;
  /** Where the comparison starts, in whole hours after the baseline's start (a window within its day). */
  startOffsetH: number;
  /** Seeds the comparison runs with (1: the baseline's; more: the next ones too, for the spread of each change). */
  seeds: number;
  /** Message of the last load that was refused (bad file, bad link); the current draft stays. */
  loadError: string | null;
  /** Message shown after sharing or saving (the link copied, or why it could not be made). */
  notice: { kind: 'info' | 'error'; text: string } | null;
  preview: PreviewState;
  compare: CompareState;
  load(source: StudioSource, draft: Scenario): void;
  edit(draft: Scenario): void;
  setRuleIndex(i: number): void;
  setBaselineChoice(choice: string): void;
  setDays(days: number): void;
  setStartOffsetH(hours: number): void;
  setSeeds(seeds: number): void;
  setLoadError(message: string | null): void;
  setNotice(notice: StudioState['notice']): void;
  setPreview(preview: PreviewState): void;
  setCompare(compare: CompareState): void;
}

export const createStudioStore = () =>
  create<StudioState>()((set) => ({
    source: null,
    draft: null,
    edits: 0,
    ruleIndex: 0,
    baselineChoice: LOADED_BASELINE,
    days: 1,
    startOffsetH: 0,
    seeds: 1,
    loadError: null,
    notice: null,
    preview: { status: 'idle' },
    compare: { status: 'idle' },
    // A new scenario: a fresh draft, its first rule, no results of the previous one.
    load: (source, draft) => set({ source, draft, edits: 0, ruleIndex: 0, loadError: null, notice: null, preview: { status: 'idle' }, compare: { status: 'idle' } }),
    edit: (draft) => set((s) => ({ draft, edits: s.edits + 1 })),
    setRuleIndex: (ruleIndex) => set({ ruleIndex }),
    setBaselineChoice: (baselineChoice) => set({ baselineChoice }),
    setDays: (days) => set({ days }),
    setStartOffsetH: (startOffsetH) => set({ startOffsetH }),
    setSeeds: (seeds) => set({ seeds }),
    setLoadError: (loadError) => set({ loadError }),
    setNotice: (notice) => set({ notice }),
    setPreview: (preview) => set({ preview }),
    setCompare: (compare) => set({ compare }),
  }));

export const useStudioStore = createStudioStore();
