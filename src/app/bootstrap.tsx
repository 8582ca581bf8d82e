// Start-up: read the URL, pick the language, initialise i18n, render the app, load the bundled
// default city (decoded in the city worker for the views) and start the simulation worker on it.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useUiStore } from '../store/uiStore.ts';
import { detectLanguage, initI18n } from '../ui/i18n/i18n.ts';
import { openCityUrl } from '../ui/cityActions.ts';
import { startSimulation } from '../ui/simActions.ts';
import { App } from './App.tsx';
import { defaultNightTimeMs, readPresentParam, readUrlState } from './urlState.ts';
import { DEFAULT_CITY_FILE_NAME, DEFAULT_CITY_URL } from './defaultCity.ts';
import { liveConfigFromEnv } from '../live/liveConfig.ts';
import '../ui/app.css';

export async function bootstrap(root: HTMLElement): Promise<void> {
  const url = readUrlState(location.search);
  const language = detectLanguage(location.search, navigator.languages ?? [navigator.language]);
  useUiStore.setState({ view: url.view, language, present: readPresentParam(location.search) });
  // The broker live mode connects to: `?mqtt=ws://…` (tests, another broker), else what `npm start` says.
  const mqtt = new URLSearchParams(location.search).get('mqtt');
  try {
    useUiStore.getState().setLiveTarget(liveConfigFromEnv({ ...import.meta.env, ...(mqtt ? { VITE_TWIN_MQTT_URL: mqtt } : {}) }));
  } catch {
    useUiStore.getState().setLiveTarget(liveConfigFromEnv(import.meta.env));
  }
  const i18n = await initI18n(language);
  const timeMs = url.timeMs ?? defaultNightTimeMs(Date.now());
  createRoot(root).render(
    <StrictMode>
      <App i18n={i18n} timeMs={timeMs} />
    </StrictMode>,
  );
  await Promise.all([openCityUrl(DEFAULT_CITY_URL, DEFAULT_CITY_FILE_NAME), startSimulation(DEFAULT_CITY_URL, DEFAULT_CITY_FILE_NAME, url.timeMs)]);
}
