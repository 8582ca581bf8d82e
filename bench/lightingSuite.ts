// Lighting benchmarks: a year of the whole city under part-night and presence-based dim-up, the
// scaling with lamps × days (10k / 34k / 100k lamps), and the analytic integration against a
// naive per-minute, per-lamp stepping of the same day (a ratio measured in the same run).

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateDefaultCity } from '../src/core/city/generate/defaultCity.ts';
import type { CityModel } from '../src/core/city/model.ts';
import { parseScenarioText } from '../src/core/scenario/parse.ts';
import { runScenario } from '../src/core/scenarioRun.ts';
import { createWorld, worldLampLevels } from '../src/core/world.ts';
import { powerFraction } from '../src/core/energy/powerModel.ts';
import { type BenchRow, timeMedianMs } from './harness.ts';

const DAY_MS = 86_400_000;

function scenario(repoRoot: string, name: string) {
  return parseScenarioText(readFileSync(resolve(repoRoot, 'scenarios', `${name}.scenario.json`), 'utf8'), name);
}

/** Energy of one day by sampling every lamp's level each minute (what a naive twin would do). */
function naiveDayKWh(city: CityModel, s: ReturnType<typeof scenario>, startMs: number): number {
  const w = createWorld(city, s, { startMs, endMs: startMs + DAY_MS });
  const levels = new Float32Array(city.lamps.count);
  const fleet = w.lighting.model.fleet;
  let wh = 0;
  for (let t = startMs; t < startMs + DAY_MS; t += 60_000) {
    w.timeMs = t;
    worldLampLevels(w, levels);
    for (let i = 0; i < levels.length; i++) if (levels[i] > 0) wh += (fleet.systemPowerW[i] * powerFraction(levels[i], fleet.technology[i]) + fleet.standbyW[i]) / 60;
  }
  return wh / 1000;
}

export function lightingSuite(repoRoot: string): BenchRow[] {
  const rows: BenchRow[] = [];
  const partNight = scenario(repoRoot, 'dijon-led-part-night');
  const presence = scenario(repoRoot, 'dijon-presence');
  const startMs = Date.parse(partNight.period.start);
  const cities: [string, CityModel][] = [
    ['10k', generateDefaultCity({ targetLampCount: 10_000 })],
    ['34k', generateDefaultCity()],
    ['100k', generateDefaultCity({ targetLampCount: 100_000 })],
  ];
  for (const [label, city] of cities) {
    for (const [name, s, days] of [
      ['part-night', partNight, 365],
      ['presence', presence, 365],
    ] as const) {
      let detections = 0;
      const t = timeMedianMs(() => {
        detections = runScenario(city, s, { startMs, endMs: startMs + days * DAY_MS }).lighting.presenceDetections;
      }, 3);
      rows.push({
        name: `${name}, ${days} days, ${label} lamps (${city.lamps.count})`,
        value: t.medianMs,
        unit: 'ms',
        note: `${((city.lamps.count * days) / (t.medianMs / 1000) / 1e6).toFixed(1)} M lamp·days/s${detections ? `, ${detections} detections` : ''}`,
      });
    }
  }
  // Analytic integration against per-minute stepping, same city, same day, same run.
  const city = cities[1][1];
  const day = startMs + 14 * DAY_MS;
  let naive = 0;
  const tNaive = timeMedianMs(() => (naive = naiveDayKWh(city, partNight, day)), 1, 0);
  let analytic = 0;
  const tAnalytic = timeMedianMs(() => (analytic = runScenario(city, partNight, { startMs: day, endMs: day + DAY_MS }).lighting.energyKWh), 5);
  rows.push({ name: 'one day, 34k lamps: per-minute stepping', value: tNaive.medianMs, unit: 'ms', note: `${naive.toFixed(0)} kWh` });
  rows.push({ name: 'one day, 34k lamps: analytic integration', value: tAnalytic.medianMs, unit: 'ms', note: `${analytic.toFixed(0)} kWh (${(((analytic - naive) / naive) * 100).toFixed(2)} % from stepping)` });
  rows.push({ name: 'analytic vs per-minute stepping', value: tNaive.medianMs / tAnalytic.medianMs, unit: '× faster', note: 'same day, same run' });
  return rows;
}
