// The deck.gl layers of the analysis map, rebuilt (cheaply: descriptors only) from the per-city binary
// columns and the current toggles, colours and selection; GPU buffers re-upload only when a column object changes.

import type { Layer } from '@deck.gl/core';
import { PathLayer, ScatterplotLayer, SolidPolygonLayer, TextLayer } from '@deck.gl/layers';
import { HexagonLayer } from '@deck.gl/aggregation-layers';
import type { MapData } from './mapData.ts';
import type { CommuneFigures } from './communeStats.ts';
import type { FeedPointColumns } from './feedLayers.ts';
import { PRESENCE_COLOURS, type PresenceColumns } from './presenceLayer.ts';

export type MapLayerId = 'communes' | 'roads' | 'vehicles' | 'hexagons' | 'presence' | 'lamps' | 'signals' | 'parking' | 'airQuality' | 'diffRoads' | 'diffLamps';
export const MAP_LAYER_IDS: readonly MapLayerId[] = ['roads', 'vehicles', 'lamps', 'signals', 'communes', 'hexagons', 'presence', 'parking', 'airQuality', 'diffRoads', 'diffLamps'];
export type LayerVisibility = Record<MapLayerId, boolean>;
export const DEFAULT_VISIBILITY: LayerVisibility = {
  roads: true, vehicles: true, lamps: true, signals: true, communes: true, hexagons: false, presence: false, parking: true, airQuality: true, diffRoads: false, diffLamps: false,
};

/** The studio's last comparison drawn as differences; `key` changes whenever a colour column does. */
export interface DiffLayerInputs {
  key: number;
  /** RGBA per road path by change of mean speed, or null when the comparison ran no traffic. */
  roadColours: Uint8Array | null;
  /** RGBA per lamp by change of mean level or energy. */
  lampColours: BinaryAttribute;
}

/** Traffic columns from the latest traffic frame; `key` changes whenever their contents do. */
export interface TrafficLayerInputs {
  key: number;
  /** Road colours (RGBA per path) by speed or volume with the version they were written at, or null to keep the road classes. */
  roadColours: { perPath: Uint8Array; version: number } | null;
  vehicles: { length: number; positions: BinaryAttribute; colours: BinaryAttribute };
  /** Signals coloured by delay (LOS), or null for the plain signal colour. */
  signalColours: BinaryAttribute | null;
  /** Signal heads by light (one per approach), or null when signals show delay. */
  heads: { length: number; positions: BinaryAttribute; colours: BinaryAttribute } | null;
}

/** Hexagon circumradius (m) of the power aggregation. */
export const HEX_RADIUS_M = 400;
/** Hexagon colours, low → high power (quantized over the fixed domain). */
export const HEX_COLOURS: [number, number, number][] = [
  [45, 52, 110],
  [88, 60, 140],
  [150, 62, 140],
  [212, 80, 110],
  [250, 130, 70],
  [255, 214, 110],
];
export const SELECTION_RGB: [number, number, number] = [51, 242, 255];

/** A binary attribute as deck.gl takes it; a NEW object makes deck re-upload, the same object is skipped. */
export interface BinaryAttribute {
  value: Float64Array | Float32Array | Uint8Array;
  size: number;
  normalized?: boolean;
}

export interface SelectionShape {
  /** A point (lamp, intersection) or a path (link), lon/lat pairs. */
  kind: 'point' | 'path';
  positions: Float64Array;
}

