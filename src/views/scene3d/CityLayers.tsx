// The city's drawable layers for one CityModel: ground, roads, buildings, light pools, lamp glow,
// signals, vehicles; geometries made once per city, lamp levels and traffic uploaded by mutation in useFrame;
// a comparison's before/after drawn instead of the live levels when given.

import { useEffect, useMemo, useRef } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import * as THREE from 'three';
import type { SceneData } from './sceneData.ts';
import type { SharedUniforms } from './materials.ts';
import { makeBuildingMaterial, makeFlatMaterial, makeLampGlowMaterial, makeLightPoolMaterial, makeSignalLightMaterial } from './materials.ts';
import { buildingGeometry, lampGlowGeometry, lightPoolGeometry, roadGeometry, signalGeometries } from './cityGeometry.ts';
import type { LampLevelSource } from './lampLevels.ts';
import { simFrames } from '../../sim-client/frames.ts';
import { roadVertexLinks } from './roadArrays.ts';
import { INITIAL_VEHICLE_CAPACITY, makeVehicleMesh, writeRoadSpeedColours, writeSignalLights, writeVehicles, type VehicleMesh } from './trafficScene.ts';
import { twinProbe } from './twinProbe.ts';
import type { CityModel } from '../../core/city/model.ts';
import { SidePasses, type BeforeAfterDraw } from './SidePasses.tsx';

/** Road colours follow the link speeds at most this often (wall ms). */
const ROAD_REFRESH_MS = 250;

const GROUND_NIGHT = new THREE.Color(0.03, 0.032, 0.04);
const GROUND_DAY = new THREE.Color(0.3, 0.32, 0.27);

export interface CityLayersProps {
  /** The city the scene data came from: needed to colour roads by speed (absent: roads keep their classes). */
  city?: CityModel;
  data: SceneData;
  shared: SharedUniforms;
  levels: LampLevelSource;
  /** Roads coloured by the speed ratio of the traffic frames instead of their class. */
  roadsBySpeed?: boolean;
  /** A comparison's sides drawn instead of the live levels (one side, or both split at a divider). */
  beforeAfter?: BeforeAfterDraw | null;
}

