// The analysis map's imperative side: one deck.gl Deck over the city, fed from the store (selection,
// camera target), the simulation's frames (lamp levels, live KPIs) by mutation, never React state per frame.

import { Deck, FlyToInterpolator, MapView, WebMercatorViewport, type Layer, type PickingInfo } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { CityModel } from '../../core/city/model.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { useStudioStore, type CompareState } from '../../store/studioStore.ts';
import type { CompareRun } from '../../sim-client/compareClient.ts';
import { diffSummaryOf, roadSpeedDiff, writeLampDiffColours, type DiffSummary, type LampDiffMode, type RoadSpeedDiff } from './diffLayers.ts';
import { simFrames, type LevelTarget } from '../../sim-client/frames.ts';
import type { Place } from '../shared/cityPlace.ts';
import { buildMapData, communeRatedKW, selectionShape, type MapData } from './mapData.ts';
import { energyScaleKWh, isLiveMode, lampPowerNowW, technologiesOf, writeLampColours, type LampColourMode, type LampEnergyColumn, type LampRatings } from './lampColours.ts';
import { communeFigures, type CommuneFigures } from './communeStats.ts';
import { maxHexSum, niceDomainMax } from './hexScale.ts';
import { declutterLabels, labelWidthPx, LABEL_HEIGHT_PX, type LabelBoxes } from './labelDeclutter.ts';
import { DEFAULT_VISIBILITY, HEX_COLOURS, HEX_RADIUS_M, MapLayerBuilder, communeLabelOffsetPx, type BinaryAttribute, type LayerVisibility, type SelectionShape } from './mapLayers.ts';
import { communeTooltip, diffLampTooltip, diffRoadTooltip, hexTooltip, lampTooltip, presenceTooltip, roadTooltip, signalTooltip, type Translate } from './tooltip.ts';
import { placeForViewState, viewStateForPlace, type MapViewState } from './viewState.ts';
import { mapProbe } from './mapProbe.ts';
import { linkMidpoints, presenceColumns, presenceLegendOf, type LinkMidpoints, type PresenceColumns, type PresenceLegend } from './presenceLayer.ts';
import { airTooltip, feedLayerColumns, parkingTooltip } from './feedLayers.ts';
import type { FeedPoints } from '../../sim-client/types.ts';
import { listenForClicks } from '../shared/clicks.ts';
import {
  VehicleColumns, buildSignalHeadPositions, writeHeadColours, writeRoadTrafficColours, writeSignalDelayColours,
  type RoadColourMode, type SignalColourMode,
} from './trafficColumns.ts';
import type { TrafficLayerInputs } from './mapLayers.ts';
import { vehicleTooltip, volumeSinceMs, type TrafficTip } from './tooltip.ts';

/** At most this often the lamp colours and power weights follow the simulation (wall ms). */
const LEVEL_REFRESH_MS = 150;
const FLIGHT_MS = 1600;
const PICK_RADIUS_PX = 4;
/** What a click can select (the hexagons are read through their tooltip). */
const PICKED_LAYERS = ['lamps', 'roads', 'signals', 'communes', 'commune-areas'];
/** At most this often vehicles, road and signal colours follow the traffic frames (wall ms). */
const TRAFFIC_REFRESH_MS = 200;
/** Road and signal-delay colours change slower than vehicles move: recoloured at most this often (wall ms). */
const TRAFFIC_RECOLOUR_MS = 500;

export interface MapControllerOptions {
  parent: HTMLDivElement;
  city: CityModel;
  /** The place another view left in the store, or null to fit the whole city beside the layer panel. */
  start: Place | null;
  /** Read when a tooltip is shown, so it follows the UI language. */
  translate: () => { t: Translate; language: string };
  /** deck.gl could not draw (no WebGL2, a layer failed): the view shows the message. */
  onFailure?: (message: string) => void;
}

function withZeroZ(lonLat: Float64Array): Float64Array {
  const out = new Float64Array((lonLat.length / 2) * 3);
  for (let i = 0, j = 0; i < lonLat.length; i += 2, j += 3) {
    out[j] = lonLat[i];
    out[j + 1] = lonLat[i + 1];
  }
  return out;
}

/** Room kept for the layer panel (right) and the view switch (top) when fitting the city. */
const FIT_PADDING_PX = { top: 56, bottom: 24, left: 24, right: 270 };

