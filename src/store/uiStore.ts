// UI state only, as zustand slices: the current city, selection, view, language, camera target,
// the city-file status, the simulation's playback status and the side panel's tab. Per-frame data
// (lamp levels, simulated time, KPIs) never goes through here: it lives in sim-client's receiver.

import { create, type StateCreator } from 'zustand';
import type { CityModel } from '../core/city/model.ts';
import type { JobProgress, LiveFeedStatus, SimSpeed, SimStatus } from '../sim-client/types.ts';

export type SelectionKind = 'lamp' | 'link' | 'intersection' | 'building';
export interface Selection {
  kind: SelectionKind;
  index: number;
}

export type Language = 'fr' | 'en';
export const LANGUAGES: readonly Language[] = ['fr', 'en'];

/** Where the camera should fly: a point in city metres and a viewing distance. */
export interface CameraTarget {
  xM: number;
  yM: number;
  distanceM: number;
  /** Increments on every request so the same place can be asked for twice. */
  seq: number;
}

export interface CitySlice {
  /** The city every view shows; replaced as a whole, never mutated. */
  city: CityModel | null;
  /** Where the city came from (file name or the default asset), shown in the UI. */
  cityOrigin: string | null;
  cityLoading: boolean;
  /** Message of the last failed city load (e.g. a CityFileError); the current city stays. */
  cityError: string | null;
  setCity(city: CityModel, origin: string): void;
  setCityLoading(loading: boolean): void;
  setCityError(message: string | null): void;
}

export interface SelectionSlice {
  selection: Selection | null;
  select(selection: Selection | null): void;
}

export interface ViewSlice {
  view: string;
  language: Language;
  setView(view: string): void;
  setLanguage(language: Language): void;
}

export interface CameraSlice {
  cameraTarget: CameraTarget | null;
  flyTo(xM: number, yM: number, distanceM: number): void;
}

/** Playback as the worker last reported it, and what the user asked that the worker refused. */
export interface SimSlice {
  sim: SimStatus;
  /** The scenario chosen in the picker (bundled name, or the file name of an opened file). */
  scenarioChoice: string;
  /** Message of the last scenario that could not be applied (ScenarioError…); the running one stays. */
  scenarioError: string | null;
  /** The simulated period: the scenario's own (null) or its first N days. */
  periodDays: number | null;
  /** Progress of a long seek or run (a few updates per second), null when none runs. */
  job: JobProgress | null;
  setSimStatus(status: SimStatus): void;
  setScenarioChoice(choice: string): void;
  setScenarioError(message: string | null): void;
  setPeriodDays(days: number | null): void;
  setJob(job: JobProgress | null): void;
  /** The speed the user picked, shown at once (the worker confirms through its status). */
  setSimSpeed(speed: SimSpeed): void;
}

/** The live MQTT feed: where the app connects by default, and the worker's last report of the connection. */
export interface LiveSlice {
  liveTarget: { url: string; prefix: string } | null;
  liveFeed: LiveFeedStatus | null;
  /** The user's choice while the worker has not answered yet. */
  livePending: boolean;
  setLiveTarget(target: { url: string; prefix: string }): void;
  setLiveFeed(status: LiveFeedStatus): void;
  setLivePending(pending: boolean): void;
}

export type PanelTab = 'kpis' | 'feeds' | 'city' | 'studio';
export interface PanelSlice {
  panelTab: PanelTab;
  setPanelTab(tab: PanelTab): void;
}

/** Presentation mode: the pair of bundled scenarios it shows (by name) and the period of its figures. */
export interface PresentRequest {
  baseline: string;
  variant: string;
  days: number;
}
export interface PresentSlice {
  /** Non-null while the page is in presentation mode. */
  present: PresentRequest | null;
  setPresent(present: PresentRequest | null): void;
}

/** One side of a comparison the 3D view can show: the baseline (before) or the variant (after). */
export type CompareSide = 'baseline' | 'variant';
/** What the 3D view shows of a comparison: one side over the whole view, or both split by a divider. */
export type BeforeAfterMode = CompareSide | 'swipe';

/** Each side's lamps as a finished comparison left them: what the 3D view draws instead of the live simulation. */
export interface SceneComparison {
  /** Mean dim level (0–1) of each lamp while lit on the first night. */
  lampLevel: Record<CompareSide, Float32Array>;
  /** Technology (LampTechnology) of each lamp after the side's retrofits: the colour of its light. */
  lampTechnology: Record<CompareSide, Uint8Array>;
  titles: Record<CompareSide, string>;
}

export interface BeforeAfterSlice {
  sceneComparison: SceneComparison | null;
  /** Null while the 3D view shows the live simulation (a comparison may still be held). */
  beforeAfter: BeforeAfterMode | null;
  setSceneComparison(comparison: SceneComparison | null): void;
  setBeforeAfter(mode: BeforeAfterMode | null): void;
}

/** Drawing an area on the 3D view's ground (points in city metres), for whoever asked (a studio rule's target). */
export interface AreaDrawing {
  status: 'drawing' | 'done' | 'cancelled';
  /** x, y pairs in city metres, in click order (not closed). */
  pointsXYM: number[];
  /** Increments with each new drawing, so an answer is matched to its request. */
  seq: number;
}
export interface AreaDrawingSlice {
  areaDrawing: AreaDrawing | null;
  startAreaDrawing(): number;
  addAreaPoint(xM: number, yM: number): void;
  finishAreaDrawing(): void;
  cancelAreaDrawing(): void;
}

export type UiState = CitySlice & SelectionSlice & ViewSlice & CameraSlice & SimSlice & LiveSlice & PanelSlice & PresentSlice & BeforeAfterSlice & AreaDrawingSlice;

