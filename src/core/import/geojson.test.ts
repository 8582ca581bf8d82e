import { afterEach, describe, expect, it, vi } from 'vitest';
import { gzipSync, strToU8 } from 'fflate';
import { readFeatureCollection, type GeoJsonFeature } from './geojson.ts';
import { parseRoadFeatures } from './geojsonRoads.ts';
import { LAMP_TYPE_DEFAULTS, parseLampFeatures, parseSignalFeatures } from './inventories.ts';
import { parseCommuneFeatures } from './communes.ts';
import { ImportError, resolveLimits } from './limits.ts';
import { ImportReport } from './report.ts';
import { RoadClass } from '../city/roadClass.ts';
import { LampTechnology } from '../city/model.ts';

const limits = resolveLimits();
const bytesOf = (o: unknown) => strToU8(typeof o === 'string' ? o : JSON.stringify(o));
const line = (coordinates: unknown, properties: Record<string, unknown> = {}) => ({ type: 'Feature', properties, geometry: { type: 'LineString', coordinates } });
const point = (coordinates: unknown, properties: Record<string, unknown> = {}, id?: unknown) => ({ type: 'Feature', id, properties, geometry: { type: 'Point', coordinates } });

describe('readFeatureCollection', () => {
  it('reads plain and gzip-compressed FeatureCollections', () => {
    const fc = { type: 'FeatureCollection', features: [line([[5, 47], [5.001, 47]])] };
    expect(readFeatureCollection(bytesOf(fc), 'a.geojson', limits)).toHaveLength(1);
    expect(readFeatureCollection(gzipSync(bytesOf(fc)), 'a.geojson.gz', limits)).toHaveLength(1);
  });

  it('refuses JSON that is not a FeatureCollection, invalid JSON and projected CRSs', () => {
    expect(() => readFeatureCollection(bytesOf({ type: 'Feature' }), 'f.geojson', limits)).toThrow(/f\.geojson: not a GeoJSON FeatureCollection \(type is "Feature"\)/);
    expect(() => readFeatureCollection(bytesOf([1, 2]), 'f.geojson', limits)).toThrow(/not GeoJSON/);
    expect(() => readFeatureCollection(bytesOf('{"type": "FeatureCollection", "features": [ '), 'f.geojson', limits)).toThrow(/f\.geojson: not valid JSON/);
    expect(() => readFeatureCollection(bytesOf('{"type":"FeatureCollection","features":[NaN]}'), 'f.geojson', limits)).toThrow(ImportError);
    const lambert = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } }, features: [] };
    expect(() => readFeatureCollection(bytesOf(lambert), 'f.geojson', limits)).toThrow(/unsupported CRS/);
    const crs84 = { ...lambert, crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } } };
    expect(readFeatureCollection(bytesOf(crs84), 'f.geojson', limits)).toEqual([]);
  });

  it('refuses more features than the limit', () => {
    const fc = { type: 'FeatureCollection', features: Array.from({ length: 11 }, () => point([5, 47])) };
    expect(() => readFeatureCollection(bytesOf(fc), 'f.geojson', resolveLimits({ maxElements: 10 }))).toThrow(/11 features, above the limit of 10/);
  });
});

