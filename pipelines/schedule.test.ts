import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../app/config.ts'
import { todayIST } from '../data/dates.ts'
import { rows } from '../data/warehouse.ts'
import { withWarehouse } from '../test/warehouse.ts'
import { createScheduler, lastDue, startScheduler } from './schedule.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const EVERY_SECOND = '* * * * * *'

describe('createScheduler', () => {
  it('does not start a job that is already running, and stop() waits for it', async () => {
    let starts = 0
    let finished = false
    const log: string[] = []
    const s = createScheduler(
      [
        {
          name: 'slow',
          pattern: EVERY_SECOND,
          run: async () => {
            starts++
            await sleep(4000)
            finished = true
          },
        },
      ],
      { timezone: 'Asia/Kolkata', log: (l) => log.push(l) },
    )
    await sleep(2300) // two or three ticks
    expect(starts).toBe(1)
    // a direct call while it runs is refused too
    expect(await s.jobs[0].run()).toBe('skipped')
    await s.stop()
    expect(finished).toBe(true)
    expect(starts).toBe(1)
  })

  it('logs a throwing job as failed and runs it again at the next tick', async () => {
    let calls = 0
    const log: string[] = []
    const s = createScheduler(
      [
        {
          name: 'broken',
          pattern: EVERY_SECOND,
          run: async () => {
            calls++
            throw new Error(`boom ${calls}`)
          },
        },
      ],
      { timezone: 'Asia/Kolkata', log: (l) => log.push(l) },
    )
    await sleep(3300)
    await s.stop()
    expect(calls).toBeGreaterThanOrEqual(2)
    expect(log).toContain('schedule: broken failed: boom 1')
    expect(log).toContain('schedule: broken failed: boom 2')
  })

  it('runs jobs one at a time: the second waits for the first', async () => {
    const order: string[] = []
    const s = createScheduler(
      [
        {
          name: 'a',
          pattern: '0 0 1 1 *',
          run: async () => {
            order.push('a start')
            await sleep(200)
            order.push('a end')
          },
        },
        {
          name: 'b',
          pattern: '0 0 1 1 *',
          run: async () => {
            order.push('b')
          },
        },
      ],
      { timezone: 'Asia/Kolkata', log: () => undefined },
    )
    await Promise.all([s.jobs[0].run(), s.jobs[1].run()])
    expect(order).toEqual(['a start', 'a end', 'b'])
    await s.stop()
  })
})

