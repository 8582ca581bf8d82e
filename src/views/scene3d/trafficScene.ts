// Traffic in the 3D scene, written by mutation from the simulation's traffic frames: vehicles as one
// instanced mesh of roof rectangles (position, heading, type per instance), signal lenses by light, roads by speed.

import * as THREE from 'three';
import type { TrafficFrame } from '../../sim-client/types.ts';
import type { SharedUniforms } from './materials.ts';
import { LIGHT_RGB, VEHICLE_RGB, speedRatioRgb, worseRatio } from '../shared/trafficColours.ts';

/** Vehicle box sizes (m) per VehicleType: car, bus, emergency (DOMAIN: car 5 m, bus 12 m). */
const VEHICLE_SIZE_M: readonly [number, number, number][] = [
  [4.5, 1.8, 1.5],
  [12, 2.5, 3.1],
  [5.5, 2.0, 2.1],
];

export interface VehicleMesh {
  mesh: THREE.Mesh;
  geometry: THREE.InstancedBufferGeometry;
  xy: THREE.InstancedBufferAttribute;
  heading: THREE.InstancedBufferAttribute;
  type: THREE.InstancedBufferAttribute;
  capacity: number;
}

function vehicleMaterial(shared: SharedUniforms): THREE.ShaderMaterial {
  const sizes = VEHICLE_SIZE_M.map((s) => new THREE.Vector3(...s));
  const colours = VEHICLE_RGB.map((c) => new THREE.Vector3(c[0] / 255, c[1] / 255, c[2] / 255));
  return new THREE.ShaderMaterial({
    uniforms: { ...shared, uSizes: { value: sizes }, uColours: { value: colours }, uTimeS: { value: 0 } },
    vertexShader: /* glsl */ `
      attribute vec2 aXY;
      attribute float aHeading;
      attribute float aType;
      uniform vec3 uSizes[3];
      uniform vec3 uColours[3];
      uniform float uTimeS;
      varying vec3 vCol;
      varying float vDepth;
      void main() {
        int t = int(aType + 0.5);
        vec3 size = uSizes[t];
        // Far away a vehicle would be under a pixel: grow it a little with distance so traffic stays readable.
        vec4 centre = modelViewMatrix * vec4(aXY.x, 0.0, -aXY.y, 1.0);
        float grow = clamp(-centre.z / 1500.0, 1.0, 3.0);
        vec3 local = position * size * vec3(grow, 1.0, grow);
        float c = cos(aHeading), s = sin(aHeading);
        // Rotation about +y by the heading: local +x (the vehicle's front) points along travel.
        vec3 world = vec3(aXY.x + c * local.x + s * local.z, local.y, -aXY.y - s * local.x + c * local.z);
        vec4 mv = modelViewMatrix * vec4(world, 1.0);
        vDepth = -mv.z;
        vec3 col = uColours[t];
        // Emergency vehicles flash blue and red.
        if (t == 2 && fract(uTimeS * 2.0) > 0.5) col = vec3(1.0, 0.15, 0.1);
        vCol = col;
        gl_Position = projectionMatrix * mv;
      }`,
    fragmentShader: /* glsl */ `
      uniform vec3 uFogColour;
      uniform float uFogDensity;
      varying vec3 vCol;
      varying float vDepth;
      void main() {
        float f = 1.0 - exp(-vDepth * uFogDensity * 0.5);
        gl_FragColor = vec4(mix(vCol, uFogColour, clamp(f, 0.0, 1.0)), 1.0);
      }`,
  });
}

/** Instances made at first: a weekday peak of the métropole fits without growing (each growth re-uploads every column). */
export const INITIAL_VEHICLE_CAPACITY = 65_536;

