import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gridCity, gridCityInput } from '../city/testing/gridCity.ts';
import { buildCity } from '../city/builder.ts';
import { parseScenarioText } from '../scenario/parse.ts';
import { scenarioSchema, type Scenario } from '../scenario/schema.ts';
import { compileNetwork } from './network.ts';
import { buildControllers, prepareTraffic } from './index.ts';
import { Light } from './signals.ts';
import { trafficOptionsOf } from './scenarioTraffic.ts';
import {
  clearSignalPlan, corridorOffsets, corridorSettingsOf, corridorStreets, describeSignal, moveBoundary, moveStage, planCycleS, planFromScenario,
  planProblem, setCorridor, setSignalPlan, stageStartsS, toggleLight, websterSuggestion, withCycle,
} from './signalTiming.ts';

const START = Date.parse('2025-03-11T07:00:00+01:00');
const city = gridCity({ lines: 5, spacingM: 200, signalAtCentre: true, buildings: false });
const net = compileNetwork(city);

function nodeAt(xM: number, yM: number): number {
  let best = -1;
  let bestD = Infinity;
  for (let n = 0; n < city.nodes.count; n++) {
    const d = Math.hypot(city.nodes.xM[n] - xM, city.nodes.yM[n] - yM);
    if (d < bestD) {
      bestD = d;
      best = n;
    }
  }
  return best;
}

function scenario(): Scenario {
  const text = readFileSync(new URL('../../../scenarios/dijon-weekday-traffic.scenario.json', import.meta.url), 'utf8');
  return { ...parseScenarioText(text, 'dijon-weekday-traffic.scenario.json'), city: 'grid' };
}

describe('signal timing of one intersection', () => {
  const t = describeSignal(net, 0)!;

  it('describes the approaches by street and direction, and the generated stages', () => {
    expect(t.id).toBe('sig-centre');
    expect(t.approaches).toHaveLength(4);
    expect(t.streets.sort()).toEqual(['Avenue 3', 'Rue 3']);
    expect(new Set(t.approaches.map((a) => a.compass))).toEqual(new Set(['N', 'E', 'S', 'W']));
    // Travelling east on Rue 3 (a horizontal street) arrives heading 90°.
    const east = t.approaches.find((a) => a.compass === 'E')!;
    expect(east.street).toBe('Rue 3');
    expect(east.headingDeg).toBeCloseTo(90, 0);
    expect(t.generated.stages.length).toBeGreaterThanOrEqual(2);
    expect(planProblem(net, t, t.generated)).toBeNull();
    expect(planCycleS(t, t.generated)).toBe(t.generated.stages.reduce((a, s) => a + s.greenS + t.amberS + t.allRedS, 0));
  });

  it('writes edited greens, order and offset as a valid fixed rule that the run reads back as the same plan', () => {
    let p = t.generated;
    const k = p.stages.findIndex((s) => s.lights.includes('green'));
    p = moveBoundary(p, k, p.stages[k].greenS + 7);
    p = moveStage(p, p.stages.length - 1, 0);
    p = { ...p, offsetS: planCycleS(t, p) + 12 };
    const s = setSignalPlan(scenario(), t, p);
    expect(scenarioSchema.safeParse(s).success).toBe(true);
    const rule = s.traffic!.signals.at(-1)!;
    expect(rule.where).toEqual({ signals: ['sig-centre'] });
    expect(rule.plan).toMatchObject({ type: 'fixed', offsetS: 12 });
    const stages = (rule.plan as { stages: { green: string[]; greenS: number }[] }).stages;
    expect(stages.map((st) => st.greenS)).toEqual(p.stages.map((st) => st.greenS));
    for (const st of stages) for (const id of st.green) expect(id).toMatch(/^road-\d{6}$/);
    // Read back by the editor and by the run: same stages, same greens, the cycle kept.
    expect(planFromScenario(t, s)).toEqual({ ...p, offsetS: 12 });
    const setup = prepareTraffic(city, { seed: 1, startMs: START, endMs: START + 600_000, demand: { kind: 'flows', flows: [] } });
    const [c] = buildControllers(setup, trafficOptionsOf(city, s.traffic!));
    expect(c.stages.map((st) => st.greenS)).toEqual(p.stages.map((st) => st.greenS));
    expect(c.plan.offsetS).toBe(12);
    expect(c.plan.cycleS).toBe(planCycleS(t, p));
    expect(stageStartsS(t, { ...p, offsetS: 12 })[0]).toBe(12);
    // A second edit replaces the rule rather than stacking another; clearing removes it.
    const again = setSignalPlan(s, t, moveBoundary(p, 0, 20));
    expect(again.traffic!.signals.length).toBe(s.traffic!.signals.length);
    expect(clearSignalPlan(again, t).traffic!.signals.length).toBe(s.traffic!.signals.length - 1);
  });

  it('refuses conflicting greens with the core message, and keeps the cycle when asked to', () => {
    const p = t.generated;
    const k = p.stages.findIndex((s) => s.lights.includes('green'));
    const red = p.stages[k].lights.findIndex((l) => l === 'red');
    const bad = toggleLight(p, k, red);
    expect(bad.stages[k].lights[red]).toBe('green');
    expect(planProblem(net, t, bad)).toMatch(/^signal sig-centre: stage \d gives green to crossing approaches \d and \d \(conflicting greens\)$/);
    expect(planProblem(net, t, { ...p, stages: [] })).toMatch(/at least one stage/);
    const longer = withCycle(t, p, 120);
    expect(planCycleS(t, longer)).toBeCloseTo(120, 0);
  });

  it('suggests a longer Webster green for the busier street', () => {
    const west = nodeAt(0, 400);
    const east = nodeAt(800, 400);
    const south = nodeAt(400, 0);
    const north = nodeAt(400, 800);
    const setup = prepareTraffic(city, {
      seed: 7, startMs: START, endMs: START + 3_600_000,
      demand: { kind: 'flows', flows: [{ fromNode: west, toNode: east, vehPerHour: 900 }, { fromNode: south, toNode: north, vehPerHour: 150 }] },
    });
    const w = websterSuggestion(setup, t, t.generated);
    const eastStage = t.generated.stages.findIndex((s) => s.lights[t.approaches.findIndex((a) => a.compass === 'E')] === 'green');
    const northStage = t.generated.stages.findIndex((s) => s.lights[t.approaches.findIndex((a) => a.compass === 'N')] === 'green');
    expect(w.greensS[eastStage]).toBeGreaterThan(w.greensS[northStage]);
    expect(w.approachPeakVehPerH[t.approaches.findIndex((a) => a.compass === 'E')]).toBeGreaterThan(800);
    expect(w.overCapacity).toBe(false);
    // The same as the run's default (Webster) plan of that signal.
    const [c] = buildControllers(setup, { defaultPlan: 'webster', busPriority: false, signals: [] });
    const runGreens = c.stages.map((st) => st.greenS);
    c.stages.forEach((st, i) => {
      if (st.lights.some((l) => l !== Light.Red)) expect(runGreens[i]).toBe(Math.max(st.minGreenS, w.greensS[i]));
    });
  });
});

