// The globe's imperative side: an offline CesiumWidget (no imagery, no terrain, no ion), the city's
// buildings as one Primitive, roads as one line Primitive, lamps as points animated from the simulation's
// levels, and vehicles as points moved from the traffic frames.

import {
  BoundingSphere, Cartesian2, Cartesian3, Cartographic, CesiumWidget, Color, ComponentDatatype, Geometry, GeometryAttribute,
  GeometryInstance, HeadingPitchRange, Ion, LabelCollection, LabelStyle, Math as CesiumMath, Matrix4, NearFarScalar, PerInstanceColorAppearance, PointPrimitive,
  PointPrimitiveCollection, PolylineCollection, Material, Primitive, PrimitiveType, ScreenSpaceEventHandler, ScreenSpaceEventType,
} from 'cesium';
import type { CityModel } from '../../core/city/model.ts';
import { makeProjection } from '../../core/geo/projection.ts';
import { useUiStore, type Selection } from '../../store/uiStore.ts';
import { simFrames, type LevelTarget } from '../../sim-client/frames.ts';
import type { Place } from '../shared/cityPlace.ts';
import { cityToEcef, type CityToEcef } from './geo.ts';
import { buildBuildingMesh, buildLampHeads, buildRoadLines, lampStepRgba, levelStep, LEVEL_STEPS } from './globeMeshes.ts';
import { globeProbe } from './globeProbe.ts';
import { UserLayer, type UserLayerStatus } from './userLayer.ts';
import { VEHICLE_RGB } from '../shared/trafficColours.ts';

const LEVEL_REFRESH_MS = 150;
/** Vehicles move on the globe at most this often (wall ms): a Cesium point update costs more than a GPU attribute. */
const VEHICLE_REFRESH_MS = 400;
const VEHICLE_SCALE = new NearFarScalar(500, 1, 20_000, 0.4);
const FLIGHT_S = 1.6;
const VIEW_PITCH_RAD = CesiumMath.toRadians(-40);
const SELECTION_COLOUR = Color.fromBytes(51, 242, 255, 255);
const NIGHT_GROUND = Color.fromCssColorString('#0a0e17');
/** Lamp points: 4 px up close, about 1 px from the whole métropole, so buildings stay readable. */
const LAMP_SCALE = new NearFarScalar(800, 1, 25_000, 0.3);

export interface GlobeControllerOptions {
  container: HTMLDivElement;
  city: CityModel;
  start: Place;
  onUserLayer(status: UserLayerStatus): void;
}

function geometryFrom(positions: Float64Array, colours: Uint8Array, primitiveType: PrimitiveType, indices?: Uint32Array): Geometry {
  return new Geometry({
    attributes: {
      position: new GeometryAttribute({ componentDatatype: ComponentDatatype.DOUBLE, componentsPerAttribute: 3, values: positions }),
      color: new GeometryAttribute({ componentDatatype: ComponentDatatype.UNSIGNED_BYTE, componentsPerAttribute: 4, normalize: true, values: colours }),
    } as never,
    indices,
    primitiveType,
    boundingSphere: BoundingSphere.fromVertices(positions as unknown as number[]),
  });
}

/** One flat-coloured Primitive built on the main thread (no geometry workers): per-vertex colours, no lighting. */
function meshPrimitive(geometry: Geometry): Primitive {
  return new Primitive({
    geometryInstances: new GeometryInstance({ geometry }),
    appearance: new PerInstanceColorAppearance({ flat: true, translucent: false }),
    asynchronous: false,
    compressVertices: false,
    allowPicking: false,
  });
}

export class GlobeController {
  readonly widget: CesiumWidget;
  private readonly city: CityModel;
  private readonly toEcef: CityToEcef;
  private readonly buildings: Primitive;
  private readonly roads: Primitive;
  private readonly lamps: PointPrimitiveCollection;
  private readonly lampPoints: PointPrimitive[] = [];
  private readonly lampSteps: Uint8Array;
  private readonly palette: Color[];
  private readonly marker: PointPrimitiveCollection;
  private readonly markerLines: PolylineCollection;
  private readonly levels: LevelTarget;
  private readonly userLayer: UserLayer;
  private readonly handler: ScreenSpaceEventHandler;
  private readonly cleanups: (() => void)[] = [];
  private drawnLevelsVersion = -1;
  private readonly vehicles: PointPrimitiveCollection;
  private readonly vehiclePoints: PointPrimitive[] = [];
  private readonly vehicleColours = VEHICLE_RGB.map((c) => Color.fromBytes(c[0], c[1], c[2], 255));
  private vehiclesShown = 0;
  private drawnTrafficSeq = -1;
  private lastVehicleRefreshMs = -Infinity;
  private readonly ecef = new Float64Array(3);
  private readonly scratch = new Cartesian3();
  private lastLevelRefreshMs = -Infinity;
  private raf = 0;
  private frames = 0;
  private readyFrames = 0;
  readonly buildingCount: number;
  readonly buildingTriangles: number;
  readonly roadSegments: number;

