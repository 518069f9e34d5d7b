// Loads CSV/Parquet files into the source tables of SPEC 3: one transaction per file, every row accounted for.
import type { DuckDBConnection } from '@duckdb/node-api'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { nowIST } from '../../data/dates.ts'
import { UserError } from '../../data/errors.ts'
import { inParallel } from '../../data/threads.ts'
import { rows, sqlFile, transaction, type Warehouse } from '../../data/warehouse.ts'
import {
  contracts,
  isTableName,
  requiredColumns,
  tableForFileName,
  tableNames,
  type TableContract,
} from './contract.ts'
import {
  REJECT_ERRORS,
  REJECT_SCANS,
  describeSource,
  fingerprint,
  type Fingerprint,
  type Source,
} from './source.ts'
import { STAGE, matchColumns, stageSql } from './stage.ts'
import {
  DEDUP,
  GOOD,
  dedupSql,
  duplicateCountSql,
  insertSql,
  mergeSql,
  staleCountSql,
} from './upsert.ts'

export interface FileResult {
  file: string
  table: string | null
  status: 'loaded' | 'skipped' | 'refused'
  rows_read: number
  rows_loaded: number
  rows_rejected: number
  rows_superseded: number
  message?: string
}

/** A file refused whole (unknown table, missing required columns, unreadable): nothing of it was loaded. */
export class RefusedFileError extends UserError {
  override name = 'RefusedFileError'
  constructor(
    message: string,
    readonly result: FileResult,
  ) {
    super(message)
  }
}

const alreadyLoadedSql = sqlFile(import.meta.url, 'already_loaded.sql')
const ingestRunsSql = sqlFile(import.meta.url, 'ingest_runs.sql')
const rejectedRowsSql = sqlFile(import.meta.url, 'rejected_rows.sql')
const TEMP_TABLES = [STAGE, DEDUP, REJECT_ERRORS, REJECT_SCANS]

const count = async (conn: DuckDBConnection, sql: string) =>
  Number((await rows<{ n: number }>(conn, sql))[0]?.n ?? 0)

/**
 * Loads one file (call inside `db.write`), with all of DuckDB's threads (data/threads.ts). Already
 * loaded (same SHA-256): recorded as skipped. Refused whole: the refusal is recorded, then a
 * RefusedFileError is thrown.
 */
export function ingestFile(
  conn: DuckDBConnection,
  path: string,
  options: { table?: string } = {},
): Promise<FileResult> {
  return inParallel(conn, () => loadFile(conn, path, options))
}

