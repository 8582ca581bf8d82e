// Camera framing and motion: the first view over the main commune (or the place another view left in
// the store), flights to a store camera target (search box), near/far planes by mutation in useFrame.

import { useEffect, useRef } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import { MapControls } from '@react-three/drei';
import * as THREE from 'three';
import type { MapControls as MapControlsImpl } from 'three-stdlib';
import { useUiStore } from '../../store/uiStore.ts';
import type { CityFraming } from './sceneData.ts';

/** Initial look: from the south-south-east, ~37° down, framing the main commune. */
const INITIAL_DIRECTION = new THREE.Vector3(0.3, 0.6, 0.74).normalize();
const FLIGHT_S = 1.6;

interface Flight {
  fromTarget: THREE.Vector3;
  toTarget: THREE.Vector3;
  fromOffset: THREE.Vector3;
  toOffset: THREE.Vector3;
  elapsedS: number;
}

export function CameraRig({ framing }: { framing: CityFraming }) {
  const controls = useRef<MapControlsImpl>(null);
  const camera = useThree((s) => s.camera) as THREE.PerspectiveCamera;
  const flight = useRef<Flight | null>(null);

  // Where the camera looks now (city metres, distance), kept each frame for when the view closes.
  const place = useRef({ xM: 0, yM: 0, distanceM: 0 });

  useEffect(() => {
    // Opened after another view (map, globe): start on the place it left in the store.
    const kept = useUiStore.getState().cameraTarget;
    const target = kept ? new THREE.Vector3(kept.xM, 0, -kept.yM) : new THREE.Vector3(framing.centreXM, 0, -framing.centreYM);
    const distance = kept ? kept.distanceM : Math.min(framing.radiusM * 1.6, 3400);
    camera.position.copy(target).addScaledVector(INITIAL_DIRECTION, distance);
    camera.lookAt(target);
    controls.current?.target.copy(target);
    controls.current?.update();
    flight.current = null;
    place.current = { xM: target.x, yM: -target.z, distanceM: distance };
    const city = useUiStore.getState().city;
    return () => {
      // Leaving the 3D view (not replacing the city): the next view opens on this place.
      const p = place.current;
      if (useUiStore.getState().city === city && p.distanceM > 0) useUiStore.getState().flyTo(p.xM, p.yM, p.distanceM);
    };
  }, [framing, camera]);

  useEffect(
    () =>
      useUiStore.subscribe((state, prev) => {
        const t = state.cameraTarget;
        if (!t || t === prev.cameraTarget || !controls.current) return;
        const fromTarget = controls.current.target.clone();
        const fromOffset = camera.position.clone().sub(fromTarget);
        const dir = fromOffset.clone().normalize();
        if (dir.y < 0.3) dir.set(dir.x, 0.6, dir.z).normalize();
        flight.current = {
          fromTarget,
          toTarget: new THREE.Vector3(t.xM, 0, -t.yM),
          fromOffset,
          toOffset: dir.multiplyScalar(t.distanceM),
          elapsedS: 0,
        };
      }),
    [camera],
  );

  useFrame((_, dtS) => {
    const c = controls.current;
    const f = flight.current;
    if (c && f) {
      // Software GL may draw only a few frames a second: cap the step so flights still end.
      f.elapsedS += Math.min(dtS, 0.5);
      const k = Math.min(1, f.elapsedS / FLIGHT_S);
      const e = k * k * (3 - 2 * k);
      c.target.lerpVectors(f.fromTarget, f.toTarget, e);
      const offset = new THREE.Vector3().lerpVectors(f.fromOffset, f.toOffset, e);
      camera.position.copy(c.target).add(offset);
      c.update();
      if (k >= 1) flight.current = null;
    }
    if (c) {
      place.current.xM = c.target.x;
      place.current.yM = -c.target.z;
      place.current.distanceM = camera.position.distanceTo(c.target);
    }
    // Depth precision: near plane just under the closest possible geometry (the ground or a roof).
    const height = Math.max(1, camera.position.y);
    const near = THREE.MathUtils.clamp((height - 120) * 0.5, 0.5, 400);
    const far = Math.max(30000, height * 40);
    if (Math.abs(camera.near - near) > near * 0.05 || camera.far !== far) {
      camera.near = near;
      camera.far = far;
      camera.updateProjectionMatrix();
    }
  });

  return (
    <MapControls
      ref={controls}
      makeDefault
      enableDamping={false}
      screenSpacePanning={false}
      minDistance={25}
      maxDistance={Math.max(20000, framing.radiusM * 4)}
      maxPolarAngle={Math.PI * 0.46}
    />
  );
}