export interface MapLayerInputs {
  data: MapData;
  visible: LayerVisibility;
  /** Attribute objects kept between builds (positions) or replaced on change (colours, weights). */
  lampPositions: BinaryAttribute;
  /** The same positions with z = 0: deck's CPU hexagon aggregator reads its size-3 positions as given. */
  lampPositionsXYZ: BinaryAttribute;
  lampColours: BinaryAttribute;
  lampPowerW: BinaryAttribute;
  /** Changes whenever lampColours does (deck compares data objects). */
  lampVersion: number;
  roadPositions: BinaryAttribute;
  roadColours: BinaryAttribute;
  roadWidths: BinaryAttribute;
  signalPositions: BinaryAttribute;
  communePositions: BinaryAttribute;
  communeNames: readonly string[];
  /** Commune names left on the map after the screen-space declutter (1 = shown); a new version after a change. */
  communeLabels: { shown: Uint8Array; version: number };
  communes: CommuneFigures;
  hexDomainW: [number, number];
  selection: SelectionShape | null;
  /** Car parks and air-quality stations from the feeds (a new object when they change). */
  feedPoints: { parking: FeedPointColumns<unknown>; air: FeedPointColumns<unknown> };
  /** Traffic of the running scenario, or null without traffic. */
  traffic: TrafficLayerInputs | null;
  /** Presence detections per road over the last hour (a new object on each update), or null without any. */
  presence?: PresenceColumns | null;
  /** Differences of the studio's last comparison, or null when there is none for this city. */
  diff?: DiffLayerInputs | null;
}

/** Vertical offset (CSS px) of a commune's name: centred on a boundary area, under a figure circle. */
export function communeLabelOffsetPx(hasRing: boolean, radiusPx: number): number {
  return hasRing ? 0 : radiusPx + 9;
}

/** Data objects are cached by the caller's versions so deck sees "no change" when nothing changed. */
export class MapLayerBuilder {
  private lampData: { key: number; data: unknown } | null = null;
  private hexData: { key: number; data: unknown } | null = null;
  private presenceData: { key: PresenceColumns; data: unknown } | null = null;
  private diffData: { key: number; roads: unknown; lamps: unknown } | null = null;
  private communeData: { key: CommuneFigures; data: unknown; rings: unknown; borders: unknown } | null = null;
  private readonly roadData: unknown;
  private roadTrafficData: unknown = null;
  private trafficData: { key: number; signalColours: unknown; roads: unknown; vehicles: unknown; signals: unknown; heads: unknown } | null = null;
  private readonly signalData: unknown;
  private labelData: { version: number; data: number[] } | null = null;

  constructor(private readonly base: Pick<MapLayerInputs, 'data' | 'roadPositions' | 'roadColours' | 'roadWidths' | 'signalPositions'>) {
    const { data } = base;
    this.roadData = {
      length: data.roads.length,
      startIndices: data.roads.startIndices,
      attributes: { getPath: base.roadPositions, getColor: base.roadColours, getWidth: base.roadWidths },
    };
    this.signalData = { length: data.signals.length, attributes: { getPosition: base.signalPositions } };
  }

