import { describe, expect, it } from 'vitest';
import { RoadClass } from '../city/roadClass.ts';
import { BuildingUse, LampTechnology } from '../city/model.ts';
import {
  buildingFromOsmTags, lampFromOsmTags, lampTechnologyFromText, parseCount, parseLengthM, parseLit,
  parseMaxspeedKph, parseOneWay, roadFromOsmTags,
} from './osmTags.ts';
import { ImportReport } from './report.ts';

const tags = (o: Record<string, string>) => new Map(Object.entries(o));

describe('OSM tag parsing', () => {
  it('parses maxspeed numbers, units and zones', () => {
    expect(parseMaxspeedKph('50')).toBe(50);
    expect(parseMaxspeedKph('50 km/h')).toBe(50);
    expect(parseMaxspeedKph('30 mph')).toBeCloseTo(48.28, 2);
    expect(parseMaxspeedKph('10 knots')).toBeCloseTo(18.52, 2);
    expect(parseMaxspeedKph('FR:urban')).toBe(50);
    expect(parseMaxspeedKph('FR:rural')).toBe(80);
    expect(parseMaxspeedKph('FR:motorway')).toBe(130);
    expect(parseMaxspeedKph('DE:zone30')).toBe(30);
    expect(parseMaxspeedKph('DE:rural')).toBe(100);
    expect(parseMaxspeedKph('PL:urban')).toBe(50); // generic zone
    expect(parseMaxspeedKph('FR:30')).toBe(30); // zone:maxspeed style
    expect(parseMaxspeedKph('50;30')).toBe(50);
    expect(parseMaxspeedKph('none')).toBe(130);
    expect(parseMaxspeedKph('walk')).toBe(7);
    for (const bad of ['signals', 'variable', 'fast', '', '0', '1000', 'FR:nowhere']) expect(parseMaxspeedKph(bad)).toBeUndefined();
  });

  it('parses oneway, lanes, lit and lengths', () => {
    for (const v of ['yes', '1', 'true']) expect(parseOneWay(v)).toBe(1);
    expect(parseOneWay('-1')).toBe(-1);
    expect(parseOneWay('no')).toBe(0);
    expect(parseOneWay('maybe')).toBeUndefined();
    expect(parseCount('2')).toBe(2);
    expect(parseCount('2;3')).toBe(2);
    expect(parseCount('many')).toBeUndefined();
    expect(parseCount('-1')).toBeUndefined();
    expect(parseLit('yes')).toBe(true);
    expect(parseLit('24/7')).toBe(true);
    expect(parseLit('sunset-sunrise')).toBe(true);
    expect(parseLit('no')).toBe(false);
    expect(parseLit('perhaps')).toBeUndefined();
    expect(parseLengthM('12')).toBe(12);
    expect(parseLengthM('12 m')).toBe(12);
    expect(parseLengthM('12.5m')).toBe(12.5);
    expect(parseLengthM('12,5')).toBe(12.5);
    expect(parseLengthM('40 ft')).toBeCloseTo(12.19, 2);
    for (const bad of ['tall', '-3', '0', '12 storeys']) expect(parseLengthM(bad)).toBeUndefined();
  });
});

describe('roadFromOsmTags', () => {
  it('maps highway values to road classes', () => {
    const cases: [string, RoadClass][] = [
      ['motorway', RoadClass.Motorway], ['motorway_link', RoadClass.Motorway], ['trunk', RoadClass.Trunk],
      ['primary', RoadClass.Primary], ['secondary', RoadClass.Secondary], ['tertiary', RoadClass.Tertiary],
      ['residential', RoadClass.Residential], ['living_street', RoadClass.Residential], ['service', RoadClass.Service],
      ['pedestrian', RoadClass.Pedestrian], ['unclassified', RoadClass.Unclassified],
    ];
    for (const [hw, cls] of cases) expect(roadFromOsmTags(tags({ highway: hw }), new ImportReport(), 1)?.roadClass).toBe(cls);
  });

  it('skips ways that are not roads for cars and counts them by kind', () => {
    const report = new ImportReport();
    for (const hw of ['footway', 'cycleway', 'path', 'steps', 'footway', 'bus_stop']) {
      expect(roadFromOsmTags(tags({ highway: hw }), report, 7)).toBeNull();
    }
    expect(roadFromOsmTags(tags({ building: 'yes' }), report, 8)).toBeNull(); // not a highway: silent
    expect(report.counts).toEqual({ roadsSkippedFootway: 2, roadsSkippedCycleway: 1, roadsSkippedPath: 1, roadsSkippedSteps: 1, roadsSkippedOtherHighway: 1 });
  });

  it('reads lanes, speed, one-way, name, lighting and structures', () => {
    const report = new ImportReport();
    const r = roadFromOsmTags(tags({
      highway: 'primary', name: 'Rue de la Liberté', lanes: '3', 'lanes:forward': '2', 'lanes:backward': '1',
      maxspeed: '30 mph', oneway: 'no', lit: 'yes', bridge: 'viaduct', tunnel: 'no',
    }), report, 1)!;
    expect(r).toMatchObject({ roadClass: RoadClass.Primary, name: 'Rue de la Liberté', lanes: 3, lanesForward: 2, lanesBackward: 1, lit: true, bridge: true });
    expect(r.speedLimitKph).toBeCloseTo(48.28, 2);
    expect(r.oneWay).toBeUndefined();
    expect(r.tunnel).toBeUndefined();
    expect(roadFromOsmTags(tags({ highway: 'residential', oneway: '-1' }), report, 2)!.oneWay).toBe(-1);
  });

  it('implies one-way on roundabouts and motorways, unless tagged otherwise', () => {
    const report = new ImportReport();
    expect(roadFromOsmTags(tags({ highway: 'tertiary', junction: 'roundabout' }), report, 1)).toMatchObject({ oneWay: 1, roundabout: true });
    expect(roadFromOsmTags(tags({ highway: 'motorway' }), report, 2)!.oneWay).toBe(1);
    expect(roadFromOsmTags(tags({ highway: 'motorway', oneway: 'no' }), report, 3)!.oneWay).toBeUndefined();
  });

  it('keeps the class default for unparseable values and counts them', () => {
    const report = new ImportReport();
    const r = roadFromOsmTags(tags({ highway: 'secondary', maxspeed: 'signals', lanes: 'lots', oneway: 'sometimes' }), report, 1)!;
    expect(r.speedLimitKph).toBeUndefined();
    expect(r.lanes).toBeUndefined();
    expect(report.counts).toEqual({ maxspeedUnparsed: 1, lanesUnparsed: 1, onewayUnparsed: 1 });
    expect(roadFromOsmTags(tags({ highway: 'pedestrian', area: 'yes' }), report, 9)).toBeNull();
    expect(report.get('roadsSkippedArea')).toBe(1);
  });
});

