// Golden runs: small fixed scenarios whose KPIs (and per-trip results) are hashed and compared
// with the committed values in goldens.json; they change only through `npm run goldens:update`.

import { crc32 } from '../crc32.ts';
import { gridCity } from '../city/testing/gridCity.ts';
import { testScenario } from '../lighting/testing/scenarios.ts';
import { createWorld, runToEnd, worldKpis, type WorldKpis } from '../world.ts';

export interface GoldenResult {
  /** CRC-32 of the canonical JSON of the KPIs (and per-trip travel times where traffic runs). */
  hash: string;
  /** A few readable figures, so a changed hash shows what moved. */
  figures: Record<string, number>;
}

function hashOf(value: unknown, extra?: Float32Array): string {
  const json = new TextEncoder().encode(JSON.stringify(value));
  let c = crc32(json);
  if (extra) c = crc32(new Uint8Array(extra.buffer, extra.byteOffset, extra.byteLength), c);
  return c.toString(16).padStart(8, '0');
}

const city = () => gridCity({ lines: 7, spacingM: 150, signalAtCentre: true, buildings: false });

/** Lighting only: a week of part-night and presence rules on the grid city. */
function lightingWeek(): GoldenResult {
  const w = createWorld(
    city(),
    testScenario(
      {
        rules: [
          { where: {}, policy: { type: 'part-night', steps: [{ at: '22:00', level: 0.6 }, { at: '05:30', level: 1 }] } },
          { where: { roadClasses: ['residential'] }, policy: { type: 'presence', baseLevel: 0.2, activeLevel: 1 } },
        ],
      },
      { period: { start: '2025-01-15T12:00:00+01:00', days: 7 } },
    ),
  );
  runToEnd(w);
  const k: WorldKpis = worldKpis(w);
  return { hash: hashOf(k.lighting), figures: { energyKWh: k.lighting.energyKWh, compliantRoadShare: k.lighting.compliantRoadShare ?? -1 } };
}

/** Traffic and lighting together: an evening of the generated demand on the grid city, coupled. */
function trafficEvening(): GoldenResult {
  const w = createWorld(
    city(),
    testScenario(
      { rules: [{ where: {}, policy: { type: 'presence', baseLevel: 0.3, activeLevel: 1 } }] },
      { period: { start: '2025-03-11T16:00:00+01:00', days: 0.25 }, traffic: { demand: { scale: 2 }, defaultPlan: 'actuated' } },
    ),
  );
  runToEnd(w);
  const k = worldKpis(w);
  const t = k.traffic!;
  return {
    hash: hashOf({ lighting: k.lighting, traffic: t }, w.traffic!.results.travelS),
    figures: { trips: t.trips, completedTrips: t.completedTrips, meanTravelTimeS: t.meanTravelTimeS, co2Kg: t.co2Kg, energyKWh: k.lighting.energyKWh },
  };
}

export const GOLDEN_CASES: Record<string, () => GoldenResult> = {
  'lighting-week-grid': lightingWeek,
  'traffic-evening-grid': trafficEvening,
};
