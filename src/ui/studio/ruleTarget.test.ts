import { beforeAll, describe, expect, it } from 'vitest';
import { generateDefaultCity } from '../../core/city/generate/defaultCity.ts';
import type { CityModel } from '../../core/city/model.ts';
import { makeProjection } from '../../core/geo/projection.ts';
import { parseScenario } from '../../core/scenario/parse.ts';
import { areaRingFromPoints, selectionTarget, targetLampCount } from './ruleTarget.ts';

describe('rule targets from the 3D view', () => {
  let city: CityModel;
  beforeAll(() => {
    city = generateDefaultCity();
  });

  it('turns ground clicks into a closed lon/lat ring the scenario accepts, selecting the lamps inside', () => {
    // A 600 m square around the city origin, clicked in metres.
    const ring = areaRingFromPoints(city, [-300, -300, 300, -300, 300, 300, -300, 300]);
    expect(ring).toHaveLength(5);
    expect(ring[4]).toEqual(ring[0]);
    const [lon, lat] = makeProjection(city.meta.frame).toLonLat(-300, -300);
    expect(ring[0][0]).toBeCloseTo(lon, 6);
    expect(ring[0][1]).toBeCloseTo(lat, 6);
    const s = parseScenario({ schema: 'twin-scenario', version: 2, name: 'a', title: { fr: 'a', en: 'a' }, period: { start: '2025-01-01T12:00:00+01:00' }, lighting: { rules: [{ where: { area: ring }, policy: { type: 'constant', level: 0.5 } }] } });
    const counted = targetLampCount(city, s.lighting.rules[0].where);
    let inside = 0;
    for (let i = 0; i < city.lamps.count; i++) if (Math.abs(city.lamps.xM[i]) < 300 && Math.abs(city.lamps.yM[i]) < 300) inside++;
    expect(inside).toBeGreaterThan(0);
    // Rounding to 1e-6° moves the edges by centimetres: lamps exactly on them are the only possible difference.
    expect('count' in counted && Math.abs(counted.count - inside)).toBeLessThanOrEqual(2);
  });

  it('takes a lamp, a road (its whole street) or the commune of a building as the target', () => {
    expect(selectionTarget(city, null)).toEqual({ error: 'noSelection' });
    const lamp = selectionTarget(city, { kind: 'lamp', index: 7 });
    expect(lamp).toEqual({ where: { lamps: [expect.any(String)] } });
    expect(targetLampCount(city, (lamp as { where: object }).where)).toEqual({ count: 1 });

    const lit = city.lamps.link[7];
    const road = selectionTarget(city, { kind: 'link', index: lit });
    expect('where' in road).toBe(true);
    const n = (targetLampCount(city, (road as { where: object }).where) as { count: number }).count;
    expect(n).toBeGreaterThanOrEqual(1);
    // Every lamp of that link is in.
    let onLink = 0;
    for (let i = 0; i < city.lamps.count; i++) if (city.lamps.link[i] === lit) onLink++;
    expect(n).toBeGreaterThanOrEqual(onLink);

    const building = selectionTarget(city, { kind: 'building', index: 0 });
    expect(building).toEqual({ where: { communes: [city.communes.name[city.buildings.commune[0]]] } });
    expect(targetLampCount(city, { communes: ['Nowhere'] })).toEqual({ error: expect.stringMatching(/where\.communes: no commune "Nowhere"/) });
  });
});
