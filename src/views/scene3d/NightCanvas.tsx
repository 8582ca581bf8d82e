// The canvas every night view of the city draws in (the 3D view, presentation mode): one set of
// renderer settings — no tone mapping, linear colours, capped pixel ratio — and the no-WebGL message.

import type { ReactNode } from 'react';
import { Canvas } from '@react-three/fiber';
import * as THREE from 'three';

export function NightCanvas({ className, label, noWebglMessage, children }: { className: string; label: string; noWebglMessage: string; children: ReactNode }) {
  return (
    <Canvas
      className={className}
      aria-label={label}
      role="img"
      flat
      linear
      dpr={[1, 1.5]}
      gl={{ antialias: false, powerPreference: 'high-performance', toneMapping: THREE.NoToneMapping }}
      camera={{ fov: 45, near: 1, far: 60000, position: [0, 3000, 3000] }}
      fallback={<p className="view-message">{noWebglMessage}</p>}
    >
      {children}
    </Canvas>
  );
}
