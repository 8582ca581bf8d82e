// Map analysis layers on the default city: bytes the worker frames add (scenario fleet, presence
// counts), the cost of counting presence and of building the presence, difference and label columns.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeCity } from '../src/core/city/cityFile.ts';
import { Rng } from '../src/core/rng.ts';
import { localClockToUtcMs, localMidnightUtcMs } from '../src/core/time/parisTime.ts';
import { SimSession } from '../workers/sim-session.ts';
import { buildMapData } from '../src/views/map/mapData.ts';
import { linkMidpoints, presenceColumns } from '../src/views/map/presenceLayer.ts';
import { HEX_RADIUS_M } from '../src/views/map/mapLayers.ts';
import { roadSpeedDiff, writeLampDiffColours } from '../src/views/map/diffLayers.ts';
import { declutterLabels, labelWidthPx, LABEL_HEIGHT_PX } from '../src/views/map/labelDeclutter.ts';
import { type BenchRow, timeMedianMs } from './harness.ts';

export function mapSuite(repoRoot: string): BenchRow[] {
  const rows: BenchRow[] = [];
  const city = decodeCity(new Uint8Array(readFileSync(resolve(repoRoot, 'assets/dijon-generated.city'))));
  const lamps = city.lamps.count, links = city.links.count;
  const text = (name: string) => readFileSync(resolve(repoRoot, `scenarios/${name}.scenario.json`), 'utf8');

  // The fleet rides once per session; presence counts about once a second.
  const session = new SimSession(city, { text: text('dijon-presence'), file: 'dijon-presence.scenario.json' }, new Map(), { days: 2 });
  const fleet = session.fleetColumns();
  rows.push({ name: 'frame: scenario fleet (once per session)', value: (fleet.ratedPowerW.byteLength + fleet.technology.byteLength) / 1024, unit: 'KiB', note: `${lamps} lamps, transferred` });
  const night = localClockToUtcMs(localMidnightUtcMs(session.startMs + 86_400_000), 22 * 3_600_000 + 30 * 60_000);
  session.advanceTo(night, Infinity, () => 0);
  let counts = session.presenceCounts()!;
  rows.push({ name: 'frame: presence counts (≤ 1 Hz)', value: counts.detectionsByLink.byteLength / 1024, unit: 'KiB', note: `${links} links, ${counts.roads} presence roads, transferred` });
  const count = timeMedianMs(() => (counts = session.presenceCounts()!), 10);
  rows.push({ name: 'worker: presence counts over the last hour', value: count.medianMs, unit: 'ms', note: 'dijon-presence at 22:30, median of 10' });
  const mids = linkMidpoints(city);
  const pc = timeMedianMs(() => presenceColumns(mids, counts, HEX_RADIUS_M), 10);
  rows.push({ name: 'map: presence layer columns + colour domain', value: pc.medianMs, unit: 'ms', note: `${presenceColumns(mids, counts, HEX_RADIUS_M).length} roads with detections, median of 10` });

  // Difference layers: both sides' per-lamp and per-link results (seeded values: the cost does not depend on them).
  const rng = new Rng(7);
  const side = () => ({
    lampKWh: Float64Array.from({ length: lamps }, () => 20 + rng.next() * 60),
    lampMeanLevel: Float32Array.from({ length: lamps }, () => rng.next()),
    links: { passages: Uint32Array.from({ length: links }, () => Math.floor(rng.next() * 400)), meanSpeedKph: Float32Array.from({ length: links }, () => 10 + rng.next() * 60) },
  });
  const base = side(), variant = side();
  const data = buildMapData(city);
  const colours = new Uint8Array(lamps * 4);
  const lampDiff = timeMedianMs(() => writeLampDiffColours('level', base, variant, colours), 10);
  rows.push({ name: 'map: lamp difference colours', value: lampDiff.medianMs, unit: 'ms', note: `${lamps} lamps, median of 10` });
  const roadDiff = timeMedianMs(() => roadSpeedDiff(data.roads, city.links.reverse, city.links.lengthM, base.links, variant.links), 10);
  rows.push({ name: 'map: road speed difference columns', value: roadDiff.medianMs, unit: 'ms', note: `${links} links → ${data.roads.length} roads, median of 10` });

  const n = city.communes.count;
  const boxes = { xPx: Float64Array.from({ length: n }, () => rng.next() * 1280), yPx: Float64Array.from({ length: n }, () => rng.next() * 800), widthPx: Float64Array.from(city.communes.name, labelWidthPx), heightPx: LABEL_HEIGHT_PX };
  const shown = new Uint8Array(n);
  const dec = timeMedianMs(() => declutterLabels(boxes, data.communes.population, shown), 50);
  rows.push({ name: 'map: commune label declutter', value: dec.medianMs, unit: 'ms', note: `${n} communes, median of 50` });
  return rows;
}
