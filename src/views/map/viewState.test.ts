import { describe, expect, it } from 'vitest';
import { distanceForZoom, metresPerPixel, placeForViewState, viewStateForPlace, zoomForDistance } from './viewState.ts';

const frame = { originLat: 47.322, originLon: 5.0415 };

describe('map view state ↔ shared place', () => {
  it('zoom and distance are inverse within the zoom limits', () => {
    for (const d of [500, 2500, 12_000]) expect(distanceForZoom(zoomForDistance(d, 47.3, 700), 47.3, 700)).toBeCloseTo(d, 3);
  });

  it('a 3D distance shows as much ground height on the map as in the 3D view (fov 45°)', () => {
    const z = zoomForDistance(3000, 47.3, 800);
    const visibleM = metresPerPixel(z, 47.3) * 800;
    expect(visibleM).toBeCloseTo(2 * Math.tan(Math.PI / 8) * 3000, 3);
  });

  it('a place goes to lon/lat and comes back in city metres', () => {
    const v = viewStateForPlace(frame, { xM: 1200, yM: -800, distanceM: 4000 }, 700);
    expect(v.longitude).toBeGreaterThan(frame.originLon);
    expect(v.latitude).toBeLessThan(frame.originLat);
    const p = placeForViewState(frame, v, 700);
    expect(p.xM).toBeCloseTo(1200, 3);
    expect(p.yM).toBeCloseTo(-800, 3);
    expect(p.distanceM).toBeCloseTo(4000, 3);
  });
});
