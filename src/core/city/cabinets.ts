// Control cabinets: lamps of one commune inside one square cell share a cabinet, placed at
// their mean position (inventories rarely give cabinets, and the generated city has none).

import type { CabinetTable, LampTable } from './model.ts';

export function assignCabinets(lamps: Pick<LampTable, 'count' | 'xM' | 'yM' | 'commune' | 'cabinet'>, cellM: number): CabinetTable {
  const cabinetOfKey = new Map<string, number>();
  const sumX: number[] = [];
  const sumY: number[] = [];
  const n: number[] = [];
  const commune: number[] = [];
  for (let i = 0; i < lamps.count; i++) {
    const key = `${lamps.commune[i]}:${Math.floor(lamps.xM[i] / cellM)}:${Math.floor(lamps.yM[i] / cellM)}`;
    let c = cabinetOfKey.get(key);
    if (c === undefined) {
      c = n.length;
      cabinetOfKey.set(key, c);
      sumX.push(0);
      sumY.push(0);
      n.push(0);
      commune.push(lamps.commune[i]);
    }
    lamps.cabinet[i] = c;
    sumX[c] += lamps.xM[i];
    sumY[c] += lamps.yM[i];
    n[c]++;
  }
  return {
    count: n.length,
    xM: Float32Array.from(sumX, (s, c) => s / n[c]),
    yM: Float32Array.from(sumY, (s, c) => s / n[c]),
    commune: Uint16Array.from(commune),
  };
}
