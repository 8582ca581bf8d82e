// Saturation (discharge) flow from stop-line passage times during green, measured the same way
// for the twin and for SUMO: the mean headway of queued vehicles after the start-up ones.

export interface DischargeOptions {
  /** Vehicles of each green left out as start-up (HCM counts headways from the fifth vehicle). */
  startupVehicles: number;
  /** A headway longer than this means the queue has cleared: the rest of that green is not saturated (s). */
  maxHeadwayS: number;
  /** Passages this long after the end of green still count (vehicles crossing on amber) (s). */
  graceS: number;
  /**
   * Passages this long before the start of green count too: a simulator that reads the lights at
   * the end of its step lets the first car go one step early (s).
   */
  earlyS: number;
}

export interface Discharge {
  /** Saturated headways measured. */
  headways: number;
  meanHeadwayS: number;
  /** 3600 / mean headway: the discharge flow of one lane. */
  vehPerHourPerLane: number;
  /** Greens that had enough queued vehicles to give at least one headway. */
  saturatedGreens: number;
}

export const DEFAULT_DISCHARGE: DischargeOptions = { startupVehicles: 4, maxHeadwayS: 4, graceS: 3, earlyS: 1.5 };

/** Discharge flow of one lane from its sorted passage times (s) and the approach's green windows [start, end) (s). */
export function dischargeFlow(passagesS: readonly number[], greens: readonly (readonly [number, number])[], o: Partial<DischargeOptions> = {}): Discharge {
  const { startupVehicles, maxHeadwayS, graceS, earlyS } = { ...DEFAULT_DISCHARGE, ...o };
  let sumS = 0;
  let headways = 0;
  let saturatedGreens = 0;
  let i = 0;
  for (const [a, b] of greens) {
    while (i < passagesS.length && passagesS[i] < a - earlyS) i++;
    let j = i;
    while (j < passagesS.length && passagesS[j] < b + graceS) j++;
    const inGreen = passagesS.slice(i, j);
    let counted = 0;
    for (let k = startupVehicles; k < inGreen.length; k++) {
      const h = inGreen[k] - inGreen[k - 1];
      if (h > maxHeadwayS) break;
      sumS += h;
      counted++;
    }
    if (counted) saturatedGreens++;
    headways += counted;
    i = j;
  }
  const meanHeadwayS = headways ? sumS / headways : NaN;
  return { headways, meanHeadwayS, vehPerHourPerLane: headways ? 3600 / meanHeadwayS : NaN, saturatedGreens };
}

/** Discharge over several lanes (or approaches): headways pooled, so each lane weighs by its count. */
export function pooledDischarge(parts: readonly Discharge[]): Discharge {
  let headways = 0;
  let sumS = 0;
  let saturatedGreens = 0;
  for (const p of parts) {
    if (!p.headways) continue;
    headways += p.headways;
    sumS += p.headways * p.meanHeadwayS;
    saturatedGreens += p.saturatedGreens;
  }
  const meanHeadwayS = headways ? sumS / headways : NaN;
  return { headways, meanHeadwayS, vehPerHourPerLane: headways ? 3600 / meanHeadwayS : NaN, saturatedGreens };
}
