// Main-thread proxy that loads a .city file in the city worker (fetch + inflate + validate off
// the main thread); decoding errors (CityFileError) come back as rejected promises with their message.

import { wrap, transfer, type Remote } from 'comlink';
import type { CityModel } from '../core/city/model.ts';

interface CityWorkerApi {
  decodeUrl(url: string, fileName: string): Promise<CityModel>;
  decodeBytes(bytes: Uint8Array, fileName: string): Promise<CityModel>;
}

let remote: Remote<CityWorkerApi> | null = null;

function cityWorker(): Remote<CityWorkerApi> {
  remote ??= wrap<CityWorkerApi>(new Worker(new URL('../../workers/city.worker.ts', import.meta.url), { type: 'module', name: 'city' }));
  return remote;
}

/** Loads a city file from a URL (e.g. the bundled default city). */
export function loadCityFromUrl(url: string, fileName: string): Promise<CityModel> {
  return cityWorker().decodeUrl(new URL(url, location.href).href, fileName);
}

/** Loads a city file the user opened or dropped; the bytes are moved to the worker. */
export async function loadCityFromFile(file: File): Promise<CityModel> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return cityWorker().decodeBytes(transfer(bytes, [bytes.buffer]), file.name);
}
