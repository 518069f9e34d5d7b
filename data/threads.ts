// DuckDB's threads: one for the app's small statements, all of them while a big job runs.
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'

/**
 * Why (README "DuckDB's threads"): DuckDB hands each pipeline of a statement to its worker
 * threads, and for a statement over a few rows that hand-off costs more than the work. A single
 * rescore (~17 statements, one of ~40 operators) took ~23 ms on one thread against ~30 ms on two,
 * paired by hand at 1M opportunities. A big job (a load, a score run, hotspots, calibration, a
 * migration) wants every core, so it runs inside `inParallel`. Other connections keep running at
 * the same time (each statement on its caller's thread): one thread is not one core for the
 * server (PITFALLS.md found the same for small reads). DuckDB's setting is the instance's, so the
 * switch is counted per instance.
 */
export interface Threads {
  /** DuckDB's own default for this machine (its cores) */
  readonly all: number
  /** big jobs running now */
  jobs: number
  /** the value last set */
  applied: number
  /** a connection of its own for the setting, so that it never waits for a job's statement */
  readonly control: DuckDBConnection
  /** the settings in order: each one sets what the jobs want at the time it runs */
  queue: Promise<void>
}

const byConnection = new WeakMap<DuckDBConnection, Threads>()

/** Sets `instance` to one thread (from DuckDB's default of all cores) and returns its switch. */
export async function oneThread(instance: DuckDBInstance): Promise<Threads> {
  const control = await instance.connect()
  const read = await control.runAndReadAll(`select current_setting('threads') as n`)
  const all = Number(read.getRows()[0][0])
  const threads: Threads = { all, jobs: 0, applied: all, control, queue: Promise.resolve() }
  await settle(threads)
  return threads
}

/** `conn` (a connection of the instance `threads` switches) follows the switch in inParallel. */
export function follows(conn: DuckDBConnection, threads: Threads): DuckDBConnection {
  byConnection.set(conn, threads)
  return conn
}

/** Sets the threads the running jobs want, after the settings queued before. Never throws. */
function settle(threads: Threads): Promise<void> {
  threads.queue = threads.queue.then(async () => {
    const wanted = threads.jobs > 0 ? threads.all : 1
    if (wanted === threads.applied) return
    try {
      await threads.control.run(`SET threads = ${wanted}`)
      threads.applied = wanted
    } catch {
      // only speed is at stake: the next switch sets it again
    }
  })
  return threads.queue
}

/**
 * Runs the big job `fn` with all of DuckDB's threads for `conn`'s instance (nested and concurrent
 * jobs share them; one thread again when the last one ends). A connection not opened through
 * openWarehouse runs `fn` as it is.
 */
export async function inParallel<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  const threads = byConnection.get(conn)
  if (!threads || threads.all <= 1) return fn()
  threads.jobs++
  await settle(threads)
  try {
    return await fn()
  } finally {
    threads.jobs--
    await settle(threads)
  }
}

/** Waits for the queued settings and closes the switch's connection (the instance is closing). */
export async function closeThreads(threads: Threads): Promise<void> {
  await threads.queue
  threads.control.closeSync()
}
