// The presentation's 3D scene (lazy-loaded): the night view's sky and city layers driven by the tour,
// camera, sun and lamp levels set by mutation in useFrame from the prepared deck; nothing computed here.

import { useEffect, useMemo, useRef } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import { NightCanvas } from '../../views/scene3d/NightCanvas.tsx';
import * as THREE from 'three';
import type { CityModel } from '../../core/city/model.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { buildSceneData } from '../../views/scene3d/sceneData.ts';
import { makeSharedUniforms } from '../../views/scene3d/materials.ts';
import { CityLayers } from '../../views/scene3d/CityLayers.tsx';
import { SkyDome } from '../../views/scene3d/SkyDome.tsx';
import { createLampLevelSource, type LampLevelSource } from '../../views/scene3d/lampLevels.ts';
import { sideLampColours } from '../../views/scene3d/lampArrays.ts';
import { sunState } from '../../views/scene3d/sun.ts';
import { twinProbe } from '../../views/scene3d/twinProbe.ts';
import { sampleIndexAt, writeSampleLevels, type Deck, type DeckSide } from './deck.ts';
import { advanceTour, cameraPosition, poseAt, type Keyframe, type Pose } from './tour.ts';

/** What the keys change and the scene reads each frame (a plain object: no React state per frame). */
export interface TourRuntime {
  keys: Keyframe[];
  /** Position along the tour now (stops at integers) and where it is heading. */
  u: number;
  targetU: number;
  side: DeckSide;
  /** Written when the shown minute changes (the overlay's clock). */
  clockElement: HTMLElement | null;
  formatClock: (timeMs: number) => string;
}

/** What the browser tests read of the tour on `window.__twinPresent`. */
export interface PresentProbe {
  frames: number;
  u: number;
  targetU: number;
  side: DeckSide;
  timeMs: number;
  sampleIndex: number;
  /** Times the lamp levels were rewritten from the deck. */
  levelWrites: number;
  /** Longest wall time of one frame's tour update (ms), since the tour started. */
  maxUpdateMs: number;
  /** When the longest update started (performance.now(), ms). */
  maxUpdateAtMs: number;
  /** Wall time of the last frames' tour updates (ms), a ring of UPDATE_RING entries written at `frames % UPDATE_RING`. */
  updateMs: Float32Array;
}

const UPDATE_RING = 1024;

declare global {
  interface Window {
    __twinPresent?: PresentProbe;
  }
}

interface DriverProps {
  deck: Deck;
  runtime: TourRuntime;
  city: CityModel;
  levels: LampLevelSource;
  /** The colour array the lamps are drawn with, and each side's colours (its technologies) to copy into it. */
  colours: Float32Array;
  sideColours: Record<DeckSide, Float32Array>;
  sun: ReturnType<typeof sunState>;
}

