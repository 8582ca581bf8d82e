// The analysis map (lazy-loaded, `?view=map`): deck.gl over a dark night background with no external
// basemap; the Deck lives in MapController, React draws only the layer panel, legends and messages.

import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useUiStore } from '../../store/uiStore.ts';
import { startPlace, wholeCityPlace } from '../shared/cityPlace.ts';
import { MapController } from './mapController.ts';
import { MapLegend } from './MapLegend.tsx';
import './map.css';

function Panel({ controller }: { controller: MapController }) {
  const state = useSyncExternalStore(
    (fn) => controller.subscribe(fn),
    () => controller.state,
  );
  const city = useUiStore((s) => s.city);
  if (!city) return null;
  return (
    <MapLegend
      city={city}
      visible={state.visible}
      mode={state.mode}
      technologies={state.technologies}
      communes={state.communes}
      hexDomainW={controller.hexDomainW}
      presence={state.presence}
      diff={state.diff}
      diffProblem={state.diffProblem}
      diffLampMode={state.diffLampMode}
      onDiffLampMode={(m) => controller.setDiffLampMode(m)}
      feedPoints={state.feedPoints}
      onToggle={(id, on) => controller.setVisible(id, on)}
      onMode={(m) => controller.setMode(m)}
      traffic={state.traffic}
      volumeSinceMs={state.volumeSinceMs}
      lampEnergy={state.lampEnergy}
      roadMode={state.roadMode}
      signalMode={state.signalMode}
      onRoadMode={(m) => controller.setRoadMode(m)}
      onSignalMode={(m) => controller.setSignalMode(m)}
    />
  );
}

export default function MapView() {
  const { t, i18n } = useTranslation();
  const city = useUiStore((s) => s.city);
  const host = useRef<HTMLDivElement>(null);
  const [controller, setController] = useState<MapController | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const translate = useRef({ t: t as (k: string, p?: Record<string, unknown>) => string, language: i18n.language });
  translate.current = { t: t as (k: string, p?: Record<string, unknown>) => string, language: i18n.language };

  useEffect(() => {
    if (!city || !host.current) return;
    // Another view's place when it left one, else the whole city.
    const kept = useUiStore.getState().cameraTarget;
    const start = kept ? startPlace(kept, wholeCityPlace(city)) : null;
    let c: MapController;
    try {
      c = new MapController({ parent: host.current, city, start, translate: () => translate.current, onFailure: setFailure });
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
      return;
    }
    setController(c);
    return () => {
      const place = c.currentPlace();
      c.destroy();
      setController(null);
      // Leaving the map (not replacing the city): the next view opens where the map was.
      if (useUiStore.getState().city === city) useUiStore.getState().flyTo(place.xM, place.yM, place.distanceM);
    };
  }, [city]);

  if (!city) return null;
  return (
    <div className="map-view">
      <div ref={host} className="map-canvas-host" role="img" aria-label={t('map.label')} />
      {failure && <p className="view-message">{t('map.failed', { message: failure })}</p>}
      {controller && <Panel controller={controller} />}
      <p className="map-caption">{t('map.note')}</p>
    </div>
  );
}
