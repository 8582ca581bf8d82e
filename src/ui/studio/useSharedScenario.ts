// Opening the page with a shared scenario (`#scenario=…`): the studio loads it (validated like a
// file) and its tab opens; the one-night preview starts once the city is there.

import { useEffect } from 'react';
import { useUiStore } from '../../store/uiStore.ts';
import { useStudioStore } from '../../store/studioStore.ts';
import { loadFromHash, schedulePreview } from './studioActions.ts';

export function useSharedScenario(): void {
  useEffect(() => {
    const loaded = loadFromHash(location.hash);
    if (loaded || useStudioStore.getState().loadError) useUiStore.getState().setPanelTab('studio');
    // A preview asked for before the city arrived runs when it does (and again for a new city).
    return useUiStore.subscribe((s, prev) => {
      if (s.city !== prev.city && useStudioStore.getState().draft) schedulePreview();
    });
  }, []);
}
