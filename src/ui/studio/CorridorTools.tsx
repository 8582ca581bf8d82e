// Corridor tools of the studio: choose a street with several signals, set a green wave (common
// cycle, progression speed; the offsets the run will use listed per signal) and bus priority on the line.

import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { corridorOffsets, corridorSettingsOf, corridorStreets, setCorridor, type CorridorSettings } from '../../core/traffic/signalTiming.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { useStudioStore } from '../../store/studioStore.ts';
import { formatNumber } from '../format.ts';
import { editDraft } from './studioActions.ts';

const DEFAULT_WAVE = { cycleS: 90, progressionKph: 45 };

export function CorridorTools() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const city = useUiStore((s) => s.city);
  const draft = useStudioStore((s) => s.draft);
  const streets = useMemo(() => (city ? corridorStreets(city) : []), [city]);
  const [street, setStreet] = useState('');
  const current: CorridorSettings | null = draft && street ? corridorSettingsOf(draft, street) : null;
  const [wave, setWave] = useState(DEFAULT_WAVE);
  // Another street: the wave's figures start from the draft's rule for it, when it has one.
  const choose = (next: string) => {
    setStreet(next);
    const d = useStudioStore.getState().draft;
    setWave((d && next && corridorSettingsOf(d, next).greenWave) || DEFAULT_WAVE);
  };
  const offsets = useMemo(() => {
    if (!city || !street) return null;
    try {
      return corridorOffsets(city, street, wave.cycleS, wave.progressionKph);
    } catch (e) {
      return (e as Error).message;
    }
  }, [city, street, wave]);
  if (!city || !draft) return null;
  const apply = (next: CorridorSettings) => {
    try {
      editDraft(setCorridor(useStudioStore.getState().draft!, street, next));
    } catch (e) {
      useStudioStore.getState().setNotice({ kind: 'error', text: (e as Error).message });
    }
  };
  const validWave = wave.cycleS >= 40 && wave.cycleS <= 180 && wave.progressionKph >= 10 && wave.progressionKph <= 90;
  return (
    <section className="corridor-tools" data-testid="corridor-tools">
      <h3>{t('studio.signals.corridorTitle')}</h3>
      <div className="studio-row">
        <label htmlFor="corridor-street" className="field-label">
          {t('studio.signals.corridor')}
        </label>
        <select id="corridor-street" data-testid="corridor-street" value={street} onChange={(e) => choose(e.currentTarget.value)}>
          <option value="">{t('studio.signals.corridorChoose', { count: streets.length })}</option>
          {streets.map((s) => (
            <option key={s.street} value={s.street}>
              {t('studio.signals.corridorOption', { street: s.street, count: s.signals })}
            </option>
          ))}
        </select>
      </div>
      {street && current && (
        <>
          <div className="studio-row">
            <label>
              {t('studio.signals.commonCycle')}{' '}
              <input type="number" min={40} max={180} step={1} data-testid="corridor-cycle" value={wave.cycleS} onChange={(e) => setWave({ ...wave, cycleS: Number(e.currentTarget.value) })} /> s
            </label>
            <label>
              {t('studio.signals.progression')}{' '}
              <input
                type="number"
                min={10}
                max={90}
                step={1}
                data-testid="corridor-speed"
                value={wave.progressionKph}
                onChange={(e) => setWave({ ...wave, progressionKph: Number(e.currentTarget.value) })}
              />{' '}
              km/h
            </label>
          </div>
          <div className="studio-actions">
            <button type="button" className="primary" data-testid="corridor-apply-wave" disabled={!validWave} onClick={() => apply({ ...current, greenWave: wave })}>
              {current.greenWave ? t('studio.signals.updateWave') : t('studio.signals.applyWave')}
            </button>
            {current.greenWave && (
              <button type="button" data-testid="corridor-remove-wave" onClick={() => apply({ ...current, greenWave: null })}>
                {t('studio.signals.removeWave')}
              </button>
            )}
            <label>
              <input type="checkbox" data-testid="corridor-bus" checked={current.busPriority} onChange={(e) => apply({ ...current, busPriority: e.currentTarget.checked })} />{' '}
              {t('studio.signals.busPriority')}
            </label>
          </div>
          <p className="muted hint" data-testid="corridor-state">
            {current.greenWave
              ? t('studio.signals.waveInDraft', { cycle: current.greenWave.cycleS, speed: current.greenWave.progressionKph })
              : t('studio.signals.noWave')}
          </p>
          {typeof offsets === 'string' && <p className="scenario-error">{offsets}</p>}
          {Array.isArray(offsets) && (
            <table className="corridor-offsets" data-testid="corridor-offsets">
              <caption>{t('studio.signals.offsetsCaption', { cycle: wave.cycleS, speed: wave.progressionKph })}</caption>
              <thead>
                <tr>
                  <th>{t('studio.signals.signal')}</th>
                  <th>{t('studio.signals.distance')}</th>
                  <th>{t('studio.signals.travel')}</th>
                  <th>{t('studio.signals.offset')}</th>
                </tr>
              </thead>
              <tbody>
                {offsets.map((o) => (
                  <tr key={o.signal} data-offset-s={o.offsetS} data-distance-m={o.distanceM}>
                    <td>{o.id}</td>
                    <td>{t('unit.m', { value: formatNumber(o.distanceM, lang) })}</td>
                    <td>{formatNumber(o.travelS, lang, 1)} s</td>
                    <td>{formatNumber(o.offsetS, lang, 1)} s</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="muted hint">{t('studio.signals.waveHint')}</p>
        </>
      )}
    </section>
  );
}
