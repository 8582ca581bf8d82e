// Click picking: a click (not a drag) on the canvas becomes a city-space ray tested against the
// flatbush indexes (pickIndex.ts), and the hit goes to the store's selection (not while an area is drawn).

import { useEffect } from 'react';
import { useThree } from '@react-three/fiber';
import * as THREE from 'three';
import type { CityModel } from '../../core/city/model.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { pick, type PickIndex } from './pickIndex.ts';
import { listenForClicks } from '../shared/clicks.ts';

/** Aims a raycaster through a canvas pixel (element pixels, its rect) from the camera. */
export function aimAtPixel(raycaster: THREE.Raycaster, camera: THREE.Camera, xPx: number, yPx: number, rect: DOMRect): THREE.Ray {
  raycaster.setFromCamera(new THREE.Vector2((xPx / rect.width) * 2 - 1, -(yPx / rect.height) * 2 + 1), camera);
  return raycaster.ray;
}

export function Picker({ city, index }: { city: CityModel; index: PickIndex }) {
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera) as THREE.PerspectiveCamera;

  useEffect(() => {
    const raycaster = new THREE.Raycaster();
    return listenForClicks(gl.domElement, (x, y, rect) => {
      // While an area is drawn, clicks place its points (AreaDrawer), they select nothing.
      if (useUiStore.getState().areaDrawing?.status === 'drawing') return;
      const px: [number, number] = [x, y];
      const { origin: o, direction: d } = aimAtPixel(raycaster, camera, x, y, rect);
      const ray = { ox: o.x, oy: -o.z, oz: o.y, dx: d.x, dy: -d.z, dz: d.y };
      const groundT = d.y < -1e-6 ? -o.y / d.y : 1e4;
      const mPerPx = (groundT * 2 * Math.tan(THREE.MathUtils.degToRad(camera.fov) / 2)) / rect.height;
      const v = new THREE.Vector3();
      const hit = pick(index, city, {
        ray,
        clickPx: px,
        mPerPx,
        toScreenPx: (x, y, z) => {
          v.set(x, z, -y).project(camera);
          if (v.z > 1) return null;
          return [((v.x + 1) / 2) * rect.width, ((1 - v.y) / 2) * rect.height];
        },
      });
      useUiStore.getState().select(hit);
    });
  }, [gl, camera, city, index]);

  return null;
}
