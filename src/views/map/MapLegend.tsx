// The map's layer panel: a toggle per layer (FR/EN) with that layer's legend under it (colours and
// units), and the lamp colour mode; re-renders only on toggles and live-KPI updates, never per frame.

import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CityModel } from '../../core/city/model.ts';
import { LAMP_TECHNOLOGY_NAMES } from '../../core/city/model.ts';
import { ROAD_CLASS_NAMES } from '../../core/city/roadClass.ts';
import { LAMP_COLOUR_MODES, LEVEL_RAMP, OFF_RGB, POWER_BINS_W, TECHNOLOGY_RGB, energyClassBoundsKWh, type LampColourMode, type Rgb } from './lampColours.ts';
import { ROAD_CLASS_STYLE } from './mapData.ts';
import { COMMUNE_RAMP, type CommuneFigures } from './communeStats.ts';
import { HEX_COLOURS, HEX_RADIUS_M, MAP_LAYER_IDS, type LayerVisibility, type MapLayerId } from './mapLayers.ts';
import { PRESENCE_COLOURS, type PresenceLegend as PresenceScale } from './presenceLayer.ts';
import { formatLocal } from '../../core/time/parisTime.ts';
import { LAMP_DIFF_MODES, LAMP_ENERGY_PCT, LAMP_LEVEL_PTS, NO_DIFF_RGBA, ROAD_SPEED_PCT, type DiffSummary, type DivergingScale, type LampDiffMode } from './diffLayers.ts';
import { formatEnergyKWh, formatNumber, formatPower } from './tooltip.ts';
import { EAQI_NAMES, EAQI_RGB, EAQI_SOURCE, OCCUPANCY_RAMP } from './feedLayers.ts';
import { ROAD_COLOUR_MODES, SIGNAL_COLOUR_MODES, type RoadColourMode, type SignalColourMode } from './trafficColumns.ts';
import { LIGHT_RGB, LOS_BANDS, NO_TRAFFIC_RGB, SPEED_RAMP, VEHICLE_RGB, VOLUME_BINS } from '../shared/trafficColours.ts';

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

/** Which road classes the city has (the legend lists only those), and whether communes have boundaries. */
function cityPresence(city: CityModel): { roadClasses: number[]; communeRings: boolean } {
  const rc = new Set<number>();
  for (let i = 0; i < city.links.count; i++) rc.add(city.links.roadClass[i]);
  const c = city.communes;
  return { roadClasses: [...rc].sort((a, b) => a - b), communeRings: c.ringStart[c.count] > 0 };
}

