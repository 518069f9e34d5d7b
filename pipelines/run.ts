// `scv run` and the scheduler's daily run: inbox → score → hotspots → alert, each step recorded; a failure stops the rest.
import type { Config } from '../app/config.ts'
import { isUserError } from '../data/errors.ts'
import type { Warehouse } from '../data/warehouse.ts'
import { resumePending, runAlertRecorded } from './alert/alert.ts'
import { computeHotspots } from './hotspots/hotspots.ts'
import { ingestInbox } from './inbox.ts'
import { recordRun } from './runs.ts'
import { scoreAll } from './score/score.ts'

export const STEPS = ['inbox', 'score', 'hotspots', 'alert'] as const
export type StepName = (typeof STEPS)[number]

export interface StepResult {
  step: StepName
  status: 'succeeded' | 'failed' | 'skipped'
  counts?: Record<string, unknown>
  /** the cause, for a failed step */
  error?: string
  /** a failed step's error is bad input (exit 2) rather than a failure (exit 1) */
  userError?: boolean
}

export interface RunAllOptions {
  asOf: string
  triggeredBy?: string
  smtpUrl?: string
  /** the steps to run, in the fixed order (default all four; the scheduler's 07:30 run omits alert) */
  steps?: StepName[]
  /** leave inbox files modified less than this long ago for later (the scheduler passes its setting) */
  inboxSettleMs?: number
}

/** Runs the steps in order; each is recorded in pipeline_runs; the first failure skips the later steps. */
export async function runAll(
  db: Warehouse,
  config: Config,
  options: RunAllOptions,
): Promise<StepResult[]> {
  const { asOf } = options
  const triggeredBy = options.triggeredBy ?? 'cli'
  const wanted = new Set(options.steps ?? STEPS)
  const bodies: Record<StepName, () => Promise<Record<string, unknown>>> = {
    inbox: () =>
      db.write((conn) =>
        recordRun(conn, { pipeline: 'inbox', asOf, triggeredBy }, async () => {
          const r = await ingestInbox(conn, config, { settleMs: options.inboxSettleMs })
          return {
            files: r.files,
            loaded: r.loaded,
            skipped: r.skipped,
            refused: r.refused,
            refused_files: r.results.filter((f) => f.status === 'refused').map((f) => f.file),
          }
        }),
      ),
    score: () =>
      db.write(async (conn) => ({
        ...(await scoreAll(conn, config.score, { asOf, triggeredBy })),
      })),
    hotspots: () =>
      db.write((conn) =>
        recordRun(conn, { pipeline: 'hotspots', asOf, triggeredBy }, () =>
          computeHotspots(conn, config, asOf),
        ),
      ),
    alert: async () => {
      const result = await runAlertRecorded(db, config, {
        asOf,
        smtpUrl: options.smtpUrl,
        triggeredBy,
      })
      // a later run resumes what earlier runs left pending
      const resumed = options.smtpUrl ? await resumePending(db, config, options.smtpUrl) : []
      return { status: result.status, message: result.message, resumed: resumed.length }
    },
  }
  const results: StepResult[] = []
  let failed = false
  for (const step of STEPS) {
    if (!wanted.has(step)) continue
    if (failed) {
      results.push({ step, status: 'skipped' })
      continue
    }
    try {
      results.push({ step, status: 'succeeded', counts: await bodies[step]() })
    } catch (e) {
      failed = true
      results.push({
        step,
        status: 'failed',
        error: e instanceof Error ? e.message : String(e),
        userError: isUserError(e),
      })
    }
  }
  await db.checkpoint()
  return results
}
