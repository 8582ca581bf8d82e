// `window.__twinGlobe`: what the browser tests read about the globe (frames drawn, lamp points,
// buildings and triangles, ground tiles loaded, the optional user layer) and hooks for lamp levels.

export interface GlobeProbe {
  ready: boolean;
  frames: number;
  view: 'globe';
  cityName: string;
  lampPoints: number;
  /** Vehicle points shown from the latest traffic frame. */
  vehiclesDrawn: number;
  /** Σ (x + y) of the vehicle points placed (city metres), and how many times they were placed: they move when it changes. */
  vehicleSumM: number;
  vehicleMoves: number;
  buildingsDrawn: number;
  buildingTriangles: number;
  roadSegments: number;
  tilesLoaded: boolean;
  buildingsReady: boolean;
  cameraHeightM: number;
  levelsVersionDrawn: number;
  /** 'none' | 'loading' | 'shown' | 'failed' for the optional user-supplied tiles or imagery. */
  userLayer: string;
  setAllLampLevels?: (level: number) => void;
  /** Canvas CSS pixel of lamp i's head, or null when behind the globe. */
  projectLamp?: (i: number) => [number, number] | null;
}

declare global {
  interface Window {
    __twinGlobe?: GlobeProbe;
  }
}

export function globeProbe(): GlobeProbe {
  window.__twinGlobe ??= {
    ready: false, frames: 0, view: 'globe', cityName: '', lampPoints: 0, vehiclesDrawn: 0, vehicleSumM: 0, vehicleMoves: 0, buildingsDrawn: 0, buildingTriangles: 0, roadSegments: 0,
    tilesLoaded: false, buildingsReady: false, cameraHeightM: 0, levelsVersionDrawn: 0, userLayer: 'none',
  };
  return window.__twinGlobe;
}
