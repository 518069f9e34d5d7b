import { execFile } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { parseConfig, type Config } from '../app/config.ts'
import { rows } from '../data/warehouse.ts'
import { withTempDir, withWarehouse } from '../test/warehouse.ts'
import { processInbox } from './inbox.ts'
import { runAll } from './run.ts'
import { startSmtp } from './alert/testing.ts'

const D = '2026-11-23'
const folders = (dir: string): Config =>
  parseConfig({
    inbox_dir: join(dir, 'inbox'),
    archive_dir: join(dir, 'archive'),
    refused_dir: join(dir, 'refused'),
    alert: { recipients: ['boss@example.com'] },
  })

const DEALERS = 'dealer_code,dealer_name,state,district,taluka\nA,Alpha,S,D,T1\nB,Beta,S,D,T1\n'
/** T1: 6 leads on 21 Nov against 2 on 16 Nov (+200 %), no retail: EMERGING, an alert candidate. */
const PIPELINE = [
  'opty_id,dealer_code,created_at,stage,status,lead_classification',
  ...Array.from({ length: 6 }, (_, i) => `N${i},A,2026-11-21 10:00:00,C0,Open,Hot`),
  'P1,B,2026-11-16 10:00:00,C0,Open,Cold',
  'P2,B,2026-11-16 11:00:00,C1,Open,Warm',
].join('\n')

function drop(config: Config, name: string, text: string) {
  mkdirSync(config.inbox_dir, { recursive: true })
  writeFileSync(join(config.inbox_dir, name), text)
}

describe('processInbox', () => {
  it('archives loaded files by date and moves a refused one aside with its reason', async () => {
    await withWarehouse(async (db, dir) => {
      const config = folders(dir)
      drop(config, 'dealers_1.csv', DEALERS)
      drop(config, 'dealers_2.csv', 'dealer_name\nNo code\n') // the key column is missing
      drop(config, '.uploading.csv', DEALERS) // hidden: still being written
      const result = await processInbox(db, config, { date: D })
      expect(result).toMatchObject({ files: 2, loaded: 1, refused: 1, skipped: 0 })
      expect(readdirSync(config.inbox_dir)).toEqual(['.uploading.csv'])
      expect(readFileSync(join(config.archive_dir, D, 'dealers_1.csv'), 'utf8')).toBe(DEALERS)
      expect(existsSync(join(config.refused_dir, 'dealers_2.csv'))).toBe(true)
      expect(readFileSync(join(config.refused_dir, 'dealers_2.csv.error.txt'), 'utf8')).toMatch(
        /dealer_code/,
      )
      // the same file again: skipped as already loaded, archived beside the first without overwriting it
      drop(config, 'dealers_1.csv', DEALERS)
      expect(await processInbox(db, config, { date: D })).toMatchObject({ files: 1, skipped: 1 })
      expect(readdirSync(join(config.archive_dir, D)).sort()).toEqual([
        'dealers_1-2.csv',
        'dealers_1.csv',
      ])
      const runs = await db.withConnection((c) =>
        rows(
          c,
          "select status, row_counts->>'refused' as refused from pipeline_runs where pipeline = 'inbox'",
        ),
      )
      expect(runs).toEqual([
        { status: 'succeeded', refused: '1' },
        { status: 'succeeded', refused: '0' },
      ])
      const [{ n }] = await db.withConnection((c) => rows(c, 'select count(*) as n from dealers'))
      expect(n).toBe(2)
    })
  })

  it('checkpoints after loading, so the WAL of a long-running server stays short', async () => {
    await withWarehouse(async (db, dir) => {
      const config = folders(dir)
      drop(config, 'dealers_1.csv', DEALERS)
      expect(await processInbox(db, config, { date: D })).toMatchObject({ loaded: 1 })
      const wal = `${db.path}.wal`
      expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0)
    })
  })

  it('records nothing when the inbox is empty and leaves files that are still being copied', async () => {
    await withWarehouse(async (db, dir) => {
      const config = folders(dir)
      expect(await processInbox(db, config)).toMatchObject({ files: 0 })
      drop(config, 'dealers_1.csv', DEALERS)
      expect(await processInbox(db, config, { settleMs: 60_000 })).toMatchObject({ files: 0 })
      const old = new Date(Date.now() - 120_000)
      utimesSync(join(config.inbox_dir, 'dealers_1.csv'), old, old)
      expect(await processInbox(db, config, { settleMs: 60_000 })).toMatchObject({ files: 1 })
      const runs = await db.withConnection((c) => rows(c, 'select pipeline from pipeline_runs'))
      expect(runs).toEqual([{ pipeline: 'inbox' }])
    })
  })
})