/** The vehicles' mesh; a bigger one made later passes the first one's material, so no shader is compiled again. */
export function makeVehicleMesh(shared: SharedUniforms, capacity: number, material?: THREE.ShaderMaterial): VehicleMesh {
  const geometry = new THREE.InstancedBufferGeometry();
  // One unit rectangle at roof height (y = 1, scaled to the vehicle's height), facing up: two triangles
  // per vehicle keep tens of thousands of vehicles cheap to draw, even in software WebGL.
  geometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array([-0.5, 1, -0.5, 0.5, 1, -0.5, 0.5, 1, 0.5, -0.5, 1, 0.5]), 3));
  geometry.setIndex([0, 2, 1, 0, 3, 2]);
  const xy = new THREE.InstancedBufferAttribute(new Float32Array(capacity * 2), 2).setUsage(THREE.DynamicDrawUsage);
  const heading = new THREE.InstancedBufferAttribute(new Float32Array(capacity), 1).setUsage(THREE.DynamicDrawUsage);
  const type = new THREE.InstancedBufferAttribute(new Float32Array(capacity), 1).setUsage(THREE.DynamicDrawUsage);
  geometry.setAttribute('aXY', xy);
  geometry.setAttribute('aHeading', heading);
  geometry.setAttribute('aType', type);
  geometry.instanceCount = 0;
  const mesh = new THREE.Mesh(geometry, material ?? vehicleMaterial(shared));
  mesh.frustumCulled = false;
  mesh.renderOrder = 2;
  return { mesh, geometry, xy, heading, type, capacity };
}

/** Copies a frame's vehicles into the instance attributes; false when the mesh is too small (make a bigger one). */
export function writeVehicles(m: VehicleMesh, f: TrafficFrame | null): boolean {
  const n = f ? f.vehicleCount : 0;
  if (n > m.capacity) return false;
  if (f && n > 0) {
    (m.xy.array as Float32Array).set(f.vehicleXYM.subarray(0, 2 * n));
    (m.heading.array as Float32Array).set(f.vehicleHeadingRad.subarray(0, n));
    const t = m.type.array as Float32Array;
    for (let i = 0; i < n; i++) t[i] = f.vehicleType[i];
    for (const a of [m.xy, m.heading, m.type]) {
      a.clearUpdateRanges();
      a.addUpdateRange(0, n * a.itemSize);
      a.needsUpdate = true;
    }
  }
  m.geometry.instanceCount = n;
  return true;
}

/** Signal lenses: colour and height of each head (one per approach, in approach order) from the lights. */
export function writeSignalLights(lights: THREE.BufferGeometry, approachLight: Uint8Array, counts: { red: number; amber: number; green: number }): void {
  const pos = lights.getAttribute('position') as THREE.BufferAttribute;
  const col = lights.getAttribute('color') as THREE.BufferAttribute;
  const n = Math.min(pos.count, approachLight.length);
  counts.red = counts.amber = counts.green = 0;
  for (let i = 0; i < n; i++) {
    const l = approachLight[i];
    const rgb = LIGHT_RGB[l] ?? LIGHT_RGB[0];
    col.setXYZ(i, rgb[0] / 255, rgb[1] / 255, rgb[2] / 255);
    // Red lens on top, amber in the middle, green at the bottom of the head.
    pos.setY(i, l === 1 || l === 2 ? 3.25 : l === 3 ? 3.6 : 3.95);
    if (l === 1 || l === 2) counts.green++;
    else if (l === 3) counts.amber++;
    else counts.red++;
  }
  pos.needsUpdate = true;
  col.needsUpdate = true;
}

/** Road ribbon colours by speed ratio (the worse direction of a two-way road), display RGB 0–1. */
export function writeRoadSpeedColours(colours: Float32Array, vertexLink: Uint32Array, reverse: Int32Array, ratio: Float32Array): void {
  let last = -1;
  const rgb = [0, 0, 0];
  for (let v = 0; v < vertexLink.length; v++) {
    const l = vertexLink[v];
    if (l !== last) {
      const r = reverse[l];
      speedRatioRgb(worseRatio(ratio[l], r >= 0 ? ratio[r] : NaN), rgb, 0, 1 / 255);
      last = l;
    }
    colours[v * 3] = rgb[0];
    colours[v * 3 + 1] = rgb[1];
    colours[v * 3 + 2] = rgb[2];
  }
}
