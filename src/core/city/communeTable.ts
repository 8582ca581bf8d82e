// The commune table of a city model, from builder input; a city without commune data gets
// one commune named after the city so that every row still "knows its commune".

import type { CommuneTable } from './model.ts';
import type { CommuneInput } from './builderInput.ts';

export function buildCommuneTable(inputs: CommuneInput[], cityName: string): CommuneTable {
  const list: CommuneInput[] = inputs.length
    ? inputs
    : [{ name: cityName, inseeCode: '', population: 0, centreXM: 0, centreYM: 0 }];
  if (list.length > 65535) throw new Error(`too many communes: ${list.length} (at most 65,535)`);
  const count = list.length;
  const ringStart = new Uint32Array(count + 1);
  let total = 0;
  for (let i = 0; i < count; i++) {
    ringStart[i] = total;
    total += Math.floor((list[i].ringXYM?.length ?? 0) / 2);
  }
  ringStart[count] = total;
  const ringXYM = new Float32Array(total * 2);
  for (let i = 0; i < count; i++) {
    const ring = list[i].ringXYM;
    if (ring) for (let k = 0; k < Math.floor(ring.length / 2) * 2; k++) ringXYM[ringStart[i] * 2 + k] = ring[k];
  }
  return {
    count,
    name: list.map((c) => c.name),
    inseeCode: list.map((c) => c.inseeCode),
    population: Uint32Array.from(list.map((c) => Math.max(0, Math.round(c.population)))),
    centreXM: Float32Array.from(list.map((c) => c.centreXM)),
    centreYM: Float32Array.from(list.map((c) => c.centreYM)),
    ringStart,
    ringXYM,
  };
}

/** Radius (m) used to weigh communes when boundaries are unknown: grows with population. */
export function defaultCommuneRadiusM(population: number): number {
  return 300 + 14 * Math.sqrt(Math.max(0, population));
}
