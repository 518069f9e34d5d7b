// Records every pipeline step in pipeline_runs: a 'running' row first, then succeeded/failed with counts or error.
import type { DuckDBConnection } from '@duckdb/node-api'
import { nowIST } from '../data/dates.ts'
import { inParallel } from '../data/threads.ts'
import { rows } from '../data/warehouse.ts'

export interface RunInfo {
  pipeline: string
  asOf?: string | null
  triggeredBy?: string
}

/**
 * Runs `fn` as one recorded pipeline step on `conn` (call it inside `db.write`), with all of
 * DuckDB's threads (data/threads.ts). The run row is written outside `fn`'s own transaction so a
 * failed step still leaves its 'failed' record.
 */
export function recordRun<T extends Record<string, unknown>>(
  conn: DuckDBConnection,
  info: RunInfo,
  fn: () => Promise<T>,
): Promise<T> {
  return inParallel(conn, () => recordStep(conn, info, fn))
}

async function recordStep<T extends Record<string, unknown>>(
  conn: DuckDBConnection,
  info: RunInfo,
  fn: () => Promise<T>,
): Promise<T> {
  const [{ run_id }] = await rows<{ run_id: number }>(
    conn,
    `insert into pipeline_runs (pipeline, as_of_date, started_at, status, triggered_by)
     values ($1, $2::DATE, $3::TIMESTAMP, 'running', $4) returning run_id`,
    [info.pipeline, info.asOf ?? null, nowIST(), info.triggeredBy ?? 'cli'],
  )
  try {
    const counts = await fn()
    await conn.run(
      `update pipeline_runs set finished_at = $1::TIMESTAMP, status = 'succeeded', row_counts = $2::JSON where run_id = $3`,
      [nowIST(), JSON.stringify(counts), run_id],
    )
    return counts
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    await conn
      .run(
        `update pipeline_runs set finished_at = $1::TIMESTAMP, status = 'failed', error = $2 where run_id = $3`,
        [nowIST(), message, run_id],
      )
      .catch(() => undefined)
    throw e
  }
}
