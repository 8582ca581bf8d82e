import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/sharedData.ts';

const tmp = mkdtempSync(join(tmpdir(), 'twin-sim-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function sim(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(REPO_ROOT, 'src/cli/sim.ts'), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
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
});
