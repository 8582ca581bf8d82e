// State of presentation mode that React shows: preparing (progress per side), ready with its deck,
// or failed; and the stop and side the tour is heading to (changed by keys, never per frame).

import { create } from 'zustand';
import type { Deck, DeckSide } from './deck.ts';

export type PrepareState =
  | { status: 'idle' }
  | { status: 'preparing'; progress: Record<DeckSide, number> }
  | { status: 'ready'; deck: Deck; source: 'prepared' | 'file' }
  | { status: 'failed'; error: string; unknownScenario?: boolean };

export interface PresentState {
  prepare: PrepareState;
  /** The stop the tour is at or flying to (index into the keyframes). */
  stop: number;
  /** Which scenario's lamps are shown. */
  side: DeckSide;
  /** Message of the last deck file refused (the current deck stays). */
  fileError: string | null;
  setPrepare(prepare: PrepareState): void;
  setStop(stop: number): void;
  setSide(side: DeckSide): void;
  setFileError(message: string | null): void;
}

export const usePresentStore = create<PresentState>()((set) => ({
  prepare: { status: 'idle' },
  stop: 0,
  side: 'variant',
  fileError: null,
  setPrepare: (prepare) => set(prepare.status === 'ready' ? { prepare, stop: 0, side: 'variant', fileError: null } : { prepare }),
  setStop: (stop) => set({ stop }),
  setSide: (side) => set({ side }),
  setFileError: (fileError) => set({ fileError }),
}));
