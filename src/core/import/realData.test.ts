// Importers against the real files in ../shared/data (skipped when absent, failing under CI=true).
import { expect, it } from 'vitest';
import { importCity } from './index.ts';
import { buildCity } from '../city/builder.ts';
import { summarizeCity } from '../city/summary.ts';
import type { CityModel } from '../city/model.ts';
import { CI, dataPath, describeWithData, hasCommand, joinPath, makeTempDir, readData, readPath, run } from '../../testing/sharedData.ts';


/** Road centreline length, a two-way road counted once. */
function roadKm(m: CityModel): number {
  let lengthM = 0;
  for (let l = 0; l < m.links.count; l++) if (m.links.reverse[l] < 0 || m.links.reverse[l] > l) lengthM += m.links.lengthM[l];
  return lengthM / 1000;
}

describeWithData('real data: Dijon Métropole roads and communes', () => {
  it('imports ≈ 2,480 km of centreline whose shared vertices become graph nodes', () => {
    const files = [readData('dijon/dijon-metropole-roads-osm-simplified.geojson.gz'), readData('dijon/dijon-metropole-communes.geojson')];
    const input = importCity(files);
    expect(input.report.roadsAccepted).toBe(13_418);
    expect(input.communes).toHaveLength(23);

    // Vertices used by two or more lines, keyed as the builder keys them (0.1 m).
    const Q = 0.1;
    const roadsAt = new Map<string, number>();
    for (const r of input.roads) {
      const seen = new Set<string>();
      for (let i = 0; i + 1 < r.xyM.length; i += 2) seen.add(`${Math.round(r.xyM[i] / Q)},${Math.round(r.xyM[i + 1] / Q)}`);
      for (const k of seen) roadsAt.set(k, (roadsAt.get(k) ?? 0) + 1);
    }
    const shared = [...roadsAt].filter(([, n]) => n >= 2).map(([k]) => k.split(',').map(Number));
    expect(shared.length).toBeGreaterThan(13_000);

    const m = buildCity(input);
    const km = roadKm(m);
    console.log(`Dijon: ${km.toFixed(1)} km, ${shared.length} shared vertices, ${m.nodes.count} nodes, ${m.intersections.count} intersections`);
    expect(km).toBeGreaterThan(2_430);
    expect(km).toBeLessThan(2_530);
    expect(summarizeCity(m).roadKm).toBeCloseTo(km, 0);

    const nodeKeys = new Set<string>();
    for (let n = 0; n < m.nodes.count; n++) {
      const qx = Math.round(m.nodes.xM[n] / Q);
      const qy = Math.round(m.nodes.yM[n] / Q);
      for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) nodeKeys.add(`${qx + dx},${qy + dy}`);
    }
    const missing = shared.filter(([qx, qy]) => !nodeKeys.has(`${qx},${qy}`));
    expect(missing).toEqual([]);
    expect(m.communes.count).toBe(23);
    let population = 0;
    for (let i = 0; i < m.communes.count; i++) population += m.communes.population[i];
    expect(population).toBe(261_178);
  });
});

describeWithData('real data: Berlin Adlershof OSM XML', () => {
  it('imports the traffic signals and the buildings with their heights', () => {
    const input = importCity([readData('osm/berlin-adlershof.osm.xml.gz')]);
    expect(input.report).toMatchObject({ osmNodes: 44_813, osmWays: 7_265, osmTrafficSignalNodes: 83, roadsAccepted: 1_396 });
    expect(input.signals).toHaveLength(83);
    expect(input.buildings.length).toBeGreaterThan(4_000);
    const tagged = input.buildings.filter((b) => b.heightM !== undefined || b.levels !== undefined).length;
    const m = buildCity(input);
    let known = 0;
    for (let i = 0; i < m.buildings.count; i++) known += m.buildings.heightKnown[i];
    console.log(`Berlin: ${m.signals.count} signalised intersections from ${input.signals.length} signal nodes (${m.meta.importReport.signalPointsUnmatched} unmatched), ${m.buildings.count} buildings, ${known} with a known height, ${roadKm(m).toFixed(1)} km`);
    expect(m.meta.importReport.signalPointsUnmatched).toBeLessThanOrEqual(5);
    expect(m.signals.count).toBeGreaterThan(40);
    expect(m.buildings.count).toBe(input.buildings.length);
    expect(known).toBe(tagged);
    expect(known).toBeGreaterThan(1_800);
    expect(m.lamps.count).toBeGreaterThan(0); // 4 OSM lamps are too few: synthesised
  });
});

const osmium = hasCommand('osmium');
describeWithData('real data: Berlin Adlershof as OSM PBF', () => {
  if (!osmium) {
    if (CI) it('needs osmium (Debian package osmium-tool) under CI=true', () => { throw new Error('osmium not found: apt-get install -y osmium-tool'); });
    else it.skip('skipped: osmium not found (install the Debian package osmium-tool)', () => {});
    return;
  }
  it('gives the same counts as the XML import', () => {
    const tmp = makeTempDir();
    try {
      const pbfPath = joinPath(tmp.dir, 'berlin-adlershof.osm.pbf');
      run('osmium', ['cat', dataPath('osm/berlin-adlershof.osm.xml.gz'), '-o', pbfPath, '--overwrite']);
      const fromPbf = importCity([{ name: 'berlin-adlershof.osm.pbf', bytes: readPath(pbfPath) }]);
      const fromXml = importCity([readData('osm/berlin-adlershof.osm.xml.gz')]);
      expect(fromPbf.report).toEqual(fromXml.report);
      expect(fromPbf.frame).toEqual(fromXml.frame);
      expect(fromPbf.roads.length).toBe(fromXml.roads.length);
      expect(fromPbf.signals.length).toBe(fromXml.signals.length);
      expect(fromPbf.buildings.length).toBe(fromXml.buildings.length);
      const a = buildCity(fromPbf);
      const b = buildCity(fromXml);
      expect([a.links.count, a.intersections.count, a.signals.count]).toEqual([b.links.count, b.intersections.count, b.signals.count]);
    } finally {
      tmp.remove();
    }
  });
});

describeWithData("real data: Montpellier's inventories on its streets", () => {
  it('snaps most of the 29,969 lamps and places the 373 signals', () => {
    const files = [
      readData('montpellier/montpellier-filaire-voies-2014.geojson'),
      readData('montpellier/montpellier-eclairage-public-2013.geojson'),
      readData('montpellier/montpellier-carrefours-a-feux-2013.geojson'),
    ];
    const input = importCity(files);
    expect(input.report).toMatchObject({ lampsAccepted: 29_969, signalsAccepted: 373 });
    expect(input.lamps).toHaveLength(29_969);
    const m = buildCity(input);
    let snapped = 0;
    for (let i = 0; i < m.lamps.count; i++) if (m.lamps.link[i] >= 0) snapped++;
    console.log(`Montpellier: ${roadKm(m).toFixed(1)} km, ${snapped}/${m.lamps.count} lamps snapped, ${m.signals.count} signalised intersections from 373 points`);
    expect(m.lamps.count).toBe(29_969);
    expect(snapped / m.lamps.count).toBeGreaterThan(0.95);
    expect(m.signals.count).toBeGreaterThan(300);
    expect(roadKm(m)).toBeGreaterThan(700);
  });
});