describe('readFeatureCollection memory bounds', () => {
  afterEach(() => vi.restoreAllMocks());
  /** A LineString road of n positions, as the bomb of the review (repeated "[5.0,47.3],"). */
  const roadText = (n: number) => `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"highway":"residential"},"geometry":{"type":"LineString","coordinates":[${'[5.0,47.3],'.repeat(n - 1)}[5.001,47.3]]}}]}`;

  it('refuses JSON text above maxJsonBytes before decoding or parsing it', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const text = strToU8(roadText(20_000)); // 215 KiB
    const l = resolveLimits({ maxJsonBytes: 100 * 1024 });
    expect(() => readFeatureCollection(text, 'roads.geojson', l)).toThrow(/^roads\.geojson: JSON text of 215\.0 KiB, above the limit of 100\.0 KiB \(maxJsonBytes\)$/);
    expect(parse).not.toHaveBeenCalled();
    expect(readFeatureCollection(text, 'roads.geojson', resolveLimits({ maxJsonBytes: text.length }))).toHaveLength(1);
  });

  it('stops gunzipping as soon as the JSON text passes maxJsonBytes', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const gz = gzipSync(strToU8(roadText(1_000_000)), { level: 9 }); // 11 MB of text in ~25 KB
    expect(gz.length).toBeLessThan(100_000);
    const l = resolveLimits({ maxJsonBytes: 1024 * 1024 });
    expect(() => readFeatureCollection(gz, 'bomb.geojson.gz', l)).toThrow(/^bomb\.geojson\.gz: JSON text expands beyond the limit of 1\.0 MiB \(maxJsonBytes; decompression stopped\)$/);
    expect(parse).not.toHaveBeenCalled();
  });

  it('keeps the default JSON limits well above the real files and below maxDecompressedBytes', () => {
    const d = resolveLimits();
    expect(d.maxJsonBytes).toBe(160 * 1024 * 1024);
    expect(d.maxJsonBytes).toBeLessThan(d.maxDecompressedBytes);
    expect(d.maxCoordinates).toBeGreaterThanOrEqual(10_000_000);
  });

  it('counts arrays and objects outside strings before JSON.parse (maxJsonContainers)', () => {
    const parse = vi.spyOn(JSON, 'parse');
    // "{}," costs V8 ~64 bytes per 3 bytes of text; the 101st container is the 99th "{}", at 40 + 98 × 3
    const empties = strToU8(`{"type":"FeatureCollection","features":[${'{},'.repeat(200)}{}]}`);
    const l = resolveLimits({ maxJsonContainers: 100 });
    expect(() => readFeatureCollection(empties, 'f.geojson', l)).toThrow(/^f\.geojson \(byte 334\): more than 100 JSON arrays and objects \(limit maxJsonContainers; every coordinate position is one array\)$/);
    expect(parse).not.toHaveBeenCalled();
    // brackets inside strings, escaped quotes included, are not counted
    const strings = bytesOf({ type: 'FeatureCollection', features: [point([5, 47], { name: '[{"\\'.repeat(500), note: 'a \\" [[[[' })] });
    expect(readFeatureCollection(strings, 'f.geojson', l)).toHaveLength(1);
  });

  it('refuses more coordinate positions than maxCoordinates, naming the feature', () => {
    const square = [[5, 47], [5.01, 47], [5.01, 47.01], [5, 47]];
    const fc = {
      type: 'FeatureCollection',
      features: [
        line([[5, 47], [5.001, 47], [5.002, 47]]), // 3
        point([5, 47]), // 1
        { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [[square, square], [square]] } }, // 12
        { type: 'Feature', properties: {}, geometry: { type: 'MultiLineString', coordinates: [[[5, 47], [5.001, 47]]] } }, // 2
      ],
    };
    expect(readFeatureCollection(bytesOf(fc), 'f.geojson', resolveLimits({ maxCoordinates: 18 }))).toHaveLength(4);
    expect(() => readFeatureCollection(bytesOf(fc), 'f.geojson', resolveLimits({ maxCoordinates: 17 }))).toThrow(/^f\.geojson \(feature #3\): more than 17 coordinate positions \(limit maxCoordinates\)$/);
    expect(() => readFeatureCollection(strToU8(roadText(5000)), 'roads.geojson', resolveLimits({ maxCoordinates: 4999 }))).toThrow(/roads\.geojson \(feature #0\): more than 4999 coordinate positions/);
  });
});

describe('road centrelines', () => {
  it('skips wrong geometry types and bad coordinates by reason, and keeps the good features', () => {
    const features = [
      line([[5, 47], [5.001, 47]], { roadClass: 'major', name: 'Rue A' }), // 0 good
      point([5, 47]), // 1 wrong type
      { type: 'Feature', properties: {}, geometry: null }, // 2 no geometry
      line([[5, 47], [Infinity, 47], [5.002, 47]]), // 3 one bad point: dropped, line kept
      line([[5, 47], [null, 47]]), // 4 < 2 valid points
      line([[5, 47], [200, 47]]), // 5 out of range
      line([[5, 47]]), // 6 one point
      line('not coordinates'), // 7
      { type: 'Feature', properties: {}, geometry: { type: 'MultiLineString', coordinates: [[[5, 47], [5.001, 47.001]], [[5.01, 47], [5.02, 47]]] } }, // 8 two parts
      { type: 'NotAFeature' }, // 9
      line([[5, 47], [NaN, 47], ['5', 47]]), // 10 (NaN as from code, strings)
    ] as GeoJsonFeature[];
    const report = new ImportReport();
    const roads = parseRoadFeatures(features, report);
    expect(roads).toHaveLength(4); // 0, 3, and both parts of 8
    expect(roads[0]).toMatchObject({ roadClass: RoadClass.Secondary, name: 'Rue A' });
    expect(Array.from(roads[1].lonLat)).toEqual([5, 47, 5.002, 47]);
    expect(roads[0].vertexKeys).toBeUndefined();
    expect(report.counts).toMatchObject({
      roadsAccepted: 3, roadsSkippedGeometryType: 1, roadsSkippedNoGeometry: 1, roadsSkippedBadCoordinates: 4,
      roadsSkippedTooFewPoints: 1, roadsSkippedNotAFeature: 1, roadsPointsDroppedBadCoordinate: 5,
    });
    expect(report.describeSkips('roadsSkippedBad')).toEqual(['4 × roadsSkippedBadCoordinates (#4, #5, #7, #10)']);
  });

  it('maps the simplified-OSM extract profile (Dijon)', () => {
    const report = new ImportReport();
    const roads = parseRoadFeatures([
      line([[5, 47], [5.001, 47]], { roadClass: 'minor', structure: 'normal', name: '' }),
      line([[5, 47], [5.001, 47]], { roadClass: 'highway', structure: 'bridge', name: 'LINO' }),
      line([[5, 47], [5.001, 47]], { roadClass: 'highway', structure: 'tunnel', name: 'Autoroute de Lorraine-Bourgogne' }),
      line([[5, 47], [5.001, 47]], { roadClass: 'tertiary' }),
      line([[5, 47], [5.001, 47]], { roadClass: 'enormous' }),
    ] as GeoJsonFeature[], report);
    expect(roads.map((r) => r.roadClass)).toEqual([RoadClass.Residential, RoadClass.Trunk, RoadClass.Motorway, RoadClass.Tertiary, RoadClass.Unclassified]);
    expect(roads[0].name).toBeUndefined();
    expect(roads[1]).toMatchObject({ bridge: true, name: 'LINO' });
    expect(roads[2].tunnel).toBe(true);
    expect(report.get('roadsClassDefaulted')).toBe(1);
  });

  it("maps Montpellier's filaire des voies profile", () => {
    const report = new ImportReport();
    const p = (o: Record<string, unknown>) => line([[3.87, 43.6], [3.871, 43.6]], { HIERARCHIE: null, OCCUPATION: null, ...o });
    const roads = parseRoadFeatures([
      p({ LIB_OFF: 'Rue René Grousset', TYPVOI: 'RUE', SENS_CIRCU: 'SENS UNIQUE' }),
      p({ LIB_OFF: 'Avenue de Lodève', TYPVOI: 'AV', SENS_CIRCU: 'DOUBLE SENS' }),
      p({ LIB_OFF: 'Rond-point X', TYPVOI: 'RDPT', SENS_CIRCU: 'SENS UNIQUE' }),
      p({ LIB_OFF: 'Rue de la Loge', TYPVOI: 'RUE', SENS_CIRCU: 'DOUBLE SENS', OCCUPATION: 'Piéton' }),
      p({ LIB_OFF: 'Rue de la Merci', TYPVOI: 'RUE', HIERARCHIE: '2' }),
      p({ LIB_OFF: 'Fictive', SENS_CIRCU: 'FICTIF' }),
      p({ LIB_OFF: 'Piste', SENS_CIRCU: 'DOUBLE SENS', OCCUPATION: 'Piste cyclable' }),
      p({ LIB_OFF: 'A709', TYPVOI: 'AUTO', SENS_CIRCU: 'DOUBLE SENS' }),
    ] as GeoJsonFeature[], report);
    expect(roads.map((r) => [r.roadClass, r.oneWay ?? 0])).toEqual([
      [RoadClass.Residential, 1], [RoadClass.Tertiary, 0], [RoadClass.Tertiary, 1], [RoadClass.Pedestrian, 0],
      [RoadClass.Secondary, 0], [RoadClass.Motorway, 0],
    ]);
    expect(roads[0].name).toBe('Rue René Grousset');
    expect(roads[2].roundabout).toBe(true);
    expect(report.counts).toMatchObject({ roadsSkippedFictitious: 1, roadsSkippedCycleway: 1, roadsOneWayDirectionAssumed: 2 });
  });

  it('treats Object.prototype member names as unknown values, not as table entries', () => {
    const report = new ImportReport();
    const names = Object.getOwnPropertyNames(Object.prototype); // constructor, toString, __proto__…
    const roads = parseRoadFeatures(names.flatMap((name) => [
      line([[5, 47], [5.001, 47]], { roadClass: name }),
      line([[3.87, 43.6], [3.871, 43.6]], { TYPVOI: name, SENS_CIRCU: 'DOUBLE SENS' }),
    ]) as GeoJsonFeature[], report);
    expect(roads).toHaveLength(2 * names.length);
    for (let i = 0; i < names.length; i++) {
      expect(roads[2 * i].roadClass, names[i]).toBe(RoadClass.Unclassified);
      expect(roads[2 * i + 1].roadClass, names[i]).toBe(RoadClass.Residential);
    }
    expect(report.get('roadsClassDefaulted')).toBe(names.length);
    const lamps = parseLampFeatures(names.map((name) => point([3.88, 43.6], { type_lante: name })) as GeoJsonFeature[], new ImportReport());
    for (const lamp of lamps) expect(lamp).toEqual({ lon: 3.88, lat: 43.6, technology: LampTechnology.Unknown });
  });

  it('reads OSM-style properties with the OSM tag mapping', () => {
    const report = new ImportReport();
    const roads = parseRoadFeatures([
      line([[5, 47], [5.001, 47]], { highway: 'primary', maxspeed: 'FR:urban', lanes: 4, oneway: 'yes' }),
      line([[5, 47], [5.001, 47]], { highway: 'footway' }),
    ] as GeoJsonFeature[], report);
    expect(roads).toHaveLength(1);
    expect(roads[0]).toMatchObject({ roadClass: RoadClass.Primary, speedLimitKph: 50, lanes: 4, oneWay: 1 });
    expect(report.get('roadsSkippedFootway')).toBe(1);
  });
});

describe('lamp and signal inventories', () => {
  it('maps lamp types to the stated defaults, keeps ids, and counts unknown types', () => {
    const report = new ImportReport();
    const lamps = parseLampFeatures([
      point([3.879137, 43.60471], { type_lante: 'LANTERNE' }),
      point([3.88, 43.6], { type_lante: 'PROJECTEUR' }, 'P-12'),
      point([3.88, 43.6], { type_lante: 'Encastré', puissance: '20 W', hauteur: 0.3 }),
      point([3.88, 43.6], { type_lante: 'Luminaire en applique', technologie: 'LED' }),
      point([3.88, 43.6], { type_lante: null }),
      point([3.88, 43.6], { type_lante: 'SOUCOUPE' }),
      point([NaN, 43.6], { type_lante: 'LANTERNE' }),
      line([[3.88, 43.6], [3.881, 43.6]]),
    ] as GeoJsonFeature[], report);
    expect(lamps).toHaveLength(6);
    expect(lamps[0]).toEqual({ lon: 3.879137, lat: 43.60471, technology: LampTechnology.Unknown });
    expect(lamps[1]).toMatchObject({ mountingHeightM: LAMP_TYPE_DEFAULTS.PROJECTEUR.mountingHeightM, ratedPowerW: 150, externalId: 'P-12' });
    expect(lamps[2]).toMatchObject({ mountingHeightM: 0.3, ratedPowerW: 20 });
    expect(lamps[3]).toMatchObject({ technology: LampTechnology.LED, mountingHeightM: 5 });
    expect(report.counts).toMatchObject({ lampsAccepted: 6, lampsWithoutType: 1, lampsUnknownType: 1, lampsSkippedBadCoordinates: 1, lampsSkippedGeometryType: 1 });
  });

  it('reads signal points with their inventory id', () => {
    const report = new ImportReport();
    const signals = parseSignalFeatures([
      point([3.838143, 43.607114], { CAR_LIEU: 'Passage Piéton / Pont De Lavérune' }, 0),
      point([3.86972, 43.626901], { CAR_LIEU: 'Justice / Mende / Dunant', id: 'x' }),
      point([1e999, 43.6]),
    ] as GeoJsonFeature[], report);
    expect(signals).toEqual([
      { lon: 3.838143, lat: 43.607114, externalId: '0' },
      { lon: 3.86972, lat: 43.626901, externalId: 'x' },
    ]);
    expect(report.get('signalsSkippedBadCoordinates')).toBe(1);
  });
});

describe('communes', () => {
  it('reads name, INSEE code, population and rings from polygons and multipolygons', () => {
    const report = new ImportReport();
    const square = [[5, 47], [5.01, 47], [5.01, 47.01], [5, 47.01], [5, 47]];
    const communes = parseCommuneFeatures([
      { type: 'Feature', properties: { code: '21231', nom: 'Dijon', population_legale_insee: 161830 }, geometry: { type: 'Polygon', coordinates: [square] } },
      { type: 'Feature', properties: { code: '21166', nom: 'Chenôve' }, geometry: { type: 'MultiPolygon', coordinates: [[square], [[[6, 47], [6.1, 47], [6.1, 47.1], [6, 47]]]] } },
      { type: 'Feature', properties: { nom: 'Nowhere' }, geometry: { type: 'Point', coordinates: [5, 47] } },
    ] as GeoJsonFeature[], report);
    expect(communes).toHaveLength(2);
    expect(communes[0]).toMatchObject({ name: 'Dijon', inseeCode: '21231', population: 161830 });
    expect(communes[0].outerRings[0]).toHaveLength(8); // closing point dropped
    expect(communes[1].outerRings).toHaveLength(2);
    expect(report.counts).toMatchObject({ communesAccepted: 2, communesWithoutPopulation: 1, communesSkippedGeometryType: 1 });
  });
});
