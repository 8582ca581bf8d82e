// The scenario file (`scenarios/*.scenario.json`), version 2: city, period, seed, lighting
// strategies per zone, road traffic (demand, signal strategies), energy factors. Validated with
// zod; unknown keys are errors. Version 2 added the optional `traffic` section to version 1.

import { z } from 'zod';

export const SCENARIO_SCHEMA_ID = 'twin-scenario';
export const SCENARIO_VERSION = 2;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM');
const level = z.number().min(0, 'a level is at least 0').max(1, 'a level is at most 1 (full output)');

/** Most vertices a drawn area may have (a hand-drawn outline has tens; this bounds hostile input). */
export const MAX_AREA_VERTICES = 500;

const lonLatSchema = z.tuple([
  z.number().min(-180, 'a longitude is at least -180').max(180, 'a longitude is at most 180'),
  z.number().min(-90, 'a latitude is at least -90').max(90, 'a latitude is at most 90'),
]);

/**
 * A drawn area: a ring of [longitude, latitude] points (WGS 84), closed (last point = first) or
 * not (it is closed implicitly); at least 3 distinct points, at most MAX_AREA_VERTICES, enclosing a surface.
 */
export const areaRingSchema = z
  .array(lonLatSchema)
  .max(MAX_AREA_VERTICES + 1, `an area has at most ${MAX_AREA_VERTICES} points`)
  .superRefine((ring, ctx) => {
    const open = openRing(ring);
    if (open.length < 3) ctx.addIssue({ code: 'custom', message: `an area needs at least 3 distinct points (got ${open.length})` });
    else if (open.length > MAX_AREA_VERTICES) ctx.addIssue({ code: 'custom', message: `an area has at most ${MAX_AREA_VERTICES} points` });
    else if (ringArea(open) === 0) ctx.addIssue({ code: 'custom', message: 'the area encloses no surface (its points are on one line)' });
  });

/** The ring without its closing point (a last point equal to the first). */
export function openRing(ring: readonly (readonly [number, number])[]): (readonly [number, number])[] {
  const n = ring.length;
  const closed = n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1];
  return closed ? ring.slice(0, n - 1) : ring.slice();
}

/** Unsigned shoelace area of an open ring, in its units squared. */
function ringArea(ring: readonly (readonly [number, number])[]): number {
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) twice += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return Math.abs(twice) / 2;
}

/** Which lamps a rule applies to; every given criterion must hold (empty: all lamps). */
export const selectorSchema = z.strictObject({
  communes: z.array(z.string().min(1)).optional(),
  roadClasses: z.array(z.enum(['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'residential', 'service', 'pedestrian', 'unclassified'])).optional(),
  technologies: z.array(z.enum(['unknown', 'HPS', 'LED', 'MH', 'LPS', 'fluorescent', 'mercury-vapour'])).optional(),
  cabinets: z.array(z.number().int().min(0)).optional(),
  /** Hand-picked lamps by index or inventory id. */
  lamps: z.array(z.union([z.number().int().min(0), z.string().min(1)])).optional(),
  /** The lamps inside a drawn area (a lon/lat ring). */
  area: areaRingSchema.optional(),
});

const stepsSchema = z
  .array(z.strictObject({ at: clock, level }))
  .min(1)
  .superRefine((steps, ctx) => {
    const seen = new Set<string>();
    for (let i = 0; i < steps.length; i++) {
      if (seen.has(steps[i].at)) ctx.addIssue({ code: 'custom', path: [i, 'at'], message: `two steps at ${steps[i].at}` });
      seen.add(steps[i].at);
    }
  });

export const policySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('constant'), level }),
  /** Levels from each step's time until the next step, within the night window; the evening level applies before the first step. */
  z.strictObject({ type: z.literal('part-night'), eveningLevel: level.default(1), steps: stepsSchema }),
  /** Off between `from` and `to` (local), `level` otherwise. */
  z
    .strictObject({ type: z.literal('curfew'), from: clock, to: clock, level: level.default(1) })
    .refine((c) => c.from !== c.to, { message: 'curfew from and to must differ', path: ['to'] }),
  /** Presence-based dim-up (DOMAIN.md): base level, full level on detection for ramp + hold + fade. */
  z.strictObject({
    type: z.literal('presence'),
    baseLevel: level,
    activeLevel: level.default(1),
    rampS: z.number().min(0).max(60).default(1.5),
    holdS: z.number().min(0).max(3600).default(90),
    fadeS: z.number().min(0).max(600).default(8),
    propagatePoles: z.number().int().min(0).max(10).default(2),
    /** Optional part-night steps that lower the base level further (e.g. 20 % after midnight). */
    steps: stepsSchema.optional(),
  }),
  /** Adaptive class switching (CEN/TR 13201-1): class number follows hourly traffic volume. */
  z.strictObject({
    type: z.literal('adaptive'),
    /** Lowest level allowed whatever the class reduction (safety floor). */
    minLevel: level.default(0.3),
  }),
]);