describe('startScheduler', () => {
  it('records a failing inbox job in pipeline_runs at every tick and keeps going', async () => {
    await withWarehouse(async (db, dir) => {
      const notAFolder = join(dir, 'inbox')
      writeFileSync(notAFolder, 'a file where the inbox folder should be')
      const config = parseConfig({
        inbox_dir: notAFolder,
        schedule: { inbox_cron: EVERY_SECOND, catch_up: false },
      })
      const log: string[] = []
      const s = startScheduler(db, config, { log: (l) => log.push(l) })
      expect(s.jobs.map((j) => j.name)).toEqual(['inbox', 'run', 'alert', 'facts', 'outbox'])
      await sleep(3300)
      await s.stop()
      const failed = await db.withConnection((c) =>
        rows(c, "select status, error from pipeline_runs where pipeline = 'inbox'"),
      )
      expect(failed.length).toBeGreaterThanOrEqual(2)
      for (const r of failed)
        expect(r).toMatchObject({
          status: 'failed',
          error: expect.stringMatching(/ENOTDIR|EEXIST/),
        })
      expect(log.some((l) => l.startsWith('schedule: inbox failed:'))).toBe(true)
    })
  })

  it('recomputes the score facts after the inbox loaded a file, without scoring', async () => {
    await withWarehouse(async (db, dir) => {
      const inbox = join(dir, 'inbox')
      mkdirSync(inbox)
      const config = parseConfig({
        inbox_dir: inbox,
        archive_dir: join(dir, 'archive'),
        refused_dir: join(dir, 'refused'),
        schedule: { inbox_cron: EVERY_SECOND, inbox_settle_seconds: 0, catch_up: false },
      })
      writeFileSync(
        join(inbox, 'customer_pipeline.csv'),
        `opty_id,dealer_code,created_at,stage,status\nO1,D1,${todayIST()} 09:00:00,C0,Open\n`,
      )
      const log: string[] = []
      const s = startScheduler(db, config, { log: (l) => log.push(l) })
      await sleep(2300)
      await s.stop()
      const [facts] = await db.withConnection((c) =>
        rows(
          c,
          'select (select count(*) from score_facts) as n, as_of_date from score_facts_source',
        ),
      )
      expect(facts).toMatchObject({ n: 1, as_of_date: todayIST() })
      const scored = await db.withConnection((c) =>
        rows(c, "select count(*)::INTEGER as n from pipeline_runs where pipeline = 'score'"),
      )
      expect(scored).toEqual([{ n: 0 }])
      expect(log).toContain('schedule: score facts recomputed for the loaded files')
    })
  })

  it('runs a daily run and alert missed today on start, once', async () => {
    await withWarehouse(async (db, dir) => {
      const config = parseConfig({
        inbox_dir: join(dir, 'inbox'),
        archive_dir: join(dir, 'archive'),
        refused_dir: join(dir, 'refused'),
        // due at 00:00 Asia/Kolkata every day: always already past today
        schedule: { run_cron: '0 0 * * *', alert_cron: '0 0 * * *' },
      })
      const first = startScheduler(db, config, { log: () => undefined })
      expect(await first.catchUp).toEqual(['run', 'alert'])
      await first.stop()
      const runs = await db.withConnection((c) =>
        rows(
          c,
          'select pipeline, as_of_date, status, triggered_by from pipeline_runs order by run_id',
        ),
      )
      expect(runs).toEqual(
        ['inbox', 'score', 'hotspots', 'alert'].map((pipeline) => ({
          pipeline,
          as_of_date: todayIST(),
          status: 'succeeded',
          triggered_by: 'schedule',
        })),
      )
      const second = startScheduler(db, config, { log: () => undefined })
      expect(await second.catchUp).toEqual([])
      await second.stop()
      // a pending email is resumed at start (here it fails again: no SMTP URL, and says so)
      await db.write((c) =>
        c.run(`insert into alert_outbox (alert_key, alert_type, as_of_date, recipients, sender,
                 subject, message_id, raw, status, created_at, updated_at)
               values ('k', 'hotspot', current_date, ['a@example.com'], 'x@example.com', 's', '<m@x>',
                 'raw', 'pending', now()::TIMESTAMP, now()::TIMESTAMP)`),
      )
      const log: string[] = []
      const third = startScheduler(db, config, { log: (l) => log.push(l) })
      expect(await third.catchUp).toEqual(['outbox'])
      await third.stop()
      expect(log).toContain(
        'schedule: outbox failed: 1 alert email(s) are waiting to be sent: SCV_SMTP_URL is not set (e.g. smtp://user:pass@host:587); use --dry-run to preview',
      )
    })
  })

  it('recomputes score facts that do not hold for today, at its tick and on start', async () => {
    await withWarehouse(async (db, dir) => {
      const base = {
        inbox_dir: join(dir, 'inbox'),
        archive_dir: join(dir, 'archive'),
        refused_dir: join(dir, 'refused'),
      }
      const facts = () =>
        db.withConnection((c) =>
          rows(
            c,
            'select (select count(*) from score_facts) as n, as_of_date from score_facts_source',
          ),
        )
      // an open opportunity written without a score run: no facts for it yet
      await db.write((c) =>
        c.run(`insert into customer_pipeline (opty_id, dealer_code, created_at, updated_at, stage, status)
               values ('O1', 'D1', now()::TIMESTAMP, now()::TIMESTAMP, 'C0', 'Open')`),
      )
      const log: string[] = []
      const ticking = startScheduler(
        db,
        parseConfig({ ...base, schedule: { facts_cron: EVERY_SECOND, catch_up: false } }),
        { log: (l) => log.push(l) },
      )
      await sleep(2300)
      await ticking.stop()
      expect(await facts()).toEqual([{ n: 1, as_of_date: todayIST() }])
      expect(log).toContain(`schedule: score facts recomputed for ${todayIST()}`)
      // recorded once: the ticks after the first find the facts holding
      const recorded = await db.withConnection((c) =>
        rows(c, `select status, triggered_by from pipeline_runs where pipeline = 'facts'`),
      )
      expect(recorded).toEqual([{ status: 'succeeded', triggered_by: 'schedule' }])
      // facts of another day are recomputed on start; the daily run and alert are not due (done)
      await db.write((c) =>
        c.run(`update score_facts_source set as_of_date = as_of_date - 1;
               insert into pipeline_runs (pipeline, as_of_date, started_at, status)
               select p, current_date, now()::TIMESTAMP, 'succeeded' from (values ('hotspots'), ('alert')) v(p)`),
      )
      const schedule = { run_cron: '0 0 * * *', alert_cron: '0 0 * * *' }
      const starting = startScheduler(db, parseConfig({ ...base, schedule }), {
        log: () => undefined,
      })
      expect(await starting.catchUp).toEqual(['facts'])
      await starting.stop()
      expect(await facts()).toEqual([{ n: 1, as_of_date: todayIST() }])
      const again = startScheduler(db, parseConfig({ ...base, schedule }), { log: () => undefined })
      expect(await again.catchUp).toEqual([])
      await again.stop()
    })
  })

  it('starts nothing when the schedule is disabled', async () => {
    await withWarehouse(async (db) => {
      const s = startScheduler(db, parseConfig({ schedule: { enabled: false } }))
      expect(s.jobs).toEqual([])
      await s.stop()
    })
  })
})

describe('lastDue', () => {
  it('finds the latest time a daily pattern was due in Asia/Kolkata', () => {
    // 08:30 IST on 23 Nov: the 07:30 run was due today (02:00 UTC)
    expect(lastDue('30 7 * * *', 'Asia/Kolkata', new Date('2026-11-23T03:00:00Z'))).toEqual(
      new Date('2026-11-23T02:00:00Z'),
    )
    // 06:00 IST: today's 07:30 is still ahead, the last one was yesterday
    expect(lastDue('30 7 * * *', 'Asia/Kolkata', new Date('2026-11-23T00:30:00Z'))).toEqual(
      new Date('2026-11-22T02:00:00Z'),
    )
  })
})
