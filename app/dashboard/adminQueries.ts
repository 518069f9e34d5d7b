// The admin console's reads: recent pipeline runs, ingested files and the rejected rows of one file.
import type { DuckDBConnection } from '@duckdb/node-api'
import { rows } from '../../data/warehouse.ts'

export type PipelineRunRow = {
  run_id: number
  pipeline: string
  as_of_date: string | null
  started_at: string
  finished_at: string | null
  status: string
  duration_s: number | null
  row_counts: string | null
  error: string | null
  triggered_by: string | null
}

/** The newest pipeline runs first, with duration in seconds (null while running). */
export function pipelineRuns(conn: DuckDBConnection, limit = 30): Promise<PipelineRunRow[]> {
  return rows<PipelineRunRow>(
    conn,
    `select run_id, pipeline, strftime(as_of_date, '%Y-%m-%d') as as_of_date,
       strftime(started_at, '%Y-%m-%d %H:%M:%S') as started_at,
       strftime(finished_at, '%Y-%m-%d %H:%M:%S') as finished_at, status,
       round(date_diff('millisecond', started_at, finished_at) / 1000.0, 1) as duration_s,
       row_counts::VARCHAR as row_counts, error, triggered_by
     from pipeline_runs order by run_id desc limit $1`,
    [limit],
  )
}

/** Pipeline runs started at or after `since` (IST wall clock), oldest first: the progress of a run. */
export function runsSince(conn: DuckDBConnection, since: string): Promise<PipelineRunRow[]> {
  return rows<PipelineRunRow>(
    conn,
    `select run_id, pipeline, strftime(as_of_date, '%Y-%m-%d') as as_of_date,
       strftime(started_at, '%Y-%m-%d %H:%M:%S') as started_at,
       strftime(finished_at, '%Y-%m-%d %H:%M:%S') as finished_at, status,
       round(date_diff('millisecond', started_at, finished_at) / 1000.0, 1) as duration_s,
       row_counts::VARCHAR as row_counts, error, triggered_by
     from pipeline_runs where started_at >= $1::TIMESTAMP order by run_id`,
    [since],
  )
}

export type IngestRunRow = {
  run_id: number
  file_name: string
  table_name: string | null
  status: string
  rows_read: number
  rows_loaded: number
  rows_rejected: number
  rows_superseded: number
  message: string | null
  started_at: string
}

/** The newest files offered to ingestion first. */
export function ingestRuns(conn: DuckDBConnection, limit = 30): Promise<IngestRunRow[]> {
  return rows<IngestRunRow>(
    conn,
    `select run_id, file_name, table_name, status, rows_read, rows_loaded, rows_rejected,
       rows_superseded, message, strftime(started_at, '%Y-%m-%d %H:%M:%S') as started_at
     from ingest_runs order by run_id desc limit $1`,
    [limit],
  )
}

/** The ingest run that last recorded `file` (an absolute path), if any. */
export async function lastIngestOf(conn: DuckDBConnection, file: string): Promise<number | null> {
  const [r] = await rows<{ run_id: number }>(
    conn,
    'select run_id from ingest_runs where file_name = $1 order by run_id desc limit 1',
    [file],
  )
  return r?.run_id ?? null
}

export type RejectedRow = {
  file_name: string
  table_name: string
  line_number: number | null
  reason: string
  raw_line: string | null
}

export const rejectedColumns = [
  'file_name',
  'table_name',
  'line_number',
  'reason',
  'raw_line',
] as const

/** Every rejected row of one ingest run, by line. */
export function rejectedRows(conn: DuckDBConnection, runId: number): Promise<RejectedRow[]> {
  return rows<RejectedRow>(
    conn,
    `select file_name, table_name, line_number, reason, raw_line from rejected_rows
     where run_id = $1 order by line_number`,
    [runId],
  )
}
