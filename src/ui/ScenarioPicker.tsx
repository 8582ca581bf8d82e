// Choosing the lighting strategy: the project's scenarios, a scenario file from disk, and the
// simulated period; a refused scenario shows its message and the running strategy stays.

import { useTranslation } from 'react-i18next';
import { BUNDLED_SCENARIOS } from '../sim-client/scenarioLibrary.ts';
import { useUiStore } from '../store/uiStore.ts';
import { FILE_CHOICE_PREFIX, chooseScenario, choosePeriod, openScenarioFile } from './simActions.ts';

const PERIOD_DAYS = [1, 7, 30];

export function ScenarioPicker() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const choice = useUiStore((s) => s.scenarioChoice);
  const error = useUiStore((s) => s.scenarioError);
  const scenario = useUiStore((s) => s.sim.scenario);
  const problem = useUiStore((s) => s.sim.problem);
  const periodDays = useUiStore((s) => s.periodDays);
  const fileChoice = choice.startsWith(FILE_CHOICE_PREFIX) ? choice : null;
  return (
    <section className="panel-section scenario-picker" data-testid="scenario-picker">
      <div className="scenario-head">
        <label htmlFor="scenario-select" className="field-label">
          {t('scenario.label')}
        </label>
        <label className="button open-scenario" title={t('scenario.openTitle')}>
          {t('scenario.open')}
          <input
            type="file"
            accept=".json,application/json"
            data-testid="scenario-file-input"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void openScenarioFile(file);
            }}
          />
        </label>
      </div>
      <select
        id="scenario-select"
        data-testid="scenario-select"
        value={choice}
        onChange={(e) => {
          const v = e.currentTarget.value;
          if (!v.startsWith(FILE_CHOICE_PREFIX)) void chooseScenario(v);
        }}
      >
        {BUNDLED_SCENARIOS.map((s) => (
          <option key={s.name} value={s.name}>
            {s.title[lang]}
          </option>
        ))}
        {fileChoice && (
          <option value={fileChoice}>
            {t('scenario.fromFile', { title: scenario?.title[lang] ?? '', file: fileChoice.slice(FILE_CHOICE_PREFIX.length) })}
          </option>
        )}
      </select>
      <div className="scenario-row">
        <label htmlFor="period-select" className="field-label">
          {t('scenario.period')}
        </label>
        <select
          id="period-select"
          data-testid="period-select"
          value={periodDays === null ? '' : String(periodDays)}
          onChange={(e) => void choosePeriod(e.currentTarget.value === '' ? null : Number(e.currentTarget.value))}
        >
          <option value="">{t('scenario.periodScenario', { count: scenario?.scenarioDays ?? 0 })}</option>
          {PERIOD_DAYS.filter((d) => !scenario || d < scenario.scenarioDays).map((d) => (
            <option key={d} value={d}>
              {t('scenario.periodDays', { count: d })}
            </option>
          ))}
        </select>
      </div>
      {scenario && (
        <p className="scenario-description" data-testid="scenario-title">
          <strong>{scenario.title[lang]}</strong>
          {scenario.description && <> — {scenario.description[lang]}</>}
        </p>
      )}
      {error && (
        <div className="scenario-error" role="alert" data-testid="scenario-error">
          <p>{t('scenario.loadFailed', { message: error })}</p>
          <p className="muted">{t('scenario.kept')}</p>
          <button type="button" onClick={() => useUiStore.getState().setScenarioError(null)}>
            {t('scenario.dismiss')}
          </button>
        </div>
      )}
      {problem && (
        <p className="scenario-error" role="alert" data-testid="scenario-problem">
          {t('scenario.problem', { message: problem })}
        </p>
      )}
      {scenario?.baseline && !scenario.baselineFound && <p className="muted hint">{t('scenario.baselineMissing', { name: scenario.baseline })}</p>}
    </section>
  );
}
