import { describe, expect, it } from 'vitest';
import { readTilesUrl, readUrlState, withParam } from './urlState.ts';

describe('url state', () => {
  it('defaults to the 3D view and reads lang and time', () => {
    expect(readUrlState('')).toEqual({ view: '3d', lang: null, timeMs: null });
    expect(readUrlState('?view=MAP&lang=en&time=2025-06-21T12:00:00Z')).toEqual({ view: 'map', lang: 'en', timeMs: Date.parse('2025-06-21T12:00:00Z') });
    expect(readUrlState('?time=nonsense').timeMs).toBeNull();
  });
  it('replaces one parameter and keeps the others', () => {
    expect(withParam('http://localhost:5173/?view=3d&lang=fr', 'lang', 'en')).toBe('/?view=3d&lang=en');
  });
  it('reads an http(s) tiles URL for the globe and ignores anything else', () => {
    expect(readTilesUrl('?tiles=https%3A%2F%2Fexample.org%2Ftileset.json')).toBe('https://example.org/tileset.json');
    expect(readTilesUrl('?tiles=javascript:alert(1)')).toBeNull();
    expect(readTilesUrl('?tiles=')).toBeNull();
    expect(readTilesUrl('')).toBeNull();
  });
});
