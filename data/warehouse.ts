// The warehouse: open or create the DuckDB file, apply migrations, hand out connections, serialise writes.
import {
  DuckDBArrayValue,
  DuckDBConnection,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBListValue,
  DuckDBStructValue,
  type DuckDBValue,
} from '@duckdb/node-api'
import { mkdirSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LockedError, UserError } from './errors.ts'
import { closeThreads, follows, inParallel, oneThread } from './threads.ts'

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations')

export type Params = DuckDBValue[] | Record<string, DuckDBValue>
export type Row = Record<string, unknown>

export interface Warehouse {
  readonly path: string
  readonly readOnly: boolean
  readonly instance: DuckDBInstance
  /** A new connection; the caller closes it (prefer `withConnection`). One connection per concurrent task. */
  connect(): Promise<DuckDBConnection>
  withConnection<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T>
  /**
   * Runs `fn` on the single writer connection, one writer at a time (a queue), so that pipelines,
   * the scheduler and app actions never race each other into write-write conflicts.
   */
  write<T>(fn: (conn: DuckDBConnection) => Promise<T>, options?: WriteOptions): Promise<T>
  /**
   * How many `write` calls have finished (committed or failed), bumped before the caller's await of
   * `write` resumes. In-process: what was read and cached under one value may be stale once it moves.
   */
  readonly generation: number
  /**
   * The same, not counting writes marked `onlyRecordedActions`: what was read and cached under one
   * value from the tables such a write leaves alone (loaded CRM data: dealers, calls, journey,
   * stock) holds while it stays. Bumped together with `generation`.
   */
  readonly dataGeneration: number
  /**
   * Writes the WAL into the file, in the writer's queue, after a big write: keeps the WAL short for
   * a long-running server (PITFALLS: WAL replay bugs). Never throws: resolves false when it failed
   * (another transaction running), which loses nothing, as the WAL still holds everything. Moves
   * no generation: it changes no data.
   */
  checkpoint(): Promise<boolean>
  close(): Promise<void>
}

export interface WriteOptions {
  /**
   * The write changes only what the app records about leads: lead_actions, and what follows from
   * them (scv_customer_score, lead_list, the stage and status of customer_pipeline). It leaves
   * `dataGeneration` as it is.
   */
  onlyRecordedActions?: boolean
}

export interface OpenOptions {
  readOnly?: boolean
  /** Apply pending migrations (default true for read-write opens). */
  migrate?: boolean
  /** Who is opening, for the lock message, e.g. "scv ingest". */
  purpose?: string
}

