import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/sharedData.ts';

const tmp = mkdtempSync(join(tmpdir(), 'twin-sim-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function sim(...args: string[]) {
  return simWith({}, ...args);
}

function simWith(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(REPO_ROOT, 'src/cli/sim.ts'), ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, last: r.stdout.trim().split('\n').pop() ?? '' };
}

describe('npm run sim', () => {
  it('prints the KPI line of DESIGN.md as its last line, with savings against the baseline', () => {
    const r = sim('scenarios/dijon-today.scenario.json', '--days', '2', '--start', '2025-01-10T12:00:00+01:00');
    expect(r.status, r.stderr).toBe(0);
    const k = JSON.parse(r.last);
    for (const key of ['scenario', 'start', 'end', 'seed', 'wallMs']) expect(k).toHaveProperty(key);
    for (const key of ['lampCount', 'energyKWh', 'costEUR', 'co2Kg', 'compliantRoadShare']) expect(k.lighting).toHaveProperty(key);
    expect(k.scenario).toBe('dijon-today');
    expect(k.end).toBe('2025-01-12T11:00:00.000Z');
    expect(k.lighting.energyKWh).toBeGreaterThan(0);
    expect(k.lighting.compliantRoadShare).toBeGreaterThan(0);
    expect(k.lighting.savings.baseline).toBe('dijon-2017-baseline');
    expect(k.lighting.savings.savingsVsBaselinePct).toBeGreaterThan(20);
  });

  it('refuses a bad scenario with the file and field named, and a non-zero exit', () => {
    const s = JSON.parse(readFileSync(resolve(REPO_ROOT, 'scenarios/dijon-led-part-night.scenario.json'), 'utf8'));
    s.lighting.rules[0].policy.steps[0].level = -1;
    s.lighting.colour = 'orange';
    const file = join(tmp, 'bad.scenario.json');
    writeFileSync(file, JSON.stringify(s));
    const r = sim(file, '--days', '1');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.scenario\.json: invalid scenario: .*lighting: unknown field "colour"/);
    expect(r.stderr).toMatch(/lighting\.rules\[0\]\.policy\.steps\[0\]\.level/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
  });

  it('refuses a commune that does not exist, naming the rule', () => {
    const s = JSON.parse(readFileSync(resolve(REPO_ROOT, 'scenarios/dijon-today.scenario.json'), 'utf8'));
    s.lighting.rules[1].where.communes = ['Atlantis'];
    delete s.energy.baseline;
    const file = join(tmp, 'atlantis.scenario.json');
    writeFileSync(file, JSON.stringify(s));
    const r = sim(file, '--hours', '3');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/lighting\.rules\[1\]\.where\.communes: no commune "Atlantis"/);
  });

  it('compares a variant with a baseline: both KPI objects as plain runs, and their delta last', () => {
    const args = ['--days', '1', '--start', '2025-01-10T12:00:00+01:00'];
    const r = sim('scenarios/dijon-today.scenario.json', '--compare', 'scenarios/dijon-led-part-night.scenario.json', ...args);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/change \(variant − baseline\)/);
    expect(r.stdout).toMatch(/energy -[\d,.]+ kWh \(-[\d.]+ %\)/);
    const c = JSON.parse(r.last);
    expect(Object.keys(c)).toEqual(['baseline', 'variant', 'delta']);
    expect(c.baseline.scenario).toBe('dijon-today');
    expect(c.variant.scenario).toBe('dijon-led-part-night');
    // Same period and seed for both: the baseline's.
    expect(c.variant.start).toBe(c.baseline.start);
    expect(c.variant.end).toBe(c.baseline.end);
    expect(c.variant.seed).toBe(c.baseline.seed);
    // Each side is what a plain run of it gives (with the same seed).
    const plain = JSON.parse(sim('scenarios/dijon-led-part-night.scenario.json', ...args, '--seed', String(c.baseline.seed)).last);
    expect({ ...c.variant, wallMs: 0 }).toEqual({ ...plain, wallMs: 0 });
    const e = c.delta.lighting.energyKWh;
    expect(e.diff).toBeCloseTo(c.variant.lighting.energyKWh - c.baseline.lighting.energyKWh, 6);
    expect(e.pct).toBeCloseTo((e.diff / c.baseline.lighting.energyKWh) * 100, 0);
    expect(c.delta.lighting.costEUR.diff).toBeLessThan(0);
    expect(c.delta.lighting.compliantRoadShare.diff).toBeCloseTo(c.variant.lighting.compliantRoadShare - c.baseline.lighting.compliantRoadShare, 6);
    expect(c.delta.lighting.energyByCommuneKWh.Dijon.diff).toBeLessThan(0);
    expect(c.delta.lighting.powerByLocalHourKW).toHaveLength(24);
  });

  it('refuses a bad variant naming its file and field, with a non-zero exit', () => {
    const s = JSON.parse(readFileSync(resolve(REPO_ROOT, 'scenarios/dijon-led-part-night.scenario.json'), 'utf8'));
    s.lighting.rules[0].policy.steps[1].at = '5h';
    const file = join(tmp, 'variant-bad.scenario.json');
    writeFileSync(file, JSON.stringify(s));
    const r = sim('scenarios/dijon-today.scenario.json', '--compare', file, '--hours', '2');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/variant-bad\.scenario\.json: invalid scenario: lighting\.rules\[0\]\.policy\.steps\[1\]\.at/);
    expect(r.stdout).toBe('');
    const missing = sim('scenarios/dijon-today.scenario.json', '--compare', join(tmp, 'nowhere.scenario.json'), '--hours', '2');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/nowhere\.scenario\.json: no such scenario file/);
  });

  it('blames the variant for a rule that does not fit the city', () => {
    const s = JSON.parse(readFileSync(resolve(REPO_ROOT, 'scenarios/dijon-today.scenario.json'), 'utf8'));
    s.name = 'elsewhere';
    delete s.energy.baseline;
    s.lighting.rules[0].where.communes = ['Atlantis'];
    const file = join(tmp, 'elsewhere.scenario.json');
    writeFileSync(file, JSON.stringify(s));
    const r = sim('scenarios/dijon-today.scenario.json', '--compare', file, '--hours', '2');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/elsewhere\.scenario\.json: invalid scenario: lighting\.rules\[0\]\.where\.communes: no commune "Atlantis"/);
  });
});

