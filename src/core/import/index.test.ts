import { describe, expect, it } from 'vitest';
import { gzipSync, strToU8 } from 'fflate';
import { detectFormat, importCity, type ImportFile } from './index.ts';
import { ImportError } from './limits.ts';
import { buildCity } from '../city/builder.ts';
import { summarizeCity } from '../city/summary.ts';
import { LampFlag } from '../city/model.ts';
import { RoadClass } from '../city/roadClass.ts';
import { makeProjection } from '../geo/projection.ts';
import { SMALL_OSM } from './testing/smallOsm.ts';
import { writePbf } from './testing/pbfWriter.ts';
import { Rng } from '../rng.ts';

const json = (o: unknown) => strToU8(JSON.stringify(o));
const fc = (features: unknown[]) => ({ type: 'FeatureCollection', features });
const line = (coordinates: number[][], properties: Record<string, unknown> = { roadClass: 'minor' }) => ({ type: 'Feature', properties, geometry: { type: 'LineString', coordinates } });
const point = (coordinates: number[], properties: Record<string, unknown> = {}) => ({ type: 'Feature', properties, geometry: { type: 'Point', coordinates } });

// A T: the stem meets the bar at one of the bar's interior vertices, not at its end.
const T_ROADS = fc([
  line([[5.0400, 47.3200], [5.0410, 47.3200], [5.0420, 47.3200]], { roadClass: 'major', name: 'Bar' }),
  line([[5.0410, 47.3200], [5.0410, 47.3210]], { roadClass: 'minor', name: 'Stem' }),
]);

