// The 3D night view of the whole city (lazy-loaded): R3F canvas with the sky, city layers,
// map controls, picking and selection; reads the city and selection from the store, and the lamp
// levels and simulated time from the simulation's frame receiver (by mutation, no React state).

import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useFrame, useThree } from '@react-three/fiber';
import { NightCanvas } from './NightCanvas.tsx';
import * as THREE from 'three';
import type { CityModel } from '../../core/city/model.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { buildSceneData, type SceneData } from './sceneData.ts';
import { makeSharedUniforms } from './materials.ts';
import { CityLayers } from './CityLayers.tsx';
import { SkyDome } from './SkyDome.tsx';
import { CameraRig } from './CameraRig.tsx';
import { Picker } from './Picker.tsx';
import { SelectionMarker } from './SelectionMarker.tsx';
import { buildPickIndex } from './pickIndex.ts';
import { createLampLevelSource, setAllLevels, type LampLevelSource } from './lampLevels.ts';
import { sunState, type SunState } from './sun.ts';
import { simFrames } from '../../sim-client/frames.ts';
import { twinProbe } from './twinProbe.ts';
import { SPEED_RAMP, NO_TRAFFIC_RGB } from '../shared/trafficColours.ts';
import { sideLampColours } from './lampArrays.ts';
import type { BeforeAfterDraw } from './SidePasses.tsx';
import { BeforeAfterOverlay } from './BeforeAfterOverlay.tsx';
import { AreaDrawer, AreaDrawingHint } from './AreaDrawer.tsx';
import './scene3d.css';

export interface Scene3DViewProps {
  /** Display time (ms since epoch) for the sun and sky. */
  timeMs: number;
  /** Accessible name of the canvas (translated by the caller). */
  label: string;
  /** Shown instead of the canvas when WebGL is unavailable. */
  noWebglMessage: string;
}

/** Counts frames and publishes what was drawn on `window.__twin` once frames have been drawn. */
function Probe({ city, data, levels }: { city: CityModel; data: SceneData; levels: LampLevelSource }) {
  const frames = useRef(0);
  const camera = useThree((s) => s.camera);
  const size = useThree((s) => s.size);
  useEffect(() => {
    const t = twinProbe();
    frames.current = 0;
    t.ready = false;
    t.view = '3d';
    t.cityName = city.meta.name;
    t.citySource = city.meta.source;
    t.lampInstances = data.lamps.count;
    t.lampSprites = data.lamps.count;
    t.buildingCount = data.buildings.buildingCount;
    t.roadCount = data.roads.roadCount;
    t.signalHeads = data.signals.count;
    t.setAllLampLevels = (level: number) => setAllLevels(levels, level);
    const v = new THREE.Vector3();
    t.project = (xM: number, yM: number, zM: number) => {
      v.set(xM, zM, -yM).project(camera);
      if (v.z > 1 || v.z < -1) return null;
      return [((v.x + 1) / 2) * size.width, ((1 - v.y) / 2) * size.height];
    };
  }, [city, data, levels, camera, size]);
  useFrame(({ gl }) => {
    const t = twinProbe();
    frames.current++;
    // renderer.info is reset at each render: here it still holds the previous frame's totals.
    t.frames = frames.current;
    t.drawCalls = gl.info.render.calls;
    t.triangles = gl.info.render.triangles;
    t.points = gl.info.render.points;
    if (frames.current >= 3) t.ready = true;
  });
  return null;
}

/** Moves the sun (read by the sky each frame) to the simulated time whenever a frame brings a new one. */
function SimulatedSun({ sun, latDeg, lonDeg }: { sun: SunState; latDeg: number; lonDeg: number }) {
  const shownMs = useRef<number | null>(null);
  useFrame(() => {
    const t = simFrames.timeMs;
    if (t === null || t === shownMs.current) return;
    shownMs.current = t;
    Object.assign(sun, sunState(t, latDeg, lonDeg));
  });
  return null;
}

/** What the layers draw of a held comparison in the mode asked (null: the live levels). */
function useBeforeAfterDraw(city: CityModel, divider: { fraction: number }): BeforeAfterDraw | null {
  const comparison = useUiStore((s) => s.sceneComparison);
  const mode = useUiStore((s) => s.beforeAfter);
  const sides = useMemo(() => {
    const n = city.lamps.count;
    if (!comparison || comparison.lampLevel.baseline.length !== n || comparison.lampLevel.variant.length !== n) return null;
    const colours = sideLampColours(city.lamps, comparison.lampTechnology);
    return {
      baseline: { levels: comparison.lampLevel.baseline, colours: colours.baseline },
      variant: { levels: comparison.lampLevel.variant, colours: colours.variant },
    };
  }, [city, comparison]);
  return useMemo(() => (sides && mode ? { mode, sides, divider } : null), [sides, mode, divider]);
}

