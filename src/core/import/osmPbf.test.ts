import { describe, expect, it } from 'vitest';
import { parseOsmPbf } from './osmPbf.ts';
import { ImportError, resolveLimits } from './limits.ts';
import { ImportReport } from './report.ts';
import { RoadClass } from '../city/roadClass.ts';
import { BuildingUse } from '../city/model.ts';
import { Rng } from '../rng.ts';
import { writePbf, type PbfNode, type PbfWay, type PbfRelation } from './testing/pbfWriter.ts';

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
});
