import { describe, expect, it } from 'vitest';
import { gridCity } from '../../core/city/testing/gridCity.ts';
import { buildMapData } from './mapData.ts';
import { communeFigures } from './communeStats.ts';
import { DEFAULT_VISIBILITY, MapLayerBuilder, type MapLayerInputs } from './mapLayers.ts';
import { airTooltip, eaqiBand, feedLayerColumns, occupancyRgb, parkingTooltip } from './feedLayers.ts';
import type { AirQualityObservation, ParkingObservation } from '../../sim-client/types.ts';

type BinaryData = { length: number; startIndices?: Uint32Array; attributes: Record<string, { value: ArrayBufferView; size: number }> };

function inputs(version: number, colours: Uint8Array): MapLayerInputs {
  const city = gridCity({ lines: 4 });
  const data = buildMapData(city);
  const n = city.lamps.count;
  return {
    data,
    visible: { ...DEFAULT_VISIBILITY, hexagons: true },
    lampPositions: { value: data.lamps.positions, size: 2 },
    lampPositionsXYZ: { value: new Float64Array(n * 3), size: 3 },
    lampColours: { value: colours, size: 4, normalized: true },
    lampPowerW: { value: new Float32Array(n), size: 1 },
    lampVersion: version,
    roadPositions: { value: data.roads.positions, size: 2 },
    roadColours: { value: data.roads.colours, size: 4, normalized: true },
    roadWidths: { value: data.roads.widthsPx, size: 1 },
    signalPositions: { value: data.signals.positions, size: 2 },
    communePositions: { value: data.communes.positions, size: 2 },
    communeNames: city.communes.name, communeLabels: { shown: new Uint8Array(city.communes.count).fill(1), version: 0 },
    communes: communeFigures(city.communes.name, data.communes.population, data.communes.lampCount, null),
    hexDomainW: [0, 1000],
    selection: null,
    feedPoints: feedLayerColumns({ parking: [], airQuality: [] }),
    traffic: null,
  };
}

describe('map layers are fed by binary attributes', () => {
  const colours = new Uint8Array(4096);
  const base = inputs(1, colours);
  const builder = new MapLayerBuilder(base);

  it('lamps, roads, signals and hexagons take typed arrays, never per-feature objects', () => {
    const layers = builder.build(base);
    const byId = Object.fromEntries(layers.map((l) => [l.id, l.props.data as unknown as BinaryData]));
    expect(Object.keys(byId)).toEqual(expect.arrayContaining(['roads', 'lamps', 'signals', 'hexagons', 'communes']));
    const lamps = byId.lamps;
    expect(lamps.length).toBe(base.data.lamps.length);
    expect(lamps.attributes.getPosition.value).toBeInstanceOf(Float64Array);
    expect(lamps.attributes.getFillColor.value).toBe(colours);
    const roads = byId.roads;
    expect(roads.startIndices).toBe(base.data.roads.startIndices);
    expect(roads.attributes.getPath.value).toBe(base.data.roads.positions);
    expect(roads.attributes.getColor.value).toBeInstanceOf(Uint8Array);
    expect(byId.signals.attributes.getPosition.value).toBe(base.data.signals.positions);
    expect(byId.hexagons.attributes.getColorWeight.value).toBeInstanceOf(Float32Array);
    expect(byId.communes.attributes.getRadius.value).toBeInstanceOf(Float32Array);
  });

  it('the lamp data object is kept while its version holds (deck uploads nothing) and replaced when it changes', () => {
    const a = builder.build(base).find((l) => l.id === 'lamps')!.props.data;
    const b = builder.build(base).find((l) => l.id === 'lamps')!.props.data;
    expect(b).toBe(a);
    const next = { ...base, lampVersion: 2, lampColours: { value: colours, size: 4, normalized: true } };
    const c = builder.build(next).find((l) => l.id === 'lamps')!.props.data as unknown as BinaryData;
    expect(c).not.toBe(a);
    expect(c.attributes.getPosition).toBe(base.lampPositions);
  });

  it('commune names: only those the declutter kept, a new data array only when that set changes', () => {
    const n = base.data.communes.length;
    expect(n).toBeGreaterThan(0);
    const names = (b: MapLayerInputs) => builder.build(b).find((l) => l.id === 'commune-names')!.props.data as unknown as number[];
    const all = names(base);
    expect(all).toEqual(Array.from({ length: n }, (_, k) => k));
    expect(names(base)).toBe(all);
    const shown = new Uint8Array(n).fill(1);
    shown[0] = 0;
    const fewer = names({ ...base, communeLabels: { shown, version: 1 } });
    expect(fewer).toEqual(Array.from({ length: n - 1 }, (_, k) => k + 1));
  });

  it('presence: a hexagon layer over the roads with detections, weighted in detections/h, only when shown', () => {
    const presence = { length: 2, positions: new Float64Array(6), ratePerH: Float32Array.of(4, 8), totalPerH: 12, domainPerH: [0, 12] as [number, number], fromMs: 0, timeMs: 1, fullHour: true, roads: 2 };
    expect(builder.build({ ...base, presence }).map((l) => l.id)).not.toContain('presence');
    const layer = builder.build({ ...base, presence, visible: { ...base.visible, presence: true } }).find((l) => l.id === 'presence')!;
    const data = layer.props.data as unknown as BinaryData;
    expect(data.length).toBe(2);
    expect(data.attributes.getColorWeight.value).toBe(presence.ratePerH);
    expect((layer.props as unknown as { colorDomain: number[] }).colorDomain).toEqual([0, 12]);
  });

  it('difference layers: roads and lamps of a comparison, only when shown, new data only with a new key', () => {
    const n = base.data.lamps.length;
    const diff = { key: 1, roadColours: new Uint8Array(base.data.roads.length * 4), lampColours: { value: new Uint8Array(n * 4), size: 4, normalized: true } };
    const shown = { ...base, diff, visible: { ...base.visible, diffRoads: true, diffLamps: true } };
    expect(builder.build({ ...base, diff }).map((l) => l.id)).not.toContain('diff-lamps');
    const ids = builder.build(shown).map((l) => l.id);
    expect(ids.indexOf('diff-roads')).toBeGreaterThan(ids.indexOf('roads'));
    expect(ids.indexOf('diff-lamps')).toBeGreaterThan(ids.indexOf('lamps'));
    const lamps = () => builder.build(shown).find((l) => l.id === 'diff-lamps')!.props.data as unknown as BinaryData;
    const a = lamps();
    expect(a.attributes.getFillColor.value).toBe(diff.lampColours.value);
    expect(lamps()).toBe(a);
    expect(builder.build({ ...shown, diff: { ...diff, key: 2, roadColours: null } }).map((l) => l.id)).not.toContain('diff-roads');
  });

  it('hidden layers are not built; a selection adds a highlight on top', () => {
    const layers = builder.build({ ...base, visible: { roads: false, vehicles: false, lamps: true, signals: false, communes: false, hexagons: false, presence: false, parking: false, airQuality: false, diffRoads: false, diffLamps: false }, selection: { kind: 'point', positions: new Float64Array([5, 47]) } });
    expect(layers.map((l) => l.id)).toEqual(['lamps', 'selection']);
  });
});

