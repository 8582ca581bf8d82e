// `window.__twin`: what the browser tests read (frames drawn, draw calls, lamps and buildings
// drawn, the city shown) plus a hook to set lamp levels; written by mutation, never React state.

export interface TwinProbe {
  ready: boolean;
  frames: number;
  drawCalls: number;
  triangles: number;
  points: number;
  lampInstances: number;
  lampSprites: number;
  buildingCount: number;
  roadCount: number;
  signalHeads: number;
  /** Vehicle instances drawn from the latest traffic frame. */
  vehicleInstances: number;
  /** Signal heads showing each light in the latest traffic frame. */
  signalRed: number;
  signalAmber: number;
  signalGreen: number;
  /** Sequence of the traffic frame drawn (-1: none). */
  trafficFramesDrawn: number;
  /** Roads show the speed ratio of the traffic frames. */
  roadsBySpeed: boolean;
  /** The before/after of a comparison drawn: its mode, the sides drawn in the last frame with their bands (CSS px), and each side's mean lamp level; null while the live simulation is drawn. */
  beforeAfter: { mode: string; passes: { side: string; xPx: number; widthPx: number }[]; meanLevel: Record<string, number> } | null;
  /** Points of the area outline drawn on the ground (0: none). */
  areaOutlinePoints: number;
  cityName: string;
  citySource: string;
  view: string;
  /** Sets every lamp's level (0–1); the glow and pools follow on the next frame. */
  setAllLampLevels?: (level: number) => void;
  /** Canvas CSS pixel of a city point (metres east, north, up), or null when off the view depth. */
  project?: (xM: number, yM: number, zM: number) => [number, number] | null;
}

declare global {
  interface Window {
    __twin?: TwinProbe;
  }
}

export function twinProbe(): TwinProbe {
  if (typeof window === 'undefined') throw new Error('twinProbe needs a window');
  window.__twin ??= {
    ready: false, frames: 0, drawCalls: 0, triangles: 0, points: 0, lampInstances: 0, lampSprites: 0,
    buildingCount: 0, roadCount: 0, signalHeads: 0, vehicleInstances: 0, signalRed: 0, signalAmber: 0, signalGreen: 0, trafficFramesDrawn: -1, roadsBySpeed: false, beforeAfter: null, areaOutlinePoints: 0, cityName: '', citySource: '', view: '',
  };
  return window.__twin;
}