async function loadFile(
  conn: DuckDBConnection,
  path: string,
  options: { table?: string },
): Promise<FileResult> {
  const file = resolve(path)
  const startedAt = nowIST()
  if (options.table !== undefined && !isTableName(options.table))
    throw new UserError(`--table must be one of ${tableNames.join(', ')}, got "${options.table}"`)
  const table = options.table ?? tableForFileName(basename(file))
  const result: FileResult = {
    file: path,
    table,
    status: 'loaded',
    rows_read: 0,
    rows_loaded: 0,
    rows_rejected: 0,
    rows_superseded: 0,
  }
  let fileStat: { file_size: number | null; file_mtime_ns: bigint | null } = {
    file_size: null,
    file_mtime_ns: null,
  }
  const record = async (runId: number | null, sha: string) => {
    const params = {
      run_id: runId ?? (await count(conn, `SELECT nextval('ingest_run_id') AS n`)),
      file_name: file,
      sha256: sha,
      ...fileStat,
      table_name: result.table,
      status: result.status,
      rows_read: result.rows_read,
      rows_loaded: result.rows_loaded,
      rows_rejected: result.rows_rejected,
      rows_superseded: result.rows_superseded,
      message: result.message ?? null,
      started_at: startedAt,
      finished_at: nowIST(),
    }
    await conn.run(ingestRunsSql, params)
  }
  const refuse = async (message: string, sha: string): Promise<never> => {
    Object.assign(result, { status: 'refused', message })
    await record(null, sha)
    throw new RefusedFileError(message, { ...result })
  }

  let size: number
  let mtimeNs: bigint
  try {
    const stat = statSync(file, { bigint: true })
    size = Number(stat.size)
    mtimeNs = stat.mtimeNs
  } catch (e) {
    return refuse(`${path}: cannot read the file (${(e as Error).message})`, '')
  }
  fileStat = { file_size: size, file_mtime_ns: mtimeNs }
  const loadedBefore = async (sha256: string | null) =>
    (
      await rows<{ run_id: number; file_sha256: string; finished_at: string }>(
        conn,
        alreadyLoadedSql,
        { sha256, file_name: file, ...fileStat },
      )
    )[0]
  // unchanged since it was loaded (same path, size, mtime): known without reading it again
  let earlier = await loadedBefore(null)
  let facts: Fingerprint | null = null
  if (!earlier) {
    try {
      facts = await fingerprint(file)
    } catch (e) {
      return refuse(`${path}: cannot read the file (${(e as Error).message})`, '')
    }
    earlier = await loadedBefore(facts.sha256)
  }
  if (earlier || !facts) {
    result.status = 'skipped'
    result.message = `already loaded (same SHA-256) by ingest run ${earlier.run_id} at ${earlier.finished_at.slice(0, 19)}`
    await record(null, earlier.file_sha256)
    return result
  }
  const sha = facts.sha256
  if (!table)
    return refuse(
      `${path}: cannot tell the table from the file name: name it ${tableNames.map((t) => `${t}*`).join(', ')} (.csv or .parquet), or pass --table`,
      sha,
    )
  const contract = contracts[table]
  let source: Source | null
  try {
    source = await describeSource(conn, file, facts)
  } catch (e) {
    return refuse(`${path}: cannot read the file: ${firstLine(e)}`, sha)
  }
  if (!source)
    return refuse(
      `${path}: empty file (no header row); ${table} needs the columns ${requiredColumns(contract).join(', ')}`,
      sha,
    )
  const match = matchColumns(contract, source)
  if (match.missing.length)
    return refuse(
      `${path}: missing required column${match.missing.length > 1 ? 's' : ''} for ${table}: ${match.missing.join(', ')}`,
      sha,
    )

  try {
    // staged outside the transaction: temp tables vanish with a crash anyway, and rows committed to
    // the temp table get rowids in file order from 0 (transaction-local rows get offset rowids)
    await dropTemp(conn)
    try {
      await conn.run(stageSql(contract, source, match), { path: file })
    } catch (e) {
      if (isReadError(e)) return refuse(`${path}: cannot be read as ${table}: ${firstLine(e)}`, sha)
      throw e
    }
    await transaction(conn, async () => {
      const runId = await count(conn, `SELECT nextval('ingest_run_id') AS n`)
      await load(conn, contract, source.format, file, runId, result)
      await record(runId, sha)
    })
  } finally {
    await dropTemp(conn)
  }
  return result
}

