import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeCity } from '../src/core/city/cityFile.ts';
import type { CityModel } from '../src/core/city/model.ts';
import { parseScenarioText } from '../src/core/scenario/parse.ts';
import { runScenario } from '../src/core/scenarioRun.ts';
import { localClockToUtcMs, localMidnightUtcMs } from '../src/core/time/parisTime.ts';
import { SimHost } from './sim-host.ts';
import { PacingClock } from './sim-pacing.ts';
import type { JobProgress, SimEvents, SimFrame, SimStatus } from './sim-protocol.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const scenarioTexts: Record<string, string> = Object.fromEntries(
  readdirSync(resolve(ROOT, 'scenarios'))
    .filter((f) => f.endsWith('.scenario.json'))
    .map((f) => [f.replace(/\.scenario\.json$/, ''), readFileSync(resolve(ROOT, 'scenarios', f), 'utf8')]),
);
const cityBytes = new Uint8Array(readFileSync(resolve(ROOT, 'assets/dijon-generated.city')));

/** Collects what the host sends to the page. */
function recorder() {
  const frames: SimFrame[] = [];
  const progress: JobProgress[] = [];
  const statuses: SimStatus[] = [];
  const sink: SimEvents = {
    frame: (f) => void frames.push(f),
    progress: (p) => void progress.push(p),
    status: (s) => void statuses.push(s),
  };
  return { sink, frames, progress, statuses };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > timeoutMs) throw new Error('timed out');
    await sleep(5);
  }
}

/** Local (Paris) clock time on the local day of `dayMs`. */
function localAt(dayMs: number, hh: number, mm = 0): number {
  return localClockToUtcMs(localMidnightUtcMs(dayMs), (hh * 60 + mm) * 60_000);
}

const withoutWall = <T extends { wallMs: number }>(k: T) => JSON.stringify({ ...k, wallMs: 0 });

