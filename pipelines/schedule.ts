// The in-process scheduler of `scv serve`: croner jobs from config.schedule, one at a time, never crashing the server.
import { Cron } from 'croner'
import type { Config } from '../app/config.ts'
import { todayIST } from '../data/dates.ts'
import { rows, type Warehouse } from '../data/warehouse.ts'
import { resumePending, runAlertRecorded } from './alert/alert.ts'
import { processInbox } from './inbox.ts'
import { runAll } from './run.ts'
import { recordRun } from './runs.ts'
import { refreshScoreFacts, scoreFactsHold } from './score/score.ts'

export type JobOutcome = 'ran' | 'skipped' | 'failed'

export interface JobDefinition {
  name: string
  /** croner pattern (5 or 6 fields) */
  pattern: string
  run: () => Promise<unknown>
}

export interface ScheduledJob {
  name: string
  pattern: string
  /** runs the job now through the same guard as a tick: skipped while it is already running */
  run(): Promise<JobOutcome>
  isRunning(): boolean
  nextRun(): Date | null
}

export interface Scheduler {
  jobs: ScheduledJob[]
  /** what the start-up catch-up ran (missed daily jobs), once it has finished */
  catchUp: Promise<string[]>
  /** stops every timer, then waits for the job that is running (and any queued one) to finish */
  stop(): Promise<void>
}

export interface SchedulerOptions {
  log?: (line: string) => void
  smtpUrl?: string
}

/**
 * Starts croner jobs for the definitions. Jobs run one at a time through one queue (the 08:00 alert
 * waits for a 07:30 run still going); a job that is running or queued is not started again; an
 * error is logged and the next tick runs as usual.
 */
export function createScheduler(
  definitions: JobDefinition[],
  options: { timezone: string; log?: (line: string) => void },
): {
  jobs: ScheduledJob[]
  enqueue: (job: ScheduledJob) => Promise<JobOutcome>
  stop(): Promise<void>
} {
  const log = options.log ?? ((line: string) => console.log(line))
  let queue: Promise<unknown> = Promise.resolve()
  let stopped = false
  const crons: Cron[] = []
  const jobs = definitions.map((def): ScheduledJob => {
    let busy = false
    const job: ScheduledJob = {
      name: def.name,
      pattern: def.pattern,
      isRunning: () => busy,
      nextRun: () => cron.nextRun(),
      async run() {
        if (stopped) return 'skipped'
        if (busy) {
          log(`schedule: ${def.name} is still running or queued; this turn is skipped`)
          return 'skipped'
        }
        busy = true
        const turn = queue.then(async (): Promise<JobOutcome> => {
          if (stopped) return 'skipped'
          try {
            await def.run()
            return 'ran'
          } catch (e) {
            log(`schedule: ${def.name} failed: ${e instanceof Error ? e.message : String(e)}`)
            return 'failed'
          }
        })
        queue = turn.catch(() => undefined)
        try {
          return await turn
        } finally {
          busy = false
        }
      },
    }
    // protect: croner itself never overlaps a job; catch: a callback error never reaches the process
    const cron = new Cron(
      def.pattern,
      { timezone: options.timezone, protect: true, catch: true, name: def.name },
      async () => {
        await job.run()
      },
    )
    crons.push(cron)
    return job
  })
  return {
    jobs,
    enqueue: (job) => job.run(),
    async stop() {
      stopped = true
      for (const cron of crons) cron.stop()
      await queue
    },
  }
}

/**
 * The server's scheduler from config.schedule: the inbox (every 5 min), the morning run (inbox,
 * score, hotspots at 07:30), the alert (08:00), the score facts for the new day (00:01) and the
 * outbox (pending emails, every minute). On start, a daily run or alert whose time has passed
 * today without a successful run is run now (croner does not replay what was missed while the
 * process was down), the score facts are recomputed if they do not hold for today, and pending
 * alert emails are resumed.
 */
