import { describe, expect, it } from 'vitest';
import { parseOsmPbf } from './osmPbf.ts';
import { DEFAULT_IMPORT_LIMITS, ImportError, resolveLimits } from './limits.ts';
import { ImportReport } from './report.ts';
import { RoadClass } from '../city/roadClass.ts';
import { BuildingUse } from '../city/model.ts';
import { Rng } from '../rng.ts';
import { zlibSync } from 'fflate';
import { concatBytes, pbfBlob, pbfHeaderBlob, writePbf, type PbfNode, type PbfWay, type PbfRelation } from './testing/pbfWriter.ts';

const limits = resolveLimits();

const nodes: PbfNode[] = [
  { id: 1, lon: 5.04, lat: 47.32 },
  { id: 2, lon: 5.041, lat: 47.32, tags: { highway: 'traffic_signals' } },
  { id: 3, lon: 5.042, lat: 47.32 },
  { id: 4, lon: 5.041, lat: 47.321, tags: { highway: 'street_lamp', ref: 'L1' } },
  { id: 10, lon: 5.044, lat: 47.322 },
  { id: 11, lon: 5.0442, lat: 47.322 },
  { id: 12, lon: 5.0442, lat: 47.3222 },
  { id: 13, lon: 5.044, lat: 47.3222 },
  { id: 8_000_000_000, lon: -0.5, lat: -33.9 }, // ids and coordinates beyond 32 bits and below zero
];
const ways: PbfWay[] = [
  { id: 100, refs: [1, 2, 3], tags: { highway: 'secondary', name: 'Boulevard de la Trémouille', maxspeed: '30', oneway: '-1' } },
  { id: 101, refs: [4, 2], tags: { highway: 'cycleway' } },
  { id: 102, refs: [3, 8_000_000_000, 777], tags: { highway: 'residential' } },
  { id: 103, refs: [10, 11, 12] },
  { id: 104, refs: [12, 13, 10] },
];
const relations: PbfRelation[] = [{ id: 500, members: [{ type: 1, ref: 103, role: 'outer' }, { type: 1, ref: 104, role: 'outer' }], tags: { type: 'multipolygon', building: 'retail', height: '9' } }];

function parse(bytes: Uint8Array, l = limits) {
  const report = new ImportReport();
  return { city: parseOsmPbf(bytes, 'test.osm.pbf', l, report), report };
}

describe('parseOsmPbf', () => {
  const pbf = writePbf(nodes, ways, relations);

  it('decodes dense nodes, ways and relations with the shared tag mapping', () => {
    const { city, report } = parse(pbf);
    expect(city.roads).toHaveLength(2);
    expect(city.roads[0]).toMatchObject({ roadClass: RoadClass.Secondary, name: 'Boulevard de la Trémouille', speedLimitKph: 30, oneWay: -1 });
    expect(Array.from(city.roads[0].vertexKeys!)).toEqual([1, 2, 3]);
    expect(city.roads[0].lonLat[2]).toBeCloseTo(5.041, 7);
    expect(Array.from(city.roads[1].vertexKeys!)).toEqual([3, 8_000_000_000]);
    expect(city.roads[1].lonLat[3]).toBeCloseTo(-33.9, 7);
    expect(city.signals).toEqual([{ lon: expect.closeTo(5.041, 7), lat: expect.closeTo(47.32, 7), vertexKey: 2, externalId: 'osm:node/2' }]);
    expect(city.lamps[0].externalId).toBe('L1');
    expect(city.buildings).toHaveLength(1);
    expect(city.buildings[0]).toMatchObject({ heightM: 9, use: BuildingUse.Commercial });
    expect(report.counts).toMatchObject({ osmNodes: 9, osmWays: 5, osmRelations: 1, roadsSkippedCycleway: 1, roadsWithMissingNodesDropped: 1 });
  });

  it('reports a truncated file with its byte offset', () => {
    for (const cut of [2, 10, 40, pbf.length - 30, pbf.length - 1]) {
      expect(() => parse(pbf.subarray(0, cut)), `cut at ${cut}`).toThrow(/test\.osm\.pbf \(byte \d+, blob \d\): (truncated PBF|not an OSM PBF)/);
    }
  });

  it('rejects random bytes and corrupt blobs with an ImportError', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 20; trial++) {
      const bytes = new Uint8Array(5000);
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.nextUint32() & 0xff;
      expect(() => parse(bytes)).toThrow(ImportError);
    }
    const corrupt = pbf.slice();
    for (let i = pbf.length - 60; i < pbf.length - 20; i++) corrupt[i] ^= 0xa5;
    expect(() => parse(corrupt)).toThrow(ImportError);
  });

  it('refuses files whose first blob is not an OSMHeader, and unknown required features', () => {
    const notOsm = pbf.slice();
    notOsm.set(new TextEncoder().encode('OSMDatax'), 6); // rename the first blob's type
    expect(() => parse(notOsm)).toThrow(/not an OSM PBF file/);
    expect(() => parse(writePbf(nodes, ways, [], ['OsmSchema-V0.6', 'Sort.Type_then_ID', 'LocationsOnWaysOnly']))).toThrow(/unsupported required PBF feature "Sort\.Type_then_ID"/);
  });

  it('stops at the element limit', () => {
    expect(() => parse(pbf, resolveLimits({ maxElements: 3 }))).toThrow(/more than 3 OSM elements/);
  });

  it('accepts exactly maxElements elements and refuses one more with an ImportError, ids sorted or not', () => {
    // 9 nodes + 5 ways + 1 relation; out of order, nodes are looked up through a Map
    const shuffled = writePbf([...nodes].reverse(), ways, relations);
    for (const bytes of [pbf, shuffled]) {
      expect(parse(bytes, resolveLimits({ maxElements: 15 })).city.roads).toHaveLength(2);
      expect(() => parse(bytes, resolveLimits({ maxElements: 14 }))).toThrow(/test\.osm\.pbf \(relation 500\): more than 14 OSM elements \(limit maxElements\)/);
    }
  });

  it('keeps the default element limit below V8\'s Map size limit, so a large file fails with an ImportError', () => {
    // 2^24 = 16,777,216 entries: past it, new Map().set throws "RangeError: Map maximum size exceeded"
    expect(DEFAULT_IMPORT_LIMITS.maxElements).toBeLessThan(2 ** 24);
    expect(DEFAULT_IMPORT_LIMITS.maxCoordinates).toBeLessThan(2 ** 24);
  });
});

