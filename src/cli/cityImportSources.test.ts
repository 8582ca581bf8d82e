import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, openSync, closeSync, ftruncateSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readImportSources } from './cityImportSources.ts';

const dir = mkdtempSync(join(tmpdir(), 'city-import-sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readImportSources', () => {
  it('reads the given paths with their roles and base names', () => {
    const roads = join(dir, 'roads.geojson');
    writeFileSync(roads, '{"type":"FeatureCollection","features":[]}');
    const files = readImportSources({ roads, lamps: [roads] });
    expect(files.map((f) => [f.name, f.role, f.bytes.length])).toEqual([['roads.geojson', 'roads', 42], ['roads.geojson', 'lamps', 42]]);
  });

  it('refuses a file above the size limit before reading it', () => {
    const huge = join(dir, 'huge.osm.pbf');
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, 600 * 1024 * 1024); // sparse: costs no disk and would take seconds to read
    closeSync(fd);
    const t0 = performance.now();
    expect(() => readImportSources({ osm: huge })).toThrow(/huge\.osm\.pbf: file is 600\.0 MiB \(629145600 bytes\), above the import limit of 512\.0 MiB/);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(() => readImportSources({ osm: huge }, { maxInputBytes: 1000 })).toThrow(/above the import limit of 1000 B/);
  });

  it('names missing files and refuses what is not a regular file', () => {
    expect(() => readImportSources({ roads: join(dir, 'nope.geojson') })).toThrow(/nope\.geojson: no such file/);
    expect(() => readImportSources({ roads: dir })).toThrow(/not a regular file/);
  });
});
