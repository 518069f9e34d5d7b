// Calibration (SPEC 5): closed opportunities' outcomes per band become proposed points and weights, checked on a time-based holdout.
import type { DuckDBConnection } from '@duckdb/node-api'
import type { ScoreConfig } from '../../app/config.ts'
import { UserError } from '../../data/errors.ts'
import { inParallel } from '../../data/threads.ts'
import { SCORE_COMPONENTS, type ScoreComponent } from '../../data/schema.ts'
import { rows, sqlFile } from '../../data/warehouse.ts'
import {
  informationValue,
  rocAuc,
  round1,
  scaleToPoints,
  smoothedLogOdds,
  topDecileLift,
  type Outcomes,
  type ScoredGroup,
} from './calibration_math.ts'
import { weightsFromInformation } from './calibration_math.ts'
import { scoreSql } from './queries.ts'
import { buildInputs, dropScoreTemps } from './score.ts'

const sql = {
  targets: sqlFile(import.meta.url, 'calibration_targets.sql'),
  counts: sqlFile(import.meta.url, 'calibration_counts.sql'),
}

/** The components calibrated: the eight of SPEC 5, listed once in data/schema.ts. */
export const COMPONENTS = SCORE_COMPONENTS
export type Component = ScoreComponent

/** One row of calibration_counts.sql: a combination of bands with current points and outcomes. */
export type BandRow = {
  is_test: boolean
  won: number
  lost: number
} & Record<string, string | number | boolean>

export interface Evaluation {
  model: string
  auc: number
  lift: number
}

export interface CalibrationResult {
  fit: { closures: number; won: number }
  test: { closures: number; won: number }
  evaluations: Evaluation[]
  proposal: ScoreConfig
  information: Record<Component, number>
}

const bandOf = (c: Component) => c.replace(/_score$/, '_band')

/**
 * Computes the components of every closed opportunity as of the day before it closed (the same
 * components.sql as scoring), counts outcomes per band and proposes a configuration (`propose`),
 * then evaluates current and proposed configurations on the newest 20 % of closures.
 */
export async function calibrate(
  conn: DuckDBConnection,
  config: ScoreConfig,
): Promise<CalibrationResult> {
  return inParallel(conn, async () => {
    await conn.run(sql.targets)
    try {
      await buildInputs(conn, config)
      await conn.run(
        `create or replace temp table calibration_components as\n${scoreSql.components}`,
      )
      const counts = await rows<BandRow>(conn, sql.counts)
      return calibrateFromCounts(counts, config)
    } finally {
      await dropScoreTemps(conn, ['calibration_components'])
    }
  })
}

/** The pure part of calibration: from outcome counts per band combination to proposal and evaluation. */
export function calibrateFromCounts(counts: BandRow[], config: ScoreConfig): CalibrationResult {
  const fit = counts.filter((r) => !r.is_test)
  const test = counts.filter((r) => r.is_test)
  const sum = (list: BandRow[], k: 'won' | 'lost') => list.reduce((a, r) => a + r[k], 0)
  const fitWon = sum(fit, 'won')
  const fitTotal = fitWon + sum(fit, 'lost')
  if (fitWon === 0 || fitWon === fitTotal)
    throw new UserError(
      `calibration needs closed opportunities of both outcomes (Won and Lost): found ${fitTotal} closed, ${fitWon} won, in the fitting part`,
    )
  const prior = fitWon / fitTotal

  const points = {} as Record<Component, Map<string, number>>
  const information = {} as Record<Component, number>
  let penalty = config.followup.overdue_penalty
  for (const c of COMPONENTS) {
    const byBand = outcomesByBand(fit, bandOf(c))
    information[c] = informationValue([...byBand.values()])
    if (c === 'followup_score') {
      // touches bands ignore the overdue flag; the penalty is the overdue log-odds gap in the same scale
      const touches = new Map<string, Outcomes>()
      const overdue: Outcomes = { won: 0, lost: 0 }
      const onTime: Outcomes = { won: 0, lost: 0 }
      for (const [band, o] of byBand) {
        const [key, flag] = band.split('|')
        add(touches, key, o)
        add1(flag ? overdue : onTime, o)
      }
      const keys = config.followup.touches.map((_, i) => `touches:${i}`)
      const logOdds = keys.map((k) => smoothedLogOdds(touches.get(k) ?? none(), prior))
      const scaled = scaleToPoints(logOdds)
      points[c] = new Map(keys.map((k, i) => [k, scaled[i]]))
      const range = Math.max(...logOdds) - Math.min(...logOdds)
      const gap = smoothedLogOdds(onTime, prior) - smoothedLogOdds(overdue, prior)
      penalty = range > 1e-12 ? Math.min(10, Math.max(0, round1((10 * gap) / range))) : 0
    } else {
      const keys = bandKeys(c, config)
      const scaled = scaleToPoints(keys.map((k) => smoothedLogOdds(byBand.get(k) ?? none(), prior)))
      points[c] = new Map(keys.map((k, i) => [k, scaled[i]]))
    }
  }
  const weights = weightsFromInformation(information) as Record<Component, number>
  const proposal = proposedConfig(config, points, weights, penalty)

  const proposedPoints = (r: BandRow, c: Component): number => {
    const band = String(r[bandOf(c)])
    if (c === 'followup_score') {
      const [key, flag] = band.split('|')
      return Math.max((points[c].get(key) ?? 0) - (flag ? penalty : 0), 0)
    }
    return points[c].get(band) ?? 0
  }
  const evaluate = (model: string, score: (r: BandRow) => number): Evaluation => {
    const groups: ScoredGroup[] = test.map((r) => ({ score: score(r), won: r.won, lost: r.lost }))
    return { model, auc: rocAuc(groups), lift: topDecileLift(groups) }
  }
  const total = (w: Record<Component, number>, p: (c: Component) => number) =>
    COMPONENTS.reduce((a, c) => a + w[c] * p(c), 0) / 10
  const evaluations = [
    evaluate('current configuration', (r) => total(config.weights, (c) => Number(r[c]))),
    evaluate('proposal', (r) => total(weights, (c) => proposedPoints(r, c))),
    ...COMPONENTS.map((c) => evaluate(`${c} alone`, (r) => Number(r[c]))),
  ]
  return {
    fit: { closures: fitTotal, won: fitWon },
    test: { closures: sum(test, 'won') + sum(test, 'lost'), won: sum(test, 'won') },
    evaluations,
    proposal,
    information,
  }
}

