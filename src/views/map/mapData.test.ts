import { describe, expect, it } from 'vitest';
import { buildCity } from '../../core/city/builder.ts';
import { gridCity, gridCityInput } from '../../core/city/testing/gridCity.ts';
import { makeProjection } from '../../core/geo/projection.ts';
import { buildMapData, ROAD_CLASS_STYLE, selectionShape } from './mapData.ts';

const cityWithRings = () => {
  const input = gridCityInput({ lines: 4, spacingM: 120 });
  input.communes = [
    { name: 'Ouest', inseeCode: '99001', population: 1000, centreXM: 90, centreYM: 180, ringXYM: [-10, -10, 180, -10, 180, 370, -10, 370] },
    { name: 'Est', inseeCode: '99002', population: 0, centreXM: 270, centreYM: 180, ringXYM: [180, -10, 370, -10, 370, 370, 180, 370] },
  ];
  return buildCity(input);
};

describe('map binary columns', () => {
  it('lamp positions are lon/lat pairs (Float64) in lamp index order, from the city frame', () => {
    const city = gridCity({ lines: 4 });
    const d = buildMapData(city);
    const p = makeProjection(city.meta.frame);
    expect(d.lamps.length).toBe(city.lamps.count);
    expect(d.lamps.positions).toBeInstanceOf(Float64Array);
    expect(d.lamps.positions.length).toBe(city.lamps.count * 2);
    for (const i of [0, Math.floor(city.lamps.count / 2), city.lamps.count - 1]) {
      const [lon, lat] = p.toLonLat(city.lamps.xM[i], city.lamps.yM[i]);
      expect(d.lamps.positions[i * 2]).toBeCloseTo(lon, 10);
      expect(d.lamps.positions[i * 2 + 1]).toBeCloseTo(lat, 10);
    }
    const [w, s, e, n] = d.boundsLonLat;
    expect(w).toBeLessThan(e);
    expect(s).toBeLessThan(n);
  });

  it('roads: each two-way road once, start indices over per-vertex colours and widths, majors drawn last', () => {
    const city = gridCity({ lines: 4 });
    const { roads } = buildMapData(city);
    const drawn = new Set<number>();
    for (let i = 0; i < city.links.count; i++) {
      const r = city.links.reverse[i];
      if (r < 0 || r > i) drawn.add(i);
    }
    expect(roads.length).toBe(drawn.size);
    expect(new Set(roads.link)).toEqual(drawn);
    expect(roads.startIndices.length).toBe(roads.length + 1);
    const vertices = roads.startIndices[roads.length];
    expect(roads.positions.length).toBe(vertices * 2);
    expect(roads.colours.length).toBe(vertices * 4);
    expect(roads.widthsPx.length).toBe(vertices);
    for (let k = 0; k < roads.length; k++) {
      const link = roads.link[k];
      const n = city.links.shapeStart[link + 1] - city.links.shapeStart[link];
      expect(roads.startIndices[k + 1] - roads.startIndices[k]).toBe(n);
      const style = ROAD_CLASS_STYLE[city.links.roadClass[link]];
      const v = roads.startIndices[k];
      expect([...roads.colours.subarray(v * 4, v * 4 + 4)]).toEqual([...style.rgb, 255]);
      expect(roads.widthsPx[v]).toBeCloseTo(style.widthPx, 5);
    }
    // Residential (5) paths come before primary (2) ones: the major road is drawn on top.
    const classes = Array.from(roads.link, (l) => city.links.roadClass[l]);
    for (let k = 1; k < classes.length; k++) expect(classes[k]).toBeLessThanOrEqual(classes[k - 1]);
  });

  it('signals sit on their intersection node and remember the intersection they select', () => {
    const city = gridCity({ lines: 3 });
    const { signals } = buildMapData(city);
    expect(signals.length).toBe(city.signals.count);
    expect(signals.length).toBeGreaterThan(0);
    const p = makeProjection(city.meta.frame);
    const ix = signals.intersection[0];
    const node = city.intersections.node[ix];
    const [lon, lat] = p.toLonLat(city.nodes.xM[node], city.nodes.yM[node]);
    expect(signals.positions[0]).toBeCloseTo(lon, 10);
    expect(signals.positions[1]).toBeCloseTo(lat, 10);
    expect(signals.approaches[0]).toBe(city.signals.approachStart[1] - city.signals.approachStart[0]);
  });

  it('communes: lamp counts and rated kW per commune, and closed rings when the city has boundaries', () => {
    const city = cityWithRings();
    const { communes } = buildMapData(city);
    expect(communes.length).toBe(2);
    let lamps = 0, kW = 0;
    for (let c = 0; c < 2; c++) {
      lamps += communes.lampCount[c];
      kW += communes.ratedKW[c];
    }
    expect(lamps).toBe(city.lamps.count);
    expect(kW).toBeCloseTo(city.lamps.ratedPowerW.reduce((s, w) => s + w, 0) / 1000, 3);
    expect(communes.rings.length).toBe(2);
    expect(Array.from(communes.rings.commune)).toEqual([0, 1]);
    // Four corners plus the first one repeated: a closed ring of 5 points each.
    expect(Array.from(communes.rings.startIndices)).toEqual([0, 5, 10]);
    expect(communes.rings.positions[8]).toBe(communes.rings.positions[0]);
    expect(communes.rings.positions[9]).toBe(communes.rings.positions[1]);
  });

  it('a generated city without rings has commune points but no polygons', () => {
    const city = gridCity({ lines: 3 });
    expect(buildMapData(city).communes.rings.length).toBe(0);
  });

  it('selection shapes: a point for lamps and intersections, a path for links and closed building outlines', () => {
    const city = gridCity({ lines: 3 });
    expect(selectionShape(city, null)).toBeNull();
    expect(selectionShape(city, { kind: 'lamp', index: 0 })).toMatchObject({ kind: 'point' });
    expect(selectionShape(city, { kind: 'lamp', index: 0 })!.positions.length).toBe(2);
    expect(selectionShape(city, { kind: 'intersection', index: 0 })!.kind).toBe('point');
    const link = selectionShape(city, { kind: 'link', index: 0 })!;
    expect(link.kind).toBe('path');
    expect(link.positions.length).toBe((city.links.shapeStart[1] - city.links.shapeStart[0]) * 2);
    const b = selectionShape(city, { kind: 'building', index: 0 })!;
    expect(b.positions.length).toBe((city.buildings.ringStart[1] - city.buildings.ringStart[0] + 1) * 2);
    expect(selectionShape(city, { kind: 'lamp', index: city.lamps.count })).toBeNull();
  });
});
