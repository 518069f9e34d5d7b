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

/** Runs the child; resolves when it exits. `killAfterStartMs` kills it that long after it starts ingesting. */
function runChild(dbPath: string, file: string, killAfterStartMs?: number) {
  return new Promise<{ killed: boolean; ingestMs: number }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbPath, file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let started = 0
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.stdout.on('data', (d: Buffer) => {
      if (!started && d.toString().includes('start')) {
        started = Date.now()
        if (killAfterStartMs !== undefined)
          setTimeout(() => child.kill('SIGKILL'), killAfterStartMs)
      }
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

        const outcomes: string[] = []
        const attempts = 6
        for (let i = 0; i < attempts; i++) {
          const dbPath = fresh()
          const delay = Math.round(((i + Math.random()) / attempts) * baseline.ingestMs * 1.05)
          const { killed } = await runChild(dbPath, file, delay)
          expect(existsSync(dbPath)).toBe(true)
          const { n, runs } = await contents(dbPath)
          if (n === 0) expect(runs.filter((r) => r.status === 'loaded')).toEqual([])
          else {
            expect(n).toBe(ROWS)
            expect(runs).toEqual([{ status: 'loaded', rows_loaded: ROWS }])
          }
          outcomes.push(`${delay}ms ${killed ? 'killed' : 'finished'}: ${n === 0 ? 'none' : 'all'}`)
        }
        expect(outcomes).toHaveLength(attempts)
        console.log(`crash test (ingest ${baseline.ingestMs} ms): ${outcomes.join('; ')}`)
      }),
    120_000,
  )
})
