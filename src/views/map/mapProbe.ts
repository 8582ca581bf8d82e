// `window.__twinMap`: what the browser tests read about the analysis map (frames drawn, features per
// layer, colour mode, view) and hooks to project a lamp to the screen or set every lamp's level.

export interface MapProbe {
  ready: boolean;
  frames: number;
  view: 'map';
  cityName: string;
  /** Instances in each drawn layer (0 when the layer is hidden). */
  lampsDrawn: number;
  roadsDrawn: number;
  signalsDrawn: number;
  /** Vehicles and signal heads drawn from the traffic frames. */
  vehiclesDrawn: number;
  signalHeadsDrawn: number;
  roadMode: string;
  signalMode: string;
  /** Sequence of the traffic frame drawn (-1: none). */
  trafficSeqDrawn: number;
  /** RGBA of every signal head drawn (empty when heads are not shown). */
  headColours: number[];
  communesDrawn: number;
  communeAreasDrawn: number;
  /** Commune names drawn (after the declutter). */
  communeLabelsDrawn: number;
  /** Car parks and air-quality stations drawn from the feeds. */
  parkingDrawn: number;
  airQualityDrawn: number;
  hexagonsShown: boolean;
  /** Difference layers of the studio's comparison: features drawn, lamps dimmer / brighter, roads driven on both sides. */
  diffRoadsDrawn: number;
  diffLampsDrawn: number;
  diffLampsLower: number;
  diffLampsHigher: number;
  diffRoadsCompared: number;
  /** Roads with detections in the presence heat layer drawn (0 when hidden), and their sum (detections/h; null: no counts). */
  presenceRoadsDrawn: number;
  presenceTotalPerH: number | null;
  /** Ids of the layers in the last frame, bottom to top. */
  layers: string[];
  lampMode: string;
  /** Lamp level version last drawn (follows the simulation frames). */
  levelsVersionDrawn: number;
  longitude: number;
  latitude: number;
  zoom: number;
  /** Canvas CSS pixel of lamp i, or null when it is not on screen. */
  projectLamp?: (i: number) => [number, number] | null;
  /** Canvas CSS pixel of a lon/lat point, or null when it is not on screen. */
  projectLonLat?: (lon: number, lat: number) => [number, number] | null;
  /** Screen boxes [x centre, y centre, width, height] (CSS px) of the commune names drawn. */
  communeLabelBoxes: [number, number, number, number][];
  /** Sets every lamp's level (0–1) on the map until the next simulation frame. */
  setAllLampLevels?: (level: number) => void;
}

declare global {
  interface Window {
    __twinMap?: MapProbe;
  }
}

export function mapProbe(): MapProbe {
  window.__twinMap ??= {
    ready: false, frames: 0, view: 'map', cityName: '', lampsDrawn: 0, roadsDrawn: 0, signalsDrawn: 0, vehiclesDrawn: 0, signalHeadsDrawn: 0, roadMode: '', signalMode: '', trafficSeqDrawn: -1, headColours: [], communesDrawn: 0,
    communeAreasDrawn: 0, communeLabelsDrawn: 0, communeLabelBoxes: [], parkingDrawn: 0, airQualityDrawn: 0, hexagonsShown: false, diffRoadsDrawn: 0, diffLampsDrawn: 0, diffLampsLower: 0, diffLampsHigher: 0, diffRoadsCompared: 0, presenceRoadsDrawn: 0, presenceTotalPerH: null, layers: [], lampMode: '', levelsVersionDrawn: 0, longitude: 0, latitude: 0, zoom: 0,
  };
  return window.__twinMap;
}
