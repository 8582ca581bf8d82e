// UI state only, as zustand slices: the current city, selection, view, language, camera target
// and the city-file status. Per-frame data (lamp levels, camera pose) never goes through here.

import { create, type StateCreator } from 'zustand';
import type { CityModel } from '../core/city/model.ts';

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

export type UiState = CitySlice & SelectionSlice & ViewSlice & CameraSlice;

const citySlice: StateCreator<UiState, [], [], CitySlice> = (set) => ({
  city: null,
  cityOrigin: null,
  cityLoading: false,
  cityError: null,
  // A new city invalidates the selection and any pending flight.
  setCity: (city, origin) => set({ city, cityOrigin: origin, cityError: null, cityLoading: false, selection: null, cameraTarget: null }),
  setCityLoading: (cityLoading) => set({ cityLoading }),
  setCityError: (cityError) => set({ cityError, cityLoading: false }),
});

const selectionSlice: StateCreator<UiState, [], [], SelectionSlice> = (set) => ({
  selection: null,
  select: (selection) => set({ selection }),
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

export const createUiStore = () =>
  create<UiState>()((...a) => ({
    ...citySlice(...a),
    ...selectionSlice(...a),
    ...viewSlice(...a),
    ...cameraSlice(...a),
  }));

/** The app's single UI store. */
export const useUiStore = createUiStore();
