// Configuration: one schema with every default of the spec; an optional JSON file overrides it, validated once, frozen.
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { ConfigError } from '../data/errors.ts'

const points = z.number().min(0).max(10)
/** Bands over a day count: the first band whose `max` (inclusive) is ≥ the value wins; `max: null` is open-ended. */
const dayBands = z
  .array(z.object({ max: z.number().int().nullable(), points }).strict())
  .min(1)
  .refine((b) => b[b.length - 1].max === null, 'the last band must have max null (open-ended)')

/** Points per categorical value; values are matched case-insensitively, so keys must differ in more than case. */
const categoryPoints = z
  .record(z.string(), points)
  .refine(
    (values) =>
      new Set(Object.keys(values).map((k) => k.toLowerCase())).size === Object.keys(values).length,
    'keys must differ in more than letter case (values are matched case-insensitively)',
  )

const weights = z
  .object({
    lead_classification_score: z.number().min(0),
    expected_closure_score: z.number().min(0),
    followup_score: z.number().min(0),
    lead_age_score: z.number().min(0),
    avg_call_duration_score: z.number().min(0),
    opty_category_score: z.number().min(0),
    customer_type_score: z.number().min(0),
    stock_availability_score: z.number().min(0),
  })
  .strict()
  .refine((w) => Math.abs(Object.values(w).reduce((a, b) => a + b, 0) - 100) < 1e-6, {
    message: 'weights must sum to 100',
  })

const scoreSchema = z
  .object({
    weights: weights.default({
      lead_classification_score: 20,
      expected_closure_score: 15,
      followup_score: 15,
      lead_age_score: 10,
      avg_call_duration_score: 10,
      opty_category_score: 10,
      customer_type_score: 10,
      stock_availability_score: 10,
    }),
    lead_classification: z
      .object({ values: categoryPoints, missing: points })
      .strict()
      .default({ values: { 'Live Deal': 10, Hot: 9, Warm: 6, Cold: 2 }, missing: 3 }),
    expected_closure: z
      .object({ missing: points, overdue: points, bands: dayBands })
      .strict()
      .default({
        missing: 0,
        overdue: 4,
        bands: [
          { max: 7, points: 10 },
          { max: 15, points: 8 },
          { max: 30, points: 6 },
          { max: 60, points: 3 },
          { max: null, points: 1 },
        ],
      }),
    followup: z
      .object({
        /** points by number of touches in the window; the last entry applies to that count and more */
        touches: z.array(points).min(1),
        window_days: z.number().int().positive(),
        overdue_penalty: z.number().min(0),
        overdue_grace_days: z.number().int().min(0),
      })
      .strict()
      .default({
        touches: [0, 4, 7, 10],
        window_days: 30,
        overdue_penalty: 3,
        overdue_grace_days: 2,
      }),
    lead_age: z
      .object({ bands: dayBands })
      .strict()
      .default({
        bands: [
          { max: 3, points: 10 },
          { max: 7, points: 8 },
          { max: 15, points: 6 },
          { max: 30, points: 4 },
          { max: 60, points: 2 },
          { max: null, points: 0 },
        ],
      }),
    avg_call_duration: z
      .object({
        no_call: points,
        /** bands over mean seconds: the first band whose `below` (whole seconds, exclusive) is above the mean; the last is null */
        bands: z
          .array(z.object({ below: z.number().int().min(0).nullable(), points }).strict())
          .min(1)
          .refine(
            (b) => b[b.length - 1].below === null,
            'the last band must have below null (open-ended)',
          ),
      })
      .strict()
      .default({
        no_call: 0,
        bands: [
          { below: 30, points: 2 },
          { below: 90, points: 5 },
          { below: 180, points: 8 },
          { below: null, points: 10 },
        ],
      }),
    opty_category: z
      .object({ values: categoryPoints, other: points })
      .strict()
      .default({
        values: { 'Repeat Purchase': 10, Referral: 9, Exchange: 8, 'First-time Buyer': 6 },
        other: 5,
      }),
    customer_type: z
      .object({ values: categoryPoints, missing: points })
      .strict()
      .default({ values: { Fleet: 10, Institutional: 8, Retail: 6 }, missing: 5 }),
    stock_availability: z
      .object({
        plenty_min: z.number().int().positive(),
        plenty: points,
        some: points,
        elsewhere_in_district: points,
        none: points,
      })
      .strict()
      .default({ plenty_min: 3, plenty: 10, some: 7, elsewhere_in_district: 4, none: 0 }),
    next_best_action: z
      .object({
        first_contact_max_age_days: z.number().int().min(0),
        close_within_days: z.number().int().min(0),
        reengage_after_days: z.number().int().min(0),
      })
      .strict()
      .default({ first_contact_max_age_days: 2, close_within_days: 7, reengage_after_days: 7 }),
  })
  .strict()

