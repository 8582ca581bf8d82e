// The map's layer panel: a toggle per layer (FR/EN) with that layer's legend under it (colours and
// units), and the lamp colour mode; re-renders only on toggles and live-KPI updates, never per frame.

import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CityModel } from '../../core/city/model.ts';
import { LAMP_TECHNOLOGY_NAMES } from '../../core/city/model.ts';
import { ROAD_CLASS_NAMES } from '../../core/city/roadClass.ts';
import { LAMP_COLOUR_MODES, LEVEL_RAMP, OFF_RGB, POWER_BINS_W, TECHNOLOGY_RGB, type LampColourMode, type Rgb } from './lampColours.ts';
import { ROAD_CLASS_STYLE } from './mapData.ts';
import { COMMUNE_RAMP, type CommuneFigures } from './communeStats.ts';
import { HEX_COLOURS, HEX_RADIUS_M, MAP_LAYER_IDS, type LayerVisibility, type MapLayerId } from './mapLayers.ts';
import { formatNumber, formatPower } from './tooltip.ts';
import { EAQI_NAMES, EAQI_RGB, EAQI_SOURCE, OCCUPANCY_RAMP } from './feedLayers.ts';

const css = (rgb: Rgb) => `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;

function Swatch({ rgb, shape = 'dot' }: { rgb: Rgb; shape?: 'dot' | 'line' | 'hex' | 'ring' }) {
  return <span className={`swatch swatch-${shape}`} style={{ background: shape === 'ring' ? 'transparent' : css(rgb), borderColor: css(rgb) }} aria-hidden="true" />;
}

function Row({ rgb, shape, label }: { rgb: Rgb; shape?: 'dot' | 'line' | 'hex' | 'ring'; label: string }) {
  return (
    <li>
      <Swatch rgb={rgb} shape={shape} />
      <span>{label}</span>
    </li>
  );
}

/** Which road classes and lamp technologies the city has (the legend lists only those), and whether communes have boundaries. */
function cityPresence(city: CityModel): { roadClasses: number[]; technologies: number[]; communeRings: boolean } {
  const rc = new Set<number>();
  for (let i = 0; i < city.links.count; i++) rc.add(city.links.roadClass[i]);
  const tech = new Set<number>();
  for (let i = 0; i < city.lamps.count; i++) tech.add(city.lamps.technology[i]);
  const c = city.communes;
  return { roadClasses: [...rc].sort((a, b) => a - b), technologies: [...tech].sort((a, b) => a - b), communeRings: c.ringStart[c.count] > 0 };
}

function LampLegend({ mode, technologies }: { mode: LampColourMode; technologies: number[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (mode === 'level') {
    const gradient = `linear-gradient(to right, ${LEVEL_RAMP.map((s) => `${css(s.rgb)} ${s.level * 100}%`).join(', ')})`;
    return (
      <div className="legend-ramp" data-testid="legend-lamps">
        <span className="ramp-bar" style={{ background: gradient }} />
        <span className="ramp-ticks">
          <span>{t('map.legend.off')}</span>
          <span>{t('unit.pct', { value: 50 })}</span>
          <span>{t('unit.pct', { value: 100 })}</span>
        </span>
      </div>
    );
  }
  if (mode === 'technology') {
    return (
      <ul className="legend-list" data-testid="legend-lamps">
        {technologies.map((i) => (
          <Row key={i} rgb={TECHNOLOGY_RGB[i] ?? TECHNOLOGY_RGB[0]} label={t(`technology.${LAMP_TECHNOLOGY_NAMES[i] ?? 'unknown'}`)} />
        ))}
      </ul>
    );
  }
  const w = (v: number) => formatPower(v, t, lang);
  return (
    <ul className="legend-list" data-testid="legend-lamps">
      {POWER_BINS_W.map((b, k) => {
        const next = POWER_BINS_W[k + 1];
        const label = next ? t('map.legend.range', { from: w(b.fromW), to: w(next.fromW) }) : t('map.legend.atLeast', { value: w(b.fromW) });
        return <Row key={b.fromW} rgb={b.rgb} label={label} />;
      })}
      {mode === 'powerNow' && <Row rgb={OFF_RGB} label={t('map.legend.off')} />}
    </ul>
  );
}

function CommuneLegend({ figures, byArea }: { figures: CommuneFigures; byArea: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const max = figures.max;
  const value = (v: number) =>
    figures.metric === 'kWhPerInhabitant' ? t('unit.kWh', { value: formatNumber(v, lang, v < 10 ? 2 : 1) }) : formatNumber(v, lang, 1);
  const gradient = `linear-gradient(to right, ${COMMUNE_RAMP.map((c) => css(c)).join(', ')})`;
  return (
    <div className="legend-ramp" data-testid="legend-communes">
      <p className="legend-note">
        {t(figures.metric === 'kWhPerInhabitant' ? 'map.legend.kWhPerInhabitant' : 'map.legend.lampsPerThousand')} ({t(byArea ? 'map.legend.byArea' : 'map.legend.byCircle')})
      </p>
      <span className="ramp-bar" style={{ background: gradient }} />
      <span className="ramp-ticks">
        <span>{value(0)}</span>
        <span>{value(max)}</span>
      </span>
    </div>
  );
}

function HexLegend({ domainW }: { domainW: [number, number] }) {
  const { t, i18n } = useTranslation();
  const step = domainW[1] / HEX_COLOURS.length;
  const w = (v: number) => formatPower(v, t, i18n.language);
  return (
    <ul className="legend-list" data-testid="legend-hexagons">
      <li className="legend-note">{t('map.legend.hexagons', { radius: HEX_RADIUS_M })}</li>
      {HEX_COLOURS.map((rgb, k) => (
        <Row key={k} rgb={rgb} shape="hex" label={t('map.legend.range', { from: w(step * k), to: w(step * (k + 1)) })} />
      ))}
    </ul>
  );
}

export interface MapLegendProps {
  city: CityModel;
  visible: LayerVisibility;
  mode: LampColourMode;
  communes: CommuneFigures;
  hexDomainW: [number, number];
  /** Car parks and stations drawn (with a location). */
  feedPoints: { parking: number; air: number };
  onToggle(id: MapLayerId, on: boolean): void;
  onMode(mode: LampColourMode): void;
}

function ParkingLegend({ count }: { count: number }) {
  const { t } = useTranslation();
  const gradient = `linear-gradient(to right, ${OCCUPANCY_RAMP.map((s) => `${css(s.rgb)} ${s.share * 100}%`).join(', ')})`;
  return (
    <div className="legend-ramp" data-testid="legend-parking">
      <p className="legend-note">{count ? t('map.legend.parking', { count }) : t('map.legend.noFeedPoints')}</p>
      <span className="ramp-bar" style={{ background: gradient }} />
      <span className="ramp-ticks">
        <span>{t('unit.pct', { value: 0 })}</span>
        <span>{t('unit.pct', { value: 50 })}</span>
        <span>{t('unit.pct', { value: 100 })}</span>
      </span>
    </div>
  );
}

function AirLegend({ count }: { count: number }) {
  const { t } = useTranslation();
  return (
    <ul className="legend-list" data-testid="legend-airQuality">
      <li className="legend-note">{count ? t('map.legend.airQuality', { count, source: EAQI_SOURCE }) : t('map.legend.noFeedPoints')}</li>
      {EAQI_NAMES.map((name, k) => (
        <Row key={name} rgb={EAQI_RGB[k]} label={t(`map.eaqi.${name}`)} />
      ))}
    </ul>
  );
}

export function MapLegend({ city, visible, mode, communes, hexDomainW, feedPoints, onToggle, onMode }: MapLegendProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(true);
  const presence = useMemo(() => cityPresence(city), [city]);
  const legends: Record<MapLayerId, ReactNode> = {
    lamps: (
      <>
        <label className="legend-mode">
          <span>{t('map.colourBy')}</span>
          <select value={mode} onChange={(e) => onMode(e.target.value as LampColourMode)} data-testid="lamp-mode">
            {LAMP_COLOUR_MODES.map((m) => (
              <option key={m} value={m}>
                {t(`map.mode.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <LampLegend mode={mode} technologies={presence.technologies} />
      </>
    ),
    roads: (
      <ul className="legend-list" data-testid="legend-roads">
        {presence.roadClasses.map((c) => (
          <Row key={c} rgb={ROAD_CLASS_STYLE[c].rgb} shape="line" label={t(`roadClass.${ROAD_CLASS_NAMES[c]}`)} />
        ))}
      </ul>
    ),
    signals: (
      <ul className="legend-list" data-testid="legend-signals">
        <Row rgb={[255, 64, 72]} label={t('map.legend.signals', { count: city.signals.count })} />
      </ul>
    ),
    communes: <CommuneLegend figures={communes} byArea={presence.communeRings} />,
    hexagons: <HexLegend domainW={hexDomainW} />,
    parking: <ParkingLegend count={feedPoints.parking} />,
    airQuality: <AirLegend count={feedPoints.air} />,
  };
  return (
    <section className={`map-panel${open ? '' : ' closed'}`} aria-label={t('map.layers')} data-testid="map-layers">
      <h2>
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> {t('map.layers')}
        </button>
      </h2>
      {open &&
        MAP_LAYER_IDS.map((id) => (
          <div key={id} className="map-layer">
            <label className="layer-toggle">
              <input type="checkbox" checked={visible[id]} onChange={(e) => onToggle(id, e.target.checked)} data-testid={`toggle-${id}`} />
              <span>{t(`map.layer.${id}`)}</span>
            </label>
            {visible[id] && legends[id]}
          </div>
        ))}
    </section>
  );
}
