// City benchmarks: default city generation, .city file size and load time (against
// regenerating it), and the import of the real Dijon road file when ../shared/data is present.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeCity, encodeCity } from '../src/core/city/cityFile.ts';
import { generateDefaultCity } from '../src/core/city/generate/defaultCity.ts';
import { buildCity } from '../src/core/city/builder.ts';
import { importCity } from '../src/core/import/index.ts';
import type { CityModel } from '../src/core/city/model.ts';
import { summarizeCity } from '../src/core/city/summary.ts';
import { type BenchRow, timeMedianMs } from './harness.ts';

function inMemoryBytes(m: CityModel): number {
  let n = 0;
  for (const table of [m.communes, m.nodes, m.links, m.intersections, m.signals, m.lamps, m.cabinets, m.buildings]) {
    for (const v of Object.values(table)) if (ArrayBuffer.isView(v)) n += v.byteLength;
  }
  return n;
}

export function citySuite(repoRoot: string): BenchRow[] {
  const rows: BenchRow[] = [];
  let model: CityModel | null = null;
  const gen = timeMedianMs(() => (model = generateDefaultCity()), 3);
  const city = model as unknown as CityModel;
  const s = summarizeCity(city);
  rows.push({ name: 'default city: generate + build', value: gen.medianMs, unit: 'ms', note: `median of 3; ${s.lamps} lamps, ${s.buildings} buildings, ${s.roadKm} km` });
  let bytes: Uint8Array = new Uint8Array();
  const enc = timeMedianMs(() => (bytes = encodeCity(city)), 3);
  rows.push({ name: 'default city: encode .city', value: enc.medianMs, unit: 'ms' });
  rows.push({ name: 'default city: file size', value: bytes.length / 1048576, unit: 'MiB', note: `${(inMemoryBytes(city) / bytes.length).toFixed(1)}× smaller than its ${(inMemoryBytes(city) / 1048576).toFixed(1)} MiB of columns` });
  const load = timeMedianMs(() => decodeCity(bytes), 10);
  rows.push({ name: 'default city: load .city (decode + validate)', value: load.medianMs, unit: 'ms', note: 'median of 10' });
  rows.push({ name: 'default city: load vs regenerate', value: gen.medianMs / load.medianMs, unit: '× faster', note: 'generation time / load time, same run' });

  const committed = resolve(repoRoot, 'assets/dijon-generated.city');
  if (existsSync(committed)) {
    const same = Buffer.compare(Buffer.from(readFileSync(committed)), Buffer.from(bytes)) === 0;
    rows.push({ name: 'default city: asset reproducible', value: same ? 1 : 0, unit: same ? 'identical bytes' : 'DIFFERS from assets/ (run city:build-default)' });
  }

  const roadsPath = resolve(repoRoot, '../shared/data/dijon/dijon-metropole-roads-osm-simplified.geojson.gz');
  if (existsSync(roadsPath)) {
    const file = { name: 'dijon-metropole-roads-osm-simplified.geojson.gz', bytes: new Uint8Array(readFileSync(roadsPath)), role: 'roads' as const };
    let real: CityModel | null = null;
    const imp = timeMedianMs(() => (real = buildCity(importCity([file]))), 3);
    const rs = summarizeCity(real as unknown as CityModel);
    rows.push({ name: 'Dijon roads import (parse + build)', value: imp.medianMs, unit: 'ms', note: `median of 3; ${rs.roadKm} km, ${rs.links} links` });
    rows.push({ name: 'Dijon roads import throughput', value: rs.roadKm / (imp.medianMs / 1000), unit: 'road km/s' });
  } else {
    rows.push({ name: 'Dijon roads import', value: 0, unit: 'skipped', note: `${roadsPath} not found` });
  }
  return rows;
}
