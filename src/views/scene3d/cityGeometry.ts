// three.js geometries of the city layers from the pure typed arrays: one merged building mesh,
// one road ribbon mesh, lamp Points, instanced light pools and signal heads (few draw calls).

import * as THREE from 'three';
import type { BuildingArrays } from './buildingArrays.ts';
import type { RoadArrays } from './roadArrays.ts';
import type { LampArrays } from './lampArrays.ts';
import { SIGNAL_GREEN, type SignalHeadArrays } from './signalArrays.ts';

export function buildingGeometry(a: BuildingArrays): THREE.BufferGeometry {
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(a.positions, 3));
  g.setAttribute('aShade', new THREE.BufferAttribute(a.shade, 4));
  g.setIndex(new THREE.BufferAttribute(a.indices, 1));
  g.computeBoundingSphere();
  return g;
}

export function roadGeometry(a: RoadArrays): THREE.BufferGeometry {
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(a.positions, 3));
  g.setAttribute('color', new THREE.BufferAttribute(a.colours, 3));
  g.setIndex(new THREE.BufferAttribute(a.indices, 1));
  g.computeBoundingSphere();
  return g;
}

/** Glow sprites: one point per lamp; `aLevel` wraps the level array so uploads need no copy. */
export function lampGlowGeometry(a: LampArrays, levels: Float32Array): THREE.BufferGeometry {
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(a.heads, 3));
  g.setAttribute('aColour', new THREE.BufferAttribute(a.colours, 3));
  g.setAttribute('aLevel', new THREE.BufferAttribute(levels, 1).setUsage(THREE.DynamicDrawUsage));
  g.computeBoundingSphere();
  return g;
}

/** Light pools: a ground quad instanced once per lamp. */
export function lightPoolGeometry(a: LampArrays, levels: Float32Array): THREE.InstancedBufferGeometry {
  const g = new THREE.InstancedBufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(new Float32Array([-1, 0, -1, 1, 0, -1, 1, 0, 1, -1, 0, 1]), 3));
  // Wound to face up (+y).
  g.setIndex([0, 2, 1, 0, 3, 2]);
  g.setAttribute('aHead', new THREE.InstancedBufferAttribute(a.heads, 3));
  g.setAttribute('aColour', new THREE.InstancedBufferAttribute(a.colours, 3));
  g.setAttribute('aRadius', new THREE.InstancedBufferAttribute(a.poolRadiusM, 1));
  g.setAttribute('aLevel', new THREE.InstancedBufferAttribute(levels, 1).setUsage(THREE.DynamicDrawUsage));
  g.instanceCount = a.count;
  return g;
}

const SIGNAL_COLOURS: Record<number, [number, number, number]> = {
  0: [1.0, 0.12, 0.08],
  1: [1.0, 0.6, 0.05],
  2: [0.15, 1.0, 0.45],
};

/** Signal poles+heads as one instanced mesh, and their lights as Points (red/amber/green). */
export function signalGeometries(a: SignalHeadArrays): { body: THREE.InstancedMesh; lights: THREE.BufferGeometry } {
  const pole = new THREE.BoxGeometry(0.25, 3.2, 0.25).translate(0, 1.6, 0);
  const head = new THREE.BoxGeometry(0.5, 1.2, 0.4).translate(0, 3.6, 0);
  const merged = mergeTwo(pole, head);
  const body = new THREE.InstancedMesh(merged, new THREE.MeshBasicMaterial({ color: 0x1c1f26 }), Math.max(1, a.count));
  const m = new THREE.Matrix4();
  const q = new THREE.Quaternion();
  const up = new THREE.Vector3(0, 1, 0);
  const one = new THREE.Vector3(1, 1, 1);
  const lightPos = new Float32Array(a.count * 3);
  const lightCol = new Float32Array(a.count * 3);
  for (let i = 0; i < a.count; i++) {
    const p = new THREE.Vector3(a.feet[i * 3], a.feet[i * 3 + 1], a.feet[i * 3 + 2]);
    q.setFromAxisAngle(up, a.yawRad[i]);
    body.setMatrixAt(i, m.compose(p, q, one));
    // The lit lens sits on the head's front face (towards the approaching traffic).
    const front = new THREE.Vector3(0, 0, 0.25).applyQuaternion(q);
    const lit = a.state[i] === SIGNAL_GREEN ? 3.25 : 3.95;
    lightPos.set([p.x + front.x, lit, p.z + front.z], i * 3);
    lightCol.set(SIGNAL_COLOURS[a.state[i]] ?? SIGNAL_COLOURS[0], i * 3);
  }
  body.count = a.count;
  body.instanceMatrix.needsUpdate = true;
  body.computeBoundingSphere();
  const lights = new THREE.BufferGeometry();
  lights.setAttribute('position', new THREE.BufferAttribute(lightPos, 3));
  lights.setAttribute('color', new THREE.BufferAttribute(lightCol, 3));
  lights.computeBoundingSphere();
  return { body, lights };
}

function mergeTwo(a: THREE.BufferGeometry, b: THREE.BufferGeometry): THREE.BufferGeometry {
  const pa = a.getAttribute('position').array as Float32Array;
  const pb = b.getAttribute('position').array as Float32Array;
  const ia = a.getIndex()!.array;
  const ib = b.getIndex()!.array;
  const offset = pa.length / 3;
  const g = new THREE.BufferGeometry();
  const pos = new Float32Array(pa.length + pb.length);
  pos.set(pa);
  pos.set(pb, pa.length);
  const idx = new Uint16Array(ia.length + ib.length);
  idx.set(ia);
  for (let i = 0; i < ib.length; i++) idx[ia.length + i] = ib[i] + offset;
  g.setAttribute('position', new THREE.BufferAttribute(pos, 3));
  g.setIndex(new THREE.BufferAttribute(idx, 1));
  return g;
}