export function CityLayers({ city, data, shared, levels, roadsBySpeed = false, beforeAfter = null }: CityLayersProps) {
  const objects = useMemo(() => {
    const f = data.framing;
    const groundSizeM = Math.max(200_000, f.radiusM * 12);
    const groundGeometry = new THREE.PlaneGeometry(groundSizeM, groundSizeM).rotateX(-Math.PI / 2);
    const ground = new THREE.Mesh(groundGeometry, makeFlatMaterial(shared, { vertexColours: false, colour: GROUND_NIGHT, dayColour: GROUND_DAY }));
    ground.position.set((f.minXM + f.maxXM) / 2, 0, -(f.minYM + f.maxYM) / 2);
    ground.renderOrder = -6;

    const roads = new THREE.Mesh(roadGeometry(data.roads), makeFlatMaterial(shared, { vertexColours: true, dayColour: new THREE.Color(0.35, 0.35, 0.37) }));
    roads.renderOrder = -5;

    const buildings = new THREE.Mesh(buildingGeometry(data.buildings), makeBuildingMaterial(shared));

    const pools = new THREE.Mesh(lightPoolGeometry(data.lamps, levels.levels), makeLightPoolMaterial(shared));
    pools.frustumCulled = false;
    pools.renderOrder = 1;

    const glow = new THREE.Points(lampGlowGeometry(data.lamps, levels.levels), makeLampGlowMaterial(shared));
    glow.renderOrder = 3;

    const signal = signalGeometries(data.signals);
    const signalLights = new THREE.Points(signal.lights, makeSignalLightMaterial());
    signalLights.renderOrder = 4;

    const vehicles = makeVehicleMesh(shared, INITIAL_VEHICLE_CAPACITY);

    const group = new THREE.Group();
    group.add(ground, roads, buildings, pools, glow, vehicles.mesh);
    if (data.signals.count > 0) group.add(signal.body, signalLights);
    const roadColours = roads.geometry.getAttribute('color') as THREE.BufferAttribute;
    const lensStatic = {
      position: (signal.lights.getAttribute('position').array as Float32Array).slice(),
      color: (signal.lights.getAttribute('color').array as Float32Array).slice(),
    };
    // The live levels' and colours' attributes (a before/after swaps others in for its passes).
    const lampAttributes = (['aLevel', 'aColour'] as const).flatMap((k) => [glow.geometry.getAttribute(k), pools.geometry.getAttribute(k)]) as THREE.BufferAttribute[];
    return { group, glow, pools, lampLevelAttributes: lampAttributes.slice(0, 2), lampColourAttributes: lampAttributes.slice(2), signalLights, lensStatic, roadColours, classColours: (roadColours.array as Float32Array).slice(), vehicles: { current: vehicles as VehicleMesh } };
  }, [data, shared, levels]);
  const vertexLink = useMemo(() => (city ? roadVertexLinks(city.links) : null), [city]);

  useEffect(
    () => () => {
      objects.group.traverse((o) => {
        if (o instanceof THREE.Mesh || o instanceof THREE.Points) {
          o.geometry.dispose();
          (o.material as THREE.Material).dispose();
        }
      });
    },
    [objects],
  );

  const uploadedVersion = useRef(0);
  const traffic = useRef({ seq: -1, roadsShown: false, roadsAtMs: -Infinity, counts: { red: 0, amber: 0, green: 0 } });
  const uploadedColours = useRef(levels.colourVersion);
  const size = useThree((s) => s.size);
  const camera = useThree((s) => s.camera) as THREE.PerspectiveCamera;
  /** Vehicles, signal lenses and (on demand) road colours from the latest traffic frame. */
  const drawTraffic = (timeS: number) => {
    const tr = traffic.current;
    const f = simFrames.traffic;
    const seq = f ? simFrames.trafficSeq : -1;
    const v = objects.vehicles;
    (v.current.mesh.material as THREE.ShaderMaterial).uniforms.uTimeS.value = timeS;
    if (seq !== tr.seq) {
      tr.seq = seq;
      if (!writeVehicles(v.current, f)) {
        // More vehicles than instances: a bigger mesh (same material: its compiled shader stays) replaces the old one.
        const bigger = makeVehicleMesh(shared, 1 << Math.ceil(Math.log2(f!.vehicleCount)), v.current.mesh.material as THREE.ShaderMaterial);
        objects.group.remove(v.current.mesh);
        v.current.geometry.dispose();
        objects.group.add(bigger.mesh);
        v.current = bigger;
        writeVehicles(bigger, f);
      }
      if (f && data.signals.count > 0) writeSignalLights(objects.signalLights.geometry, f.approachLight, tr.counts);
      else if (!f && tr.counts.red + tr.counts.amber + tr.counts.green > 0) {
        // No traffic any more: the heads show their static state again.
        const g = objects.signalLights.geometry;
        for (const k of ['position', 'color'] as const) {
          const a = g.getAttribute(k) as THREE.BufferAttribute;
          (a.array as Float32Array).set(objects.lensStatic[k]);
          a.needsUpdate = true;
        }
        tr.counts.red = tr.counts.amber = tr.counts.green = 0;
      }
    }
    const now = performance.now();
    if (roadsBySpeed && f && city && vertexLink && now - tr.roadsAtMs >= ROAD_REFRESH_MS) {
      writeRoadSpeedColours(objects.roadColours.array as Float32Array, vertexLink, city.links.reverse, f.linkSpeedRatio);
      objects.roadColours.needsUpdate = true;
      tr.roadsAtMs = now;
      tr.roadsShown = true;
    } else if ((!roadsBySpeed || !f) && tr.roadsShown) {
      (objects.roadColours.array as Float32Array).set(objects.classColours);
      objects.roadColours.needsUpdate = true;
      tr.roadsShown = false;
      tr.roadsAtMs = -Infinity;
    }
    const p = twinProbe();
    p.vehicleInstances = v.current.geometry.instanceCount;
    p.signalRed = tr.counts.red;
    p.signalAmber = tr.counts.amber;
    p.signalGreen = tr.counts.green;
    p.trafficFramesDrawn = seq;
    p.roadsBySpeed = tr.roadsShown;
  };

  useFrame(({ gl, clock }) => {
    if (levels.version !== uploadedVersion.current) {
      for (const a of objects.lampLevelAttributes) a.needsUpdate = true;
      uploadedVersion.current = levels.version;
    }
    if (levels.colourVersion !== uploadedColours.current) {
      for (const a of objects.lampColourAttributes) a.needsUpdate = true;
      uploadedColours.current = levels.colourVersion;
    }
    drawTraffic(clock.elapsedTime);
    // Sprite sizes in metres: pixels per metre at 1 m distance, from the viewport and field of view.
    const pxPerUnit = (size.height * gl.getPixelRatio()) / (2 * Math.tan(THREE.MathUtils.degToRad(camera.fov) / 2));
    (objects.glow.material as THREE.ShaderMaterial).uniforms.uPixelsPerUnitAt1M.value = pxPerUnit;
    for (const o of objects.group.children) {
      if (o instanceof THREE.Points && o !== objects.glow) (o.material as THREE.ShaderMaterial).uniforms.uPixelsPerUnitAt1M.value = pxPerUnit;
    }
  });

  return (
    <>
      <primitive object={objects.group} />
      {beforeAfter && <SidePasses glow={objects.glow.geometry} pools={objects.pools.geometry} draw={beforeAfter} />}
    </>
  );
}