/** Opens (or creates) the warehouse file. A file held by another process gives a LockedError, never a hang. */
export async function openWarehouse(path: string, options: OpenOptions = {}): Promise<Warehouse> {
  const readOnly = options.readOnly ?? false
  if (!readOnly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  let instance: DuckDBInstance
  try {
    instance = await DuckDBInstance.create(path, {
      access_mode: readOnly ? 'READ_ONLY' : 'READ_WRITE',
    })
  } catch (e) {
    throw describeOpenError(path, e)
  }
  // one DuckDB thread but for big jobs (data/threads.ts)
  const threads = await oneThread(instance)
  const connect = async () => follows(await instance.connect(), threads)
  const writer = await connect()
  let queue: Promise<unknown> = Promise.resolve()
  let generation = 0
  let dataGeneration = 0
  const db: Warehouse = {
    path,
    readOnly,
    instance,
    connect,
    async withConnection(fn) {
      const conn = await connect()
      try {
        return await fn(conn)
      } finally {
        conn.closeSync()
      }
    },
    write(fn, options) {
      const next = queue
        .then(() => fn(writer))
        .finally(() => {
          generation++
          if (!options?.onlyRecordedActions) dataGeneration++
        })
      queue = next.catch(() => undefined)
      return next
    },
    get generation() {
      return generation
    },
    get dataGeneration() {
      return dataGeneration
    },
    async checkpoint() {
      // in the writer's queue, but not a write: it changes no data, so no generation moves
      const next = queue.then(() => writer.run('CHECKPOINT'))
      queue = next.catch(() => undefined)
      return next.then(
        () => true,
        () => false,
      )
    },
    async close() {
      await queue
      if (!readOnly) {
        try {
          await writer.run('CHECKPOINT')
        } catch {
          // a checkpoint can fail while another connection holds a transaction; closing still persists the WAL
        }
      }
      writer.closeSync()
      await closeThreads(threads)
      instance.closeSync()
    },
  }
  if (!readOnly && options.migrate !== false)
    await db.write((conn) => inParallel(conn, () => migrate(conn)))
  return db
}

function describeOpenError(path: string, e: unknown): Error {
  const message = e instanceof Error ? e.message : String(e)
  if (/Could not set lock|Conflicting lock/i.test(message)) {
    const pid = /PID (\d+)/.exec(message)?.[1]
    return new LockedError(
      `${path} is in use by another process${pid ? ` (PID ${pid})` : ''}: stop it, or while the server runs drop files into its inbox folder or use the admin upload`,
    )
  }
  if (/No such file|Cannot open database/i.test(message) && !/lock/i.test(message)) {
    return new UserError(`cannot open warehouse ${path}: ${message.split('\n')[0]}`)
  }
  return e instanceof Error ? e : new Error(message)
}

/** Applies every migration file not yet recorded in schema_migrations, in file-name order, each in a transaction. */
export async function migrate(conn: DuckDBConnection): Promise<string[]> {
  await conn.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL DEFAULT now()::TIMESTAMP)',
  )
  const done = new Set(
    (await rows(conn, 'SELECT version FROM schema_migrations')).map((r) => r.version),
  )
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_.*\.sql$/.test(f))
    .sort()
  const applied: string[] = []
  for (const file of files) {
    if (done.has(file)) continue
    await transaction(conn, async () => {
      await conn.run(readFileSync(join(MIGRATIONS_DIR, file), 'utf8'))
      await conn.run('INSERT INTO schema_migrations (version) VALUES ($1)', [file])
    })
    applied.push(file)
  }
  return applied
}

/** Runs `fn` inside BEGIN … COMMIT on `conn`; any error rolls back and rethrows. */
export async function transaction<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await conn.run('BEGIN TRANSACTION')
  try {
    const result = await fn()
    await conn.run('COMMIT')
    return result
  } catch (e) {
    try {
      await conn.run('ROLLBACK')
    } catch {
      // the transaction may already be aborted; the original error is what matters
    }
    throw e
  }
}

/**
 * Runs a query and returns its rows as plain objects: integers (BIGINT too) and decimals become
 * numbers, DATE becomes 'YYYY-MM-DD', TIMESTAMP 'YYYY-MM-DD HH:MM:SS[.ffffff]', lists become arrays.
 */
export async function rows<T extends Row = Row>(
  conn: DuckDBConnection,
  sql: string,
  params?: Params,
): Promise<T[]> {
  const reader = await conn.runAndReadAll(sql, params)
  return reader.getRowObjects().map((r) => {
    const out: Row = {}
    for (const k in r) out[k] = plain(r[k])
    return out as T
  })
}

/** Converts one DuckDB value to a plain JS value (see `rows`). */
export function plain(v: DuckDBValue): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    return v
  if (typeof v === 'bigint') return Number(v)
  if (v instanceof DuckDBDecimalValue) return v.toDouble()
  if (v instanceof DuckDBListValue || v instanceof DuckDBArrayValue) return v.items.map(plain)
  if (v instanceof DuckDBStructValue) {
    const o: Row = {}
    for (const k in v.entries) o[k] = plain(v.entries[k])
    return o
  }
  return String(v)
}

/** Reads a `.sql` file that sits beside the module: `sqlFile(import.meta.url, 'merge.sql')`. */
export function sqlFile(moduleUrl: string, name: string): string {
  return readFileSync(join(dirname(fileURLToPath(moduleUrl)), name), 'utf8')
}
