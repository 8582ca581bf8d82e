// Loading a city into the store: the bundled default at start-up, or a file the user opened or
// dropped (also handed to the simulation worker); a failure (CityFileError…) is shown and the current city stays.

import { loadCityFromFile, loadCityFromUrl } from '../sim-client/cityLoader.ts';
import { useUiStore } from '../store/uiStore.ts';
import { simulateCityFile } from './simActions.ts';

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function openCityFile(file: File): Promise<void> {
  useUiStore.setState({ cityLoading: true, cityError: null });
  const simulated = simulateCityFile(file);
  try {
    const city = await loadCityFromFile(file);
    await simulated;
    useUiStore.getState().setCity(city, file.name);
  } catch (e) {
    useUiStore.getState().setCityError(messageOf(e));
  }
}

export async function openCityUrl(url: string, fileName: string): Promise<void> {
  useUiStore.setState({ cityLoading: true, cityError: null });
  try {
    const city = await loadCityFromUrl(url, fileName);
    useUiStore.getState().setCity(city, fileName);
  } catch (e) {
    useUiStore.getState().setCityError(messageOf(e));
  }
}
