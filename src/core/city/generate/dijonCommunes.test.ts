import { describe, expect, it } from 'vitest';
import { DIJON_COMMUNES, DIJON_METROPOLE_EPCI_CODE } from './dijonCommunes.ts';
import { DIJON_FACTS } from './dijonFacts.ts';
import { makeProjection } from '../../geo/projection.ts';
import { readFileSync } from 'node:fs';
import { REPO_ROOT, dataPath, describeWithData } from '../../../testing/sharedData.ts';

interface EpciMember {
  code: string;
  nom: string;
  populationMunicipale: number;
}
interface CommuneRow {
  code: string;
  nom: string;
  type: string;
  population: number;
}

const fs = { readFileSync };
const pkg = `${REPO_ROOT}/node_modules/@etalab/decoupage-administratif/data`;

describe('the commune table matches @etalab/decoupage-administratif', () => {
  const epci = JSON.parse(fs.readFileSync(`${pkg}/epci.json`, 'utf8')) as { code: string; membres: EpciMember[] }[];
  const members = epci.find((e) => e.code === DIJON_METROPOLE_EPCI_CODE)!.membres;

  it('lists the 23 members with their INSEE codes, names and municipal populations', () => {
    expect(DIJON_COMMUNES).toHaveLength(23);
    expect(members).toHaveLength(23);
    const byCode = new Map(members.map((m) => [m.code, m]));
    for (const c of DIJON_COMMUNES) {
      const m = byCode.get(c.inseeCode);
      expect(m, c.name).toBeDefined();
      expect(c.name).toBe(m!.nom);
      expect(c.populationMunicipale).toBe(m!.populationMunicipale);
    }
  });

  it('uses the INSEE legal populations, which sum to the calibration figure', () => {
    const communes = JSON.parse(fs.readFileSync(`${pkg}/communes.json`, 'utf8')) as CommuneRow[];
    const legal = new Map(communes.filter((c) => c.type === 'commune-actuelle').map((c) => [c.code, c.population]));
    for (const c of DIJON_COMMUNES) expect(c.population, c.name).toBe(legal.get(c.inseeCode));
    expect(DIJON_COMMUNES.reduce((s, c) => s + c.population, 0)).toBe(DIJON_FACTS.inhabitants.value);
    expect(DIJON_COMMUNES[0].population).toBe(DIJON_FACTS.dijonInhabitants.value);
  });
});

describeWithData('commune centres against the real boundaries (../shared/data, a check, not a source)', () => {
  it('every centre lies inside its commune or within 1 km of it', () => {
    const geo = JSON.parse(fs.readFileSync(dataPath('dijon/dijon-metropole-communes.geojson'), 'utf8')) as {
      features: { properties: { code: string }; geometry: { type: string; coordinates: number[][][] | number[][][][] } }[];
    };
    const proj = makeProjection({ originLat: DIJON_FACTS.centreLat.value, originLon: DIJON_FACTS.centreLon.value });
    for (const c of DIJON_COMMUNES) {
      const f = geo.features.find((g) => g.properties.code === c.inseeCode);
      expect(f, c.name).toBeDefined();
      const polygons = (f!.geometry.type === 'Polygon' ? [f!.geometry.coordinates] : f!.geometry.coordinates) as number[][][][];
      const [px, py] = proj.toXY(c.lon, c.lat);
      let inside = false;
      let nearestM = Infinity;
      for (const poly of polygons) {
        const ring = poly[0].map(([lon, lat]) => proj.toXY(lon, lat));
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const [xi, yi] = ring[i];
          const [xj, yj] = ring[j];
          if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
          const dx = xj - xi;
          const dy = yj - yi;
          const t = Math.max(0, Math.min(1, ((px - xi) * dx + (py - yi) * dy) / (dx * dx + dy * dy || 1)));
          nearestM = Math.min(nearestM, Math.hypot(xi + t * dx - px, yi + t * dy - py));
        }
      }
      expect(inside || nearestM < 1000, `${c.name}: ${Math.round(nearestM)} m outside`).toBe(true);
    }
  });
});
