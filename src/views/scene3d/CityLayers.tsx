// The city's drawable layers for one CityModel: ground, roads, buildings, light pools, lamp glow,
// signals; geometries made once per city, lamp levels uploaded by mutation in useFrame.

import { useEffect, useMemo, useRef } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import * as THREE from 'three';
import type { SceneData } from './sceneData.ts';
import type { SharedUniforms } from './materials.ts';
import { makeBuildingMaterial, makeFlatMaterial, makeLampGlowMaterial, makeLightPoolMaterial, makeSignalLightMaterial } from './materials.ts';
import { buildingGeometry, lampGlowGeometry, lightPoolGeometry, roadGeometry, signalGeometries } from './cityGeometry.ts';
import type { LampLevelSource } from './lampLevels.ts';

const GROUND_NIGHT = new THREE.Color(0.03, 0.032, 0.04);
const GROUND_DAY = new THREE.Color(0.3, 0.32, 0.27);

export function CityLayers({ data, shared, levels }: { data: SceneData; shared: SharedUniforms; levels: LampLevelSource }) {
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

    const group = new THREE.Group();
    group.add(ground, roads, buildings, pools, glow);
    if (data.signals.count > 0) group.add(signal.body, signalLights);
    return { group, glow, pools };
  }, [data, shared, levels]);

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
  const uploadedColours = useRef(levels.colourVersion);
  const size = useThree((s) => s.size);
  const camera = useThree((s) => s.camera) as THREE.PerspectiveCamera;
  useFrame(({ gl }) => {
    if (levels.version !== uploadedVersion.current) {
      (objects.glow.geometry.getAttribute('aLevel') as THREE.BufferAttribute).needsUpdate = true;
      (objects.pools.geometry.getAttribute('aLevel') as THREE.BufferAttribute).needsUpdate = true;
      uploadedVersion.current = levels.version;
    }
    if (levels.colourVersion !== uploadedColours.current) {
      (objects.glow.geometry.getAttribute('aColour') as THREE.BufferAttribute).needsUpdate = true;
      (objects.pools.geometry.getAttribute('aColour') as THREE.BufferAttribute).needsUpdate = true;
      uploadedColours.current = levels.colourVersion;
    }
    // Sprite sizes in metres: pixels per metre at 1 m distance, from the viewport and field of view.
    const pxPerUnit = (size.height * gl.getPixelRatio()) / (2 * Math.tan(THREE.MathUtils.degToRad(camera.fov) / 2));
    (objects.glow.material as THREE.ShaderMaterial).uniforms.uPixelsPerUnitAt1M.value = pxPerUnit;
    for (const o of objects.group.children) {
      if (o instanceof THREE.Points && o !== objects.glow) (o.material as THREE.ShaderMaterial).uniforms.uPixelsPerUnitAt1M.value = pxPerUnit;
    }
  });

  return <primitive object={objects.group} />;
}