function TourDriver({ deck, runtime, city, levels, colours, sideColours, sun }: DriverProps) {
  const camera = useThree((s) => s.camera) as THREE.PerspectiveCamera;
  const pose = useRef<Pose>({} as Pose);
  const shown = useRef({ index: -1, side: '' as DeckSide | '', timeMs: NaN, minute: NaN });
  const target = useMemo(() => new THREE.Vector3(), []);
  const probe = useMemo<PresentProbe>(
    () => ({ frames: 0, u: 0, targetU: 0, side: runtime.side, timeMs: 0, sampleIndex: -1, levelWrites: 0, maxUpdateMs: 0, maxUpdateAtMs: 0, updateMs: new Float32Array(UPDATE_RING) }),
    [runtime],
  );
  useEffect(() => {
    window.__twinPresent = probe;
    const t = twinProbe();
    t.ready = false;
    t.view = 'present';
    t.cityName = city.meta.name;
    t.citySource = city.meta.source;
    t.lampInstances = city.lamps.count;
    t.lampSprites = city.lamps.count;
    return () => {
      if (window.__twinPresent === probe) delete window.__twinPresent;
      t.ready = false;
    };
  }, [probe, city]);

  useFrame(({ gl }, dtS) => {
    const t0 = performance.now();
    runtime.u = advanceTour(runtime.u, runtime.targetU, dtS);
    const p = poseAt(runtime.keys, runtime.u, pose.current);
    const [x, y, z] = cameraPosition(p);
    camera.position.set(x, y, z);
    camera.lookAt(target.set(p.targetXM, 0, -p.targetYM));
    // Depth precision as in the night view: near plane just under the closest geometry.
    const near = THREE.MathUtils.clamp((Math.max(1, y) - 120) * 0.5, 0.5, 400);
    const far = Math.max(30000, y * 40);
    if (Math.abs(camera.near - near) > near * 0.05 || camera.far !== far) {
      camera.near = near;
      camera.far = far;
      camera.updateProjectionMatrix();
    }
    const s = shown.current;
    if (p.timeMs !== s.timeMs) {
      s.timeMs = p.timeMs;
      Object.assign(sun, sunState(p.timeMs, city.meta.frame.originLat, city.meta.frame.originLon));
      const minute = Math.floor(p.timeMs / 60_000);
      if (minute !== s.minute && runtime.clockElement) {
        s.minute = minute;
        runtime.clockElement.textContent = runtime.formatClock(p.timeMs);
      }
    }
    const index = sampleIndexAt(deck.clock, p.timeMs);
    if (runtime.side !== s.side) {
      colours.set(sideColours[runtime.side]);
      levels.colourVersion = (levels.colourVersion ?? 0) + 1;
    }
    if (index !== s.index || runtime.side !== s.side) {
      writeSampleLevels(deck, runtime.side, index, levels.levels);
      levels.version++;
      s.index = index;
      s.side = runtime.side;
      probe.levelWrites++;
    }
    probe.frames++;
    probe.u = runtime.u;
    probe.targetU = runtime.targetU;
    probe.side = runtime.side;
    probe.timeMs = p.timeMs;
    probe.sampleIndex = index;
    const updateMs = performance.now() - t0;
    probe.updateMs[probe.frames % UPDATE_RING] = updateMs;
    if (updateMs > probe.maxUpdateMs) {
      probe.maxUpdateMs = updateMs;
      probe.maxUpdateAtMs = t0;
    }
    const tp = twinProbe();
    tp.frames = probe.frames;
    tp.drawCalls = gl.info.render.calls;
    tp.triangles = gl.info.render.triangles;
    tp.points = gl.info.render.points;
    if (probe.frames >= 3) tp.ready = true;
  });
  return null;
}

function TourScene({ city, deck, runtime }: { city: CityModel; deck: Deck; runtime: TourRuntime }) {
  const data = useMemo(() => buildSceneData(city), [city]);
  const shared = useMemo(() => makeSharedUniforms(), []);
  const levels = useMemo(() => ({ ...createLampLevelSource(city.lamps.count), colourVersion: 0 }), [city]);
  // Each side's light colours (sodium orange, LED white…) made once, before the tour starts.
  const sideColours = useMemo(() => sideLampColours(city.lamps, deck.technology), [city, deck]);
  const sun = useMemo(() => sunState(runtime.keys[0].timeMs, city.meta.frame.originLat, city.meta.frame.originLon), [city, runtime]);
  return (
    <>
      <TourDriver deck={deck} runtime={runtime} city={city} levels={levels} colours={data.lamps.colours} sideColours={sideColours} sun={sun} />
      <SkyDome sun={sun} shared={shared} />
      <CityLayers data={data} shared={shared} levels={levels} />
    </>
  );
}

export default function PresentScene({ deck, runtime, label, noWebglMessage }: { deck: Deck; runtime: TourRuntime; label: string; noWebglMessage: string }) {
  const city = useUiStore((s) => s.city);
  if (!city || city.lamps.count !== deck.city.lampCount) return null;
  return (
    <NightCanvas className="present-canvas" label={label} noWebglMessage={noWebglMessage}>
      <TourScene city={city} deck={deck} runtime={runtime} />
    </NightCanvas>
  );
}
