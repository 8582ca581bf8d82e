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