describe('car parks and air quality from the feeds', () => {
  const park = (id: string, occupancy: number, lonLat?: [number, number]): ParkingObservation => ({ kind: 'parking', entityId: `urn:ngsi-ld:OffStreetParking:${id}`, carPark: id, timeMs: Date.UTC(2025, 0, 15, 18), occupancy, availableSpots: Math.round(400 * (1 - occupancy)), totalSpots: 400, name: id, ...(lonLat ? { lonLat } : {}) });
  const station: AirQualityObservation = { kind: 'airQuality', entityId: 'urn:ngsi-ld:AirQualityObserved:s1', timeMs: Date.UTC(2025, 0, 15, 18), no2: 95, pm10: 12, lonLat: [5.04, 47.32] };

  it('colours occupancy green to red and a station by its worst pollutant\'s EAQI band', () => {
    expect(occupancyRgb(0)).toEqual([46, 160, 67]);
    expect(occupancyRgb(1)).toEqual([218, 54, 51]);
    expect(eaqiBand(station)).toBe(2); // NO₂ 95 µg/m³: moderate (90–120); PM10 12: good
    expect(eaqiBand({ ...station, no2: 10, pm10: 160 })).toBe(5);
    expect(eaqiBand({ kind: 'airQuality', entityId: 'x', timeMs: 0, co: 200 })).toBe(-1);
  });

  it('draws only located readings, as binary layers with tooltips in units', () => {
    const cols = feedLayerColumns({ parking: [park('darcy', 0.9, [5.03, 47.32]), park('nowhere', 0.2)], airQuality: [station] });
    expect(cols.parking.length).toBe(1);
    const layers = new MapLayerBuilder(inputs(1, new Uint8Array(4096))).build({ ...inputs(1, new Uint8Array(4096)), feedPoints: cols });
    const parking = layers.find((l) => l.id === 'parking')!.props.data as unknown as BinaryData;
    expect(parking.attributes.getPosition.value).toEqual(new Float64Array([5.03, 47.32]));
    expect(layers.map((l) => l.id)).toContain('air-quality');
    const t = (k: string, p?: Record<string, unknown>) => `${k}${p ? JSON.stringify(p) : ''}`;
    expect(parkingTooltip(cols.parking.items[0], t, 'en')).toContain('map.tip.occupancy{"pct":"90"}');
    expect(parkingTooltip(cols.parking.items[0], t, 'en')).toContain('map.tip.spots{"free":"40","total":"400"}');
    expect(airTooltip(station, t, 'en')).toContain('map.tip.pollutant{"name":"feeds.pollutant.no2","value":"95"}');
  });
});