/** Records the rejects, dedupes and upserts one staged file into its table; fills the counts of `result`. */
async function load(
  conn: DuckDBConnection,
  contract: TableContract,
  format: Source['format'],
  file: string,
  runId: number,
  result: FileResult,
): Promise<void> {
  // Parquet has no reader rejects; an empty table keeps one SQL for both formats
  await conn.run(
    `CREATE TEMP TABLE IF NOT EXISTS ${REJECT_ERRORS} (line BIGINT, csv_line VARCHAR, error_type VARCHAR, error_message VARCHAR)`,
  )
  const [staged] = await rows<{ n: number; bad: number }>(
    conn,
    `SELECT count(*) AS n, count(_reason) AS bad FROM ${STAGE}`,
  )
  const readerRejects = await count(conn, `SELECT count(DISTINCT line) AS n FROM ${REJECT_ERRORS}`)
  result.rows_read = staged.n + readerRejects
  result.rows_rejected = staged.bad + readerRejects
  if (result.rows_rejected > 0)
    await conn.run(rejectedRowsSql, {
      run_id: runId,
      file_name: file,
      table_name: contract.table,
      first_line: format === 'csv' ? 2 : 1,
    })
  const good = staged.n - staged.bad
  if (good === 0) return
  const duplicates = await count(conn, duplicateCountSql(contract))
  let from = GOOD
  if (duplicates > 0) {
    await conn.run(dedupSql(contract))
    from = DEDUP
  }
  const target = `"${contract.table}"`
  const empty =
    (await count(conn, `SELECT count(*) AS n FROM (SELECT 1 FROM ${target} LIMIT 1)`)) === 0
  const staleSql = staleCountSql(contract, from)
  const stale = !empty && staleSql ? await count(conn, staleSql) : 0
  await conn.run(empty ? insertSql(contract, from) : mergeSql(contract, from))
  result.rows_superseded = duplicates + stale
  result.rows_loaded = good - duplicates - stale
}

async function dropTemp(conn: DuckDBConnection): Promise<void> {
  for (const t of TEMP_TABLES) await conn.run(`DROP TABLE IF EXISTS temp.${t}`)
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]

/** DuckDB errors that mean the file itself cannot be parsed (not a bug, not a lock). */
const isReadError = (e: unknown) =>
  /^(Invalid Input Error|Conversion Error|IO Error|Parser Error)/.test(firstLine(e)) &&
  !/lock/i.test(firstLine(e))

/** Expands folders into their .csv/.parquet files (sorted by name); files are kept as given. */
export function expandPaths(paths: string[]): string[] {
  const missing = paths.filter((p) => !existsSync(p))
  if (missing.length)
    throw new UserError(`no such file or folder: ${missing.join(', ')} (nothing was loaded)`)
  return paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p)
          .filter((f) => /\.(csv|parquet)$/i.test(f))
          .sort()
          .map((f) => join(p, f))
          .filter((f) => statSync(f).isFile())
      : [p],
  )
}

/** `ingestFile`, with a refusal returned as its result instead of thrown. */
export async function ingestOrRefuse(
  conn: DuckDBConnection,
  path: string,
  options: { table?: string } = {},
): Promise<FileResult> {
  try {
    return await ingestFile(conn, path, options)
  } catch (e) {
    if (e instanceof RefusedFileError) return e.result
    throw e
  }
}

/**
 * Loads every file of `paths` (folders expanded), each in its own transaction on the writer
 * connection (other writers may run between files); a refused file is reported and the next one
 * is loaded. A path that does not exist stops everything before anything is loaded (UserError).
 */
export async function ingestPaths(
  db: Warehouse,
  paths: string[],
  options: { table?: string; onFile?: (r: FileResult) => void } = {},
): Promise<FileResult[]> {
  const results: FileResult[] = []
  for (const file of expandPaths(paths)) {
    const r = await db.write((conn) => ingestOrRefuse(conn, file, { table: options.table }))
    results.push(r)
    options.onFile?.(r)
  }
  // a checkpoint that another connection's open transaction blocks is retried by DuckDB later
  if (results.some((r) => r.status === 'loaded')) await db.checkpoint()
  return results
}

/** Counts of several files, for pipeline_runs.row_counts. */
export function totals(results: FileResult[]) {
  const sum = (k: 'rows_read' | 'rows_loaded' | 'rows_rejected' | 'rows_superseded') =>
    results.reduce((n, r) => n + r[k], 0)
  const files = (status: FileResult['status']) => results.filter((r) => r.status === status).length
  return {
    files_loaded: files('loaded'),
    files_skipped: files('skipped'),
    files_refused: files('refused'),
    rows_read: sum('rows_read'),
    rows_loaded: sum('rows_loaded'),
    rows_rejected: sum('rows_rejected'),
    rows_superseded: sum('rows_superseded'),
  }
}