  constructor(opts: GlobeControllerOptions) {
    const { city, container } = opts;
    this.city = city;
    this.toEcef = cityToEcef(city.meta.frame);
    // Offline by construction: no ion token, no base imagery, the plain ellipsoid as terrain.
    Ion.defaultAccessToken = '';
    this.widget = new CesiumWidget(container, {
      baseLayer: false,
      scene3DOnly: true,
      requestRenderMode: true,
      maximumRenderTimeChange: Infinity,
      msaaSamples: 1,
      showRenderLoopErrors: false,
      contextOptions: { webgl: { alpha: false, antialias: false, preserveDrawingBuffer: false } },
    });
    const scene = this.widget.scene;
    scene.globe.baseColor = NIGHT_GROUND;
    scene.globe.showGroundAtmosphere = false;
    scene.globe.enableLighting = false;
    scene.backgroundColor = Color.BLACK;
    if (scene.skyAtmosphere) scene.skyAtmosphere.show = false;
    if (scene.sun) scene.sun.show = false;
    scene.fog.enabled = false;
    scene.screenSpaceCameraController.enableCollisionDetection = true;

    const mesh = buildBuildingMesh(city, this.toEcef);
    this.buildingCount = mesh.buildingCount;
    this.buildingTriangles = mesh.triangleCount;
    this.buildings = scene.primitives.add(meshPrimitive(geometryFrom(mesh.positions, mesh.colours, PrimitiveType.TRIANGLES, mesh.indices)));
    const roads = buildRoadLines(city, this.toEcef);
    this.roadSegments = roads.segmentCount;
    this.roads = scene.primitives.add(meshPrimitive(geometryFrom(roads.positions, roads.colours, PrimitiveType.LINES)));

    // Lamps: one point each, coloured from a palette of level steps (no Color allocated per update).
    this.palette = Array.from({ length: LEVEL_STEPS + 1 }, (_, k) => new Color(...lampStepRgba(k)));
    this.levels = { levels: new Float32Array(city.lamps.count).fill(1), version: 1 };
    this.lampSteps = new Uint8Array(city.lamps.count).fill(LEVEL_STEPS);
    this.lamps = scene.primitives.add(new PointPrimitiveCollection());
    const heads = buildLampHeads(city, this.toEcef);
    const p = new Cartesian3();
    for (let i = 0; i < city.lamps.count; i++) {
      Cartesian3.unpack(heads as unknown as number[], i * 3, p);
      this.lampPoints.push(this.lamps.add({ position: p, color: this.palette[LEVEL_STEPS], pixelSize: 4, scaleByDistance: LAMP_SCALE, id: i }));
    }
    this.vehicles = scene.primitives.add(new PointPrimitiveCollection());
    this.addCommuneLabels(scene.primitives.add(new LabelCollection()));
    this.marker = scene.primitives.add(new PointPrimitiveCollection());
    this.markerLines = scene.primitives.add(new PolylineCollection());

    this.userLayer = new UserLayer(this.widget, (status) => {
      globeProbe().userLayer = status.state;
      opts.onUserLayer(status);
    });

    this.handler = new ScreenSpaceEventHandler(scene.canvas);
    this.handler.setInputAction((e: { position: Cartesian2 }) => this.pick(e.position), ScreenSpaceEventType.LEFT_CLICK);

    this.cleanups.push(
      simFrames.attach(this.levels),
      useUiStore.subscribe((s, prev) => {
        if (s.selection !== prev.selection) this.showSelection(s.selection);
        const t = s.cameraTarget;
        if (t && t !== prev.cameraTarget) this.flyTo({ xM: t.xM, yM: t.yM, distanceM: t.distanceM });
      }),
      scene.postRender.addEventListener(() => this.afterRender()),
    );
    this.showSelection(useUiStore.getState().selection);
    this.lookAt(opts.start);
    this.installProbe();
    const loop = () => {
      this.tick();
      this.raf = requestAnimationFrame(loop);
    };
    this.raf = requestAnimationFrame(loop);
  }

