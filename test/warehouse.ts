// Test helpers: one real DuckDB file per test in a temp folder, closed and deleted afterwards.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openWarehouse, type Warehouse } from '../data/warehouse.ts'

/** A fresh temp folder; removed after `fn`. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'scv-test-'))
  try {
    return await fn(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A migrated warehouse in a temp file; closed and deleted after `fn`. */
export async function withWarehouse<T>(fn: (db: Warehouse, dir: string) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    const db = await openWarehouse(join(dir, 'test.duckdb'))
    try {
      return await fn(db, dir)
    } finally {
      await db.close()
    }
  })
}
