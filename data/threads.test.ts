import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { describe, expect, it } from 'vitest'
import { withWarehouse } from '../test/warehouse.ts'
import { recordRun } from '../pipelines/runs.ts'
import { inParallel } from './threads.ts'
import { rows } from './warehouse.ts'

const threadsOf = async (conn: DuckDBConnection) =>
  (await rows<{ n: number }>(conn, `select current_setting('threads') as n`))[0].n

/** DuckDB's own default on this machine (its cores), read off an instance of its own. */
async function duckdbDefault(): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:')
  const conn = await instance.connect()
  try {
    return await threadsOf(conn)
  } finally {
    conn.closeSync()
    instance.closeSync()
  }
}

describe('DuckDB threads', () => {
  it('a warehouse runs on one thread, a big job on all of them, then one again', async () => {
    const all = await duckdbDefault()
    await withWarehouse(async (db) => {
      const reader = await db.connect()
      try {
        expect(await threadsOf(reader)).toBe(1)
        const seen = await db.write((conn) =>
          inParallel(conn, async () => {
            // nested: still all of them, and after the inner one ends too
            const inner = await inParallel(conn, () => threadsOf(reader))
            return { inner, after: await threadsOf(reader) }
          }),
        )
        expect(seen).toEqual({ inner: all, after: all })
        expect(await threadsOf(reader)).toBe(1)
      } finally {
        reader.closeSync()
      }
    })
  })

  it('overlapping jobs on two connections keep all threads until the last one ends', async () => {
    const all = await duckdbDefault()
    await withWarehouse(async (db) => {
      const [a, b] = [await db.connect(), await db.connect()]
      try {
        let endFirst!: () => void
        const firstHolds = new Promise<void>((r) => (endFirst = r))
        const first = inParallel(a, () => firstHolds)
        const during = await inParallel(b, async () => {
          endFirst()
          await first
          // the first job has ended: this one still runs with all threads
          return threadsOf(b)
        })
        expect(during).toBe(all)
        expect(await threadsOf(a)).toBe(1)
      } finally {
        a.closeSync()
        b.closeSync()
      }
    })
  })

  it('a job that fails leaves one thread and its error', async () => {
    await withWarehouse(async (db) => {
      const failed = db.write((conn) =>
        inParallel(conn, async () => {
          throw new Error('job broke')
        }),
      )
      await expect(failed).rejects.toThrow('job broke')
      expect(await db.withConnection(threadsOf)).toBe(1)
    })
  })

  it('a recorded pipeline step runs with all threads', async () => {
    const all = await duckdbDefault()
    await withWarehouse(async (db) => {
      const reader = await db.connect()
      try {
        const step = await db.write((conn) =>
          recordRun(conn, { pipeline: 'test' }, async () => ({ threads: await threadsOf(reader) })),
        )
        expect(step.threads).toBe(all)
        expect(await threadsOf(reader)).toBe(1)
      } finally {
        reader.closeSync()
      }
    })
  })

  it('a connection not opened through openWarehouse runs the job as it is', async () => {
    const instance = await DuckDBInstance.create(':memory:')
    const conn = await instance.connect()
    try {
      const before = await threadsOf(conn)
      expect(await inParallel(conn, () => threadsOf(conn))).toBe(before)
    } finally {
      conn.closeSync()
      instance.closeSync()
    }
  })
})