describe('parseOsmPbf zlib blobs', () => {
  const zeros = new Uint8Array(8 * 1024 * 1024);
  const bombZlib = zlibSync(zeros, { level: 9 }); // 8 MiB of zeros in ~8 KiB
  const file = (...blobs: Uint8Array[]) => concatBytes([pbfHeaderBlob(), ...blobs]);
  const headerLength = pbfHeaderBlob().length;

  it('refuses a blob whose zlib data gives more than its raw_size, while inflating it', () => {
    expect(bombZlib.length).toBeLessThan(20_000);
    for (const rawSize of [0, 10, 1000]) {
      const bytes = file(pbfBlob('OSMData', new Uint8Array(0), rawSize, bombZlib));
      const err = (() => {
        try {
          parse(bytes);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(err, `raw_size ${rawSize}`).toBeInstanceOf(ImportError);
      expect((err as ImportError).message).toBe(`test.osm.pbf (byte ${headerLength}, blob 1): zlib data gives more than raw_size = ${rawSize} bytes (inflating stopped)`);
      expect((err as ImportError).location).toMatchObject({ byteOffset: headerLength, element: 'blob 1' });
    }
    // ten such blobs: the first one stops the import
    const bombs = file(...Array.from({ length: 10 }, () => pbfBlob('OSMData', new Uint8Array(0), 0, bombZlib)));
    expect(() => parse(bombs)).toThrow(/\(byte \d+, blob 1\): zlib data gives more than raw_size = 0 bytes/);
  });

  it('refuses a blob whose zlib data ends short of its raw_size', () => {
    const short = file(pbfBlob('OSMData', new Uint8Array(0), 5000, zlibSync(new Uint8Array(4000))));
    expect(() => parse(short)).toThrow(/test\.osm\.pbf \(byte \d+, blob 1\): zlib data gives 4000 bytes, raw_size says 5000/);
  });

  it('counts each blob\'s raw_size against maxDecompressedBytes before inflating it', () => {
    const small = resolveLimits({ maxDecompressedBytes: 1024 * 1024 });
    // raw_size over what is left of the limit: refused before the (corrupt) data is even read
    const claimed = file(pbfBlob('OSMData', new Uint8Array(0), 2 * 1024 * 1024, new Uint8Array([0x78, 0x9c, 0xff, 0xff, 0xff, 0xff])));
    expect(() => parse(claimed, small)).toThrow(/test\.osm\.pbf \(byte \d+, blob 1\): PBF expands beyond the limit of 1\.0 MiB \(maxDecompressedBytes\)/);
    // honest blobs that add up past the limit: the third is refused
    const honest = pbfBlob('Other', new Uint8Array(400 * 1024));
    expect(() => parse(file(honest, honest), small)).not.toThrow();
    expect(() => parse(file(honest, honest, honest), small)).toThrow(/\(byte \d+, blob 3\): PBF expands beyond the limit of 1\.0 MiB/);
  });
});
