// The scenario file (`scenarios/*.scenario.json`), version 1: city, period, seed, lighting
// strategies per zone, energy factors. Validated with zod; unknown keys are errors.

import { z } from 'zod';

export const SCENARIO_SCHEMA_ID = 'twin-scenario';
export const SCENARIO_VERSION = 2;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM');
const level = z.number().min(0, 'a level is at least 0').max(1, 'a level is at most 1 (full output)');

/** Which lamps a rule applies to; every given criterion must hold (empty: all lamps). */
export const selectorSchema = z.strictObject({
  communes: z.array(z.string().min(1)).optional(),
  roadClasses: z.array(z.enum(['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'residential', 'service', 'pedestrian', 'unclassified'])).optional(),
  technologies: z.array(z.enum(['unknown', 'HPS', 'LED', 'MH', 'LPS', 'fluorescent', 'mercury-vapour'])).optional(),
  cabinets: z.array(z.number().int().min(0)).optional(),
  /** Hand-picked lamps by index or inventory id. */
  lamps: z.array(z.union([z.number().int().min(0), z.string().min(1)])).optional(),
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
export type RetrofitRule = z.infer<typeof retrofitSchema>;