export const lightingRuleSchema = z.strictObject({
  name: z.string().optional(),
  where: selectorSchema.default({}),
  policy: policySchema,
});

export const retrofitSchema = z.strictObject({
  name: z.string().optional(),
  where: selectorSchema.default({}),
  technology: z.enum(['HPS', 'LED', 'MH', 'LPS', 'fluorescent', 'mercury-vapour']),
  /** Replacement rated power (W); absent: the catalogue default of the technology for the road class. */
  ratedPowerW: z.number().positive().max(2000).optional(),
  photometry: z.string().min(1).optional(),
  /** Share (0–1) of the selected lamps retrofitted, chosen per cabinet deterministically from the seed. */
  share: z.number().min(0).max(1).default(1),
});

export const switchingSchema = z.discriminatedUnion('mode', [
  z.strictObject({
    mode: z.literal('sun'),
    event: z.enum(['sunset-sunrise', 'civil-twilight']).default('sunset-sunrise'),
    onOffsetMin: z.number().min(-120).max(120).default(0),
    offOffsetMin: z.number().min(-120).max(120).default(0),
  }),
  z.strictObject({
    mode: z.literal('photocell'),
    /** Lamps on while ambient illuminance from the feed is below this (lux). */
    thresholdLux: z.number().min(1).max(200).default(30),
  }),
]);

/** Which signalised intersections a signal rule applies to (every given criterion must hold; empty: all). */
export const signalSelectorSchema = z.strictObject({
  /** Signal ids (inventory ids, or `signal-NNNN`). */
  signals: z.array(z.string().min(1)).optional(),
  /** A street name: the signals where that street arrives (a corridor). */
  corridor: z.string().min(1).optional(),
  communes: z.array(z.string().min(1)).optional(),
});

const stageSchema = z.strictObject({
  /** Approach roads (`road-NNNNNN` ids of the links arriving at the junction) green in this stage; empty in a
   *  protected-left stage (only `leftOnly`) or an all-red pedestrian stage, as the generated plans have them. */
  green: z.array(z.string().min(1)),
  /** Approaches green for left turns only (a protected left). */
  leftOnly: z.array(z.string().min(1)).optional(),
  greenS: z.number().min(3).max(180),
  minGreenS: z.number().min(3).max(60).optional(),
  maxGreenS: z.number().min(3).max(180).optional(),
});

export const signalPlanSchema = z.discriminatedUnion('type', [
  /** Fixed time; greens from Webster on the demand unless stages are given. */
  z.strictObject({ type: z.literal('webster') }),
  z.strictObject({
    type: z.literal('fixed'),
    cycleS: z.number().min(20).max(240).optional(),
    offsetS: z.number().min(0).max(240).optional(),
    stages: z.array(stageSchema).min(1).optional(),
  }),
  z.strictObject({
    type: z.literal('actuated'),
    maxGapS: z.number().min(0.5).max(10).default(3),
  }),
  z.strictObject({ type: z.literal('max-pressure') }),
  /** A common cycle and offsets from distances and the progression speed along `where.corridor`. */
  z.strictObject({
    type: z.literal('green-wave'),
    cycleS: z.number().min(40).max(180).default(90),
    progressionKph: z.number().min(10).max(90).default(45),
  }),
]);

export const signalRuleSchema = z.strictObject({
  name: z.string().optional(),
  where: signalSelectorSchema.default({}),
  plan: signalPlanSchema.optional(),
  /** Buses ask for green (extension or early green within safety minimums). */
  busPriority: z.boolean().optional(),
});

