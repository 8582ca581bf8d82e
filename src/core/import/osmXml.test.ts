import { describe, expect, it } from 'vitest';
import { gzipSync, strToU8 } from 'fflate';
import { parseOsmXml } from './osmXml.ts';
import { ImportError, resolveLimits } from './limits.ts';
import { ImportReport } from './report.ts';
import { RoadClass } from '../city/roadClass.ts';
import { BuildingUse } from '../city/model.ts';
import { Rng } from '../rng.ts';
import { SMALL_OSM } from './testing/smallOsm.ts';

const limits = resolveLimits();


function parse(xml: string | Uint8Array, l = limits) {
  const report = new ImportReport();
  const city = parseOsmXml(typeof xml === 'string' ? strToU8(xml) : xml, 'test.osm', l, report);
  return { city, report };
}

describe('parseOsmXml', () => {
  it('extracts roads with vertex keys, signals, lamps and buildings', () => {
    const { city, report } = parse(SMALL_OSM);
    expect(city.roads.map((r) => r.roadClass)).toEqual([RoadClass.Primary, RoadClass.Residential, RoadClass.Service]);
    const [liberte, residential, service] = city.roads;
    expect(liberte).toMatchObject({ name: 'Rue de la Liberté & Co', speedLimitKph: 50, lanes: 2, lit: true });
    expect(Array.from(liberte.vertexKeys!)).toEqual([1, 2, 3]);
    expect(Array.from(liberte.lonLat)).toEqual([5.04, 47.32, 5.041, 47.32, 5.042, 47.32]);
    expect(residential.oneWay).toBe(1);
    // a missing node is dropped from the way; ways left with one point (103, and 108 whose
    // node was deleted) are skipped
    expect(Array.from(service.vertexKeys!)).toEqual([3, 6]);
    expect(city.signals).toEqual([{ lon: 5.041, lat: 47.32, vertexKey: 2, externalId: 'osm:node/2' }]);
    expect(city.lamps).toHaveLength(1);
    expect(city.buildings).toHaveLength(2);
    expect(city.buildings[0]).toMatchObject({ heightM: 12.5, levels: 4, use: BuildingUse.Residential });
    expect(city.buildings[0].lonLat.length).toBe(8); // open ring of 4 points
    expect(city.buildings[1]).toMatchObject({ levels: 6, use: BuildingUse.Office });
    expect(city.buildings[1].lonLat.length).toBe(8);
    expect(report.counts).toMatchObject({
      osmNodes: 13, osmWays: 9, osmRelations: 1, osmTrafficSignalNodes: 1, osmStreetLampNodes: 1,
      roadsSkippedFootway: 1, roadsSkippedMissingNodes: 2, roadsWithMissingNodesDropped: 1, buildingsFromRelations: 1,
    });
  });

  it('reads the same from a gzip stream', () => {
    const plain = parse(SMALL_OSM);
    const gz = parse(gzipSync(strToU8(SMALL_OSM)));
    expect(gz.report.counts).toEqual(plain.report.counts);
    expect(gz.city.roads.length).toBe(plain.city.roads.length);
  });

  it('refuses XML that is not OSM', () => {
    expect(() => parse('<?xml version="1.0"?><kml><Document/></kml>')).toThrow(/test\.osm.*not OSM XML: the root element is <kml>/);
    expect(() => parse('')).toThrow(/not OSM XML/);
  });

  it('rejects an entity bomb ("billion laughs") before expanding anything', () => {
    let dtd = '<!ENTITY lol "lol">';
    for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`;
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lolz [${dtd}]>\n<osm><node id="1" lat="0" lon="0"><tag k="name" v="&lol9;"/></node></osm>`;
    expect(() => parse(bomb)).toThrow(/DOCTYPE is not accepted/);
    // the same when the DOCTYPE keyword straddles two text chunks, or comes gzip-compressed
    const padded = `<?xml version="1.0"?><!--${' '.repeat(1024 * 1024 - 34)}--><!DOCTYPE osm [<!ENTITY a "b">]><osm/>`;
    expect(() => parse(padded)).toThrow(/DOCTYPE/);
    expect(() => parse(gzipSync(strToU8(bomb)))).toThrow(/DOCTYPE/);
  });

  it('rejects undefined entities, truncated and malformed XML with a position', () => {
    expect(() => parse('<osm><node id="1" lat="0" lon="0"><tag k="a" v="&evil;"/></node></osm>')).toThrow(/test\.osm \(line 1:\d+\): malformed XML: undefined entity/);
    expect(() => parse(SMALL_OSM.slice(0, 600))).toThrow(/truncated or malformed XML/);
    expect(() => parse('<osm><node id="1" lat="0" lon="0"></way></osm>')).toThrow(ImportError);
  });

  it('rejects random bytes', () => {
    const rng = new Rng(3);
    const bytes = new Uint8Array(10_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = rng.nextUint32() & 0xff;
    expect(() => parse(bytes)).toThrow(ImportError);
  });

  it('stops at the element limit', () => {
    expect(() => parse(SMALL_OSM, resolveLimits({ maxElements: 5 }))).toThrow(/more than 5 OSM elements/);
  });

  it('skips nodes with impossible coordinates and counts them', () => {
    const { city, report } = parse('<osm><node id="1" lat="95" lon="0"/><node id="2" lat="1" lon="abc"/><node id="3" lat="1" lon="1"/>'
      + '<way id="9"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/></way></osm>');
    expect(report.get('osmNodesSkippedBadCoordinate')).toBe(2);
    expect(city.roads).toHaveLength(0);
    expect(report.get('roadsSkippedMissingNodes')).toBe(1);
  });
});