  /** Commune names at their centres, always on top, smaller from afar (drawn on a canvas: no font request). */
  private addCommuneLabels(labels: LabelCollection): void {
    const c = this.city.communes;
    const out = new Float64Array(3);
    for (let i = 0; i < c.count; i++) {
      this.toEcef(c.centreXM[i], c.centreYM[i], 30, out, 0);
      labels.add({
        position: new Cartesian3(out[0], out[1], out[2]),
        text: c.name[i],
        font: '600 14px system-ui, sans-serif',
        fillColor: Color.fromBytes(236, 240, 250, 255),
        outlineColor: Color.fromBytes(5, 7, 12, 255),
        outlineWidth: 3,
        style: LabelStyle.FILL_AND_OUTLINE,
        scaleByDistance: new NearFarScalar(2_000, 1.1, 40_000, 0.75),
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      });
    }
  }

  setUserLayer(url: string | null): void {
    this.userLayer.show(url);
  }

  /** Where the camera looks (the ground at the canvas centre) and how far it is, as the store's place. */
  currentPlace(): Place | null {
    const scene = this.widget.scene;
    const canvas = scene.canvas;
    const hit = scene.camera.pickEllipsoid(new Cartesian2(canvas.clientWidth / 2, canvas.clientHeight / 2));
    if (!hit) return null;
    const c = Cartographic.fromCartesian(hit);
    const [xM, yM] = makeProjection(this.city.meta.frame).toXY(CesiumMath.toDegrees(c.longitude), CesiumMath.toDegrees(c.latitude));
    return { xM, yM, distanceM: Cartesian3.distance(scene.camera.positionWC, hit) };
  }

  destroy(): void {
    cancelAnimationFrame(this.raf);
    for (const c of this.cleanups) c();
    this.handler.destroy();
    this.userLayer.destroy();
    this.widget.destroy();
    const p = window.__twinGlobe;
    if (p) {
      p.ready = false;
      p.setAllLampLevels = undefined;
      p.projectLamp = undefined;
    }
  }

  private target(place: Place): Cartesian3 {
    const out = new Float64Array(3);
    this.toEcef(place.xM, place.yM, 0, out, 0);
    return new Cartesian3(out[0], out[1], out[2]);
  }

  private lookAt(place: Place): void {
    const camera = this.widget.scene.camera;
    camera.lookAt(this.target(place), new HeadingPitchRange(0, VIEW_PITCH_RAD, place.distanceM));
    camera.lookAtTransform(Matrix4.IDENTITY);
    this.widget.scene.requestRender();
  }

  flyTo(place: Place): void {
    const camera = this.widget.scene.camera;
    camera.flyToBoundingSphere(new BoundingSphere(this.target(place), 1), {
      offset: new HeadingPitchRange(camera.heading, Math.min(camera.pitch, CesiumMath.toRadians(-25)), place.distanceM),
      duration: FLIGHT_S,
    });
  }

  private pick(position: Cartesian2): void {
    const picked = this.widget.scene.pick(position);
    const id = picked?.primitive instanceof PointPrimitive && picked.collection === this.lamps ? (picked.id as number) : null;
    useUiStore.getState().select(typeof id === 'number' ? { kind: 'lamp', index: id } : null);
  }

  private showSelection(sel: Selection | null): void {
    this.marker.removeAll();
    this.markerLines.removeAll();
    const c = this.city;
    const out = new Float64Array(3);
    const at = (x: number, y: number, h: number) => {
      this.toEcef(x, y, h, out, 0);
      return new Cartesian3(out[0], out[1], out[2]);
    };
    const line = (xy: Float32Array, start: number, end: number, h: number, loop: boolean) => {
      const positions: Cartesian3[] = [];
      for (let k = start; k < end; k++) positions.push(at(xy[k * 2], xy[k * 2 + 1], h));
      this.markerLines.add({ positions, width: 3, loop, material: Material.fromType('Color', { color: SELECTION_COLOUR }) });
    };
    if (sel?.kind === 'lamp' && sel.index < c.lamps.count) {
      this.marker.add({ position: at(c.lamps.xM[sel.index], c.lamps.yM[sel.index], c.lamps.mountingHeightM[sel.index] || 8), pixelSize: 11, color: Color.TRANSPARENT, outlineColor: SELECTION_COLOUR, outlineWidth: 3, disableDepthTestDistance: Number.POSITIVE_INFINITY });
    } else if (sel?.kind === 'intersection' && sel.index < c.intersections.count) {
      const n = c.intersections.node[sel.index];
      this.marker.add({ position: at(c.nodes.xM[n], c.nodes.yM[n], 2), pixelSize: 14, color: Color.TRANSPARENT, outlineColor: SELECTION_COLOUR, outlineWidth: 3, disableDepthTestDistance: Number.POSITIVE_INFINITY });
    } else if (sel?.kind === 'link' && sel.index < c.links.count) {
      line(c.links.shapeXYM, c.links.shapeStart[sel.index], c.links.shapeStart[sel.index + 1], 3, false);
    } else if (sel?.kind === 'building' && sel.index < c.buildings.count) {
      const b = c.buildings;
      line(b.ringXYM, b.ringStart[sel.index], b.ringStart[sel.index + 1], (b.heightM[sel.index] || 2.5) + 0.5, true);
    }
    this.widget.scene.requestRender();
  }