export const trafficSchema = z.strictObject({
  demand: z
    .strictObject({
      tripsPerPerson: z.number().min(0).max(10).default(3.5),
      carShare: z.number().min(0).max(1).default(0.5),
      scale: z.number().min(0).max(5).default(1),
      externalShare: z.number().min(0).max(0.5).default(0.12),
      busLines: z.number().int().min(0).max(40).default(8),
      busHeadwayMin: z.number().min(2).max(120).default(10),
      emergencyRuns: z.number().int().min(0).max(200).default(6),
    })
    .default({ tripsPerPerson: 3.5, carShare: 0.5, scale: 1, externalShare: 0.12, busLines: 8, busHeadwayMin: 10, emergencyRuns: 6 }),
  /** Plan of every signal no rule names. */
  defaultPlan: z.enum(['webster', 'fixed', 'actuated', 'max-pressure']).default('webster'),
  /** Signal rules; for each signal the LAST matching rule applies. */
  signals: z.array(signalRuleSchema).default([]),
  busPriority: z.boolean().default(false),
  rerouteEveryMin: z.number().min(0).max(240).default(15),
  stepMs: z.number().int().min(200).max(2000).default(1000),
  /** Vehicles passing lamps are the presence detections of dim-up lighting; simulated hourly volumes drive adaptive classes. */
  couple: z.strictObject({ presence: z.boolean().default(true), adaptiveVolumes: z.boolean().default(true) }).default({ presence: true, adaptiveVolumes: true }),
});

export const scenarioSchema = z.strictObject({
  schema: z.literal(SCENARIO_SCHEMA_ID),
  version: z.literal(SCENARIO_VERSION),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
  title: z.strictObject({ fr: z.string().min(1), en: z.string().min(1) }),
  description: z.strictObject({ fr: z.string(), en: z.string() }).optional(),
  /** "default" (the generated Dijon Métropole) or a path to a .city file, relative to the scenario. */
  city: z.string().default('default'),
  period: z
    .strictObject({
      /** ISO date-time with offset, e.g. 2025-01-01T12:00:00+01:00. */
      start: z.iso.datetime({ offset: true }),
      days: z.number().positive().max(3660).default(1),
    }),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  lighting: z
    .strictObject({
      switching: switchingSchema.default({ mode: 'sun', event: 'sunset-sunrise', onOffsetMin: 0, offOffsetMin: 0 }),
      /** Fleet changes applied in order to the city's lamps (LED retrofit, or back to the legacy state). */
      retrofit: z.array(retrofitSchema).default([]),
      /** Control rules; for each lamp the LAST matching rule applies. Lamps no rule matches burn at 100 % all night. */
      rules: z.array(lightingRuleSchema).default([]),
      /** Lamps lighting an intersection keep at least this level whatever their rule (DOMAIN: intersections kept brighter). */
      intersectionMinLevel: level.optional(),
    })
    .default({ switching: { mode: 'sun', event: 'sunset-sunrise', onOffsetMin: 0, offOffsetMin: 0 }, retrofit: [], rules: [] }),
  /** Road traffic; absent: no traffic is simulated (lighting uses its stated defaults for presence and volumes). */
  traffic: trafficSchema.optional(),
  energy: z
    .strictObject({
      tariff: z
        .strictObject({
          eurPerKWh: z.number().min(0).max(5),
          offPeak: z.strictObject({ eurPerKWh: z.number().min(0).max(5), start: clock, end: clock }).optional(),
          source: z.string().optional(),
        })
        .optional(),
      co2: z
        .union([
          z.strictObject({ factor: z.enum(['rte-2024', 'rte-2023', 'ademe-mix']) }),
          z.strictObject({ gPerKWh: z.number().min(0).max(2000), source: z.string().min(1) }),
        ])
        .optional(),
      /** Name of the scenario the savings are measured against (its file beside this one). */
      baseline: z.string().optional(),
      targetReductionPct: z.number().min(0).max(100).optional(),
    })
    .default({}),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type LightingPolicy = z.infer<typeof policySchema>;
export type LampSelector = z.infer<typeof selectorSchema>;
export type AreaRing = z.infer<typeof areaRingSchema>;
export type RetrofitRule = z.infer<typeof retrofitSchema>;
export type TrafficSection = z.infer<typeof trafficSchema>;
export type SignalRule = z.infer<typeof signalRuleSchema>;
export type SignalPlanInput = z.infer<typeof signalPlanSchema>;