describe('simulation host (Node, no worker)', () => {
  let city: CityModel;
  const hosts: SimHost[] = [];

  async function makeHost(scenario = 'dijon-today', days: number | null = 7) {
    const host = new SimHost();
    hosts.push(host);
    const rec = recorder();
    host.connect(rec.sink);
    host.registerScenarios(scenarioTexts);
    const c = await host.loadCityBytes(cityBytes.slice(), 'dijon-generated.city');
    expect(c.ok).toBe(true);
    const r = await host.setScenario(scenarioTexts[scenario], `${scenario}.scenario.json`, { period: { days } });
    expect(r).toMatchObject({ ok: true });
    await host.whenIdle();
    return { host, rec };
  }

  beforeAll(() => {
    city = decodeCity(cityBytes);
  });
  afterEach(() => {
    while (hosts.length) hosts.pop()!.dispose();
  });

  it('runs to the end with the same KPIs as runScenario in Node (deterministic, bit for bit)', async () => {
    const { host } = await makeHost('dijon-today', 7);
    const out = await host.runToEnd();
    expect(out.status).toBe('done');
    if (out.status !== 'done') return;
    const scenario = parseScenarioText(scenarioTexts['dijon-today']);
    const startMs = Date.parse(scenario.period.start);
    const node = runScenario(city, scenario, { startMs, endMs: startMs + 7 * DAY_MS, baseline: parseScenarioText(scenarioTexts['dijon-2017-baseline']) });
    expect(withoutWall(out.kpis)).toBe(withoutWall(node));
    expect(out.kpis.lighting.savings?.baseline).toBe('dijon-2017-baseline');
    expect(host.status()).toMatchObject({ atEnd: true, playing: false, phase: 'ready' });
  });

  it('a bad scenario returns its ScenarioError message and keeps the strategy, period and time', async () => {
    const { host } = await makeHost('dijon-today', 7);
    await host.seek(Date.parse('2025-01-03T21:00:00Z'));
    const before = host.status();
    const kpisBefore = JSON.stringify(host.liveKpis());
    const bad = JSON.parse(scenarioTexts['dijon-led-part-night']);
    bad.lighting.rules[0].policy.steps[0].level = -0.5;
    const r = await host.setScenario(JSON.stringify(bad), 'bad.scenario.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^bad\.scenario\.json: invalid scenario: lighting\.rules\[0\]\.policy\.steps\[0\]\.level: a level is at least 0/);
    const notJson = await host.setScenario('{"schema": "twin-scen', 'cut.scenario.json');
    expect(notJson).toMatchObject({ ok: false, error: expect.stringMatching(/cut\.scenario\.json: .*not valid JSON/) });
    // A scenario that parses but does not fit the city (unknown commune) is refused the same way.
    const foreign = JSON.parse(scenarioTexts['dijon-today']);
    foreign.lighting.rules[0].where.communes = ['Montpellier'];
    await expect(host.setScenario(JSON.stringify(foreign), 'foreign.scenario.json')).resolves.toMatchObject({ ok: false, error: expect.stringContaining('no commune "Montpellier"') });
    await host.whenIdle();
    expect(host.status()).toEqual(before);
    expect(JSON.stringify(host.liveKpis())).toBe(kpisBefore);
  });

  it('lamps dim at 22:00 in dijon-today, and seeking back or forward gives the same state as a straight run', async () => {
    const { host } = await makeHost('dijon-today', 7);
    const day = Date.parse('2025-01-02T12:00:00Z');
    const levelsAt = async (t: number) => {
      await host.seek(t);
      return (host as unknown as { session: { levels(): Float32Array } }).session.levels();
    };
    const dijon = city.communes.name.indexOf('Dijon');
    const meanDijon = (lv: Float32Array) => {
      let s = 0, n = 0;
      for (let i = 0; i < lv.length; i++) if (city.lamps.commune[i] === dijon) (s += lv[i]), n++;
      return s / n;
    };
    const at21 = meanDijon(await levelsAt(localAt(day, 21)));
    const at23 = meanDijon(await levelsAt(localAt(day, 23)));
    const noon = await levelsAt(localAt(day, 12));
    expect(at21).toBeGreaterThan(0.9);
    expect(at23).toBeLessThan(at21 - 0.1);
    expect(Math.max(...noon)).toBe(0);

    // Forward then back to 23:00 equals a fresh host sought straight there.
    await host.seek(localAt(day + 3 * DAY_MS, 2));
    await host.seek(localAt(day, 23));
    const { host: fresh } = await makeHost('dijon-today', 7);
    await fresh.seek(localAt(day, 23));
    expect(JSON.stringify(host.liveKpis())).toBe(JSON.stringify(fresh.liveKpis()));
  });

  it('snapshot and restore round-trip the whole state, across a scenario change', async () => {
    const { host } = await makeHost('dijon-today', 7);
    await host.seek(Date.parse('2025-01-02T20:30:00Z'));
    const snap = host.snapshot()!;
    expect(snap.kind).toBe('twin-sim-snapshot');
    // Structured-cloneable, as it crosses the worker boundary.
    const cloned = structuredClone(snap);
    await host.seek(Date.parse('2025-01-05T03:00:00Z'));
    const ahead = JSON.stringify(host.liveKpis());

    await host.setScenario(scenarioTexts['dijon-presence'], 'dijon-presence.scenario.json', { period: { days: 2 } });
    await host.whenIdle();
    expect(host.status().scenario?.name).toBe('dijon-presence');

    const sessionBefore = host.status().session;
    const r = await host.restore(cloned);
    expect(r).toMatchObject({ ok: true, scenario: { name: 'dijon-today' } });
    expect(host.status().session).toBe(sessionBefore + 1);
    expect(host.status()).toMatchObject({ timeMs: Date.parse('2025-01-02T20:30:00Z'), playing: false });
    expect(host.status().scenario?.endMs).toBe(snap.period.endMs);
    await host.seek(Date.parse('2025-01-05T03:00:00Z'));
    expect(JSON.stringify(host.liveKpis())).toBe(ahead);

    // A snapshot of another city is refused.
    await expect(host.restore({ ...cloned, city: { name: 'Elsewhere', lampCount: 3 } })).resolves.toMatchObject({ ok: false });
  });

  it('plays: frames at most 30 Hz with levels of every lamp, KPIs at a lower rate, pause stops them', async () => {
    const { host, rec } = await makeHost('dijon-today', 7);
    await host.seek(Date.parse('2025-01-01T19:00:00Z'));
    await until(() => rec.frames.length > 0);
    const t0 = host.status().timeMs!;
    host.setSpeed(3600);
    rec.frames.length = 0;
    const wall0 = performance.now();
    host.play();
    await sleep(600);
    host.pause();
    const wallMs = performance.now() - wall0;
    await sleep(50);
    const n = rec.frames.length;
    expect(n).toBeGreaterThan(3);
    expect(n).toBeLessThanOrEqual(Math.ceil((wallMs / 1000) * 30) + 2);
    for (const f of rec.frames) expect(f.levels.length).toBe(city.lamps.count);
    expect(new Set(rec.frames.map((f) => f.session))).toEqual(new Set([host.status().session]));
    const times = rec.frames.map((f) => f.timeMs);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const simulated = host.status().timeMs! - t0;
    expect(simulated).toBeGreaterThan(0);
    expect(simulated).toBeLessThanOrEqual(3600 * wallMs + 1000);
    const withKpis = rec.frames.filter((f) => f.live);
    expect(withKpis.length).toBeGreaterThan(0);
    expect(withKpis.length).toBeLessThan(n);
    expect(rec.frames.at(-1)!.live).not.toBeNull(); // pausing sends the KPIs at the pause time
    expect(rec.frames.at(-1)!.powerKW).toBeGreaterThan(500);
    await sleep(150);
    expect(rec.frames.length).toBe(n);
    expect(rec.statuses.at(-1)).toMatchObject({ playing: false, speed: 3600 });
  });

  it('with traffic, frames carry vehicles, link figures and signal lights in one buffer the page hands back', async () => {
    const text = JSON.stringify({ ...JSON.parse(scenarioTexts['dijon-weekday-traffic']), traffic: { demand: { scale: 0.1 }, defaultPlan: 'webster' } });
    const host = new SimHost();
    hosts.push(host);
    const frames: SimFrame[] = [];
    const handedBack = new Set<ArrayBuffer>();
    let previous: SimFrame | null = null;
    host.connect({
      frame: (f) => {
        frames.push(f);
        // The page hands back the traffic buffer a new traffic part replaces (frames without one keep it).
        if (f.traffic === undefined) return;
        const back = previous?.traffic?.buffer ?? null;
        previous = f;
        if (back) handedBack.add(back);
        return { levels: null, traffic: back };
      },
      progress: () => undefined,
      status: () => undefined,
    });
    expect((await host.loadCityBytes(cityBytes.slice(), 'dijon-generated.city')).ok).toBe(true);
    expect(await host.setScenario(text, 'dijon-weekday-traffic.scenario.json')).toMatchObject({ ok: true });
    await host.whenIdle();
    const start = host.status().scenario!.startMs;
    await host.seek(start + 7.5 * HOUR_MS);
    // After a seek the hourly volumes cover the last hour (sampled while seeking), not the time since the seek.
    await until(() => frames.at(-1)?.traffic != null && frames.at(-1)!.timeMs === start + 7.5 * HOUR_MS);
    const sought = frames.at(-1)!.traffic!;
    expect(sought.timeMs - sought.volumeFromMs).toBeGreaterThanOrEqual(HOUR_MS);
    expect(sought.timeMs - sought.volumeFromMs).toBeLessThanOrEqual(HOUR_MS + 5 * 60_000);
    expect(sought.linkVolumeVehPerH.some((v) => v > 0)).toBe(true);
    host.setSpeed(600);
    frames.length = 0;
    host.play();
    await until(() => frames.filter((x) => x.traffic).length >= 6);
    host.pause();
    await host.whenIdle();
    const f = frames.at(-1)!;
    const t = f.traffic!;
    expect(t).not.toBeNull();
    // The traffic run steps whole seconds up to the world's time.
    expect(f.timeMs - t.timeMs).toBeGreaterThanOrEqual(0);
    expect(f.timeMs - t.timeMs).toBeLessThan(1000);
    expect(t.vehicleCount).toBeGreaterThan(0);
    expect(t.approachLight.length).toBe(city.signals.approachLinks.length);
    expect(t.linkSpeedRatio.length).toBe(city.links.count);
    for (let i = 0; i < t.vehicleCount * 2; i++) expect(Number.isFinite(t.vehicleXYM[i])).toBe(true);
    // Buffers handed back are filled again instead of new ones.
    expect(frames.slice(2).some((x) => x.traffic && handedBack.has(x.traffic.buffer))).toBe(true);
  }, 60_000);

  it("a session's first frame carries the scenario's fleet (retrofits applied), later frames leave it out", async () => {
    const { host, rec } = await makeHost('dijon-led-part-night', 1);
    await until(() => rec.frames.length >= 1);
    const first = rec.frames.find((f) => f.fleet)!;
    expect(first).toBeDefined();
    expect(first.fleet!.technology.length).toBe(city.lamps.count);
    // The full LED roll-out: every lamp LED (technology 2) whatever the city's inventory says.
    expect(first.fleet!.technology.every((t) => t === 2)).toBe(true);
    expect(city.lamps.technology.some((t) => t !== 2)).toBe(true);
    expect(rec.frames.filter((f) => f.fleet).length).toBe(1);
    rec.frames.length = 0;
    await host.setScenario(scenarioTexts['dijon-2017-baseline'], 'dijon-2017-baseline.scenario.json', { period: { days: 1 } });
    await host.whenIdle();
    await until(() => rec.frames.some((f) => f.fleet));
    expect(rec.frames.find((f) => f.fleet)!.fleet!.technology.every((t) => t === 1)).toBe(true);
  });

  it('frames carry each lamp\'s energy since the period start, summing to the KPIs\' energy', async () => {
    const { host, rec } = await makeHost('dijon-today', 2);
    const start = host.status().scenario!.startMs;
    const night = localAt(start + DAY_MS, 1, 30);
    await host.seek(night);
    await until(() => rec.frames.at(-1)?.timeMs === night && rec.frames.at(-1)?.lampEnergy !== undefined && rec.frames.at(-1)?.live != null);
    const f = rec.frames.at(-1)!;
    const e = f.lampEnergy!;
    expect(e.kWh.length).toBe(city.lamps.count);
    expect([e.fromMs, e.timeMs]).toEqual([start, night]);
    const total = e.kWh.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(1000);
    expect(Math.abs(total - f.live!.kpis.lighting.energyKWh)).toBeLessThan(0.001 * f.live!.kpis.lighting.energyKWh + 0.1);
  });

  it('frames carry presence detections per road over the last hour, the same after a seek as after playing', async () => {
    const { host, rec } = await makeHost('dijon-presence', 2);
    const start = host.status().scenario!.startMs;
    const night = localAt(start + DAY_MS, 22, 30);
    await host.seek(night);
    await until(() => rec.frames.at(-1)?.timeMs === night && rec.frames.at(-1)?.presence !== undefined);
    const p = rec.frames.at(-1)!.presence!;
    expect(p.timeMs - p.fromMs).toBe(HOUR_MS);
    expect(p.detectionsByLink.length).toBe(city.links.count);
    expect(p.roads).toBeGreaterThan(100);
    let total = 0;
    for (const v of p.detectionsByLink) total += v;
    expect(total).toBeGreaterThan(100);
    // Reached by playing from half an hour earlier: the same counts.
    const again = await makeHost('dijon-presence', 2);
    await again.host.seek(night - HOUR_MS / 2);
    again.host.setSpeed(3600);
    again.host.play();
    await until(() => again.host.status().timeMs! >= night);
    again.host.pause();
    await again.host.seek(night);
    await until(() => again.rec.frames.at(-1)?.timeMs === night && again.rec.frames.at(-1)?.presence != null);
    expect(Array.from(again.rec.frames.at(-1)!.presence!.detectionsByLink)).toEqual(Array.from(p.detectionsByLink));
    // A scenario without presence control sends null.
    const none = await makeHost('dijon-today', 1);
    await until(() => none.rec.frames.some((f) => f.presence !== undefined));
    expect(none.rec.frames.find((f) => f.presence !== undefined)!.presence).toBeNull();
  }, 60_000);

  it('max speed runs to the end of the period and stops there', async () => {
    const { host, rec } = await makeHost('dijon-led-part-night', 1);
    host.setSpeed('max');
    host.play();
    await until(() => host.status().atEnd && !host.status().playing);
    expect(rec.statuses.at(-1)).toMatchObject({ atEnd: true, playing: false });
    await until(() => rec.frames.at(-1)?.timeMs === host.status().scenario!.endMs);
  });

  it('a long run reports progress and can be cancelled, leaving a consistent state', async () => {
    const { host, rec } = await makeHost('dijon-presence', null);
    const run = host.runToEnd();
    await until(() => rec.progress.length >= 2);
    host.cancel();
    await expect(run).resolves.toEqual({ status: 'cancelled' });
    const fractions = rec.progress.map((p) => p.fraction);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    expect(rec.progress.every((p) => p.kind === 'run')).toBe(true);
    expect(rec.statuses.some((s) => s.phase === 'busy')).toBe(true);
    const st = host.status();
    expect(st).toMatchObject({ phase: 'ready', atEnd: false });
    expect(st.timeMs!).toBeGreaterThan(st.scenario!.startMs);
    // The state where it stopped is the one a straight seek gives.
    const kpis = JSON.stringify(host.liveKpis());
    await host.seek(st.scenario!.startMs);
    await host.seek(st.timeMs!);
    expect(JSON.stringify(host.liveKpis())).toBe(kpis);
  });

  it('a new city keeps the scenario when it fits, and reports the problem when it does not', async () => {
    const { host } = await makeHost('dijon-today', 7);
    const { encodeCity } = await import('../src/core/city/cityFile.ts');
    const { gridCity } = await import('../src/core/city/testing/gridCity.ts');
    const r = await host.loadCityBytes(new Blob([encodeCity(gridCity()) as Uint8Array<ArrayBuffer>]), 'grid.city');
    expect(r).toMatchObject({ ok: true, problem: expect.stringContaining('no commune "Dijon"') });
    expect(host.status()).toMatchObject({ phase: 'empty', problem: expect.stringContaining('Dijon') });
    const ok = await host.setScenario(scenarioTexts['dijon-led-part-night'], 'dijon-led-part-night.scenario.json');
    expect(ok.ok).toBe(true);
    await host.whenIdle();
    expect(host.status()).toMatchObject({ phase: 'ready', problem: null, city: { file: 'grid.city' } });
    await expect(host.loadCityBytes(new Uint8Array([1, 2, 3]), 'bad.city')).resolves.toMatchObject({ ok: false, error: expect.stringContaining('bad.city') });
    expect(host.status().city?.file).toBe('grid.city');
  });
});

describe('pacing clock', () => {
  it('maps wall time to sim time at the speed and drops lag instead of racing', () => {
    const p = new PacingClock();
    p.anchor(1_000_000, 50);
    expect(p.targetAt(1050, 60)).toBe(1_000_000 + 60_000);
    p.dropLag(1_000_000 + 60_000, 1050, 60);
    expect(p.targetAt(1050, 60)).toBe(1_060_000);
    // Far behind (a slow step): the schedule restarts from where the sim is.
    p.dropLag(1_000_000, 2050, 60);
    expect(p.targetAt(2050, 60)).toBe(1_000_000);
    expect(p.targetAt(2050 + HOUR_MS / 3600, 3600)).toBe(1_000_000 + HOUR_MS);
  });
});

describe('mean power by local hour over the elapsed time', () => {
  it('matches the period KPI at the end and is not diluted by the hours still to come', async () => {
    const { readFileSync: read } = await import('node:fs');
    const { decodeCity: decode } = await import('../src/core/city/cityFile.ts');
    const { createWorld, runToEnd, stepWorld, worldKpis } = await import('../src/core/world.ts');
    const { elapsedPowerByLocalHourKW } = await import('./sim-session.ts');
    const c = decode(new Uint8Array(read(resolve(ROOT, 'assets/dijon-generated.city'))));
    const s = parseScenarioText(scenarioTexts['dijon-led-part-night']);
    const start = Date.parse(s.period.start);
    const full = createWorld(c, s, { startMs: start, endMs: start + 3 * DAY_MS });
    runToEnd(full);
    expect(elapsedPowerByLocalHourKW(full)).toEqual(worldKpis(full).lighting.powerByLocalHourKW);
    const part = createWorld(c, s, { startMs: start, endMs: start + 30 * DAY_MS });
    stepWorld(part, 3 * DAY_MS);
    const elapsed = elapsedPowerByLocalHourKW(part);
    // After three of thirty days the night curve averages over the three nights that ran, not thirty.
    const hour = 23; // local hour (January: no summer time)
    expect(elapsed[hour]).toBeCloseTo(elapsedPowerByLocalHourKW(full)[hour], 0);
    expect(worldKpis(part).lighting.powerByLocalHourKW).toEqual(elapsed);
  });
});