function fitCity(bounds: [number, number, number, number], width: number, height: number): MapViewState {
  const [w, s, e, n] = bounds;
  const pad = width > FIT_PADDING_PX.left + FIT_PADDING_PX.right + 200 && height > FIT_PADDING_PX.top + FIT_PADDING_PX.bottom + 200 ? FIT_PADDING_PX : 10;
  const v = new WebMercatorViewport({ width, height }).fitBounds([[w, s], [e, n]], { padding: pad });
  return { longitude: v.longitude, latitude: v.latitude, zoom: v.zoom, pitch: 0, bearing: 0 };
}

export class MapController {
  readonly data: MapData;
  readonly hexDomainW: [number, number];
  private readonly city: CityModel;
  private readonly deck: Deck<MapView>;
  private readonly builder: MapLayerBuilder;
  private readonly levels: LevelTarget;
  private readonly powerW: Float32Array;
  private readonly lampColourBytes: Uint8Array;
  private lampColours: BinaryAttribute;
  private lampPower: BinaryAttribute;
  private lampVersion = 1;
  /** What each lamp is rated: the running scenario's fleet once a frame brought it, else the city's inventory. */
  private ratings: LampRatings;
  private fleetSeqSeen = -1;
  private colouredRatings: LampRatings | null = null;
  /** Rated power per commune (kW) of the ratings shown. */
  private communeKW: Float32Array;
  /** Presence detections per road over the last hour, as the heat layer's points (null: none, or no presence control). */
  private presence: PresenceColumns | null = null;
  private presenceSeqSeen = -1;
  private lampEnergySeqSeen = -1;
  /** Lamp energies since the period start from the latest frame that had them, with their colour scale. */
  private energy: (LampEnergyColumn & { fromMs: number }) | null = null;
  private linkMids: LinkMidpoints | null = null;
  /** The studio's last comparison as differences (null: none, or of another city). */
  private diff: { run: CompareRun; roads: RoadSpeedDiff | null; lampColours: Uint8Array; lower: number; higher: number; key: number } | null = null;
  private diffLampMode: LampDiffMode = 'level';
  private diffProblem: string | null = null;
  private drawnLevelsVersion = -1;
  private lastLevelRefreshMs = -Infinity;
  private visible: LayerVisibility = { ...DEFAULT_VISIBILITY };
  private mode: LampColourMode = 'level';
  private communes: CommuneFigures;
  private feedPointsSeen: FeedPoints | null = null;
  private feedColumns = feedLayerColumns({ parking: [], airQuality: [] });
  private selection: SelectionShape | null = null;
  private viewState: MapViewState;
  private raf = 0;
  private readonly cleanups: (() => void)[] = [];
  private readonly translate: MapControllerOptions['translate'];
  private readonly attrs: Pick<Parameters<MapLayerBuilder['build']>[0], 'lampPositions' | 'lampPositionsXYZ' | 'roadPositions' | 'roadColours' | 'roadWidths' | 'signalPositions' | 'communePositions'>;
  private readonly listeners = new Set<() => void>();
  /** Commune names kept by the declutter at the current view, and scratch for it. */
  private communeLabels: { shown: Uint8Array; version: number };
  private readonly labelBoxes: LabelBoxes;
  private readonly labelScratch: Uint8Array;
  private roadMode: RoadColourMode = 'speed';
  private signalMode: SignalColourMode = 'state';
  private readonly vehicles: VehicleColumns;
  private readonly headPositions: Float64Array;
  private readonly headColours: Uint8Array;
  private readonly signalColours: Uint8Array;
  private readonly roadTrafficColours: Uint8Array;
  /** Copies of the latest frame's link and signal figures (its buffer goes back to the worker). */
  private readonly linkSpeedRatio: Float32Array;
  private readonly linkVolumeVehPerH: Float32Array;
  private readonly signalDelayS: Float32Array;
  private volumeSince: number | null = null;
  private trafficInputs: TrafficLayerInputs | null = null;
  private trafficKey = 0;
  private drawnTrafficSeq = -1;
  private lastTrafficRefreshMs = -Infinity;
  private lastRecolourMs = -Infinity;
  private roadColoursVersion = 0;
  private signalColoursAttr: BinaryAttribute | null = null;

