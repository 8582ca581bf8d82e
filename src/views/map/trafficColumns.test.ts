import { describe, expect, it } from 'vitest';
import { gridCity } from '../../core/city/testing/gridCity.ts';
import { trafficFrameOver } from '../../core/traffic/frames.ts';
import { makeProjection } from '../../core/geo/projection.ts';
import { buildMapData } from './mapData.ts';
import { communeFigures } from './communeStats.ts';
import { DEFAULT_VISIBILITY, MapLayerBuilder, type MapLayerInputs } from './mapLayers.ts';
import { feedLayerColumns } from './feedLayers.ts';
import { VehicleColumns, buildSignalHeadPositions, writeHeadColours, writeRoadTrafficColours, writeSignalDelayColours } from './trafficColumns.ts';
import { LIGHT_RGB, LOS_BANDS, NO_TRAFFIC_RGB, SPEED_RAMP, VEHICLE_RGB, volumeRgb } from '../shared/trafficColours.ts';

const city = gridCity({ lines: 4 });
const data = buildMapData(city);

function frame(vehicles: number) {
  const f = trafficFrameOver({ capacity: 8, links: city.links.count, approaches: city.signals.approachLinks.length, signals: city.signals.count });
  f.vehicleCount = vehicles;
  f.linkSpeedRatio.fill(NaN);
  return f;
}

describe('traffic columns of the map', () => {
  it('colours each road path by the worse direction of its speed ratio, or by the volume of both directions', () => {
    const f = frame(0);
    const k = 0;
    const l = data.roads.link[k];
    const r = city.links.reverse[l];
    expect(r).toBeGreaterThanOrEqual(0);
    f.linkSpeedRatio[l] = 1;
    f.linkSpeedRatio[r] = 0;
    const out = new Uint8Array(data.roads.length * 4);
    writeRoadTrafficColours('speed', data.roads, city.links.reverse, f, out);
    expect(Array.from(out.subarray(0, 3))).toEqual(SPEED_RAMP[0].rgb);
    // A path no vehicle drove is grey.
    expect(Array.from(out.subarray(4, 7))).toEqual(NO_TRAFFIC_RGB);
    f.linkVolumeVehPerH[l] = 300;
    f.linkVolumeVehPerH[r] = 300;
    writeRoadTrafficColours('volume', data.roads, city.links.reverse, f, out);
    expect(Array.from(out.subarray(0, 3))).toEqual(volumeRgb(600));
    expect(volumeRgb(600)).not.toEqual(volumeRgb(300));
  });

  it('vehicles become lon/lat points coloured by type, as the map projects the city', () => {
    const f = frame(3);
    f.vehicleXYM.set([0, 0, 100, 50, -20, 300]);
    f.vehicleType.set([0, 1, 2]);
    f.vehicleSpeedMps.set([10, 5, 0]);
    const v = new VehicleColumns(city);
    expect(v.fill(f)).toBe(3);
    const p = makeProjection(city.meta.frame);
    const [lon, lat] = p.toLonLat(100, 50);
    expect(v.positions[2]).toBeCloseTo(lon, 9);
    expect(v.positions[3]).toBeCloseTo(lat, 9);
    expect(Array.from(v.colours.subarray(4, 7))).toEqual(VEHICLE_RGB[1]);
    expect(Array.from(v.colours.subarray(8, 11))).toEqual(VEHICLE_RGB[2]);
    expect(v.fill(null)).toBe(0);
  });

  it('signal heads sit one per approach near the stop line; colours follow lights and delays', () => {
    const heads = buildSignalHeadPositions(city);
    expect(heads.length / 2).toBe(city.signals.approachLinks.length);
    const light = new Uint8Array([0, 1, 3, 2]);
    const out = new Uint8Array(16);
    writeHeadColours(light, out);
    expect(Array.from(out.subarray(0, 3))).toEqual(LIGHT_RGB[0]);
    expect(Array.from(out.subarray(8, 11))).toEqual(LIGHT_RGB[3]);
    const d = new Uint8Array(8);
    writeSignalDelayColours(new Float32Array([NaN, 90]), d);
    expect(Array.from(d.subarray(0, 3))).toEqual(NO_TRAFFIC_RGB);
    expect(Array.from(d.subarray(4, 7))).toEqual(LOS_BANDS[5].rgb);
  });

  it('layers: vehicles and heads follow the frames while the road paths keep one data object', () => {
    const n = city.lamps.count;
    const base: MapLayerInputs = {
      data, visible: DEFAULT_VISIBILITY,
      lampPositions: { value: data.lamps.positions, size: 2 }, lampPositionsXYZ: { value: new Float64Array(n * 3), size: 3 },
      lampColours: { value: new Uint8Array(n * 4), size: 4, normalized: true }, lampPowerW: { value: new Float32Array(n), size: 1 }, lampVersion: 1,
      roadPositions: { value: data.roads.positions, size: 2 }, roadColours: { value: data.roads.colours, size: 4, normalized: true }, roadWidths: { value: data.roads.widthsPx, size: 1 },
      signalPositions: { value: data.signals.positions, size: 2 }, communePositions: { value: data.communes.positions, size: 2 }, communeNames: city.communes.name, communeLabels: { shown: new Uint8Array(city.communes.count).fill(1), version: 0 },
      communes: communeFigures(city.communes.name, data.communes.population, data.communes.lampCount, null), hexDomainW: [0, 1], selection: null,
      feedPoints: feedLayerColumns({ parking: [], airQuality: [] }), traffic: null,
    };
    const b = new MapLayerBuilder(base);
    expect(b.build(base).map((l) => l.id)).not.toContain('vehicles');
    const heads = buildSignalHeadPositions(city);
    const traffic = (key: number, version: number, count: number) => ({
      key,
      roadColours: { perPath: new Uint8Array(data.roads.length * 4), version },
      vehicles: { length: count, positions: { value: new Float64Array(16), size: 2 }, colours: { value: new Uint8Array(32), size: 4, normalized: true } },
      signalColours: null,
      heads: { length: heads.length / 2, positions: { value: heads, size: 2 }, colours: { value: new Uint8Array(heads.length * 2), size: 4, normalized: true } },
    });
    const a = b.build({ ...base, traffic: traffic(1, 1, 5) });
    const c = b.build({ ...base, traffic: traffic(2, 2, 7) });
    expect(a.map((l) => l.id)).toEqual(expect.arrayContaining(['roads', 'vehicles', 'signals', 'signal-heads']));
    expect((c.find((l) => l.id === 'vehicles')!.props.data as unknown as { length: number }).length).toBe(7);
    const roadsA = a.find((l) => l.id === 'roads')!.props;
    const roadsC = c.find((l) => l.id === 'roads')!.props;
    expect(roadsC.data).toBe(roadsA.data);
    expect((roadsC.updateTriggers as { getColor: number }).getColor).toBe(2);
  });
});
