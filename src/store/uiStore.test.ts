import { describe, expect, it } from 'vitest';
import { createUiStore } from './uiStore.ts';
import { gridCity } from '../core/city/testing/gridCity.ts';

describe('ui store', () => {
  it('replacing the city clears selection, error and pending flight', () => {
    const s = createUiStore();
    s.getState().select({ kind: 'lamp', index: 3 });
    s.getState().setCityError('bad file');
    s.getState().flyTo(1, 2, 300);
    s.getState().setCity(gridCity(), 'test');
    const st = s.getState();
    expect(st.selection).toBeNull();
    expect(st.cityError).toBeNull();
    expect(st.cameraTarget).toBeNull();
    expect(st.city?.meta.name).toBe(gridCity().meta.name);
  });

  it('a failed load keeps the current city', () => {
    const s = createUiStore();
    const city = gridCity();
    s.getState().setCity(city, 'test');
    s.getState().setCityLoading(true);
    s.getState().setCityError('x.city: truncated');
    expect(s.getState().city).toBe(city);
    expect(s.getState().cityLoading).toBe(false);
  });

  it('flyTo requests are numbered so the same place can be asked twice', () => {
    const s = createUiStore();
    s.getState().flyTo(10, 20, 500);
    s.getState().flyTo(10, 20, 500);
    expect(s.getState().cameraTarget).toEqual({ xM: 10, yM: 20, distanceM: 500, seq: 2 });
  });
});

describe('ui store: simulation and panel', () => {
  it('picking an object opens the city tab; clearing the selection keeps the tab', () => {
    const s = createUiStore();
    expect(s.getState().panelTab).toBe('kpis');
    s.getState().select({ kind: 'lamp', index: 1 });
    expect(s.getState().panelTab).toBe('city');
    s.getState().setPanelTab('kpis');
    s.getState().select(null);
    expect(s.getState().panelTab).toBe('kpis');
  });

  it('keeps job progress only while the worker is busy', () => {
    const s = createUiStore();
    const st = s.getState();
    st.setJob({ kind: 'run', fraction: 0.5, timeMs: 1 });
    expect(s.getState().job).toBeNull(); // a late progress event after the job ended is ignored
    st.setSimStatus({ ...st.sim, phase: 'busy' });
    st.setJob({ kind: 'run', fraction: 0.5, timeMs: 1 });
    expect(s.getState().job?.fraction).toBe(0.5);
    st.setSimStatus({ ...st.sim, phase: 'ready' });
    expect(s.getState().job).toBeNull();
  });

  it('draws an area point by point: a double-click adds no second point, fewer than 3 points cancel', () => {
    const s = createUiStore();
    const seq = s.getState().startAreaDrawing();
    s.getState().addAreaPoint(0, 0);
    s.getState().addAreaPoint(100, 0);
    s.getState().addAreaPoint(100.1, 0.1); // the second press of a double-click
    expect(s.getState().areaDrawing).toEqual({ status: 'drawing', pointsXYM: [0, 0, 100, 0], seq });
    s.getState().finishAreaDrawing();
    expect(s.getState().areaDrawing!.status).toBe('cancelled');
    const next = s.getState().startAreaDrawing();
    expect(next).toBe(seq + 1);
    for (const [x, y] of [[0, 0], [100, 0], [100, 100]]) s.getState().addAreaPoint(x, y);
    s.getState().finishAreaDrawing();
    expect(s.getState().areaDrawing).toMatchObject({ status: 'done', seq: next });
    // Points after the end are ignored; a new city cancels a drawing under way.
    s.getState().addAreaPoint(5, 5);
    expect(s.getState().areaDrawing!.pointsXYM).toHaveLength(6);
    s.getState().startAreaDrawing();
    s.getState().setCity(gridCity(), 'test');
    expect(s.getState().areaDrawing!.status).toBe('cancelled');
  });

  it('shows a side of a comparison only while one is held', () => {
    const s = createUiStore();
    s.getState().setBeforeAfter('swipe');
    expect(s.getState().beforeAfter).toBeNull();
    const sides = { baseline: new Float32Array(1), variant: new Float32Array(1) };
    s.getState().setSceneComparison({ lampLevel: sides, lampTechnology: { baseline: new Uint8Array(1), variant: new Uint8Array(1) }, titles: { baseline: 'a', variant: 'b' } });
    s.getState().setBeforeAfter('swipe');
    expect(s.getState().beforeAfter).toBe('swipe');
    s.getState().setSceneComparison(null);
    expect(s.getState().beforeAfter).toBeNull();
  });
});