/** Every band a component can fall in under the configuration, in the order of the config file. */
function bandKeys(c: Component, config: ScoreConfig): string[] {
  const indexed = (n: number) => Array.from({ length: n }, (_, i) => `band:${i}`)
  switch (c) {
    case 'lead_classification_score':
      return [...Object.keys(config.lead_classification.values), 'missing']
    case 'expected_closure_score':
      return ['missing', 'overdue', ...indexed(config.expected_closure.bands.length)]
    case 'lead_age_score':
      return indexed(config.lead_age.bands.length)
    case 'avg_call_duration_score':
      return ['no_call', ...indexed(config.avg_call_duration.bands.length)]
    case 'opty_category_score':
      return [...Object.keys(config.opty_category.values), 'other']
    case 'customer_type_score':
      return [...Object.keys(config.customer_type.values), 'missing']
    case 'stock_availability_score':
      return ['plenty', 'some', 'elsewhere_in_district', 'none']
    default:
      return []
  }
}

/** The current configuration with the calibrated points and weights (band edges unchanged). */
function proposedConfig(
  config: ScoreConfig,
  points: Record<Component, Map<string, number>>,
  weights: Record<Component, number>,
  penalty: number,
): ScoreConfig {
  const p = (c: Component, key: string) => points[c].get(key) ?? 0
  const values = (c: Component, keys: string[]) => Object.fromEntries(keys.map((k) => [k, p(c, k)]))
  return {
    ...config,
    weights: { ...weights },
    lead_classification: {
      values: values('lead_classification_score', Object.keys(config.lead_classification.values)),
      missing: p('lead_classification_score', 'missing'),
    },
    expected_closure: {
      missing: p('expected_closure_score', 'missing'),
      overdue: p('expected_closure_score', 'overdue'),
      bands: config.expected_closure.bands.map((b, i) => ({
        max: b.max,
        points: p('expected_closure_score', `band:${i}`),
      })),
    },
    followup: {
      ...config.followup,
      touches: config.followup.touches.map((_, i) => p('followup_score', `touches:${i}`)),
      overdue_penalty: penalty,
    },
    lead_age: {
      bands: config.lead_age.bands.map((b, i) => ({
        max: b.max,
        points: p('lead_age_score', `band:${i}`),
      })),
    },
    avg_call_duration: {
      no_call: p('avg_call_duration_score', 'no_call'),
      bands: config.avg_call_duration.bands.map((b, i) => ({
        below: b.below,
        points: p('avg_call_duration_score', `band:${i}`),
      })),
    },
    opty_category: {
      values: values('opty_category_score', Object.keys(config.opty_category.values)),
      other: p('opty_category_score', 'other'),
    },
    customer_type: {
      values: values('customer_type_score', Object.keys(config.customer_type.values)),
      missing: p('customer_type_score', 'missing'),
    },
    stock_availability: {
      ...config.stock_availability,
      plenty: p('stock_availability_score', 'plenty'),
      some: p('stock_availability_score', 'some'),
      elsewhere_in_district: p('stock_availability_score', 'elsewhere_in_district'),
      none: p('stock_availability_score', 'none'),
    },
  }
}

function outcomesByBand(list: BandRow[], bandColumn: string): Map<string, Outcomes> {
  const m = new Map<string, Outcomes>()
  for (const r of list) add(m, String(r[bandColumn]), r)
  return m
}
function add(m: Map<string, Outcomes>, key: string, o: Outcomes) {
  const cur = m.get(key)
  if (cur) add1(cur, o)
  else m.set(key, { won: o.won, lost: o.lost })
}
function add1(into: Outcomes, o: Outcomes) {
  into.won += o.won
  into.lost += o.lost
}
const none = (): Outcomes => ({ won: 0, lost: 0 })

/** The evaluation table as printed by `scv calibrate`. */
export function formatEvaluations(result: CalibrationResult): string {
  const fmt = (x: number, d: number) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a')
  const width = Math.max(...result.evaluations.map((e) => e.model.length))
  const lines = [
    `${'model'.padEnd(width)}  ROC AUC  top-10% lift`,
    `${'-'.repeat(width)}  -------  ------------`,
    ...result.evaluations.map(
      (e) =>
        `${e.model.padEnd(width)}  ${fmt(e.auc, 3).padStart(7)}  ${fmt(e.lift, 2).padStart(12)}`,
    ),
  ]
  return lines.join('\n')
}
