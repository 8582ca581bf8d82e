import { describe, expect, it } from 'vitest';
import { gridCity } from '../../core/city/testing/gridCity.ts';
import { buildMapData } from './mapData.ts';
import { communeFigures } from './communeStats.ts';
import { DEFAULT_VISIBILITY, MapLayerBuilder, type MapLayerInputs } from './mapLayers.ts';

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
    communeNames: city.communes.name,
    communes: communeFigures(city.communes.name, data.communes.population, data.communes.lampCount, null),
    hexDomainW: [0, 1000],
    selection: null,
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

  it('hidden layers are not built; a selection adds a highlight on top', () => {
    const layers = builder.build({ ...base, visible: { roads: false, lamps: true, signals: false, communes: false, hexagons: false }, selection: { kind: 'point', positions: new Float64Array([5, 47]) } });
    expect(layers.map((l) => l.id)).toEqual(['lamps', 'selection']);
  });
});