  /** Moves the vehicle points to the latest traffic frame (points are kept and hidden, not destroyed). */
  private moveVehicles(now: number): void {
    const f = simFrames.traffic;
    const seq = f ? simFrames.trafficSeq : -1;
    if (seq === this.drawnTrafficSeq || now - this.lastVehicleRefreshMs < VEHICLE_REFRESH_MS) return;
    this.drawnTrafficSeq = seq;
    this.lastVehicleRefreshMs = now;
    const n = f ? f.vehicleCount : 0;
    let sumM = 0;
    for (let i = 0; i < n; i++) {
      sumM += f!.vehicleXYM[2 * i] + f!.vehicleXYM[2 * i + 1];
      let pt = this.vehiclePoints[i];
      if (!pt) this.vehiclePoints.push((pt = this.vehicles.add({ pixelSize: 3, scaleByDistance: VEHICLE_SCALE })));
      this.toEcef(f!.vehicleXYM[2 * i], f!.vehicleXYM[2 * i + 1], 1.5, this.ecef, 0);
      pt.position = Cartesian3.fromElements(this.ecef[0], this.ecef[1], this.ecef[2], this.scratch);
      pt.color = this.vehicleColours[f!.vehicleType[i]] ?? this.vehicleColours[0];
      if (!pt.show) pt.show = true;
    }
    for (let i = n; i < this.vehiclesShown; i++) this.vehiclePoints[i].show = false;
    if (n > 0 || this.vehiclesShown > 0) this.widget.scene.requestRender();
    this.vehiclesShown = n;
    const probe = globeProbe();
    probe.vehiclesDrawn = n;
    probe.vehicleSumM = sumM;
    probe.vehicleMoves++;
  }

  private tick(): void {
    const now = performance.now();
    this.moveVehicles(now);
    if (this.levels.version === this.drawnLevelsVersion) return;
    if (now - this.lastLevelRefreshMs < LEVEL_REFRESH_MS) return;
    this.lastLevelRefreshMs = now;
    this.drawnLevelsVersion = this.levels.version;
    const { levels } = this.levels;
    let changed = 0;
    for (let i = 0; i < this.lampPoints.length; i++) {
      const k = levelStep(levels[i]);
      if (k === this.lampSteps[i]) continue;
      this.lampSteps[i] = k;
      this.lampPoints[i].color = this.palette[k];
      changed++;
    }
    if (changed > 0) this.widget.scene.requestRender();
    globeProbe().levelsVersionDrawn = this.drawnLevelsVersion;
  }

  private installProbe(): void {
    const p = globeProbe();
    p.ready = false;
    p.frames = 0;
    p.cityName = this.city.meta.name;
    p.lampPoints = this.lamps.length;
    p.buildingsDrawn = this.buildingCount;
    p.buildingTriangles = this.buildingTriangles;
    p.roadSegments = this.roadSegments;
    p.setAllLampLevels = (level: number) => {
      this.levels.levels.fill(Math.min(1, Math.max(0, level)));
      this.levels.version++;
      this.lastLevelRefreshMs = -Infinity;
    };
    p.projectLamp = (i: number) => {
      const c = this.city.lamps;
      if (i < 0 || i >= c.count) return null;
      const s = this.widget.scene.cartesianToCanvasCoordinates(this.lampPoints[i].position, new Cartesian2());
      return s ? [s.x, s.y] : null;
    };
  }

  private afterRender(): void {
    const p = globeProbe();
    const scene = this.widget.scene;
    this.frames++;
    p.frames = this.frames;
    p.tilesLoaded = scene.globe.tilesLoaded;
    p.buildingsReady = this.buildings.ready && this.roads.ready;
    p.cameraHeightM = scene.camera.positionCartographic.height;
    // Ready once the ground tiles and our primitives are in and a few frames have shown them.
    if (p.tilesLoaded && p.buildingsReady) {
      this.readyFrames++;
      if (this.readyFrames >= 2) p.ready = true;
      else scene.requestRender();
    } else {
      // Keep rendering until everything is in (request-render mode would otherwise wait for input).
      scene.requestRender();
    }
  }
}
