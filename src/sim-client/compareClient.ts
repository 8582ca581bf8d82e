// Main-thread proxy over the two compare workers: baseline and variant of a comparison run at once
// (same period, seed and city), with progress per side; a one-night preview of a draft while it is
// edited; Webster suggestions for the signal editor (in the baseline worker, off the main thread).

import { proxy, wrap, type Endpoint, type Remote } from 'comlink';
import type { CityModel } from '../core/city/model.ts';
import { compareKpis, type CompareResult } from '../core/compare.ts';
import { parseScenarioText } from '../core/scenario/parse.ts';
import { comparePlan, type ComparePlan, type RunKpis } from '../core/scenarioRun.ts';
import { scenarioStartMs } from '../core/world.ts';
import type { CompareHost } from '../../workers/compare-host.ts';
import type { LinkResultArrays, PreviewOutcome, PreviewResult, SideOutcome, SideResult, TripResultArrays, WebsterOutcome } from '../../workers/compare-protocol.ts';
import type { EditablePlan } from '../core/traffic/signalTiming.ts';

export type { LinkResultArrays, PreviewResult, SideResult, TripResultArrays, WebsterOutcome };
export type CompareSide = 'baseline' | 'variant';

export interface ScenarioText {
  text: string;
  file: string;
}

export interface CompareRequest {
  baseline: ScenarioText;
  variant: ScenarioText;
  /** Period length (days). */
  days: number;
  /** Start of the period after the baseline's own start (ms; absent: at it). */
  startOffsetMs?: number;
  /** Scenarios known by name (each side's own savings baseline). */
  library: Record<string, string>;
  /** Instants at which each side samples every lamp's level once done (a presentation's night). */
  sampleTimesMs?: number[];
  /** Added to the baseline's seed (the same comparison with another seed; absent: 0). */
  seedOffset?: number;
}

export interface CompareRun {
  plan: ComparePlan;
  result: CompareResult<RunKpis>;
  baseline: SideResult;
  variant: SideResult;
  /** Wall time of the whole comparison, both sides in parallel (ms). */
  wallMs: number;
}

export type CompareOutcome = { status: 'done'; run: CompareRun } | { status: 'cancelled' } | { status: 'failed'; side: CompareSide | null; error: string };

/** The period and seed of a comparison: the baseline's start (plus an offset) and seed, `days` long. A bad baseline throws its ScenarioError. */
export function planFor(baseline: ScenarioText, days: number, startOffsetMs = 0): ComparePlan {
  const scenario = parseScenarioText(baseline.text, baseline.file);
  return comparePlan(scenario, { startMs: scenarioStartMs(scenario) + startOffsetMs, spanMs: Math.round(days * 86_400_000) });
}

export interface CompareClient {
  run(request: CompareRequest, progress: (side: CompareSide, fraction: number) => void): Promise<CompareOutcome>;
  preview(variant: ScenarioText, baseline: ScenarioText): Promise<PreviewOutcome>;
  /** Webster greens for one signal's stages from the scenario's demand (the baseline worker, between its slices). */
  suggestWebster(scenario: ScenarioText, signal: number, plan: EditablePlan): Promise<WebsterOutcome>;
  cancel(): void;
}

/** Each worker keeps the city it was sent; a new city (another object) is sent again. */
const cityKeys = new WeakMap<CityModel, number>();
let nextCityKey = 1;
function keyOf(city: CityModel): number {
  let k = cityKeys.get(city);
  if (k === undefined) cityKeys.set(city, (k = nextCityKey++));
  return k;
}

export function createCompareClient(endpoints: [Endpoint, Endpoint], city: () => CityModel | null): CompareClient {
  const hosts = endpoints.map((e) => wrap<CompareHost>(e)) as [Remote<CompareHost>, Remote<CompareHost>];
  const ensureCity = async (h: Remote<CompareHost>) => {
    const c = city();
    if (!c) throw new Error('no city is loaded');
    const key = keyOf(c);
    if (!(await h.cityIs(key))) await h.setCity(c, key);
  };
  let runSeq = 0;
  return {
    async run(request, progress) {
      const seq = ++runSeq;
      let plan: ComparePlan;
      try {
        plan = planFor(request.baseline, request.days, request.startOffsetMs);
      } catch (e) {
        return { status: 'failed', side: 'baseline', error: (e as Error).message };
      }
      if (request.seedOffset) plan = { ...plan, seed: (plan.seed + request.seedOffset) >>> 0 };
      const t0 = performance.now();
      const sides: CompareSide[] = ['baseline', 'variant'];
      let outcomes: SideOutcome[];
      try {
        outcomes = await Promise.all(
          sides.map(async (side, k) => {
            await ensureCity(hosts[k]);
            const src = request[side];
            return (await hosts[k].run({ ...src, plan, library: request.library, sampleTimesMs: request.sampleTimesMs }, proxy((f: number) => progress(side, f)))) as SideOutcome;
          }),
        );
      } catch (e) {
        return { status: 'failed', side: null, error: (e as Error).message };
      }
      if (seq !== runSeq) return { status: 'cancelled' };
      for (let k = 0; k < 2; k++) {
        const o = outcomes[k];
        if (o.status === 'failed') return { status: 'failed', side: sides[k], error: o.error };
        if (o.status === 'cancelled') return { status: 'cancelled' };
      }
      const [a, b] = outcomes.map((o) => (o as { result: SideResult }).result);
      return { status: 'done', run: { plan, result: compareKpis(a.kpis, b.kpis), baseline: a, variant: b, wallMs: Math.round(performance.now() - t0) } };
    },
    async preview(variant, baseline) {
      let plan: ComparePlan;
      try {
        plan = planFor(baseline, 1);
      } catch (e) {
        return { status: 'failed', error: (e as Error).message };
      }
      try {
        // Both workers get the city now, so a comparison started next does not wait for it.
        await Promise.all([ensureCity(hosts[0]), ensureCity(hosts[1])]);
        return (await hosts[1].preview({ ...variant, plan, library: {} })) as PreviewOutcome;
      } catch (e) {
        return { status: 'failed', error: (e as Error).message };
      }
    },
    async suggestWebster(scenario, signal, plan) {
      try {
        await ensureCity(hosts[0]);
        return (await hosts[0].suggestWebster({ ...scenario, signal, plan })) as WebsterOutcome;
      } catch (e) {
        return { status: 'failed', error: (e as Error).message };
      }
    },
    cancel() {
      runSeq++;
      void hosts[0].cancel();
      void hosts[1].cancel();
    },
  };
}

let client: CompareClient | null = null;

/** The page's compare client; starts its two workers on first use. `city` gives the city the views show. */
export function compareClient(city: () => CityModel | null): CompareClient {
  const worker = (name: string) => new Worker(new URL('../../workers/compare.worker.ts', import.meta.url), { type: 'module', name }) as unknown as Endpoint;
  client ??= createCompareClient([worker('compare-baseline'), worker('compare-variant')], city);
  return client;
}