export function startScheduler(
  db: Warehouse,
  config: Config,
  options: SchedulerOptions = {},
): Scheduler {
  const s = config.schedule
  const log = options.log ?? ((line: string) => console.log(line))
  if (!s.enabled) return { jobs: [], catchUp: Promise.resolve([]), stop: async () => undefined }
  const definitions: JobDefinition[] = [
    {
      name: 'inbox',
      pattern: s.inbox_cron,
      run: async () => {
        const r = await processInbox(db, config, {
          settleMs: s.inbox_settle_seconds * 1000,
          triggeredBy: 'schedule',
        })
        if (r.files)
          log(
            `schedule: inbox ${r.files} files: ${r.loaded} loaded, ${r.skipped} skipped, ${r.refused} refused`,
          )
        if (r.facts_refreshed) log('schedule: score facts recomputed for the loaded files')
      },
    },
    {
      name: 'run',
      pattern: s.run_cron,
      run: async () => {
        const asOf = todayIST()
        const steps = await runAll(db, config, {
          asOf,
          triggeredBy: 'schedule',
          smtpUrl: options.smtpUrl,
          steps: ['inbox', 'score', 'hotspots'],
          inboxSettleMs: s.inbox_settle_seconds * 1000,
        })
        const failed = steps.find((r) => r.status === 'failed')
        if (failed) throw new Error(`run ${asOf}: step ${failed.step} failed: ${failed.error}`)
        log(`schedule: run ${asOf} finished`)
      },
    },
    {
      name: 'alert',
      pattern: s.alert_cron,
      run: async () => {
        const r = await runAlertRecorded(db, config, {
          asOf: todayIST(),
          smtpUrl: options.smtpUrl,
          triggeredBy: 'schedule',
        })
        log(`schedule: alert ${r.as_of}: ${r.message}`)
      },
    },
    {
      name: 'facts',
      pattern: s.facts_cron,
      run: async () => {
        const asOf = todayIST()
        // recorded in pipeline_runs when there is something to do (a failure too)
        const recomputed = await db.write(async (c) => {
          if (await scoreFactsHold(c, config.score, asOf)) return false
          await recordRun(c, { pipeline: 'facts', asOf, triggeredBy: 'schedule' }, async () => ({
            recomputed: await refreshScoreFacts(c, config.score, asOf),
          }))
          return true
        })
        if (!recomputed) return
        log(`schedule: score facts recomputed for ${asOf}`)
        await db.checkpoint() // a million rows rewritten: keep the WAL short (PITFALLS)
      },
    },
    {
      name: 'outbox',
      pattern: s.outbox_cron,
      run: async () => {
        for (const r of await resumePending(db, config, options.smtpUrl))
          log(`schedule: alert ${r.as_of}: ${r.message}`)
      },
    },
  ]
  const scheduler = createScheduler(definitions, { timezone: s.timezone, log })
  const byName = (name: string) => scheduler.jobs.find((j) => j.name === name)!
  const catchUp = (async () => {
    if (!s.catch_up) return []
    const ran: string[] = []
    const missed: [job: string, pattern: string, pipeline: string][] = [
      ['run', s.run_cron, 'hotspots'],
      ['alert', s.alert_cron, 'alert'],
    ]
    for (const [job, pattern, pipeline] of missed) {
      const due = lastDue(pattern, s.timezone)
      if (!due) continue
      const asOf = todayIST(due)
      if (asOf !== todayIST()) continue // only today's missed run: yesterday's data is not today's
      if (await succeeded(db, pipeline, asOf)) continue
      log(`schedule: ${job} of ${asOf} was missed (due ${due.toISOString()}); running it now`)
      await byName(job).run()
      ran.push(job)
    }
    // facts of another day, or from before files were loaded (`scv ingest` while the server was
    // down), would put every rescore on its slow path until the next run
    const today = todayIST()
    if (!(await db.withConnection((c) => scoreFactsHold(c, config.score, today)))) {
      await byName('facts').run()
      ran.push('facts')
    }
    // a restart resumes pending alert emails at once rather than at the next outbox tick
    if (await pendingEmails(db)) {
      await byName('outbox').run()
      ran.push('outbox')
    }
    return ran
  })().catch((e) => {
    log(`schedule: catch-up failed: ${e instanceof Error ? e.message : String(e)}`)
    return []
  })
  return {
    jobs: scheduler.jobs,
    catchUp,
    async stop() {
      await catchUp
      await scheduler.stop()
    },
  }
}

/** The latest time in the last 24 hours that `pattern` was due, or null. */
export function lastDue(pattern: string, timezone: string, now = new Date()): Date | null {
  const cron = new Cron(pattern, { timezone, paused: true })
  const since = new Date(now.getTime() - 24 * 3600 * 1000)
  let last: Date | null = null
  let next = cron.nextRun(since)
  for (let i = 0; next && next <= now && i < 100_000; i++) {
    last = next
    next = cron.nextRun(next)
  }
  cron.stop()
  return last
}

async function succeeded(db: Warehouse, pipeline: string, asOf: string): Promise<boolean> {
  const found = await db.withConnection((conn) =>
    rows(
      conn,
      `select 1 from pipeline_runs where pipeline = $1 and as_of_date = $2::DATE and status = 'succeeded' limit 1`,
      [pipeline, asOf],
    ),
  )
  return found.length > 0
}

async function pendingEmails(db: Warehouse): Promise<boolean> {
  const found = await db.withConnection((conn) =>
    rows(conn, `select 1 from alert_outbox where status = 'pending' limit 1`),
  )
  return found.length > 0
}