/** The energy mode's scale: fifths of the frame's 95th percentile, then the lamps above it. */
function EnergyLegend({ energy }: { energy: LampEnergyLegend | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (!energy) return <p className="legend-note" data-testid="legend-lamps">{t('map.legend.energyNone')}</p>;
  const e = (v: number) => formatEnergyKWh(v, t, lang);
  const bounds = energyClassBoundsKWh(energy.scaleKWh);
  return (
    <ul className="legend-list" data-testid="legend-lamps" data-scale-kwh={energy.scaleKWh}>
      <li className="legend-note">{t('map.legend.energy', { time: formatLocal(energy.fromMs), scale: e(energy.scaleKWh) })}</li>
      {bounds.map((from, k) => {
        const next = bounds[k + 1];
        return <Row key={k} rgb={POWER_BINS_W[k].rgb} label={next !== undefined ? t('map.legend.range', { from: e(from), to: e(next) }) : t('map.legend.atLeast', { value: e(from) })} />;
      })}
      <Row rgb={OFF_RGB} label={t('map.legend.off')} />
    </ul>
  );
}

function LampLegend({ mode, technologies, energy }: { mode: LampColourMode; technologies: number[]; energy: LampEnergyLegend | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (mode === 'energy') return <EnergyLegend energy={energy} />;
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

function PresenceLegend({ scale }: { scale: PresenceScale | null }) {
  const { t, i18n } = useTranslation();
  if (!scale) {
    return (
      <ul className="legend-list" data-testid="legend-presence">
        <li className="legend-note">{t('map.legend.noPresence')}</li>
      </ul>
    );
  }
  const step = scale.domainPerH[1] / PRESENCE_COLOURS.length;
  const v = (x: number) => t('map.legend.detPerH', { value: formatNumber(x, i18n.language) });
  return (
    <ul className="legend-list" data-testid="legend-presence">
      <li className="legend-note">{t('map.legend.presence', { radius: HEX_RADIUS_M, roads: formatNumber(scale.roads, i18n.language) })}</li>
      <li className="legend-note" data-testid="presence-window">{scale.fullHour ? t('map.legend.lastHour') : t('map.legend.since', { time: formatLocal(scale.fromMs) })}</li>
      {PRESENCE_COLOURS.map((rgb, k) => (
        <Row key={k} rgb={rgb} shape="hex" label={t('map.legend.range', { from: formatNumber(step * k, i18n.language), to: v(step * (k + 1)) })} />
      ))}
    </ul>
  );
}

/** Seven diverging classes, from the scale's limits, with a label for each end's meaning. */
function DivergingRows({ scale, unit, low, high }: { scale: DivergingScale; unit: string; low: string; high: string }) {
  const { t, i18n } = useTranslation();
  const v = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${formatNumber(Math.abs(x), i18n.language)} ${unit}`;
  const L = scale.limits;
  return (
    <>
      {scale.rgb.map((rgb, k) => {
        const label =
          k === 0 ? `< ${v(L[0])} (${low})` : k === L.length ? `≥ ${v(L[L.length - 1])} (${high})` : k === 3 ? t('map.diff.neutral', { from: v(L[2]), to: v(L[3]) }) : t('map.legend.range', { from: v(L[k - 1]), to: v(L[k]) });
        return <Row key={k} rgb={rgb} label={label} />;
      })}
    </>
  );
}

function DiffNote({ diff, problem }: { diff: DiffSummary | null; problem: string | null }) {
  const { t } = useTranslation();
  if (problem) return <li className="legend-note">{t('map.diff.problem', { message: problem })}</li>;
  if (!diff) return <li className="legend-note">{t('map.diff.none')}</li>;
  return <li className="legend-note" data-testid="diff-scenarios">{t('map.diff.scenarios', { variant: diff.variant, baseline: diff.baseline, start: diff.start.slice(0, 10), end: diff.end.slice(0, 10) })}</li>;
}

function DiffRoadsLegend({ diff, problem }: { diff: DiffSummary | null; problem: string | null }) {
  const { t } = useTranslation();
  return (
    <ul className="legend-list" data-testid="legend-diffRoads">
      <DiffNote diff={diff} problem={problem} />
      {diff && diff.roadsCompared === null && <li className="legend-note">{t('map.diff.noTraffic')}</li>}
      {diff && diff.roadsCompared !== null && (
        <>
          <li className="legend-note">{t('map.diff.roadsNote', { count: diff.roadsCompared })}</li>
          <DivergingRows scale={ROAD_SPEED_PCT} unit="%" low={t('map.diff.slowerShort')} high={t('map.diff.fasterShort')} />
          <Row rgb={[NO_DIFF_RGBA[0], NO_DIFF_RGBA[1], NO_DIFF_RGBA[2]]} shape="line" label={t('map.diff.notDriven')} />
        </>
      )}
    </ul>
  );
}

function DiffLampsLegend({ diff, problem, mode, onMode }: { diff: DiffSummary | null; problem: string | null; mode: LampDiffMode; onMode(m: LampDiffMode): void }) {
  const { t } = useTranslation();
  return (
    <>
      {diff && <ModeSelect label={t('map.colourBy')} value={mode} modes={LAMP_DIFF_MODES} prefix="map.diff.mode" testId="diff-lamp-mode" onChange={onMode} />}
      <ul className="legend-list" data-testid="legend-diffLamps">
        <DiffNote diff={diff} problem={problem} />
        {diff && (
          <>
            <li className="legend-note">{t('map.diff.lampsNote', { lower: diff.lampsLower, higher: diff.lampsHigher })}</li>
            {mode === 'level' ? (
              <DivergingRows scale={LAMP_LEVEL_PTS} unit={t('map.diff.points')} low={t('map.diff.dimmer')} high={t('map.diff.brighter')} />
            ) : (
              <DivergingRows scale={LAMP_ENERGY_PCT} unit="%" low={t('map.diff.less')} high={t('map.diff.more')} />
            )}
          </>
        )}
      </ul>
    </>
  );
}

export interface LampEnergyLegend {
  fromMs: number;
  scaleKWh: number;
}

export interface MapLegendProps {
  city: CityModel;
  visible: LayerVisibility;
  mode: LampColourMode;
  /** Lamp technologies of the fleet shown (the scenario's, retrofits applied). */
  technologies: number[];
  communes: CommuneFigures;
  hexDomainW: [number, number];
  /** The presence layer's scale and window (null: no presence-controlled lamps or no counts yet). */
  presence: PresenceScale | null;
  /** The studio comparison the difference layers show, or why not. */
  diff: DiffSummary | null;
  diffProblem: string | null;
  diffLampMode: LampDiffMode;
  onDiffLampMode(mode: LampDiffMode): void;
  /** Car parks and stations drawn (with a location). */
  feedPoints: { parking: number; air: number };
  onToggle(id: MapLayerId, on: boolean): void;
  onMode(mode: LampColourMode): void;
  /** The scenario has traffic (frames carry it). */
  traffic: boolean;
  /** Start of the span road volumes cover when shorter than an hour (null: the last hour). */
  volumeSinceMs: number | null;
  /** The energy mode's scale and start (null: no frame has brought lamp energies yet). */
  lampEnergy: LampEnergyLegend | null;
  roadMode: RoadColourMode;
  signalMode: SignalColourMode;
  onRoadMode(mode: RoadColourMode): void;
  onSignalMode(mode: SignalColourMode): void;
}

function SpeedLegend() {
  const { t } = useTranslation();
  const gradient = `linear-gradient(to right, ${SPEED_RAMP.map((s) => `${css(s.rgb)} ${s.ratio * 100}%`).join(', ')})`;
  return (
    <div className="legend-ramp" data-testid="legend-road-speed">
      <p className="legend-note">{t('map.legend.speedRatio')}</p>
      <span className="ramp-bar" style={{ background: gradient }} />
      <span className="ramp-ticks">
        <span>{t('unit.pct', { value: 0 })}</span>
        <span>{t('unit.pct', { value: 50 })}</span>
        <span>{t('unit.pct', { value: 100 })}</span>
      </span>
      <ul className="legend-list">
        <Row rgb={NO_TRAFFIC_RGB} shape="line" label={t('map.legend.noTraffic')} />
      </ul>
    </div>
  );
}

function VolumeLegend({ sinceMs }: { sinceMs: number | null }) {
  const { t, i18n } = useTranslation();
  const v = (x: number) => formatNumber(x, i18n.language);
  return (
    <ul className="legend-list" data-testid="legend-road-volume">
      <li className="legend-note">{t('map.legend.volume')}</li>
      {sinceMs !== null && <li className="legend-note" data-testid="volume-since">{t('map.legend.volumeSince', { time: formatLocal(sinceMs) })}</li>}
      <Row rgb={NO_TRAFFIC_RGB} shape="line" label={t('map.legend.vehPerH', { value: 0 })} />
      {VOLUME_BINS.map((b, k) => {
        const next = VOLUME_BINS[k + 1];
        const label = next
          ? t('map.legend.range', { from: v(b.fromVehPerH), to: t('map.legend.vehPerH', { value: v(next.fromVehPerH) }) })
          : t('map.legend.atLeast', { value: t('map.legend.vehPerH', { value: v(b.fromVehPerH) }) });
        return <Row key={b.fromVehPerH} rgb={b.rgb} shape="line" label={label} />;
      })}
    </ul>
  );
}

function ModeSelect<M extends string>({ label, value, modes, prefix, testId, onChange }: { label: string; value: M; modes: readonly M[]; prefix: string; testId: string; onChange(m: M): void }) {
  const { t } = useTranslation();
  return (
    <label className="legend-mode">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as M)} data-testid={testId}>
        {modes.map((m) => (
          <option key={m} value={m}>
            {t(`${prefix}.${m}`)}
          </option>
        ))}
      </select>
    </label>
  );
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

export function MapLegend({ city, visible, mode, technologies, communes, hexDomainW, presence: presenceScale, diff, diffProblem, diffLampMode, onDiffLampMode, feedPoints, onToggle, onMode, traffic, volumeSinceMs, lampEnergy, roadMode, signalMode, onRoadMode, onSignalMode }: MapLegendProps) {
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
        <LampLegend mode={mode} technologies={technologies} energy={lampEnergy} />
      </>
    ),
    roads: (
      <>
        {traffic && <ModeSelect label={t('map.colourBy')} value={roadMode} modes={ROAD_COLOUR_MODES} prefix="map.roadMode" testId="road-mode" onChange={onRoadMode} />}
        {traffic && roadMode === 'speed' ? (
          <SpeedLegend />
        ) : traffic && roadMode === 'volume' ? (
          <VolumeLegend sinceMs={volumeSinceMs} />
        ) : (
          <ul className="legend-list" data-testid="legend-roads">
            {presence.roadClasses.map((c) => (
              <Row key={c} rgb={ROAD_CLASS_STYLE[c].rgb} shape="line" label={t(`roadClass.${ROAD_CLASS_NAMES[c]}`)} />
            ))}
          </ul>
        )}
      </>
    ),
    vehicles: (
      <ul className="legend-list" data-testid="legend-vehicles">
        {traffic ? (
          (['car', 'bus', 'emergency'] as const).map((k, i) => <Row key={k} rgb={VEHICLE_RGB[i]} label={t(`map.tip.vehicle.${k}`)} />)
        ) : (
          <li className="legend-note">{t('map.legend.noTrafficScenario')}</li>
        )}
      </ul>
    ),
    signals: (
      <>
        {traffic && <ModeSelect label={t('map.colourBy')} value={signalMode} modes={SIGNAL_COLOUR_MODES} prefix="map.signalMode" testId="signal-mode" onChange={onSignalMode} />}
        <ul className="legend-list" data-testid="legend-signals">
          {!traffic && <Row rgb={[255, 64, 72]} label={t('map.legend.signals', { count: city.signals.count })} />}
          {traffic && signalMode === 'state' && (
            <>
              <Row rgb={LIGHT_RGB[0]} label={t('map.legend.light.red')} />
              <Row rgb={LIGHT_RGB[3]} label={t('map.legend.light.amber')} />
              <Row rgb={LIGHT_RGB[1]} label={t('map.legend.light.green')} />
            </>
          )}
          {traffic && signalMode === 'delay' && (
            <>
              <li className="legend-note">{t('map.legend.controlDelay')}</li>
              {LOS_BANDS.map((b, k) => (
                <Row
                  key={b.los}
                  rgb={b.rgb}
                  label={
                    Number.isFinite(b.maxDelayS)
                      ? t('map.legend.los', { los: b.los, from: k === 0 ? 0 : LOS_BANDS[k - 1].maxDelayS, to: b.maxDelayS })
                      : t('map.legend.losOver', { los: b.los, value: LOS_BANDS[k - 1].maxDelayS })
                  }
                />
              ))}
              <Row rgb={NO_TRAFFIC_RGB} label={t('map.tip.noCrossing')} />
            </>
          )}
        </ul>
      </>
    ),
    communes: <CommuneLegend figures={communes} byArea={presence.communeRings} />,
    hexagons: <HexLegend domainW={hexDomainW} />,
    presence: <PresenceLegend scale={presenceScale} />,
    diffRoads: <DiffRoadsLegend diff={diff} problem={diffProblem} />,
    diffLamps: <DiffLampsLegend diff={diff} problem={diffProblem} mode={diffLampMode} onMode={onDiffLampMode} />,
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