function CityScene({ city, timeMs, roadsBySpeed, divider }: { city: CityModel; timeMs: number; roadsBySpeed: boolean; divider: { fraction: number } }) {
  const data = useMemo(() => buildSceneData(city), [city]);
  const pickIndex = useMemo(() => buildPickIndex(city), [city]);
  const shared = useMemo(() => makeSharedUniforms(), []);
  const levels = useMemo(() => createLampLevelSource(city.lamps.count), [city]);
  // The simulation writes every frame's levels straight into this array.
  useEffect(() => simFrames.attach(levels), [levels]);
  const { originLat, originLon } = city.meta.frame;
  // Until the first frame: the display time the app was opened with.
  const sun = useMemo(() => sunState(simFrames.timeMs ?? timeMs, originLat, originLon), [timeMs, originLat, originLon]);
  const beforeAfter = useBeforeAfterDraw(city, divider);
  return (
    <>
      <SimulatedSun sun={sun} latDeg={originLat} lonDeg={originLon} />
      <SkyDome sun={sun} shared={shared} />
      <CityLayers city={city} data={data} shared={shared} levels={levels} roadsBySpeed={roadsBySpeed} beforeAfter={beforeAfter} />
      <SelectionMarker city={city} />
      <CameraRig framing={data.framing} />
      <Picker city={city} index={pickIndex} />
      <AreaDrawer />
      <Probe city={city} data={data} levels={levels} />
    </>
  );
}

const hasTraffic = () => simFrames.traffic !== null;

/** The road colouring switch (shown when the scenario has traffic) and, when on, its legend. */
function TrafficControls({ bySpeed, onChange }: { bySpeed: boolean; onChange(on: boolean): void }) {
  const { t } = useTranslation();
  const traffic = useSyncExternalStore(simFrames.subscribeLive, hasTraffic);
  if (!traffic) return null;
  const css = (c: readonly number[]) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
  return (
    <div className="scene3d-traffic" data-testid="scene3d-traffic">
      <label>
        <input type="checkbox" checked={bySpeed} onChange={(e) => onChange(e.target.checked)} data-testid="roads-by-speed" />
        <span>{t('traffic3d.roadsBySpeed')}</span>
      </label>
      {bySpeed && (
        <div className="scene3d-legend" data-testid="legend-3d-speed">
          <span className="scene3d-ramp" style={{ background: `linear-gradient(to right, ${SPEED_RAMP.map((s) => `${css(s.rgb)} ${s.ratio * 100}%`).join(', ')})` }} />
          <span className="scene3d-ticks">
            <span>{t('traffic3d.stopped')}</span>
            <span>{t('traffic3d.atLimit')}</span>
          </span>
          <span className="scene3d-none">
            <span className="scene3d-swatch" style={{ background: css(NO_TRAFFIC_RGB) }} /> {t('traffic3d.noTraffic')}
          </span>
          <span className="scene3d-none">{t('traffic3d.vehicles')}</span>
        </div>
      )}
    </div>
  );
}

export default function Scene3DView({ timeMs, label, noWebglMessage }: Scene3DViewProps) {
  const city = useUiStore((s) => s.city);
  const [roadsBySpeed, setRoadsBySpeed] = useState(false);
  // The swipe divider's position: moved by the overlay, read by the scene each frame.
  const divider = useMemo(() => ({ fraction: 0.5 }), []);
  useEffect(
    () => () => {
      if (window.__twin) window.__twin.ready = false;
    },
    [],
  );
  if (!city) return null;
  return (
    <>
    <NightCanvas className="scene3d-canvas" label={label} noWebglMessage={noWebglMessage}>
      <CityScene city={city} timeMs={timeMs} roadsBySpeed={roadsBySpeed} divider={divider} />
    </NightCanvas>
    <TrafficControls bySpeed={roadsBySpeed} onChange={setRoadsBySpeed} />
    <BeforeAfterOverlay divider={divider} />
    <AreaDrawingHint />
    </>
  );
}