  build(inputs: MapLayerInputs): Layer[] {
    const { data, visible } = inputs;
    if (this.lampData?.key !== inputs.lampVersion) {
      this.lampData = {
        key: inputs.lampVersion,
        data: { length: data.lamps.length, attributes: { getPosition: inputs.lampPositions, getFillColor: inputs.lampColours } },
      };
      this.hexData = {
        key: inputs.lampVersion,
        data: { length: data.lamps.length, attributes: { getPosition: inputs.lampPositionsXYZ, getColorWeight: inputs.lampPowerW } },
      };
    }
    if (this.communeData?.key !== inputs.communes) {
      const c = inputs.communes;
      // A commune with a boundary shows its figure as a filled area: no circle for it.
      const radii = Float32Array.from(c.radiiPx);
      for (const k of data.communes.rings.commune) radii[k] = 0;
      this.communeData = {
        key: c,
        data: { length: data.communes.length, attributes: { getPosition: inputs.communePositions, getFillColor: { value: c.fills, size: 4, normalized: true }, getRadius: { value: radii, size: 1 } } },
        rings: { length: data.communes.rings.length, startIndices: data.communes.rings.startIndices, attributes: { getPolygon: { value: data.communes.rings.positions, size: 2 } } },
        borders: { length: data.communes.rings.length, startIndices: data.communes.rings.startIndices, attributes: { getPath: { value: data.communes.rings.positions, size: 2 } } },
      };
    }
    const tr = inputs.traffic;
    if (tr) {
      const { data: d } = inputs;
      const prev = this.trafficData;
      // Paths and signal points keep their data object while their colours stay the same object (no re-tessellation).
      // Roads in a traffic colouring: one data object without colours (tessellated once), colours by accessor.
      this.roadTrafficData ??= { length: d.roads.length, startIndices: d.roads.startIndices, attributes: { getPath: inputs.roadPositions, getWidth: inputs.roadWidths } };
      const roads = tr.roadColours ? this.roadTrafficData : null;
      const signals =
        prev && prev.signalColours === tr.signalColours
          ? prev.signals
          : tr.signalColours
            ? { length: d.signals.length, attributes: { getPosition: inputs.signalPositions, getFillColor: tr.signalColours } }
            : null;
      if (prev?.key !== tr.key) {
        this.trafficData = {
          key: tr.key,
          signalColours: tr.signalColours,
          roads,
          signals,
          vehicles: { length: tr.vehicles.length, attributes: { getPosition: tr.vehicles.positions, getFillColor: tr.vehicles.colours } },
          heads: tr.heads ? { length: tr.heads.length, attributes: { getPosition: tr.heads.positions, getFillColor: tr.heads.colours } } : null,
        };
      }
    }
    const traffic = tr ? this.trafficData : null;
    const communes = this.communeData;
    const layers: Layer[] = [];
    const names = inputs.communeNames;
    const pos = data.communes.positions;
    const showCommunes = visible.communes && data.communes.length > 0;
    const hasRing = new Uint8Array(data.communes.length);
    for (const k of data.communes.rings.commune) hasRing[k] = 1;

    if (visible.communes && data.communes.rings.length > 0) {
      const ringCommune = data.communes.rings.commune;
      const fills = inputs.communes.fills;
      layers.push(
        new SolidPolygonLayer({
          id: 'commune-areas',
          data: communes.rings as never,
          getFillColor: (_: unknown, { index }: { index: number }) => {
            const k = ringCommune[index] * 4;
            return [fills[k], fills[k + 1], fills[k + 2], 105];
          },
          updateTriggers: { getFillColor: inputs.communes },
          pickable: true,
        }),
        new PathLayer({
          id: 'commune-borders',
          data: communes.borders as never,
          _pathType: 'open',
          getColor: [150, 160, 190, 160],
          getWidth: 1.2,
          widthUnits: 'pixels',
        }),
      );
    }
    if (visible.roads) {
      layers.push(
        new PathLayer({
          id: 'roads',
          data: (traffic?.roads ?? this.roadData) as never,
          ...(tr?.roadColours && traffic?.roads
            ? {
                getColor: (_: unknown, { index }: { index: number }) => {
                  const c = tr.roadColours!.perPath;
                  return [c[index * 4], c[index * 4 + 1], c[index * 4 + 2], 255];
                },
                updateTriggers: { getColor: tr.roadColours.version },
              }
            : {}),
          _pathType: 'open',
          widthUnits: 'pixels',
          widthMinPixels: 0.6,
          capRounded: true,
          jointRounded: false,
          pickable: true,
          autoHighlight: true,
          highlightColor: [...SELECTION_RGB, 200],
        }),
      );
    }
    const diff = inputs.diff;
    if (diff && this.diffData?.key !== diff.key) {
      this.diffData = {
        key: diff.key,
        roads: diff.roadColours ? { length: data.roads.length, startIndices: data.roads.startIndices, attributes: { getPath: inputs.roadPositions, getWidth: inputs.roadWidths } } : null,
        lamps: { length: data.lamps.length, attributes: { getPosition: inputs.lampPositions, getFillColor: diff.lampColours } },
      };
    }
    const diffRoadColours = diff?.roadColours;
    if (visible.diffRoads && diffRoadColours && this.diffData?.roads) {
      layers.push(
        new PathLayer({
          id: 'diff-roads',
          data: this.diffData.roads as never,
          getColor: (_: unknown, { index }: { index: number }) => [diffRoadColours[index * 4], diffRoadColours[index * 4 + 1], diffRoadColours[index * 4 + 2], diffRoadColours[index * 4 + 3]],
          updateTriggers: { getColor: diff.key },
          _pathType: 'open',
          widthUnits: 'pixels',
          widthScale: 1.6,
          widthMinPixels: 1.2,
          capRounded: true,
          pickable: true,
          autoHighlight: true,
          highlightColor: [...SELECTION_RGB, 200],
        }),
      );
    }
    // Commune circles under the lamps, so lamps stay visible through them.
    if (showCommunes) {
      layers.push(
        new ScatterplotLayer({
          id: 'communes',
          data: communes.data as never,
          radiusUnits: 'pixels',
          stroked: true,
          lineWidthUnits: 'pixels',
          getLineWidth: 1.5,
          getLineColor: [235, 240, 255, 200],
          pickable: true,
        }),
      );
    }
    if (visible.vehicles && traffic) {
      layers.push(
        new ScatterplotLayer({
          id: 'vehicles',
          data: traffic.vehicles as never,
          radiusUnits: 'meters',
          getRadius: 3,
          radiusMinPixels: 1.6,
          radiusMaxPixels: 6,
          stroked: false,
          pickable: true,
        }),
      );
    }
    if (visible.lamps) {
      layers.push(
        new ScatterplotLayer({
          id: 'lamps',
          data: this.lampData.data as never,
          radiusUnits: 'meters',
          getRadius: 5,
          radiusMinPixels: 1.3,
          radiusMaxPixels: 9,
          stroked: false,
          pickable: true,
          autoHighlight: true,
          highlightColor: [...SELECTION_RGB, 255],
        }),
      );
    }
    if (visible.diffLamps && diff && this.diffData) {
      layers.push(
        new ScatterplotLayer({
          id: 'diff-lamps',
          data: this.diffData.lamps as never,
          radiusUnits: 'meters',
          getRadius: 6,
          radiusMinPixels: 1.6,
          radiusMaxPixels: 10,
          stroked: false,
          pickable: true,
          autoHighlight: true,
          highlightColor: [...SELECTION_RGB, 255],
        }),
      );
    }
    // Over the lamps when asked for: it answers a different question (power per area).
    if (visible.hexagons) {
      layers.push(
        new HexagonLayer({
          id: 'hexagons',
          data: this.hexData!.data as never,
          radius: HEX_RADIUS_M,
          coverage: 0.92,
          colorAggregation: 'SUM',
          colorScaleType: 'quantize',
          colorDomain: inputs.hexDomainW,
          colorRange: HEX_COLOURS,
          extruded: false,
          opacity: 0.82,
          gpuAggregation: false,
          pickable: true,
        }),
      );
    }
    const pc = inputs.presence;
    if (visible.presence && pc && pc.length > 0) {
      if (this.presenceData?.key !== pc) {
        this.presenceData = { key: pc, data: { length: pc.length, attributes: { getPosition: { value: pc.positions, size: 3 }, getColorWeight: { value: pc.ratePerH, size: 1 } } } };
      }
      layers.push(
        new HexagonLayer({
          id: 'presence',
          data: this.presenceData.data as never,
          radius: HEX_RADIUS_M,
          coverage: 0.92,
          colorAggregation: 'SUM',
          colorScaleType: 'quantize',
          colorDomain: pc.domainPerH,
          colorRange: PRESENCE_COLOURS,
          extruded: false,
          opacity: 0.78,
          gpuAggregation: false,
          pickable: true,
        }),
      );
    }
    if (visible.signals && data.signals.length > 0) {
      layers.push(
        new ScatterplotLayer({
          id: 'signals',
          data: (traffic?.signals ?? this.signalData) as never,
          radiusUnits: 'meters',
          getRadius: 18,
          radiusMinPixels: 2.6,
          radiusMaxPixels: 9,
          // By delay: colours from the data; showing heads: a dark disc under them; else the signal colour.
          getFillColor: traffic?.heads ? [40, 44, 56, 255] : [255, 56, 72, 255],
          getLineColor: [20, 8, 10, 255],
          stroked: true,
          lineWidthUnits: 'pixels',
          getLineWidth: 0.8,
          pickable: true,
          autoHighlight: true,
          highlightColor: [...SELECTION_RGB, 255],
        }),
      );
    }
    if (visible.signals && traffic?.heads) {
      layers.push(
        new ScatterplotLayer({
          id: 'signal-heads',
          data: traffic.heads as never,
          radiusUnits: 'meters',
          getRadius: 5,
          radiusMinPixels: 1.8,
          radiusMaxPixels: 5,
          stroked: false,
        }),
      );
    }
    const feedLayer = (id: string, cols: FeedPointColumns<unknown>, radiusPx: number) =>
      new ScatterplotLayer({
        id,
        data: { length: cols.length, attributes: { getPosition: { value: cols.positions, size: 2 }, getFillColor: { value: cols.colours, size: 4, normalized: true } } } as never,
        radiusUnits: 'pixels',
        getRadius: radiusPx,
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        getLineColor: [12, 14, 20, 255],
        pickable: true,
        autoHighlight: true,
        highlightColor: [...SELECTION_RGB, 255],
      });
    if (visible.parking && inputs.feedPoints.parking.length > 0) layers.push(feedLayer('parking', inputs.feedPoints.parking, 8));
    if (visible.airQuality && inputs.feedPoints.air.length > 0) layers.push(feedLayer('air-quality', inputs.feedPoints.air, 10));
    if (showCommunes) {
      // The names the declutter kept (commune indices), a new array only when that set changes.
      const labels = inputs.communeLabels;
      if (this.labelData?.version !== labels.version) {
        const kept: number[] = [];
        for (let k = 0; k < data.communes.length; k++) if (labels.shown[k]) kept.push(k);
        this.labelData = { version: labels.version, data: kept };
      }
      layers.push(
        new TextLayer<number>({
          id: 'commune-names',
          data: this.labelData.data,
          getPosition: (k: number) => [pos[k * 2], pos[k * 2 + 1]],
          getText: (k: number) => names[k],
          getSize: 13,
          getColor: [236, 240, 250, 255],
          getPixelOffset: (k: number) => [0, communeLabelOffsetPx(hasRing[k] === 1, inputs.communes.radiiPx[k])],
          updateTriggers: { getPixelOffset: inputs.communes },
          characterSet: 'auto',
          fontFamily: 'system-ui, "Segoe UI", Roboto, sans-serif',
          fontWeight: 600,
          fontSettings: { sdf: true },
          outlineWidth: 3,
          outlineColor: [5, 7, 12, 230],
          getTextAnchor: 'middle',
          getAlignmentBaseline: 'center',
        }),
      );
    }
    const sel = inputs.selection;
    if (sel?.kind === 'point') {
      layers.push(
        new ScatterplotLayer({
          id: 'selection',
          data: { length: 1, attributes: { getPosition: { value: sel.positions, size: 2 } } } as never,
          radiusUnits: 'pixels',
          getRadius: 9,
          filled: false,
          stroked: true,
          lineWidthUnits: 'pixels',
          getLineWidth: 2.5,
          getLineColor: [...SELECTION_RGB, 255],
        }),
      );
    } else if (sel?.kind === 'path') {
      layers.push(
        new PathLayer({
          id: 'selection',
          data: { length: 1, startIndices: new Uint32Array([0, sel.positions.length / 2]), attributes: { getPath: { value: sel.positions, size: 2 } } } as never,
          _pathType: 'open',
          widthUnits: 'pixels',
          getWidth: 5,
          getColor: [...SELECTION_RGB, 255],
        }),
      );
    }
    return layers;
  }
}
