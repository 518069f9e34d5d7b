// A small DuckDB dialect for kysely: PostgreSQL's adapter and compiler, and a driver over one node-api connection.
// DuckDB speaks PostgreSQL-style SQL with $1 parameters, so only the driver is ours. Statements are
// prepared once per connection and SQL text (the app's read path runs the same few queries all day).
import {
  DuckDBConnection,
  DuckDBPreparedStatement,
  LIST,
  VARCHAR,
  listValue,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api'
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely'
import type { Database } from './schema.ts'
import { plain, type Row } from './warehouse.ts'

const prepared = new WeakMap<DuckDBConnection, Map<string, DuckDBPreparedStatement>>()
const instances = new WeakMap<DuckDBConnection, Kysely<Database>>()

/** Runs SQL with bound parameters on `conn` through a cached prepared statement; rows as plain objects. */
export async function runPrepared<T = Row>(
  conn: DuckDBConnection,
  sql: string,
  params: readonly unknown[],
): Promise<{ rows: T[]; changed: number }> {
  let cache = prepared.get(conn)
  if (!cache) prepared.set(conn, (cache = new Map()))
  let stmt = cache.get(sql)
  if (!stmt) {
    stmt = await conn.prepare(sql)
    if (cache.size > 200) cache.clear() // bounded: the app has a few dozen distinct statements
    cache.set(sql, stmt)
  }
  const values: DuckDBValue[] = []
  const types: (DuckDBType | undefined)[] = []
  for (const p of params) {
    if (Array.isArray(p)) {
      values.push(listValue(p.map((x) => (x === null ? null : String(x)))))
      types.push(LIST(VARCHAR))
    } else {
      values.push(p === undefined ? null : (p as DuckDBValue))
      types.push(undefined)
    }
  }
  stmt.clearBindings()
  if (values.length) stmt.bind(values, types as DuckDBType[])
  const result = await stmt.run()
  // read every chunk synchronously: far cheaper than one await per row for small pages
  const names = result.columnNames()
  const out: T[] = []
  for (let i = 0; i < result.chunkCount; i++) {
    const chunk = result.getChunk(i)
    for (const r of chunk.getRows()) {
      const o: Row = {}
      for (let c = 0; c < names.length; c++) o[names[c]] = plain(r[c])
      out.push(o as T)
    }
  }
  return { rows: out, changed: result.rowsChanged }
}

class DuckDBKyselyConnection implements DatabaseConnection {
  constructor(private readonly conn: DuckDBConnection) {}
  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const { rows, changed } = await runPrepared<R>(this.conn, q.sql, q.parameters)
    return { rows, numAffectedRows: BigInt(changed) }
  }
  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported by the DuckDB kysely driver')
  }
}

class DuckDBDriver implements Driver {
  private readonly connection: DuckDBKyselyConnection
  constructor(conn: DuckDBConnection) {
    this.connection = new DuckDBKyselyConnection(conn)
  }
  async init() {}
  async acquireConnection() {
    return this.connection
  }
  async beginTransaction(c: DatabaseConnection) {
    await c.executeQuery({ sql: 'BEGIN TRANSACTION', parameters: [] } as unknown as CompiledQuery)
  }
  async commitTransaction(c: DatabaseConnection) {
    await c.executeQuery({ sql: 'COMMIT', parameters: [] } as unknown as CompiledQuery)
  }
  async rollbackTransaction(c: DatabaseConnection) {
    await c.executeQuery({ sql: 'ROLLBACK', parameters: [] } as unknown as CompiledQuery)
  }
  async releaseConnection() {}
  async destroy() {}
}

/** A kysely instance bound to one DuckDB connection (cached per connection). Transactions: use `transaction()` of data/warehouse.ts. */
export function kysely(conn: DuckDBConnection): Kysely<Database> {
  let k = instances.get(conn)
  if (!k) {
    const dialect: Dialect = {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DuckDBDriver(conn),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    }
    k = new Kysely<Database>({ dialect })
    instances.set(conn, k)
  }
  return k
}

/** A small pool of read connections: each request borrows one, so no connection serves two tasks at once. */
export interface ReadPool {
  use<T>(fn: (db: Kysely<Database>, conn: DuckDBConnection) => Promise<T>): Promise<T>
  close(): void
}

/**
 * `size` read connections over the warehouse instance (2 measured best on 2 cores). Each is set up
 * for small top-N reads: late materialization off (it re-scans for top-N queries).
 */
export function readPool(instance: { connect(): Promise<DuckDBConnection> }, size = 2): ReadPool {
  const all: Promise<DuckDBConnection>[] = []
  const free: DuckDBConnection[] = []
  const waiting: ((c: DuckDBConnection) => void)[] = []
  let closed = false
  const open = async () => {
    const conn = await instance.connect()
    await conn.run('SET late_materialization_max_rows = 0')
    return conn
  }
  const acquire = async (): Promise<DuckDBConnection> => {
    if (closed) throw new Error('the read pool is closed')
    const c = free.pop()
    if (c) return c
    if (all.length < size) {
      const p = open()
      all.push(p)
      return p
    }
    return new Promise((resolve) => waiting.push(resolve))
  }
  const release = (c: DuckDBConnection) => {
    const next = waiting.shift()
    if (next) next(c)
    else free.push(c)
  }
  return {
    async use(fn) {
      const conn = await acquire()
      try {
        return await fn(kysely(conn), conn)
      } finally {
        release(conn)
      }
    },
    close() {
      closed = true
      for (const p of all) void p.then((c) => c.closeSync()).catch(() => undefined)
    },
  }
}