  constructor(opts: MapControllerOptions) {
    const { city, parent } = opts;
    this.city = city;
    this.translate = opts.translate;
    this.data = buildMapData(city);
    const n = city.lamps.count;
    this.levels = { levels: new Float32Array(n).fill(1), version: 1 };
    this.powerW = new Float32Array(n);
    this.ratings = city.lamps;
    this.communeKW = this.data.communes.ratedKW;
    this.lampColourBytes = new Uint8Array(n * 4);
    // The colour scale of the hexagons: every lamp at full output (fixed, so dimming reads as cooler cells).
    lampPowerNowW(city.lamps, this.levels.levels, this.powerW);
    this.hexDomainW = [0, niceDomainMax(maxHexSum(city.lamps.xM, city.lamps.yM, this.powerW, HEX_RADIUS_M), HEX_COLOURS.length)];
    this.lampColours = this.recolour();
    this.lampPower = { value: this.powerW, size: 1 };
    const d = this.data;
    this.attrs = {
      lampPositions: { value: d.lamps.positions, size: 2 },
      lampPositionsXYZ: { value: withZeroZ(d.lamps.positions), size: 3 },
      roadPositions: { value: d.roads.positions, size: 2 },
      roadColours: { value: d.roads.colours, size: 4, normalized: true },
      roadWidths: { value: d.roads.widthsPx, size: 1 },
      signalPositions: { value: d.signals.positions, size: 2 },
      communePositions: { value: d.communes.positions, size: 2 },
    };
    this.builder = new MapLayerBuilder({ data: d, ...this.attrs });
    this.vehicles = new VehicleColumns(city);
    this.headPositions = buildSignalHeadPositions(city);
    this.headColours = new Uint8Array((this.headPositions.length / 2) * 4);
    this.signalColours = new Uint8Array(city.signals.count * 4);
    this.roadTrafficColours = new Uint8Array(d.roads.length * 4);
    this.linkSpeedRatio = new Float32Array(city.links.count).fill(NaN);
    this.linkVolumeVehPerH = new Float32Array(city.links.count);
    this.signalDelayS = new Float32Array(city.signals.count).fill(NaN);
    this.communes = communeFigures(city.communes.name, d.communes.population, d.communes.lampCount, simFrames.getLive()?.kpis.lighting.energyByCommuneKWh ?? null);
    const nc = d.communes.length;
    this.communeLabels = { shown: new Uint8Array(nc).fill(1), version: 0 };
    this.labelScratch = new Uint8Array(nc);
    this.labelBoxes = { xPx: new Float64Array(nc), yPx: new Float64Array(nc), widthPx: Float64Array.from(city.communes.name.slice(0, nc), labelWidthPx), heightPx: LABEL_HEIGHT_PX };
    this.viewState = opts.start
      ? viewStateForPlace(city.meta.frame, opts.start, parent.clientHeight || 600)
      : fitCity(this.data.boundsLonLat, parent.clientWidth || 800, parent.clientHeight || 600);
    this.state = {
      visible: this.visible, mode: this.mode, communes: this.communes, feedPoints: { parking: 0, air: 0 }, roadMode: this.roadMode, signalMode: this.signalMode, traffic: false,
      technologies: technologiesOf(this.ratings),
      volumeSinceMs: null,
      lampEnergy: null,
      presence: null,
      diff: null,
      diffLampMode: this.diffLampMode,
      diffProblem: null,
    };

    this.deck = new Deck<MapView>({
      parent,
      views: new MapView({ repeat: false }),
      initialViewState: this.viewState,
      controller: { dragRotate: false, touchRotate: false, keyboard: true },
      layers: [],
      useDevicePixels: true,
      getTooltip: (info) => this.tooltip(info),
      onViewStateChange: ({ viewState }) => {
        this.viewState = viewState as MapViewState;
        if (this.declutter()) this.refresh();
      },
      onAfterRender: () => this.afterRender(),
      onError: (e) => opts.onFailure?.(e.message),
    });

    this.cleanups.push(
      simFrames.attach(this.levels),
      simFrames.subscribeLive(() => {
        this.communes = communeFigures(city.communes.name, d.communes.population, d.communes.lampCount, simFrames.getLive()?.kpis.lighting.energyByCommuneKWh ?? null);
        this.declutter();
        this.updateFeedPoints();
        this.refresh();
        this.notify();
      }),
      useStudioStore.subscribe((s, prev) => {
        if (s.compare === prev.compare) return;
        this.takeComparison(s.compare);
        this.refresh();
        this.notify();
      }),
      useUiStore.subscribe((s, prev) => {
        if (s.selection !== prev.selection) {
          this.selection = selectionShape(city, s.selection);
          this.refresh();
        }
        const t = s.cameraTarget;
        if (t && t !== prev.cameraTarget) this.flyTo({ xM: t.xM, yM: t.yM, distanceM: t.distanceM });
      }),
    );
    this.cleanups.push(this.listenForClicks(parent));
    this.selection = selectionShape(city, useUiStore.getState().selection);
    this.updateFeedPoints();
    this.installProbe();
    this.takeComparison(useStudioStore.getState().compare);
    this.declutter();
    this.refresh();
    const loop = () => {
      this.tick();
      this.raf = requestAnimationFrame(loop);
    };
    this.raf = requestAnimationFrame(loop);
  }