describe('tag values named like Object.prototype members', () => {
  const names = Object.getOwnPropertyNames(Object.prototype); // constructor, toString, valueOf, __proto__…

  it('skips highway=<name> as an unknown highway, counted like any other', () => {
    const report = new ImportReport();
    for (const name of names) expect(roadFromOsmTags(tags({ highway: name }), report, 10), name).toBeNull();
    expect(report.counts).toEqual({ roadsSkippedOtherHighway: names.length });
    expect(report.describeSkips('roads', 'way ')).toEqual([`${names.length} × roadsSkippedOtherHighway (way 10, way 10, way 10, way 10, way 10, …)`]);
  });

  it('does not parse maxspeed=<name> as a speed', () => {
    for (const name of names) {
      for (const value of [name, `FR:${name}`, `XX:${name}`]) expect(parseMaxspeedKph(value), value).toBeUndefined();
    }
    const report = new ImportReport();
    const r = roadFromOsmTags(tags({ highway: 'residential', maxspeed: 'toString' }), report, 11)!;
    expect(r.speedLimitKph).toBeUndefined();
    expect(report.counts).toEqual({ maxspeedUnparsed: 1 });
  });

  it('gives building=<name> no use', () => {
    for (const name of names) {
      expect(buildingFromOsmTags(tags({ building: name }), new ImportReport()), name).toEqual({});
      expect(buildingFromOsmTags(tags({ building: 'yes', 'building:use': name }), new ImportReport()), name).toEqual({});
    }
  });
});

describe('buildings, signals and lamps from tags', () => {
  it('reads building height, levels and use', () => {
    const report = new ImportReport();
    expect(buildingFromOsmTags(tags({ building: 'apartments', height: '12.5 m', 'building:levels': '4' }), report))
      .toEqual({ heightM: 12.5, levels: 4, use: BuildingUse.Residential });
    expect(buildingFromOsmTags(tags({ building: 'yes', shop: 'bakery' }), report)).toEqual({ use: BuildingUse.Commercial });
    expect(buildingFromOsmTags(tags({ building: 'school' }), report)).toEqual({ use: BuildingUse.Public });
    expect(buildingFromOsmTags(tags({ building: 'yes', height: 'high' }), report)).toEqual({});
    expect(buildingFromOsmTags(tags({ building: 'no' }), report)).toBeNull();
    expect(report.get('buildingHeightUnparsed')).toBe(1);
  });

  it('reads street lamp attributes and technologies', () => {
    expect(lampFromOsmTags(tags({ highway: 'street_lamp', 'light:method': 'LED', height: '8' }), 42))
      .toEqual({ externalId: 'osm:node/42', technology: LampTechnology.LED, mountingHeightM: 8 });
    expect(lampFromOsmTags(tags({ highway: 'street_lamp', ref: 'L-17' }), 42).externalId).toBe('L-17');
    expect(lampTechnologyFromText('high_pressure')).toBe(LampTechnology.HPS);
    expect(lampTechnologyFromText('Sodium haute pression')).toBe(LampTechnology.HPS);
    expect(lampTechnologyFromText('low_pressure')).toBe(LampTechnology.LPS);
    expect(lampTechnologyFromText('mercury')).toBe(LampTechnology.MercuryVapour);
    expect(lampTechnologyFromText('Ballon fluo')).toBe(LampTechnology.MercuryVapour);
    expect(lampTechnologyFromText('metal-halide')).toBe(LampTechnology.MH);
    expect(lampTechnologyFromText('fluorescent')).toBe(LampTechnology.Fluorescent);
    expect(lampTechnologyFromText('gas')).toBe(LampTechnology.Unknown);
  });
});
