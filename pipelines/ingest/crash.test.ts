// Crash safety (SPEC 3): a process killed with SIGKILL while ingesting leaves none or all of the file.
import { DuckDBInstance } from '@duckdb/node-api'
import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { openWarehouse, rows } from '../../data/warehouse.ts'
import { withTempDir } from '../../test/warehouse.ts'

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'crash.child.ts')
const ROWS = 1_000_000

/**
 * Runs the child; resolves when it exits. `killAfterMs` kills it that long after it prints `killOn`
 * ('start': ingest begins; 'loaded': the file is committed and the warehouse is closing).
 */
function runChild(
  dbPath: string,
  file: string,
  killAfterMs?: number,
  killOn: 'start' | 'loaded' = 'start',
) {
  return new Promise<{ killed: boolean; ingestMs: number }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbPath, file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let started = 0
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.stdout.on('data', (d: Buffer) => {
      const text = d.toString()
      if (!started && text.includes('start')) started = Date.now()
      if (killAfterMs !== undefined && text.includes(killOn))
        setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    })
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, ingestMs: Date.now() - started })
      else if (code === 0) resolve({ killed: false, ingestMs: Date.now() - started })
      else reject(new Error(`child exited ${code}: ${stderr}`))
    })
  })
}

async function contents(dbPath: string) {
  const db = await openWarehouse(dbPath)
  try {
    return await db.withConnection(async (c) => {
      const [{ n }] = await rows<{ n: number }>(c, 'select count(*) as n from call_log')
      const runs = await rows<{ status: string; rows_loaded: number }>(
        c,
        'select status, rows_loaded from ingest_runs',
      )
      return { n, runs }
    })
  } finally {
    await db.close()
  }
}

describe('ingest crash safety', () => {
  it(
    'leaves none or all of a file after SIGKILL at random moments',
    () =>
      withTempDir(async (dir) => {
        const file = join(dir, 'call_log_big.csv')
        const gen = await DuckDBInstance.create(':memory:')
        const conn = await gen.connect()
        await conn.run(
          `COPY (SELECT 'K' || i AS call_id, 'O' || (i % 200000) AS opty_id,
                 TIMESTAMP '2026-01-01' + to_seconds(i) AS called_at, (i * 7) % 600 AS duration_sec,
                 CASE WHEN i % 2 = 0 THEN 'out' ELSE 'in' END AS direction
               FROM range(${ROWS}) t(i)) TO '${file}' (HEADER)`,
        )
        conn.closeSync()
        gen.closeSync()
        const template = join(dir, 'template.duckdb')
        await (await openWarehouse(template)).close()

        const fresh = () => {
          const path = join(dir, 'w.duckdb')
          rmSync(path, { force: true })
          rmSync(`${path}.wal`, { force: true })
          copyFileSync(template, path)
          return path
        }
        // how long a whole ingest takes here, so that kills land all through it (commit included)
        const baseline = await runChild(fresh(), file)
        expect(await contents(join(dir, 'w.duckdb'))).toMatchObject({ n: ROWS })

        // at least 5 kills, spread over the ingest (the estimate shrinks when a run beats the kill)
        const outcomes: string[] = []
        let kills = 0
        let estimate = baseline.ingestMs
        for (let attempt = 0; kills < 5 && attempt < 10; attempt++) {
          const dbPath = fresh()
          const delay = Math.round(((kills + Math.random()) / 5) * estimate * 0.95)
          const { killed, ingestMs } = await runChild(dbPath, file, delay)
          if (killed) kills++
          else estimate = Math.min(estimate, ingestMs)
          expect(existsSync(dbPath)).toBe(true)
          const { n, runs } = await contents(dbPath)
          if (n === 0) expect(runs.filter((r) => r.status === 'loaded')).toEqual([])
          else {
            expect(n).toBe(ROWS)
            expect(runs).toEqual([{ status: 'loaded', rows_loaded: ROWS }])
          }
          outcomes.push(`${delay}ms ${killed ? 'killed' : 'finished'}: ${n === 0 ? 'none' : 'all'}`)
        }
        expect(kills).toBeGreaterThanOrEqual(5)
        // and once right after the commit, while the warehouse checkpoints on close: all of it
        const dbPath = fresh()
        const late = await runChild(dbPath, file, Math.round(Math.random() * 30), 'loaded')
        const after = await contents(dbPath)
        expect(after.n).toBe(ROWS)
        expect(after.runs).toEqual([{ status: 'loaded', rows_loaded: ROWS }])
        outcomes.push(`at commit ${late.killed ? 'killed' : 'finished'}: all`)
        console.log(`crash test (ingest ${baseline.ingestMs} ms): ${outcomes.join('; ')}`)
      }),
    120_000,
  )
})