describe('corridor tools', () => {
  it('lists streets with signals and gives offsets that grow with the distance along the corridor', () => {
    const many = gridCityWithSignals();
    const streets = corridorStreets(many);
    expect(streets[0].signals).toBeGreaterThanOrEqual(3);
    const corridor = streets.find((s) => s.street === 'Rue 3')!;
    expect(corridor).toBeDefined();
    const cycleS = 60;
    const offsets = corridorOffsets(many, 'Rue 3', cycleS, 36);
    expect(offsets.length).toBe(corridor.signals);
    for (let i = 1; i < offsets.length; i++) {
      expect(offsets[i].distanceM).toBeGreaterThan(offsets[i - 1].distanceM);
      expect(offsets[i].travelS).toBeGreaterThan(offsets[i - 1].travelS);
    }
    for (const o of offsets) {
      expect(o.travelS).toBeCloseTo(o.distanceM / 10, 6);
      expect(o.offsetS).toBeCloseTo(o.travelS % cycleS, 6);
    }
    // Same offsets as the run uses for a green-wave rule (before the stage sync).
    const s = setCorridor(scenario(), 'Rue 3', { greenWave: { cycleS, progressionKph: 36 }, busPriority: true });
    expect(scenarioSchema.safeParse(s).success).toBe(true);
    expect(corridorSettingsOf(s, 'Rue 3')).toEqual({ greenWave: { cycleS, progressionKph: 36 }, busPriority: true });
    const opts = trafficOptionsOf(many, s.traffic!);
    for (const o of offsets) {
      const ov = opts.signals.find((x) => x.signal === o.signal)!;
      expect(ov.offsetS).toBeCloseTo(o.offsetS, 9);
      expect(ov.busPriority).toBe(true);
    }
    // Bus priority alone on the line; then nothing: the corridor rule goes.
    const bus = setCorridor(s, 'Rue 3', { greenWave: null, busPriority: true });
    expect(bus.traffic!.signals.at(-1)).toEqual({ name: 'corridor Rue 3', where: { corridor: 'Rue 3' }, busPriority: true });
    expect(setCorridor(bus, 'Rue 3', { greenWave: null, busPriority: false }).traffic!.signals.some((r) => r.where.corridor === 'Rue 3')).toBe(false);
  });
});

/** A 5×5 grid with a signal at each inner crossing of the middle row (three along Rue 3, y = 400 m). */
function gridCityWithSignals() {
  const input = gridCityInput({ lines: 5, spacingM: 200, signalAtCentre: false, buildings: false });
  input.signals = [200, 400, 600].map((x, i) => ({ xM: x + 2, yM: 400 - 1, externalId: `sig-${i + 1}` }));
  return buildCity(input);
}