describe('runAll', () => {
  it('runs inbox, score, hotspots and alert in order, each recorded in pipeline_runs', async () => {
    const smtp = await startSmtp()
    try {
      await withWarehouse(async (db, dir) => {
        const config = folders(dir)
        drop(config, 'dealers.csv', DEALERS)
        drop(config, 'customer_pipeline.csv', PIPELINE)
        const steps = await runAll(db, config, { asOf: D, smtpUrl: smtp.url })
        expect(steps.map((s) => [s.step, s.status])).toEqual([
          ['inbox', 'succeeded'],
          ['score', 'succeeded'],
          ['hotspots', 'succeeded'],
          ['alert', 'succeeded'],
        ])
        expect(steps[2].counts).toEqual({ talukas: 1, hotspots: 0, emerging: 1 })
        expect(smtp.received).toHaveLength(1)
        const runs = await db.withConnection((c) =>
          rows(
            c,
            'select pipeline, as_of_date, status, finished_at is not null as finished from pipeline_runs order by run_id',
          ),
        )
        expect(runs).toEqual(
          ['inbox', 'score', 'hotspots', 'alert'].map((pipeline) => ({
            pipeline,
            as_of_date: D,
            status: 'succeeded',
            finished: true,
          })),
        )
        // a second run sends nothing more
        await runAll(db, config, { asOf: D, smtpUrl: smtp.url })
        expect(smtp.received).toHaveLength(1)
      })
    } finally {
      await smtp.close()
    }
  })

  it('stops at a failed step, records its cause and skips the later ones', async () => {
    await withWarehouse(async (db, dir) => {
      const config = folders(dir)
      await db.write((c) => c.run('drop table district_top3_talukas'))
      const steps = await runAll(db, config, { asOf: D })
      expect(steps.map((s) => [s.step, s.status])).toEqual([
        ['inbox', 'succeeded'],
        ['score', 'succeeded'],
        ['hotspots', 'failed'],
        ['alert', 'skipped'],
      ])
      expect(steps[2]).toMatchObject({
        userError: false,
        error: expect.stringMatching(/district_top3_talukas/),
      })
      const runs = await db.withConnection((c) =>
        rows(c, 'select pipeline, status, error from pipeline_runs order by run_id'),
      )
      expect(runs.map((r) => [r.pipeline, r.status])).toEqual([
        ['inbox', 'succeeded'],
        ['score', 'succeeded'],
        ['hotspots', 'failed'],
      ])
      expect(runs[2].error).toMatch(/district_top3_talukas/)
    })
  })
})

describe('scv run', () => {
  it('exits 2 naming the alert step when there is an alert to send but no SMTP URL', async () => {
    await withTempDir(async (dir) => {
      const config = folders(dir)
      drop(config, 'dealers.csv', DEALERS)
      drop(config, 'customer_pipeline.csv', PIPELINE)
      const configFile = join(dir, 'config.json')
      writeFileSync(
        configFile,
        JSON.stringify({
          inbox_dir: config.inbox_dir,
          archive_dir: config.archive_dir,
          refused_dir: config.refused_dir,
        }),
      )
      const run = promisify(execFile)
      const error = await run(
        process.execPath,
        ['bin/scv.js', 'run', '--db', join(dir, 'w.duckdb'), '--config', configFile, '--as-of', D],
        { env: { ...process.env, SCV_SMTP_URL: '' } },
      ).catch((e: { code: number; stdout: string; stderr: string }) => e)
      expect(error).toMatchObject({ code: 2 })
      const { stdout, stderr } = error as { stdout: string; stderr: string }
      expect(stdout).toMatch(/^hotspots succeeded/m)
      expect(stderr).toMatch(/^scv run: step alert failed: .*SCV_SMTP_URL is not set/m)
    })
  })
})