describe('npm run sim with traffic', () => {
  it('prints the traffic object of the KPI line and writes per-trip results', () => {
    const trips = join(tmp, 'trips.csv');
    const r = sim('scenarios/dijon-weekday-traffic.scenario.json', '--hours', '1', '--start', '2025-03-11T07:00:00+01:00', '--trips', trips);
    expect(r.status, r.stderr).toBe(0);
    const k = JSON.parse(r.last);
    for (const key of ['trips', 'completedTrips', 'vehicleKm', 'meanTravelTimeS', 'totalDelayVehH', 'stops', 'co2Kg']) expect(Number.isFinite(k.traffic[key]), key).toBe(true);
    expect(k.traffic.completedTrips).toBeGreaterThan(5000);
    expect(r.stdout).toMatch(/traffic: [\d,]+ of [\d,]+ trips completed/);
    const rows = readFileSync(trips, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('trip,type,originNode,destinationNode,departUtc,status,travelTimeS,delayS,distanceM,stops');
    expect(rows.length - 1).toBe(k.traffic.trips);
  }, 150_000);

  it('refuses a signal plan with conflicting greens or an unknown road, naming the file, the rule and the signal', async () => {
    const { readCityFile, DEFAULT_CITY_PATH } = await import('./cliUtil.ts');
    const { roadExternalId } = await import('../core/city/entityIds.ts');
    const city = readCityFile(DEFAULT_CITY_PATH);
    const S = city.signals;
    const roads = Array.from(S.approachLinks.subarray(S.approachStart[0], S.approachStart[1]), (l) => roadExternalId(l));
    const s = JSON.parse(readFileSync(resolve(REPO_ROOT, 'scenarios/dijon-weekday-traffic.scenario.json'), 'utf8'));
    s.traffic.signals = [{ where: { signals: ['gen-signal-001'] }, plan: { type: 'fixed', stages: [{ green: roads, greenS: 30 }] } }];
    const file = join(tmp, 'conflict.scenario.json');
    writeFileSync(file, JSON.stringify(s));
    const r = sim(file, '--hours', '1');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/conflict\.scenario\.json: invalid scenario: signal gen-signal-001: stage 1 gives green to crossing approaches .*conflicting greens/);
    s.traffic.signals[0].plan.stages[0].green = ['road-999999999'];
    writeFileSync(file, JSON.stringify(s));
    const r2 = sim(file, '--hours', '1');
    expect(r2.status).toBe(1);
    expect(r2.stderr).toMatch(/conflict\.scenario\.json: invalid scenario: traffic\.signals\[0\]\.plan\.stages\[0\]\.green: no road "road-999999999"/);
  }, 150_000);
;
});

