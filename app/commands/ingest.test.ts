// `scv ingest` through the CLI: output per file, --json, exit codes 0 and 2.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openWarehouse, rows } from '../../data/warehouse.ts'
import { withTempDir } from '../../test/warehouse.ts'
import { main } from '../cli.ts'

async function scv(args: string[]) {
  const out: string[] = []
  const code = await main(args, (s) => out.push(s))
  return { code, out: out.join('\n') }
}

describe('scv ingest', () => {
  it('prints one line per file with its counts and exits 0', () =>
    withTempDir(async (dir) => {
      const db = join(dir, 'w.duckdb')
      const inbox = join(dir, 'inbox')
      mkdirSync(inbox)
      writeFileSync(join(inbox, 'dealers.csv'), 'dealer_code\nD1\nD1\nD2\n')
      writeFileSync(
        join(inbox, 'retail.csv'),
        'invoice_id,dealer_code,retail_date\nI1,D1,2026-11-31\n',
      )
      const first = await scv(['ingest', '--db', db, inbox])
      expect(first.code).toBe(0)
      expect(first.out).toContain(
        'dealers.csv -> dealers: read 3, loaded 2, rejected 0, superseded 1',
      )
      expect(first.out).toContain(
        'retail.csv -> retail: read 1, loaded 0, rejected 1, superseded 0',
      )
      const warehouse = await openWarehouse(db, { readOnly: true })
      const runs = await warehouse.withConnection((c) =>
        rows(c, "select status, row_counts from pipeline_runs where pipeline = 'ingest'"),
      )
      await warehouse.close()
      expect(runs).toHaveLength(1)
      expect(runs[0].status).toBe('succeeded')
      expect(JSON.parse(runs[0].row_counts as string)).toMatchObject({
        files_loaded: 2,
        rows_read: 4,
        rows_loaded: 2,
        rows_rejected: 1,
        rows_superseded: 1,
      })
      const again = await scv(['ingest', '--db', db, '--json', inbox])
      expect(again.code).toBe(0)
      const results = JSON.parse(again.out) as { status: string; rows_read: number }[]
      expect(results.map((r) => r.status)).toEqual(['skipped', 'skipped'])
    }))

  it('exits 2 for a refused file, a missing path, an unknown --table or no path', () =>
    withTempDir(async (dir) => {
      const db = join(dir, 'w.duckdb')
      const bad = join(dir, 'stock.csv')
      writeFileSync(bad, 'dealer_code,pl\nD1,Ace\n')
      const good = join(dir, 'dealers.csv')
      writeFileSync(good, 'dealer_code\nD1\n')
      const refused = await scv(['ingest', '--db', db, bad, good])
      expect(refused.code).toBe(2)
      expect(refused.out).toMatch(
        /refused .*stock\.csv: missing required columns for stock: as_of_date, total_qty, saleable_qty/,
      )
      expect(refused.out).toContain('dealers.csv -> dealers: read 1, loaded 1')
      expect((await scv(['ingest', '--db', db, join(dir, 'nope.csv')])).code).toBe(2)
      expect((await scv(['ingest', '--db', db, '--table', 'leads', good])).code).toBe(2)
      expect((await scv(['ingest', '--db', db])).code).toBe(2)
    }))

  it('says why on one stderr line when run as a program', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'call_log.csv')
      writeFileSync(file, 'call_id,opty_id\nK1,O1\n')
      const bin = join(import.meta.dirname, '..', '..', 'bin', 'scv.js')
      const run = spawnSync(
        process.execPath,
        [bin, 'ingest', '--db', join(dir, 'w.duckdb'), file],
        {
          encoding: 'utf8',
        },
      )
      expect(run.status).toBe(2)
      const lines = run.stderr.trim().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(
        /call_log\.csv: missing required columns for call_log: called_at, duration_sec/,
      )
    }))
})
