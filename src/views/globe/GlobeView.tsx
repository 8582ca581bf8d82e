// The globe (lazy-loaded with Cesium, `?view=globe`): the métropole georeferenced on an offline
// Cesium globe, its legend, and a field for an optional 3D Tiles or imagery URL (also `?tiles=`).

import './cesiumBase.ts';
import 'cesium/Build/Cesium/Widgets/CesiumWidget/CesiumWidget.css';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useUiStore } from '../../store/uiStore.ts';
import { startPlace, wholeCityPlace } from '../shared/cityPlace.ts';
import { GlobeController } from './globeController.ts';
import { lampStepRgba, LEVEL_STEPS } from './globeMeshes.ts';
import type { UserLayerStatus } from './userLayerUrl.ts';
import './globe.css';
import { VEHICLE_RGB } from '../shared/trafficColours.ts';

const rgba = (k: number) => {
  const [r, g, b] = lampStepRgba(k);
  return `rgb(${Math.round(r * 255)}, ${Math.round(g * 255)}, ${Math.round(b * 255)})`;
};
const LAMP_GRADIENT = `linear-gradient(to right, ${[0, 1, 8, 16, 24, 32].map((k) => `${rgba(k)} ${(100 * k) / LEVEL_STEPS}%`).join(', ')})`;

function TilesField({ initial, status, onShow }: { initial: string | null; status: UserLayerStatus; onShow(url: string | null): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(initial ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onShow(text.trim() || null);
  };
  return (
    <form className="globe-tiles" onSubmit={submit}>
      <label>
        <span>{t('globe.tilesLabel')}</span>
        <input type="url" value={text} placeholder={t('globe.tilesPlaceholder')} onChange={(e) => setText(e.target.value)} data-testid="tiles-url" />
      </label>
      <div className="globe-tiles-actions">
        <button type="submit">{t('globe.load')}</button>
        {status.state !== 'none' && (
          <button
            type="button"
            onClick={() => {
              setText('');
              onShow(null);
            }}
          >
            {t('globe.remove')}
          </button>
        )}
      </div>
      <p className={`globe-tiles-status ${status.state}`} role="status" data-testid="tiles-status" data-state={status.state}>
        {status.state === 'none' && t('globe.offline')}
        {status.state === 'loading' && t('globe.tilesLoading', { url: status.url })}
        {status.state === 'shown' && t('globe.tilesShown', { url: status.url })}
        {status.state === 'failed' && t('globe.tilesFailed', { url: status.url, message: status.message })}
      </p>
    </form>
  );
}

export default function GlobeView({ initialTilesUrl }: { initialTilesUrl: string | null }) {
  const { t, i18n } = useTranslation();
  const city = useUiStore((s) => s.city);
  const host = useRef<HTMLDivElement>(null);
  const [controller, setController] = useState<GlobeController | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [status, setStatus] = useState<UserLayerStatus>({ state: 'none' });
  const [tilesUrl, setTilesUrl] = useState<string | null>(initialTilesUrl);

  useEffect(() => {
    if (!city || !host.current) return;
    const place = wholeCityPlace(city);
    const start = startPlace(useUiStore.getState().cameraTarget, { ...place, distanceM: place.distanceM * 0.8 });
    let c: GlobeController;
    try {
      c = new GlobeController({ container: host.current, city, start, onUserLayer: setStatus });
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
      return;
    }
    setController(c);
    return () => {
      const here = c.currentPlace();
      c.destroy();
      setController(null);
      // Leaving the globe (not replacing the city): the next view opens where the globe looked.
      if (here && useUiStore.getState().city === city) useUiStore.getState().flyTo(here.xM, here.yM, here.distanceM);
    };
  }, [city]);

  useEffect(() => controller?.setUserLayer(tilesUrl), [controller, tilesUrl]);

  if (!city) return null;
  const n = (v: number) => new Intl.NumberFormat(i18n.language).format(v);
  return (
    <div className="globe-view">
      <div ref={host} className="globe-host" role="img" aria-label={t('globe.label')} />
      {!controller && !failure && <p className="view-message globe-starting">{t('globe.starting')}</p>}
      {failure && <p className="view-message">{t('globe.failed', { message: failure })}</p>}
      {controller && (
        <section className="globe-panel" data-testid="globe-legend">
          <div className="globe-legend-row">
            <span>{t('globe.legend.lamps')}</span>
            <span className="ramp-bar" style={{ background: LAMP_GRADIENT }} />
            <span className="ramp-ticks">
              <span>{t('globe.legend.off')}</span>
              <span>{t('globe.legend.full')}</span>
            </span>
          </div>
          <div className="globe-legend-row inline">
            <span className="swatch-box buildings" />
            <span>{t('globe.legend.buildings', { count: controller.buildingCount, value: n(controller.buildingCount) })}</span>
          </div>
          <div className="globe-legend-row inline">
            <span className="swatch-box roads" />
            <span>{t('globe.legend.roads')}</span>
          </div>
          <div className="globe-legend-row inline" data-testid="globe-legend-vehicles">
            {VEHICLE_RGB.map((c, k) => (
              <span key={k} className="swatch-box" style={{ background: `rgb(${c[0]}, ${c[1]}, ${c[2]})`, borderRadius: '50%' }} />
            ))}
            <span>{t('globe.legend.vehicles')}</span>
          </div>
          <TilesField initial={initialTilesUrl} status={status} onShow={setTilesUrl} />
        </section>
      )}
    </div>
  );
}