export const INITIAL_SIM_STATUS: SimStatus = {
  phase: 'empty', session: 0, city: null, scenario: null, playing: false, speed: 600, timeMs: null, atEnd: false, problem: null,
};

const citySlice: StateCreator<UiState, [], [], CitySlice> = (set) => ({
  city: null,
  cityOrigin: null,
  cityLoading: false,
  cityError: null,
  // A new city invalidates the selection, any pending flight, a comparison's lamps and a drawing.
  setCity: (city, origin) =>
    set((s) => ({
      city, cityOrigin: origin, cityError: null, cityLoading: false, selection: null, cameraTarget: null, sceneComparison: null, beforeAfter: null,
      areaDrawing: s.areaDrawing?.status === 'drawing' ? { ...s.areaDrawing, status: 'cancelled' } : s.areaDrawing,
    })),
  setCityLoading: (cityLoading) => set({ cityLoading }),
  setCityError: (cityError) => set({ cityError, cityLoading: false }),
});

const selectionSlice: StateCreator<UiState, [], [], SelectionSlice> = (set) => ({
  selection: null,
  // Picking something shows its attributes: the city tab of the side panel.
  select: (selection) => set(selection ? { selection, panelTab: 'city' } : { selection }),
});

const viewSlice: StateCreator<UiState, [], [], ViewSlice> = (set) => ({
  view: '3d',
  language: 'fr',
  setView: (view) => set({ view }),
  setLanguage: (language) => set({ language }),
});

const cameraSlice: StateCreator<UiState, [], [], CameraSlice> = (set, get) => ({
  cameraTarget: null,
  flyTo: (xM, yM, distanceM) => set({ cameraTarget: { xM, yM, distanceM, seq: (get().cameraTarget?.seq ?? 0) + 1 } }),
});

const simSlice: StateCreator<UiState, [], [], SimSlice> = (set, get) => ({
  sim: INITIAL_SIM_STATUS,
  scenarioChoice: '',
  scenarioError: null,
  periodDays: null,
  job: null,
  // A job's last progress is cleared when the worker says it is no longer busy.
  setSimStatus: (sim) => set(sim.phase === 'busy' ? { sim } : { sim, job: null }),
  setScenarioChoice: (scenarioChoice) => set({ scenarioChoice }),
  setScenarioError: (scenarioError) => set({ scenarioError }),
  setPeriodDays: (periodDays) => set({ periodDays }),
  setJob: (job) => set(get().sim.phase === 'busy' || job === null ? { job } : {}),
  setSimSpeed: (speed) => set({ sim: { ...get().sim, speed } }),
});

const liveSlice: StateCreator<UiState, [], [], LiveSlice> = (set) => ({
  liveTarget: null,
  liveFeed: null,
  livePending: false,
  setLiveTarget: (liveTarget) => set({ liveTarget }),
  setLiveFeed: (liveFeed) => set({ liveFeed }),
  setLivePending: (livePending) => set({ livePending }),
});

const panelSlice: StateCreator<UiState, [], [], PanelSlice> = (set) => ({
  panelTab: 'kpis',
  setPanelTab: (panelTab) => set({ panelTab }),
});

const presentSlice: StateCreator<UiState, [], [], PresentSlice> = (set) => ({
  present: null,
  setPresent: (present) => set({ present }),
});

const beforeAfterSlice: StateCreator<UiState, [], [], BeforeAfterSlice> = (set) => ({
  sceneComparison: null,
  beforeAfter: null,
  setSceneComparison: (sceneComparison) => set(sceneComparison ? { sceneComparison } : { sceneComparison, beforeAfter: null }),
  // A side can be shown only while a comparison is held.
  setBeforeAfter: (beforeAfter) => set((s) => ({ beforeAfter: s.sceneComparison ? beforeAfter : null })),
});

/** Points closer than this to the previous one are the same click (a double-click's second press). */
export const AREA_POINT_MIN_GAP_M = 0.5;

const areaDrawingSlice: StateCreator<UiState, [], [], AreaDrawingSlice> = (set, get) => ({
  areaDrawing: null,
  startAreaDrawing: () => {
    const seq = (get().areaDrawing?.seq ?? 0) + 1;
    set({ areaDrawing: { status: 'drawing', pointsXYM: [], seq } });
    return seq;
  },
  addAreaPoint: (xM, yM) => {
    const d = get().areaDrawing;
    if (d?.status !== 'drawing') return;
    const p = d.pointsXYM;
    const n = p.length;
    if (n >= 2 && Math.hypot(xM - p[n - 2], yM - p[n - 1]) < AREA_POINT_MIN_GAP_M) return;
    set({ areaDrawing: { ...d, pointsXYM: [...p, xM, yM] } });
  },
  // Fewer than 3 points enclose nothing: finishing then cancels.
  finishAreaDrawing: () => {
    const d = get().areaDrawing;
    if (d?.status === 'drawing') set({ areaDrawing: { ...d, status: d.pointsXYM.length >= 6 ? 'done' : 'cancelled' } });
  },
  cancelAreaDrawing: () => {
    const d = get().areaDrawing;
    if (d?.status === 'drawing') set({ areaDrawing: { ...d, status: 'cancelled' } });
  },
});

export const createUiStore = () =>
  create<UiState>()((...a) => ({
    ...citySlice(...a),
    ...selectionSlice(...a),
    ...viewSlice(...a),
    ...cameraSlice(...a),
    ...simSlice(...a),
    ...liveSlice(...a),
    ...panelSlice(...a),
    ...presentSlice(...a),
    ...beforeAfterSlice(...a),
    ...areaDrawingSlice(...a),
  }));

/** The app's single UI store. */
export const useUiStore = createUiStore();
