// Highlight of the selected object: a ring and beam for a lamp or intersection, the polyline of
// a road link, the roof outline of a building; cyan, drawn on top, one or two draw calls.

import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import type { CityModel } from '../../core/city/model.ts';
import { useUiStore, type Selection } from '../../store/uiStore.ts';

const COLOUR = new THREE.Color(0.2, 0.95, 1.0);

function markerFor(city: CityModel, sel: Selection): THREE.Object3D | null {
  const material = new THREE.LineBasicMaterial({ color: COLOUR, depthTest: false, transparent: true });
  const pts: number[] = [];
  let loop = false;
  const ring = (x: number, y: number, r: number, h: number) => {
    for (let k = 0; k <= 32; k++) {
      const a = (k / 32) * Math.PI * 2;
      pts.push(x + Math.cos(a) * r, h, -(y + Math.sin(a) * r));
    }
  };
  if (sel.kind === 'lamp') {
    const x = city.lamps.xM[sel.index], y = city.lamps.yM[sel.index], h = city.lamps.mountingHeightM[sel.index] || 8;
    ring(x, y, 3, 0.3);
    pts.push(x, 0.3, -y, x, h + 2, -y);
  } else if (sel.kind === 'intersection') {
    const n = city.intersections.node[sel.index];
    ring(city.nodes.xM[n], city.nodes.yM[n], 14, 0.4);
  } else if (sel.kind === 'link') {
    const { shapeStart, shapeXYM } = city.links;
    for (let p = shapeStart[sel.index]; p < shapeStart[sel.index + 1]; p++) pts.push(shapeXYM[p * 2], 0.6, -shapeXYM[p * 2 + 1]);
  } else if (sel.kind === 'building') {
    const b = city.buildings;
    const h = (b.heightM[sel.index] || 2.5) + 0.3;
    for (let p = b.ringStart[sel.index]; p < b.ringStart[sel.index + 1]; p++) pts.push(b.ringXYM[p * 2], h, -b.ringXYM[p * 2 + 1]);
    loop = true;
  }
  if (pts.length < 6) return null;
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.Float32BufferAttribute(pts, 3));
  const line = loop ? new THREE.LineLoop(g, material) : new THREE.Line(g, material);
  line.renderOrder = 10;
  line.frustumCulled = false;
  return line;
}

export function SelectionMarker({ city }: { city: CityModel }) {
  const selection = useUiStore((s) => s.selection);
  const marker = useMemo(() => (selection ? markerFor(city, selection) : null), [city, selection]);
  useEffect(
    () => () => {
      if (marker instanceof THREE.Line) {
        marker.geometry.dispose();
        (marker.material as THREE.Material).dispose();
      }
    },
    [marker],
  );
  return marker ? <primitive object={marker} /> : null;
}
