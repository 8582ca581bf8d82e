// Drawing an area on the ground of the night view when the store asks for one: clicks place points,
// a double-click or Enter closes the area, Esc cancels; the outline follows the points (they live in the store).

import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useThree } from '@react-three/fiber';
import * as THREE from 'three';
import { useUiStore } from '../../store/uiStore.ts';
import { listenForClicks } from '../shared/clicks.ts';
import { aimAtPixel } from './Picker.tsx';
import { twinProbe } from './twinProbe.ts';

/** The outline floats this high above the ground (m), drawn over everything. */
const OUTLINE_HEIGHT_M = 3;
const OUTLINE_COLOUR = 0x38d6f0;

/** Outline vertices (three's Y-up frame) of x, y pairs in city metres. */
export function outlinePositions(pointsXYM: readonly number[]): Float32Array {
  const n = Math.floor(pointsXYM.length / 2);
  const out = new Float32Array(n * 3);
  for (let k = 0; k < n; k++) {
    out[3 * k] = pointsXYM[2 * k];
    out[3 * k + 1] = OUTLINE_HEIGHT_M;
    out[3 * k + 2] = -pointsXYM[2 * k + 1];
  }
  return out;
}

export function AreaDrawer() {
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  const drawing = useUiStore((s) => s.areaDrawing);
  const outline = useMemo(() => {
    const line = new THREE.LineLoop(new THREE.BufferGeometry(), new THREE.LineBasicMaterial({ color: OUTLINE_COLOUR, depthTest: false, transparent: true }));
    line.renderOrder = 10;
    line.frustumCulled = false;
    return line;
  }, []);
  useEffect(
    () => () => {
      outline.geometry.dispose();
      (outline.material as THREE.Material).dispose();
      twinProbe().areaOutlinePoints = 0;
    },
    [outline],
  );

  // The outline of the area being drawn, or of the last one closed; nothing once cancelled.
  useEffect(() => {
    const points = drawing && drawing.status !== 'cancelled' ? drawing.pointsXYM : [];
    const positions = outlinePositions(points);
    outline.geometry.setAttribute('position', new THREE.BufferAttribute(positions, 3));
    outline.visible = positions.length >= 6;
    twinProbe().areaOutlinePoints = positions.length / 3;
  }, [drawing, outline]);

  const active = drawing?.status === 'drawing';
  useEffect(() => {
    if (!active) return;
    const raycaster = new THREE.Raycaster();
    const ground = new THREE.Plane(new THREE.Vector3(0, 1, 0), 0);
    const hit = new THREE.Vector3();
    const el = gl.domElement;
    const offClicks = listenForClicks(el, (x, y, rect) => {
      if (aimAtPixel(raycaster, camera, x, y, rect).intersectPlane(ground, hit)) useUiStore.getState().addAreaPoint(hit.x, -hit.z);
    });
    const onDoubleClick = (e: MouseEvent) => {
      e.preventDefault();
      useUiStore.getState().finishAreaDrawing();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter') useUiStore.getState().finishAreaDrawing();
      else if (e.key === 'Escape') useUiStore.getState().cancelAreaDrawing();
      else return;
      e.preventDefault();
    };
    el.addEventListener('dblclick', onDoubleClick);
    window.addEventListener('keydown', onKey);
    el.style.cursor = 'crosshair';
    return () => {
      offClicks();
      el.removeEventListener('dblclick', onDoubleClick);
      window.removeEventListener('keydown', onKey);
      el.style.cursor = '';
    };
  }, [active, gl, camera]);

  return <primitive object={outline} />;
}

/** Over the canvas while an area is drawn: how, how many points so far, and buttons to close or cancel. */
export function AreaDrawingHint() {
  const { t } = useTranslation();
  const drawing = useUiStore((s) => s.areaDrawing);
  if (drawing?.status !== 'drawing') return null;
  const points = drawing.pointsXYM.length / 2;
  return (
    <div className="area-drawing" role="status" data-testid="area-drawing" data-points={points}>
      <p>{t('areaDraw.hint')}</p>
      <p className="muted">{t('areaDraw.points', { count: points })}</p>
      <button type="button" data-testid="area-drawing-close" disabled={points < 3} onClick={() => useUiStore.getState().finishAreaDrawing()}>
        {t('areaDraw.close')}
      </button>
      <button type="button" data-testid="area-drawing-cancel" onClick={() => useUiStore.getState().cancelAreaDrawing()}>
        {t('areaDraw.cancel')}
      </button>
    </div>
  );
}
