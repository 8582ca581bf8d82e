// The operator workflow through the simulation host (Node, no worker), on the default Dijon city:
// targets of the running world, a one-night preview of dimming a commune, its cabinet commands.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { changeAt } from '../src/core/compare.ts';
import { localClockToUtcMs, localMidnightUtcMs } from '../src/core/time/parisTime.ts';
import { SimHost } from './sim-host.ts';

const ROOT = resolve(import.meta.dirname, '..');
const cityBytes = new Uint8Array(readFileSync(resolve(ROOT, 'assets/dijon-generated.city')));
const today = readFileSync(resolve(ROOT, 'scenarios/dijon-today.scenario.json'), 'utf8');

describe('operator workflow in the simulation host', () => {
  const hosts: SimHost[] = [];
  afterEach(() => {
    while (hosts.length) hosts.pop()!.dispose();
  });

  it('previews dimming a commune for the night from the current time, and plans one command per cabinet', async () => {
    const host = new SimHost();
    hosts.push(host);
    host.connect({ frame: () => undefined, progress: () => undefined, status: () => undefined });
    expect(host.operatorTargets()).toBeNull();
    expect(host.operatorPreview({ kind: 'dim', target: { cabinets: [0] }, illuminanceLevel: 0.5 }, 1)).toEqual({ ok: false, error: 'no scenario is running' });
    expect((await host.loadCityBytes(cityBytes.slice(), 'dijon-generated.city')).ok).toBe(true);
    expect(await host.setScenario(today, 'dijon-today.scenario.json', { period: { days: 2 } })).toMatchObject({ ok: true });
    await host.whenIdle();
    const start = host.status().timeMs!;
    const evening = localClockToUtcMs(localMidnightUtcMs(start), 20 * 3_600_000);
    await host.seek(evening > start ? evening : evening + 86_400_000);
    const targets = host.operatorTargets()!;
    expect(targets.communes).toContain('Dijon');
    expect(targets.cabinetCount).toBeGreaterThan(10);
    expect(targets.traffic).toBe(false);
    const change = { kind: 'dim' as const, target: { communes: ['Chenôve'] }, illuminanceLevel: 0.3 };
    const t0 = performance.now();
    const p = host.operatorPreview(change, 12);
    const previewMs = performance.now() - t0;
    if (!p.ok) throw new Error(p.error);
    expect(p.value.fromMs).toBe(targets.simTimeMs);
    const energy = changeAt(p.value.compare.delta, 'lighting.energyKWh')!;
    expect(energy.diff).toBeLessThan(0);
    expect(host.status().timeMs).toBe(targets.simTimeMs); // the running world did not move
    const plan = host.operatorPlan(change, []);
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.value.commands.length).toBeGreaterThan(0);
    expect(plan.value.commands.every((c) => c.entityId.startsWith('urn:ngsi-ld:StreetlightControlCabinet:cabinet-'))).toBe(true);
    expect(plan.value.previous).toHaveLength(plan.value.commands.length);
    expect(plan.value.lampCount).toBeGreaterThan(0);
    const bad = host.operatorPlan({ kind: 'dim', target: { communes: ['Lyon'] }, illuminanceLevel: 0.3 }, []);
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('no commune "Lyon"') });
  });
});