describe('npm run sim --compare with traffic', () => {
  const withoutWall = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(withoutWall) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'wallMs').map(([k, v]) => [k, withoutWall(v)])) : x;

  it('runs the variant in a worker thread beside the baseline, with the same result as one after the other', () => {
    const args = ['scenarios/dijon-weekday-traffic.scenario.json', '--compare', 'scenarios/dijon-green-wave.scenario.json', '--hours', '0.5', '--start', '2025-03-11T07:30:00+01:00'];
    const parallel = sim(...args);
    expect(parallel.status, parallel.stderr).toBe(0);
    expect(parallel.stdout).toMatch(/ms for both \(in parallel\)/);
    const sequential = simWith({ TWIN_SIM_SEQUENTIAL: '1' }, ...args);
    expect(sequential.status, sequential.stderr).toBe(0);
    expect(sequential.stdout).not.toMatch(/in parallel/);
    const p = JSON.parse(parallel.last);
    expect(p.variant.scenario).toBe('dijon-green-wave');
    expect(p.variant.traffic.completedTrips).toBeGreaterThan(1000);
    expect(withoutWall(p)).toEqual(withoutWall(JSON.parse(sequential.last)));
  }, 300_000);

  it('reports an error of the variant run in its thread, naming the variant file', () => {
    const s = JSON.parse(readFileSync(resolve(REPO_ROOT, 'scenarios/dijon-green-wave.scenario.json'), 'utf8'));
    s.traffic.signals = [{ where: { signals: ['gen-signal-001'] }, plan: { type: 'fixed', stages: [{ green: ['road-999999999'], greenS: 30 }] } }];
    const file = join(tmp, 'wave-broken.scenario.json');
    writeFileSync(file, JSON.stringify(s));
    const r = sim('scenarios/dijon-weekday-traffic.scenario.json', '--compare', file, '--hours', '0.5');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/wave-broken\.scenario\.json: invalid scenario: traffic\.signals\[0\]\.plan\.stages\[0\]\.green: no road "road-999999999"/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // an expected error: one line, no stack
  }, 300_000);

  it('repeats a comparison with the next seeds and gives the spread of each headline change', () => {
    const r = sim('scenarios/dijon-weekday-traffic.scenario.json', '--compare', 'scenarios/dijon-green-wave.scenario.json', '--hours', '0.5', '--start', '2025-03-11T08:00:00+01:00', '--seed', '7', '--seeds', '2');
    expect(r.status, r.stderr).toBe(0);
    const k = JSON.parse(r.last);
    expect(k.seeds.seeds).toEqual([7, 8]);
    expect(k.seeds.deltas).toHaveLength(2);
    expect(k.seeds.deltas[0]).toEqual(k.delta);
    const t = k.seeds.spread['traffic.meanTravelTimeS'];
    const diffs = k.seeds.deltas.map((d: { traffic: { meanTravelTimeS: { diff: number } } }) => d.traffic.meanTravelTimeS.diff);
    expect(t).toMatchObject({ seeds: 2, min: Math.min(...diffs), max: Math.max(...diffs) });
    expect(t.mean).toBeCloseTo((diffs[0] + diffs[1]) / 2, 9);
    expect(r.stdout).toMatch(/over 2 seeds \(7, 8\)/);
    const bad = sim('scenarios/dijon-today.scenario.json', '--seeds', '3', '--hours', '1');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--seeds needs --compare/);
  }, 300_000);
});