  /** The layer toggles, lamp colour mode, commune figures and feed points drawn, for the legend: a new object only after a change. */
  state: {
    visible: LayerVisibility;
    mode: LampColourMode;
    communes: CommuneFigures;
    feedPoints: { parking: number; air: number };
    roadMode: RoadColourMode;
    signalMode: SignalColourMode;
    /** The latest frame carried traffic. */
    traffic: boolean;
    /** Start of the span road volumes cover when shorter than an hour (null: the last hour). */
    volumeSinceMs: number | null;
    /** The energy mode's scale and start (null: no lamp energies yet). */
    lampEnergy: { fromMs: number; scaleKWh: number } | null;
    /** Lamp technologies of the fleet shown (the legend lists only those). */
    technologies: number[];
    /** The presence layer's scale and window (null: the scenario has no presence-controlled lamps, or no frame yet). */
    presence: PresenceLegend | null;
    /** The comparison the difference layers show (null: none yet), or why it cannot be drawn. */
    diff: DiffSummary | null;
    diffLampMode: LampDiffMode;
    diffProblem: string | null;
  };

  private updateFeedPoints(): void {
    const points = simFrames.getLive()?.feedPoints ?? null;
    if (!points || points === this.feedPointsSeen) return;
    this.feedPointsSeen = points;
    this.feedColumns = feedLayerColumns(points);
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  setVisible(id: keyof LayerVisibility, on: boolean): void {
    this.visible = { ...this.visible, [id]: on };
    this.refresh();
    this.notify();
  }

  setMode(mode: LampColourMode): void {
    this.mode = mode;
    this.lampColours = this.recolour();
    this.lampVersion++;
    this.refresh();
    this.notify();
  }

  setRoadMode(mode: RoadColourMode): void {
    this.roadMode = mode;
    this.redrawTraffic();
  }

  setSignalMode(mode: SignalColourMode): void {
    this.signalMode = mode;
    this.redrawTraffic();
  }

  /** Recolours roads and signals from the latest traffic frame at once (a colour mode changed). */
  private redrawTraffic(): void {
    this.lastRecolourMs = -Infinity;
    this.drawnTrafficSeq = -1;
    this.lastTrafficRefreshMs = -Infinity;
    this.updateTraffic(performance.now());
    this.refresh();
    this.notify();
  }

  /** Where the map looks now, as the store's place (city metres and a 3D-style distance). */
  currentPlace(): Place {
    return placeForViewState(this.city.meta.frame, this.viewState, this.deck.getCanvas()?.clientHeight || 600);
  }

  flyTo(place: Place): void {
    const target = viewStateForPlace(this.city.meta.frame, place, this.deck.getCanvas()?.clientHeight || 600);
    this.deck.setProps({
      initialViewState: { ...target, transitionDuration: FLIGHT_MS, transitionInterpolator: new FlyToInterpolator() } as MapViewState,
    });
    this.viewState = target;
  }

  destroy(): void {
    cancelAnimationFrame(this.raf);
    for (const c of this.cleanups) c();
    this.listeners.clear();
    this.deck.finalize();
    const p = window.__twinMap;
    if (p) {
      p.ready = false;
      p.projectLamp = undefined;
      p.projectLonLat = undefined;
      p.setAllLampLevels = undefined;
    }
  }

  private notify(): void {
    this.state = {
      visible: this.visible, mode: this.mode, communes: this.communes, feedPoints: { parking: this.feedColumns.parking.length, air: this.feedColumns.air.length },
      roadMode: this.roadMode, signalMode: this.signalMode, traffic: this.trafficInputs !== null, technologies: technologiesOf(this.ratings), volumeSinceMs: this.volumeSince,
      lampEnergy: this.energy ? { fromMs: this.energy.fromMs, scaleKWh: this.energy.scaleKWh } : null,
      presence: presenceLegendOf(this.presence),
      diff: this.diff ? diffSummaryOf(this.diff) : null,
      diffLampMode: this.diffLampMode,
      diffProblem: this.diffProblem,
    };
    for (const fn of this.listeners) fn();
  }

  /** Fresh colour descriptor (deck re-uploads a new descriptor, skips the same one). */
  private recolour(): BinaryAttribute {
    this.colouredRatings = this.ratings;
    writeLampColours(this.mode, this.ratings, this.levels.levels, this.powerW, this.lampColourBytes, this.energy);
    return { value: this.lampColourBytes, size: 4, normalized: true };
  }

  /** Takes the latest traffic frame into the map's own columns (throttled); true when something changed. */
  private updateTraffic(now: number): boolean {
    const f = simFrames.traffic;
    const seq = f ? simFrames.trafficSeq : -1;
    if (seq === this.drawnTrafficSeq || now - this.lastTrafficRefreshMs < TRAFFIC_REFRESH_MS) return false;
    const hadTraffic = this.trafficInputs !== null;
    this.drawnTrafficSeq = seq;
    this.lastTrafficRefreshMs = now;
    if (!f) {
      this.trafficInputs = null;
      if (hadTraffic) this.notify();
      return hadTraffic;
    }
    this.linkSpeedRatio.set(f.linkSpeedRatio.subarray(0, this.linkSpeedRatio.length));
    this.linkVolumeVehPerH.set(f.linkVolumeVehPerH.subarray(0, this.linkVolumeVehPerH.length));
    this.signalDelayS.set(f.signalDelayS.subarray(0, this.signalDelayS.length));
    const since = volumeSinceMs(f);
    const sinceChanged = since !== this.volumeSince;
    this.volumeSince = since;
    const n = this.vehicles.fill(f);
    if (this.signalMode === 'state') writeHeadColours(f.approachLight, this.headColours);
    // A new attribute object makes deck upload it: only when recoloured.
    const recolour = now - this.lastRecolourMs >= TRAFFIC_RECOLOUR_MS || !hadTraffic;
    if (recolour) {
      this.lastRecolourMs = now;
      if (this.roadMode !== 'class') {
        writeRoadTrafficColours(this.roadMode, this.data.roads, this.city.links.reverse, f, this.roadTrafficColours);
        this.roadColoursVersion++;
      }
      if (this.signalMode === 'delay') {
        writeSignalDelayColours(this.signalDelayS, this.signalColours);
        this.signalColoursAttr = { value: this.signalColours, size: 4, normalized: true };
      }
    }
    this.trafficInputs = {
      key: ++this.trafficKey,
      roadColours: this.roadMode === 'class' ? null : { perPath: this.roadTrafficColours, version: this.roadColoursVersion },
      vehicles: { length: n, positions: { value: this.vehicles.positions, size: 2 }, colours: { value: this.vehicles.colours, size: 4, normalized: true } },
      signalColours: this.signalMode === 'delay' ? this.signalColoursAttr : null,
      heads: this.signalMode === 'state' ? { length: this.headPositions.length / 2, positions: { value: this.headPositions, size: 2 }, colours: { value: this.headColours, size: 4, normalized: true } } : null,
    };
    if (!hadTraffic || sinceChanged) this.notify();
    return true;
  }

  /**
   * Keeps the commune names that do not overlap at the current view, most populous first (their
   * screen boxes from the view state, circle offsets included); true when the set shown changed.
   */
  private declutter(): boolean {
    const canvas = this.deck?.getCanvas();
    const vp = new WebMercatorViewport({ ...this.viewState, width: canvas?.clientWidth || 800, height: canvas?.clientHeight || 600 });
    const pos = this.data.communes.positions;
    const hasRing = new Uint8Array(this.labelScratch.length);
    for (const k of this.data.communes.rings.commune) hasRing[k] = 1;
    const b = this.labelBoxes;
    for (let k = 0; k < b.xPx.length; k++) {
      const [x, y] = vp.project([pos[k * 2], pos[k * 2 + 1]]);
      b.xPx[k] = x;
      b.yPx[k] = y + communeLabelOffsetPx(hasRing[k] === 1, this.communes.radiiPx[k] ?? 0);
    }
    const next = declutterLabels(b, this.data.communes.population, this.labelScratch);
    const cur = this.communeLabels.shown;
    let same = true;
    for (let k = 0; k < cur.length && same; k++) same = cur[k] === next[k];
    if (same) return false;
    this.communeLabels = { shown: next.slice(), version: this.communeLabels.version + 1 };
    return true;
  }

  setDiffLampMode(mode: LampDiffMode): void {
    this.diffLampMode = mode;
    if (this.diff) {
      const { lower, higher } = writeLampDiffColours(mode, this.diff.run.baseline, this.diff.run.variant, this.diff.lampColours);
      this.diff = { ...this.diff, lower, higher, key: this.diff.key + 1 };
    }
    this.refresh();
    this.notify();
  }

  /** The studio's comparison, once done, as difference columns for this city (a comparison of another city is refused, named). */
  private takeComparison(c: CompareState): void {
    if (c.status !== 'done') {
      // A new comparison running or cancelled leaves the last one drawn; a new scenario loaded (idle) clears it.
      if (c.status === 'idle') {
        this.diff = null;
        this.diffProblem = null;
      }
      return;
    }
    const { run } = c;
    const lamps = this.city.lamps.count;
    this.diffProblem = null;
    try {
      const lampColours = new Uint8Array(lamps * 4);
      if (run.baseline.lampMeanLevel.length !== lamps) throw new Error(`the comparison is of a city with ${run.baseline.lampMeanLevel.length} lamps, this one has ${lamps}`);
      const { lower, higher } = writeLampDiffColours(this.diffLampMode, run.baseline, run.variant, lampColours);
      const bl = run.baseline.links, vl = run.variant.links;
      const roads = bl && vl ? roadSpeedDiff(this.data.roads, this.city.links.reverse, this.city.links.lengthM, bl, vl) : null;
      this.diff = { run, roads, lampColours, lower, higher, key: (this.diff?.key ?? 0) + 1 };
    } catch (e) {
      this.diff = null;
      this.diffProblem = e instanceof Error ? e.message : String(e);
    }
  }

  /** Takes the latest presence counts into the heat layer's points; true when they changed. */
  private updatePresence(): boolean {
    if (simFrames.presenceSeq === this.presenceSeqSeen) return false;
    this.presenceSeqSeen = simFrames.presenceSeq;
    const p = simFrames.presence;
    const before = presenceLegendOf(this.presence);
    if (p && p.detectionsByLink.length === this.city.links.count) {
      this.linkMids ??= linkMidpoints(this.city);
      this.presence = presenceColumns(this.linkMids, p, HEX_RADIUS_M);
    } else this.presence = null;
    const after = presenceLegendOf(this.presence);
    // The legend re-renders only when its scale or window changes.
    if (JSON.stringify(before) !== JSON.stringify(after)) this.notify();
    return true;
  }

  /** Takes the lamp energies a frame brought (with their scale); true when they changed. */
  private updateEnergy(): boolean {
    if (simFrames.lampEnergySeq === this.lampEnergySeqSeen) return false;
    this.lampEnergySeqSeen = simFrames.lampEnergySeq;
    const e = simFrames.lampEnergy;
    const before = this.energy?.scaleKWh;
    this.energy = e && e.kWh.length === this.city.lamps.count ? { kWh: e.kWh, scaleKWh: energyScaleKWh(e.kWh), fromMs: e.fromMs } : null;
    if (this.energy?.scaleKWh !== before) this.notify();
    return true;
  }

  /** Takes the scenario's fleet ratings when a frame brought new ones (or the city's after a reset); true when they changed. */
  private updateRatings(): boolean {
    if (simFrames.fleetSeq === this.fleetSeqSeen) return false;
    this.fleetSeqSeen = simFrames.fleetSeq;
    const f = simFrames.fleet;
    const lamps = this.city.lamps;
    this.ratings = f && f.ratedPowerW.length === lamps.count && f.technology.length === lamps.count ? { count: lamps.count, ratedPowerW: f.ratedPowerW, technology: f.technology } : lamps;
    this.communeKW = this.ratings === lamps ? this.data.communes.ratedKW : communeRatedKW(this.city, this.ratings.ratedPowerW);
    this.drawnLevelsVersion = -1;
    this.lastLevelRefreshMs = -Infinity;
    this.notify();
    return true;
  }

  private tick(): void {
    const now = performance.now();
    this.updateRatings();
    // A new energy figure recolours the lamps in the energy mode even when levels did not change.
    if (this.updateEnergy() && this.mode === 'energy') this.drawnLevelsVersion = -1;
    const trafficChanged = this.updateTraffic(now) || this.updatePresence();
    if (this.levels.version === this.drawnLevelsVersion || now - this.lastLevelRefreshMs < LEVEL_REFRESH_MS) {
      if (trafficChanged) this.refresh();
      return;
    }
    this.lastLevelRefreshMs = now;
    this.drawnLevelsVersion = this.levels.version;
    lampPowerNowW(this.ratings, this.levels.levels, this.powerW);
    this.lampPower = { value: this.powerW, size: 1 };
    // Rated power and technology follow the fleet, which changes with the scenario.
    if (isLiveMode(this.mode) || this.ratings !== this.colouredRatings) this.lampColours = this.recolour();
    this.lampVersion++;
    this.refresh();
  }

  private refresh(): void {
    this.deck.setProps({
      layers: this.builder.build({
        data: this.data,
        visible: this.visible,
        ...this.attrs,
        lampColours: this.lampColours,
        lampPowerW: this.lampPower,
        lampVersion: this.lampVersion,
        communeNames: this.city.communes.name,
        communeLabels: this.communeLabels,
        communes: this.communes,
        hexDomainW: this.hexDomainW,
        selection: this.selection,
        feedPoints: this.feedColumns,
        traffic: this.trafficInputs,
        presence: this.presence,
        diff: this.diff ? { key: this.diff.key, roadColours: this.diff.roads?.colours ?? null, lampColours: { value: this.diff.lampColours, size: 4, normalized: true } } : null,
      }),
    });
  }

  /**
   * Clicks (not drags) pick with deck's picking directly: deck 9.4's own click recognizer waits on its
   * double-click recognizers and, here (headless or not), never fires.
   */
  private listenForClicks(el: HTMLElement): () => void {
    return listenForClicks(el, (x, y) => {
      this.deck
        .pickObjectAsync({ x, y, radius: PICK_RADIUS_PX, layerIds: PICKED_LAYERS })
        .then((info) => this.pick(info), () => this.pick(null));
    });
  }

  private pick(info: PickingInfo | null): void {
    const id = info?.layer?.id;
    const select = useUiStore.getState().select;
    if (!info || !info.picked || info.index < 0 || !id) {
      select(null);
      return;
    }
    if (id === 'lamps') select({ kind: 'lamp', index: info.index });
    else if (id === 'roads') select({ kind: 'link', index: this.data.roads.link[info.index] });
    else if (id === 'signals') select({ kind: 'intersection', index: this.data.signals.intersection[info.index] });
    else if (id === 'communes' || id === 'commune-areas') {
      const k = id === 'communes' ? info.index : this.data.communes.rings.commune[info.index];
      const c = this.city.communes;
      useUiStore.getState().flyTo(c.centreXM[k], c.centreYM[k], 2500);
    }
  }

  private tooltip(info: PickingInfo): { text: string; className: string } | null {
    if (!info.picked || info.index < 0 || !info.layer) return null;
    const { t, language } = this.translate();
    const trafficTip: TrafficTip | null = this.trafficInputs ? { linkSpeedRatio: this.linkSpeedRatio, linkVolumeVehPerH: this.linkVolumeVehPerH, signalDelayS: this.signalDelayS, volumeSinceMs: this.volumeSince } : null;
    const ctx = { city: this.city, data: this.data, t, language, levels: this.levels.levels, powerW: this.powerW, ratings: this.ratings, communeRatedKW: this.communeKW, communes: this.communes, traffic: trafficTip, energy: this.energy };
    let text: string | null = null;
    const id = info.layer.id;
    if (id === 'lamps') text = lampTooltip(ctx, info.index);
    else if (id === 'roads') text = roadTooltip(ctx, info.index);
    else if (id === 'signals') text = signalTooltip(ctx, info.index);
    else if (id === 'communes') text = communeTooltip(ctx, info.index);
    else if (id === 'commune-areas') text = communeTooltip(ctx, this.data.communes.rings.commune[info.index]);
    else if (id === 'vehicles') text = vehicleTooltip(ctx, this.vehicles.type[info.index], this.vehicles.speedMps[info.index]);
    else if (id === 'parking') text = parkingTooltip(this.feedColumns.parking.items[info.index], t, language);
    else if (id === 'air-quality') text = airTooltip(this.feedColumns.air.items[info.index], t, language);
    else if (id === 'diff-lamps' && this.diff) text = diffLampTooltip(ctx, info.index, this.diff.run.baseline, this.diff.run.variant);
    else if (id === 'diff-roads' && this.diff?.roads) text = diffRoadTooltip(ctx, info.index, this.diff.roads);
    else if (id === 'presence' && info.object && this.presence) {
      const o = info.object as { count: number; colorValue: number };
      text = presenceTooltip(ctx, o.count, o.colorValue, this.presence);
    } else if (id === 'hexagons' && info.object) {
      const o = info.object as { count: number; colorValue: number };
      text = hexTooltip(ctx, o.count, o.colorValue);
    }
    return text ? { text, className: 'map-tooltip' } : null;
  }

  private installProbe(): void {
    const p = mapProbe();
    p.ready = false;
    p.frames = 0;
    p.cityName = this.city.meta.name;
    p.projectLamp = (i: number) => {
      const vp = this.deck.getViewports()[0];
      if (!vp || i < 0 || i >= this.data.lamps.length) return null;
      const [x, y] = vp.project([this.data.lamps.positions[i * 2], this.data.lamps.positions[i * 2 + 1]]);
      return x >= 0 && y >= 0 && x <= vp.width && y <= vp.height ? [x, y] : null;
    };
    p.projectLonLat = (lon: number, lat: number) => {
      const vp = this.deck.getViewports()[0];
      if (!vp) return null;
      const [x, y] = vp.project([lon, lat]);
      return x >= 0 && y >= 0 && x <= vp.width && y <= vp.height ? [x, y] : null;
    };
    p.setAllLampLevels = (level: number) => {
      this.levels.levels.fill(Math.min(1, Math.max(0, level)));
      this.levels.version++;
      this.lastLevelRefreshMs = -Infinity;
    };
  }

  private afterRender(): void {
    const p = mapProbe();
    // The layer instances deck drew (not the descriptors we passed): their instance counts are what reached the GPU.
    const manager = (this.deck as unknown as { layerManager: { getLayers(): Layer[] } | null }).layerManager;
    const layers = (manager?.getLayers() ?? []).filter((l) => !l.parent);
    // Points: instances drawn; paths and polygons: features (their instances are vertices).
    const count = (id: string) => {
      const l = layers.find((x) => x.id === id);
      if (!l || !l.isLoaded) return 0;
      return l instanceof ScatterplotLayer ? l.getNumInstances() : ((l.props.data as { length?: number }).length ?? 0);
    };
    p.frames++;
    p.layers = layers.map((l) => l.id);
    p.lampsDrawn = count('lamps');
    p.roadsDrawn = count('roads');
    p.signalsDrawn = count('signals');
    p.vehiclesDrawn = count('vehicles');
    p.signalHeadsDrawn = count('signal-heads');
    p.roadMode = this.roadMode;
    p.signalMode = this.signalMode;
    p.trafficSeqDrawn = this.drawnTrafficSeq;
    p.headColours = this.trafficInputs?.heads ? Array.from(this.headColours) : [];
    p.parkingDrawn = count('parking');
    p.airQualityDrawn = count('air-quality');
    p.communesDrawn = count('communes');
    p.communeAreasDrawn = count('commune-areas');
    p.communeLabelsDrawn = count('commune-names');
    const b = this.labelBoxes;
    p.communeLabelBoxes = [];
    for (let k = 0; k < b.xPx.length; k++) if (this.communeLabels.shown[k]) p.communeLabelBoxes.push([b.xPx[k], b.yPx[k], b.widthPx[k], b.heightPx]);
    p.hexagonsShown = p.layers.includes('hexagons');
    p.diffRoadsDrawn = count('diff-roads');
    p.diffLampsDrawn = count('diff-lamps');
    p.diffLampsLower = this.diff?.lower ?? 0;
    p.diffLampsHigher = this.diff?.higher ?? 0;
    p.diffRoadsCompared = this.diff?.roads?.compared ?? 0;
    p.presenceRoadsDrawn = p.layers.includes('presence') ? (this.presence?.length ?? 0) : 0;
    p.presenceTotalPerH = this.presence?.totalPerH ?? null;
    p.lampMode = this.mode;
    p.levelsVersionDrawn = this.drawnLevelsVersion;
    p.longitude = this.viewState.longitude;
    p.latitude = this.viewState.latitude;
    p.zoom = this.viewState.zoom;
    if (p.frames >= 2 && this.deck.isInitialized) p.ready = true;
  }
}
