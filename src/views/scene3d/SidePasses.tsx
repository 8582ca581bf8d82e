// The before/after of a comparison in the night view: each side's lamp levels and colours as their
// own GPU attributes (uploaded once), drawn in one pass per side, split at the divider by scissor.

import { useEffect, useMemo } from 'react';
import { useFrame } from '@react-three/fiber';
import * as THREE from 'three';
import { sidePasses, type BeforeAfterMode, type CompareSide } from '../shared/beforeAfter.ts';
import { twinProbe } from './twinProbe.ts';

export interface SideLamps {
  /** Level 0–1 of each lamp. */
  levels: Float32Array;
  /** Linear RGB × brightness of each lamp (lampArrays.ts). */
  colours: Float32Array;
}

export interface BeforeAfterDraw {
  mode: BeforeAfterMode;
  sides: Record<CompareSide, SideLamps>;
  /** Divider position (share of the width from the left), moved by the user and read each frame. */
  divider: { fraction: number };
}

type LampAttributes = { level: THREE.BufferAttribute; colour: THREE.BufferAttribute };

function attributesOf(geometry: THREE.BufferGeometry): LampAttributes {
  return { level: geometry.getAttribute('aLevel') as THREE.BufferAttribute, colour: geometry.getAttribute('aColour') as THREE.BufferAttribute };
}

function use(geometry: THREE.BufferGeometry, a: LampAttributes): void {
  if (geometry.getAttribute('aLevel') !== a.level) geometry.setAttribute('aLevel', a.level);
  if (geometry.getAttribute('aColour') !== a.colour) geometry.setAttribute('aColour', a.colour);
}

function meanOf(levels: Float32Array): number {
  let sum = 0;
  for (const v of levels) sum += v;
  return levels.length ? sum / levels.length : 0;
}

/** Takes over rendering (frame priority 1) while mounted; puts the live attributes back when it goes. */
export function SidePasses({ glow, pools, draw }: { glow: THREE.BufferGeometry; pools: THREE.BufferGeometry; draw: BeforeAfterDraw }) {
  const sets = useMemo(() => {
    const of = (s: SideLamps, instanced: boolean): LampAttributes => {
      const Attr = instanced ? THREE.InstancedBufferAttribute : THREE.BufferAttribute;
      return { level: new Attr(s.levels, 1), colour: new Attr(s.colours, 3) };
    };
    const side = (s: SideLamps) => ({ glow: of(s, false), pools: of(s, true) });
    return { baseline: side(draw.sides.baseline), variant: side(draw.sides.variant), live: { glow: attributesOf(glow), pools: attributesOf(pools) } };
  }, [glow, pools, draw.sides]);
  const meanLevel = useMemo(() => ({ baseline: meanOf(draw.sides.baseline.levels), variant: meanOf(draw.sides.variant.levels) }), [draw.sides]);

  useEffect(
    () => () => {
      use(glow, sets.live.glow);
      use(pools, sets.live.pools);
      twinProbe().beforeAfter = null;
    },
    [glow, pools, sets],
  );

  useFrame(({ gl, scene, camera, size }) => {
    const passes = sidePasses(draw.mode, draw.divider.fraction, size.width);
    const split = passes.length > 1;
    gl.setScissorTest(split);
    for (const p of passes) {
      use(glow, sets[p.side].glow);
      use(pools, sets[p.side].pools);
      if (split) gl.setScissor(p.xPx, 0, p.widthPx, size.height);
      gl.render(scene, camera);
    }
    gl.setScissorTest(false);
    twinProbe().beforeAfter = { mode: draw.mode, passes, meanLevel };
  }, 1);
  return null;
}
