// What the city worker does, kept separate from `expose` so Node tests can call it: fetch or
// take the bytes of a .city file, decode and validate it, hand the tables back by transfer.

import { decodeCity } from '../src/core/city/cityFile.ts';
import type { CityModel } from '../src/core/city/model.ts';

/** The distinct buffers under every typed-array column of a model (for a transfer list). */
export function modelBuffers(model: CityModel): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const table of [model.communes, model.nodes, model.links, model.intersections, model.signals, model.lamps, model.cabinets, model.buildings]) {
    for (const v of Object.values(table)) {
      if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) buffers.add(v.buffer);
    }
  }
  return [...buffers];
}

export const cityDecoder = {
  async decodeUrl(url: string, fileName: string): Promise<CityModel> {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${fileName}: HTTP ${res.status} ${res.statusText}`);
    return decodeCity(new Uint8Array(await res.arrayBuffer()), fileName);
  },
  decodeBytes(bytes: Uint8Array, fileName: string): CityModel {
    return decodeCity(bytes, fileName);
  },
};
export type CityDecoder = typeof cityDecoder;
