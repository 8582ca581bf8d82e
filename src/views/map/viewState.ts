// The map's Web Mercator view state from a shared place and back: zoom ↔ the 3D view's viewing
// distance (same visible ground height), city metres ↔ lon/lat through the city's frame; pure.

import type { CityFrame } from '../../core/city/model.ts';
import { makeProjection } from '../../core/geo/projection.ts';
import { VIEW_FOV_DEG, type Place } from '../shared/cityPlace.ts';

/** deck.gl's world is 512 px wide at zoom 0. */
const WORLD_SIZE_PX = 512;
const EARTH_CIRCUMFERENCE_M = 40_075_016.686;
const VISIBLE_PER_DISTANCE = 2 * Math.tan(((VIEW_FOV_DEG / 2) * Math.PI) / 180);
export const MIN_ZOOM = 7;
export const MAX_ZOOM = 20;

export interface MapViewState {
  longitude: number;
  latitude: number;
  zoom: number;
  pitch: number;
  bearing: number;
}

/** Ground metres per screen pixel at `zoom` and latitude. */
export function metresPerPixel(zoom: number, latDeg: number): number {
  return (EARTH_CIRCUMFERENCE_M * Math.cos((latDeg * Math.PI) / 180)) / (WORLD_SIZE_PX * 2 ** zoom);
}

/** The zoom at which a viewport `heightPx` tall shows as much ground as the 3D view at `distanceM`. */
export function zoomForDistance(distanceM: number, latDeg: number, heightPx: number): number {
  const mPerPx = (VISIBLE_PER_DISTANCE * Math.max(1, distanceM)) / Math.max(1, heightPx);
  const z = Math.log2((EARTH_CIRCUMFERENCE_M * Math.cos((latDeg * Math.PI) / 180)) / (WORLD_SIZE_PX * mPerPx));
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));
}

/** The inverse of zoomForDistance. */
export function distanceForZoom(zoom: number, latDeg: number, heightPx: number): number {
  return (metresPerPixel(zoom, latDeg) * Math.max(1, heightPx)) / VISIBLE_PER_DISTANCE;
}

export function viewStateForPlace(frame: CityFrame, place: Place, heightPx: number): MapViewState {
  const [longitude, latitude] = makeProjection(frame).toLonLat(place.xM, place.yM);
  return { longitude, latitude, zoom: zoomForDistance(place.distanceM, latitude, heightPx), pitch: 0, bearing: 0 };
}

export function placeForViewState(frame: CityFrame, v: Pick<MapViewState, 'longitude' | 'latitude' | 'zoom'>, heightPx: number): Place {
  const [xM, yM] = makeProjection(frame).toXY(v.longitude, v.latitude);
  return { xM, yM, distanceM: distanceForZoom(v.zoom, v.latitude, heightPx) };
}