describe('importCity', () => {
  it('imports GeoJSON centrelines whose lines meet at interior vertices', () => {
    const input = importCity([{ name: 'roads.geojson', bytes: json(T_ROADS) }]);
    expect(input.name).toBe('roads');
    expect(input.source).toBe('imported');
    expect(input.frame).toEqual({ originLat: 47.3205, originLon: 5.041 });
    expect(input.lamps).toBeNull();
    expect(input.report).toMatchObject({ roadsAccepted: 2 });
    const m = buildCity(input);
    expect(m.intersections.count).toBe(1);
    const n = m.intersections.node[0];
    expect(m.nodes.xM[n]).toBeCloseTo(0, 3);
    expect(m.nodes.yM[n]).toBeCloseTo(-55.6, 1);
    let lengthM = 0;
    for (let l = 0; l < m.links.count; l++) lengthM += m.links.lengthM[l];
    expect(lengthM / 2).toBeCloseTo(150.8 + 111.2, 0); // two-way roads: two links each
    expect(summarizeCity(m).roadKm).toBeCloseTo(0.3, 5);
  });

  it('imports OSM XML (plain or gzip) and PBF to the same city, signals placed by node id', () => {
    const xml = importCity([{ name: 'town.osm', bytes: strToU8(SMALL_OSM) }]);
    const gz = importCity([{ name: 'town.osm.xml.gz', bytes: gzipSync(strToU8(SMALL_OSM)) }]);
    expect(gz.roads).toHaveLength(xml.roads.length);
    expect(gz.report).toEqual(xml.report);
    const m = buildCity(xml);
    expect(m.signals.count).toBe(1);
    const node = m.intersections.node[m.signals.intersection[0]];
    const [lon, lat] = makeProjection(m.meta.frame).toLonLat(m.nodes.xM[node], m.nodes.yM[node]);
    expect(lon).toBeCloseTo(5.041, 6);
    expect(lat).toBeCloseTo(47.32, 6);
    expect(m.buildings.count).toBe(2);
    expect(m.strings[m.signals.externalId[0]]).toBe('osm:node/2');

    const pbf = writePbf(
      [{ id: 1, lon: 5.04, lat: 47.32 }, { id: 2, lon: 5.041, lat: 47.32, tags: { highway: 'traffic_signals' } }, { id: 3, lon: 5.042, lat: 47.32 }, { id: 4, lon: 5.041, lat: 47.321 }, { id: 5, lon: 5.041, lat: 47.319 }],
      [{ id: 100, refs: [1, 2, 3], tags: { highway: 'primary' } }, { id: 101, refs: [4, 2, 5], tags: { highway: 'residential' } }],
    );
    const fromPbf = buildCity(importCity([{ name: 'town.osm.pbf', bytes: pbf }]));
    expect(fromPbf.signals.count).toBe(1);
    expect(fromPbf.intersections.count).toBe(1);
  });

  it('uses inventory lamps and signals instead of synthesis, dropping points far from the roads', () => {
    const lamps = fc([point([5.0405, 47.3201], { type_lante: 'LANTERNE' }), point([5.0411, 47.3205], { type_lante: 'BORNE COLONNE' }), point([3.87, 43.6], { type_lante: 'LANTERNE' })]);
    const signals = fc([point([5.04101, 47.32001], { CAR_LIEU: 'Bar / Stem' })]);
    const input = importCity([
      { name: 'roads.geojson', bytes: json(T_ROADS) },
      { name: 'eclairage.geojson', bytes: json(lamps) },
      { name: 'feux.geojson', bytes: json(signals), role: 'signals' },
    ]);
    expect(input.lamps).toHaveLength(2);
    expect(input.report).toMatchObject({ lampsAccepted: 3, lampsSkippedOutsideRoadArea: 1, signalsAccepted: 1 });
    const m = buildCity(input);
    expect(m.lamps.count).toBe(2);
    expect(m.lamps.flags[0] & LampFlag.FromInventory).toBeTruthy();
    expect(m.lamps.link[0]).toBeGreaterThanOrEqual(0);
    expect(m.lamps.mountingHeightM[1]).toBeCloseTo(1.2, 5);
    expect(m.signals.count).toBe(1);
  });

  it('takes the roads of a GeoJSON file over those of OSM, and says so', () => {
    const input = importCity([
      { name: 'town.osm', bytes: strToU8(SMALL_OSM) },
      { name: 'roads.geojson', bytes: json(T_ROADS), role: 'roads' },
    ]);
    expect(input.roads).toHaveLength(2);
    expect(input.roads[0].vertexKeys).toBeUndefined();
    expect(input.signals[0].vertexKey).toBeUndefined(); // OSM node ids mean nothing to these roads
    expect(input.buildings).toHaveLength(2);
    expect(input.warnings.join('\n')).toMatch(/roads from roads\.geojson replace the 3 OSM roads of town\.osm/);
  });

  it('adds commune polygons with their centroid and ring in the city frame', () => {
    const square = [[5.039, 47.319], [5.043, 47.319], [5.043, 47.322], [5.039, 47.322], [5.039, 47.319]];
    const communes = fc([{ type: 'Feature', properties: { nom: 'Dijon', code: '21231', population_legale_insee: 161830 }, geometry: { type: 'Polygon', coordinates: [square] } }]);
    const input = importCity([{ name: 'roads.geojson', bytes: json(T_ROADS) }, { name: 'communes.geojson', bytes: json(communes) }]);
    const p = makeProjection(input.frame);
    const [cx, cy] = p.toXY(5.041, 47.3205);
    expect(input.communes).toHaveLength(1);
    expect(input.communes[0].centreXM).toBeCloseTo(cx, 3);
    expect(input.communes[0].centreYM).toBeCloseTo(cy, 3);
    expect(input.communes[0].ringXYM!.length).toBe(8);
    const m = buildCity(input);
    expect(m.communes.name).toEqual(['Dijon']);
    expect(m.communes.population[0]).toBe(161830);
  });

  it('detects formats from content, and refuses what it cannot read', () => {
    expect(detectFormat({ name: 'x.bin', bytes: strToU8('<osm/>') })).toBe('osm-xml');
    expect(detectFormat({ name: 'x', bytes: gzipSync(json(T_ROADS)) })).toBe('geojson');
    expect(detectFormat({ name: 'x', bytes: writePbf([], []) })).toBe('osm-pbf');
    const rng = new Rng(5);
    const noise = new Uint8Array(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = rng.nextUint32() & 0xff;
    noise[0] = 0x99;
    expect(() => importCity([{ name: 'noise.dat', bytes: noise }])).toThrow(/noise\.dat: unrecognised format/);
    expect(() => importCity([{ name: 'noise.osm.pbf', bytes: noise }])).toThrow(ImportError);
    expect(() => importCity([{ name: 'noise.geojson', bytes: noise }])).toThrow(/noise\.geojson: unrecognised format|not valid JSON/);
    expect(() => importCity([{ name: 'town.osm', bytes: strToU8(SMALL_OSM), role: 'lamps' }])).toThrow(/OSM file/);
    expect(() => importCity([{ name: 'points.geojson', bytes: json(fc([point([5, 47])])) }])).toThrow(/cannot tell whether it lists lamps or signals/);
    expect(() => importCity([])).toThrow(/no input files/);
  });

  it('refuses an input above the size limit, naming the file and its size', () => {
    const files: ImportFile[] = [{ name: 'huge.osm', bytes: new Uint8Array(3 * 1024 * 1024) }];
    expect(() => importCity(files, { limits: { maxInputBytes: 1024 * 1024 } })).toThrow(/huge\.osm: file is 3\.0 MiB \(3145728 bytes\), above the import limit of 1\.0 MiB/);
  });

  it('labels skipped building relations as relations, and building ways as ways', () => {
    const osm = `<osm version="0.6">
      <node id="1" lat="47.32" lon="5.04"/><node id="2" lat="47.32" lon="5.041"/><node id="3" lat="47.321" lon="5.041"/>
      <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/></way>
      <way id="11"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="building" v="yes"/></way>
      <relation id="448078"><member type="way" ref="999" role="outer"/><tag k="type" v="multipolygon"/><tag k="building" v="yes"/></relation>
    </osm>`;
    const input = importCity([{ name: 'adlershof.osm', bytes: strToU8(osm) }]);
    expect(input.report).toMatchObject({ buildingsSkippedNotClosed: 1, buildingRelationsSkippedMissingWays: 1 });
    expect(input.warnings).toContain('adlershof.osm: skipped 1 × buildingsSkippedNotClosed (way 11)');
    expect(input.warnings).toContain('adlershof.osm: skipped 1 × buildingRelationsSkippedMissingWays (relation 448078)');
    expect(input.warnings.join('\n')).not.toMatch(/way 448078/);
  });

  it('skips highway=constructor and ignores maxspeed=toString (Object.prototype names are not table entries)', () => {
    const osm = `<osm version="0.6">
      <node id="1" lat="47.3" lon="5.0"/><node id="2" lat="47.301" lon="5.0"/><node id="3" lat="47.301" lon="5.001"/>
      <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="constructor"/></way>
      <way id="11"><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/><tag k="maxspeed" v="toString"/></way>
    </osm>`;
    const input = importCity([{ name: 'proto.osm', bytes: strToU8(osm) }]);
    expect(input.roads).toHaveLength(1);
    expect(input.roads[0].roadClass).toBe(RoadClass.Residential);
    expect(input.roads[0].speedLimitKph).toBeUndefined();
    expect(input.report).toEqual({ osmNodes: 3, osmWays: 2, roadsSkippedOtherHighway: 1, maxspeedUnparsed: 1, roadsAccepted: 1 });
    const m = buildCity(input);
    expect(Array.from(m.links.roadClass)).toEqual([RoadClass.Residential, RoadClass.Residential]);
    expect(Math.min(...m.links.speedLimitKph)).toBeGreaterThan(0);
  });

  it('refuses more road points in all the inputs than maxCoordinates, before building', () => {
    const a = fc([line([[5.04, 47.32], [5.041, 47.32], [5.042, 47.32]])]);
    const b = fc([line([[5.05, 47.32], [5.051, 47.32], [5.052, 47.32]])]);
    const files = [{ name: 'a.geojson', bytes: json(a) }, { name: 'b.geojson', bytes: json(b) }];
    expect(importCity(files, { limits: { maxCoordinates: 6 } }).roads).toHaveLength(2);
    expect(() => importCity(files, { limits: { maxCoordinates: 5 } })).toThrow(/^6 road points in all the inputs, above the limit of 5 \(maxCoordinates\)$/);
  });

  it('fails with the skip reasons and feature indices when no road is usable', () => {
    const bad = fc([point([5, 47]), line([[5, 47], [Infinity, 47]]), line([[5, 47]])]);
    expect(() => importCity([{ name: 'bad.geojson', bytes: json(bad), role: 'roads' }]))
      .toThrow(/bad\.geojson: no usable road centrelines among 3 features: 1 × roadsSkippedGeometryType \(#0\); 1 × roadsSkippedBadCoordinates \(#1\); 1 × roadsSkippedTooFewPoints \(#2\)/);
  });
});