const hotspotSchema = z
  .object({
    window_days: z.number().int().positive().default(5),
    min_dealers: z.number().int().positive().default(2),
    min_leads: z.number().int().min(0).default(5),
    lead_growth_pct: z.number().default(25),
    intent_growth_pct: z.number().default(25),
    retail_growth_pct: z.number().default(10),
    /** talukas kept per district in district_top3_talukas */
    top_per_district: z.number().int().positive().default(3),
  })
  .strict()

const alertSchema = z
  .object({
    recipients: z.array(z.email()).default(['leadership@scv.example']),
    sender: z.string().min(3).default('SCV Sales Intelligence <alerts@scv.example>'),
    top_n: z.number().int().positive().default(3),
    max_attempts: z.number().int().positive().default(6),
    /** first retry delay; doubles each attempt */
    retry_base_ms: z.number().int().positive().default(30_000),
  })
  .strict()

const scheduleSchema = z
  .object({
    timezone: z.string().default('Asia/Kolkata'),
    inbox_cron: z.string().default('*/5 * * * *'),
    run_cron: z.string().default('30 7 * * *'),
    alert_cron: z.string().default('0 8 * * *'),
    /** recomputes the score facts for the new day, so rescores stay fast until the morning run */
    facts_cron: z.string().default('1 0 * * *'),
    /** resumes pending alert emails whose next attempt is due */
    outbox_cron: z.string().default('* * * * *'),
    /** the scheduled inbox job leaves files younger than this (still being copied) for the next tick */
    inbox_settle_seconds: z.number().min(0).default(5),
    /** on start, run a daily job missed while the server was down (croner does not replay) */
    catch_up: z.boolean().default(true),
    enabled: z.boolean().default(true),
  })
  .strict()

const serverSchema = z
  .object({
    port: z.number().int().min(0).max(65535).default(3000),
    host: z.string().default('127.0.0.1'),
    /** the address users reach; https:// turns on Secure and __Host- cookies */
    public_url: z.string().default('http://localhost:3000'),
    session_hours: z.number().positive().default(12),
    page_size: z.number().int().positive().max(200).default(50),
    upload_max_mb: z.number().positive().default(50),
    login_max_failures: z.number().int().positive().default(5),
    login_window_minutes: z.number().positive().default(15),
  })
  .strict()

export const configSchema = z
  .object({
    db: z.string().default('data/scv.duckdb'),
    inbox_dir: z.string().default('data/inbox'),
    archive_dir: z.string().default('data/archive'),
    refused_dir: z.string().default('data/refused'),
    demo_dir: z.string().default('data/demo'),
    score: scoreSchema.default(scoreSchema.parse({})),
    hotspots: hotspotSchema.default(hotspotSchema.parse({})),
    alert: alertSchema.default(alertSchema.parse({})),
    schedule: scheduleSchema.default(scheduleSchema.parse({})),
    server: serverSchema.default(serverSchema.parse({})),
  })
  .strict()

export type Config = z.infer<typeof configSchema>
export type ScoreConfig = Config['score']

/** Validates a config object; every bad field is reported with its path. */
export function parseConfig(input: unknown, source = 'configuration'): Config {
  const result = configSchema.safeParse(input)
  if (!result.success) {
    const issues = result.error.issues.map(
      (i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`,
    )
    throw new ConfigError(`${source} is invalid: ${issues.join('; ')}`, issues)
  }
  return deepFreeze(result.data)
}

/**
 * Loads the configuration once: defaults, overridden by the JSON file given (`--config`, else
 * `SCV_CONFIG`), then `--db` / `SCV_DB`. Secrets (SMTP URL) are read from the environment by
 * `secrets()`, never from the file.
 */
export function loadConfig(
  options: { configPath?: string; db?: string } = {},
  env = process.env,
): Config {
  const path = options.configPath ?? env.SCV_CONFIG
  let input: Record<string, unknown> = {}
  if (path) {
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (e) {
      throw new ConfigError(`cannot read config file ${path}: ${(e as Error).message}`)
    }
    try {
      input = JSON.parse(text)
    } catch (e) {
      throw new ConfigError(`config file ${path} is not valid JSON: ${(e as Error).message}`)
    }
  }
  const db = options.db ?? env.SCV_DB
  if (db) input = { ...input, db }
  return parseConfig(input, path ? `config file ${path}` : 'configuration')
}

export interface Secrets {
  smtpUrl?: string
}

export function secrets(env = process.env): Secrets {
  return { smtpUrl: env.SCV_SMTP_URL || undefined }
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o)
    for (const v of Object.values(o)) deepFreeze(v)
  }
  return o
}
