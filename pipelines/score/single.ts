// Rescoring a few opportunities inside reps' requests: the run's SQL over those keys' rows, as statements prepared once per connection.
import type {
  DuckDBConnection,
  DuckDBMaterializedResult,
  DuckDBPreparedStatement,
  DuckDBValue,
} from '@duckdb/node-api'
import type { ScoreConfig } from '../../app/config.ts'
import { nowIST } from '../../data/dates.ts'
import { inParallel } from '../../data/threads.ts'
import { plain, rows } from '../../data/warehouse.ts'
import {
  keptFactsHold,
  keptFactsQuery,
  loadScoreConfig,
  scoreSql as sql,
  scoredQuery,
} from './queries.ts'

// Why it is shaped like this (measured at 1M opportunities, README "DuckDB for one key"): DuckDB
// plans a statement with parameters again at every execution, and the score SQL takes ~25 ms to
// plan, so components.sql and next_best_action.sql read their inputs from temp tables and run as
// a prepared statement without parameters. Those temp tables hold the keys' rows, copied by small
// statements whose only filter is the keys (an IN list), so that DuckDB looks them up in an ART
// index; one statement per number of keys, so at most the recorder's batch size of them. The CRM
// facts come from score_facts, kept by the last score run, while what it was computed from still
// holds; otherwise they are computed here, as a run would (slower, same result).

/**
 * merge.sql reading score_changes.sql directly instead of the temp table a run fills (the run counts
 * its rows first): one statement less per rescore, ~2 ms at 1M.
 */
const mergeChanges = sql.merge.replace('from score_changes c', `from (${sql.changes}) c`)
if (mergeChanges === sql.merge) throw new Error('merge.sql no longer reads score_changes c')

/**
 * mergeChanges without score_changes.sql's rows to close, for a rescore whose every key is open
 * and scored: those rows are then none (stored rows still open whose key is not in `scored`), and
 * leaving out their branch and its union made the MERGE ~0.8 ms faster (2.5 -> 1.6 ms, by hand).
 */
const mergeOpen = mergeChanges.replace(/union all by name\s+select \* from closing/, '')
if (mergeOpen === mergeChanges) throw new Error('score_changes.sql no longer unions closing')

/** score_targets.sql's table, empty: a rescore appends its keys' rows (score_target.sql). */
const emptyTargets = `${sql.targets.replace(
  'create or replace temp table score_targets as',
  'create temp table if not exists score_targets as',
)}\nlimit 0`
if (!emptyTargets.includes('if not exists'))
  throw new Error('score_targets.sql no longer creates score_targets')

/** Each rescored key's total score before and after, null where its opportunity is not open. */
export type ScoreMoves = Map<string, { before: number | null; after: number | null }>

/** The temp tables of a single rescore (a run makes them too, and a few more). */
export const SINGLE_TEMPS = [
  'score_config',
  'score_run',
  'score_targets',
  'score_opty_facts',
  'score_opty_actions',
  'scored',
  'score_stored',
]
/** Emptied at the start of every rescore (score_config and score_run keep their one row). */
const PER_KEY = SINGLE_TEMPS.slice(2)
/** A temp view created last, with the tables: its presence says they are all there. */
export const READY_VIEW = 'score_single_ready'

/**
 * This connection's prepared statements. DuckDB plans a prepared statement again at every run, for
 * good, once the catalog it was planned against changes (README "DuckDB for one key"): so they are
 * prepared afresh after this module changes the catalog, and when the scoring statement runs much
 * slower than it did (another job on this connection created or dropped a table).
 */
interface Session {
  version: string
  statements: Map<string, DuckDBPreparedStatement>
  /** lead_list.sql's columns but opty_id, in its order: what an update of a row sets */
  listColumns: string[]
  stale: boolean
  fastest: number
  /** how many scoring statements in a row ran much slower than the fastest (see scoreTargets) */
  slowRuns: number
}
const sessions = new WeakMap<DuckDBConnection, Session>()
/** Per connection, the query whether the temp tables are there (prepared: ~0.3 ms instead of ~1). */
const readyChecks = new WeakMap<DuckDBConnection, DuckDBPreparedStatement>()

async function prepared(conn: DuckDBConnection, text: string): Promise<DuckDBPreparedStatement> {
  const cache = sessions.get(conn)!.statements
  let p = cache.get(text)
  if (!p) {
    p = await conn.prepare(text)
    cache.set(text, p)
  }
  return p
}

async function exec(
  conn: DuckDBConnection,
  text: string,
  params?: DuckDBValue[] | Record<string, DuckDBValue>,
): Promise<DuckDBMaterializedResult> {
  const p = await prepared(conn, text)
  if (params) p.bind(params)
  return p.run()
}

/** Forgets this connection's prepared statements (a score run is about to replace the temp tables). */
export function forgetSingle(conn: DuckDBConnection): void {
  const session = sessions.get(conn)
  if (!session) return
  for (const p of session.statements.values()) p.destroySync()
  sessions.delete(conn)
}

/**
 * Makes sure the temp tables exist on this connection and score_config holds `version`, and that
 * the prepared statements may be used. The tables are checked in the warehouse each time (one
 * cheap query): a rolled-back transaction takes temp tables with it.
 */
async function open(
  conn: DuckDBConnection,
  config: ScoreConfig,
  version: string,
  asOf: string,
): Promise<void> {
  let check = readyChecks.get(conn)
  if (!check) {
    check = await conn.prepare(
      `select count(*) = 1 as ready from duckdb_views()
       where database_name = 'temp' and view_name = '${READY_VIEW}'`,
    )
    readyChecks.set(conn, check)
  }
  const ready = (await check.runAndReadAll()).getRows()[0][0] === true
  const session = sessions.get(conn)
  if (ready && session && !session.stale && session.version === version) return
  forgetSingle(conn)
  const current =
    ready &&
    (await rows(conn, 'select score_version from score_config'))[0]?.score_version === version
  if (!current) {
    await loadScoreConfig(conn, config, version)
    await conn.run(emptyTargets, { as_of: asOf })
    await conn.run(
      `create temp table if not exists score_opty_facts as select * from score_facts limit 0;
       create temp table if not exists score_opty_actions as select * from lead_actions limit 0;
       create temp table if not exists score_stored as select * from scv_customer_score limit 0;
       create temp table if not exists score_run as select false as rewrite_all, null::TIMESTAMP as scored_at`,
    )
    await conn.run(
      `create temp table if not exists scored as select * from (${scoredQuery}) limit 0`,
    )
    await conn.run(`create or replace temp view ${READY_VIEW} as select 1 as ready`)
  }
  // statements prepared in the transaction that changed the catalog would be planned again at
  // every run once it commits: after creating tables, prepare them afresh at the next rescore
  const described = await rows<{ column_name: string }>(
    conn,
    `select column_name from (describe select * from (${sql.leadList}))`,
  )
  sessions.set(conn, {
    version,
    statements: new Map(),
    listColumns: described.map((r) => r.column_name).filter((c) => c !== 'opty_id'),
    stale: !current,
    fastest: Infinity,
    slowRuns: 0,
  })
}

/** Marks the statements to be prepared afresh at the next rescore. */
function stale(conn: DuckDBConnection): void {
  const session = sessions.get(conn)
  if (session) session.stale = true
}

/** `$k1, $k2, …` for `n` keys, and the parameters naming them. */
function keyParams(keys: string[]): { list: string; params: Record<string, string> } {
  const params: Record<string, string> = {}
  keys.forEach((k, i) => (params[`k${i + 1}`] = k))
  return { list: keys.map((_, i) => `$k${i + 1}`).join(', '), params }
}

/**
 * Copies the open keys' rows of score_facts into score_opty_facts if the last run's facts still
 * hold: as of the same date, with the same configuration, from the same source data, and a row for
 * every open key. Returns whether it did.
 */
async function copyKeptFacts(
  conn: DuckDBConnection,
  open: string[],
  asOf: string,
  version: string,
): Promise<boolean> {
  const [kept] = (await (await prepared(conn, keptFactsQuery)).runAndReadAll()).getRowObjects()
  if (!keptFactsHold(kept, asOf, version)) return false
  const keys = keyParams(open)
  const copied = await exec(
    conn,
    `insert into score_opty_facts by name select * from score_facts where opty_id in (${keys.list})`,
    keys.params,
  )
  // short (a key new since the run): the caller computes them all, replacing the table
  return copied.rowsChanged === open.length
}

/**
 * Rescores `optyIds` as of `asOf`: their scv_customer_score rows inserted, updated or closed as a
 * full run would, their lead_list rows updated in place (inserted when new, removed when no longer
 * open). Several keys cost little more than one (the app records the actions waiting for the
 * writer together).
 * Returns each key's total score before and after (null while not open or not scored), read from
 * what the rescore's own statements return.
 */
export async function rescoreMany(
  conn: DuckDBConnection,
  config: ScoreConfig,
  version: string,
  optyIds: string[],
  asOf: string,
): Promise<ScoreMoves> {
  const unique = [...new Set(optyIds)]
  const moves: ScoreMoves = new Map(unique.map((k) => [k, { before: null, after: null }]))
  if (!unique.length) return moves
  const keys = keyParams(unique)
  try {
    await open(conn, config, version, asOf)
    for (const t of PER_KEY) await exec(conn, `delete from ${t}`)
    await exec(conn, 'update score_run set scored_at = $1::TIMESTAMP', [nowIST()])
    const targets = await exec(
      conn,
      `${sql.target.replace('$opty_ids', keys.list)} returning opty_id, status`,
      {
        ...keys.params,
        as_of: asOf,
      },
    )
    const openIds = (await targets.getRows())
      .filter((r) => r[1] === 'Open')
      .map((r) => String(r[0]))
    if (openIds.length < unique.length)
      await exec(conn, `delete from score_targets where status is distinct from 'Open'`)
    let scored = 0
    if (openIds.length) {
      if (!(await copyKeptFacts(conn, openIds, asOf, version))) {
        // the last run's facts do not hold (a file was loaded since, another day, another
        // configuration): compute these keys' facts as a run does, over whole tables, so with
        // all of DuckDB's threads (~5-7 ms faster in paired runs at 1M, of ~135-150 ms)
        await inParallel(conn, async () => {
          await conn.run(sql.stockNow)
          await conn.run(sql.optyFacts)
        })
        stale(conn)
      }
      const openKeys = keyParams(openIds)
      await exec(
        conn,
        `insert into score_opty_actions select * from lead_actions where opty_id in (${openKeys.list})`,
        openKeys.params,
      )
      const scores = await scoreTargets(conn)
      for (const [id, score] of scores) moves.get(id)!.after = score
      scored = scores.length
    }
    const stored = await exec(
      conn,
      `insert into score_stored select * from scv_customer_score where opty_id in (${keys.list})
       returning opty_id, total_score, is_open`,
      keys.params,
    )
    for (const [id, score, isOpen] of await stored.getRows())
      if (isOpen === true) moves.get(String(id))!.before = plain(score) as number | null
    await exec(conn, scored === unique.length ? mergeOpen : mergeChanges)
    await replaceListRows(conn, unique, openIds)
    return moves
  } catch (e) {
    forgetSingle(conn)
    throw e
  }
}

/**
 * The keys' lead_list rows made what lead_list.sql gives for them: an open key's row updated in
 * place, or inserted when it has none yet (a lead new since the last run), a key no longer open
 * deleted. In place, because DuckDB writes an update of columns without an index or a list where
 * the row is: the rescore's COMMIT took ~2.5 ms instead of ~5.3 ms after a delete and an insert
 * (by hand at 1M, README "Single rescore"), and the row keeps its place in the table's order by
 * rep (PITFALLS). The update takes no parameter, so it stays planned; it finds the key's row
 * through the index all the same (DuckDB pushes the join's key into the scan).
 */
async function replaceListRows(
  conn: DuckDBConnection,
  keys: string[],
  openIds: string[],
): Promise<void> {
  const closed = keys.filter((k) => !openIds.includes(k))
  if (closed.length) {
    const gone = keyParams(closed)
    await exec(conn, `delete from lead_list where opty_id in (${gone.list})`, gone.params)
  }
  if (!openIds.length) return
  const open = keyParams(openIds)
  const columns = sessions.get(conn)!.listColumns
  const updated = await exec(
    conn,
    `update lead_list set ${columns.map((c) => `${c} = n.${c}`).join(', ')}
     from (${sql.leadList}) n
     where lead_list.opty_id = n.opty_id`,
  )
  if (updated.rowsChanged < openIds.length)
    await exec(
      conn,
      `insert into lead_list select * from (${sql.leadList}) n
       where n.opty_id not in (select opty_id from lead_list where opty_id in (${open.list}))`,
      open.params,
    )
}

/**
 * Runs components.sql and next_best_action.sql over the gathered rows. Two runs in a row three
 * times slower than the fastest one (and 10 ms slower) mean DuckDB plans it again at every run
 * (see Session): prepare the statements afresh next time. One such run alone is the machine's
 * noise or a busy other core (seen under 4 connections recording actions), and preparing afresh
 * would cost ~17 ms more. A speed heuristic only: the result is the same either way.
 */
async function scoreTargets(conn: DuckDBConnection): Promise<[string, number | null][]> {
  const started = performance.now()
  const result = await exec(
    conn,
    `insert into scored ${scoredQuery} returning opty_id, total_score`,
  )
  const ms = performance.now() - started
  const session = sessions.get(conn)!
  if (slowAgain(session, ms)) session.stale = true
  return (await result.getRows()).map((r) => [String(r[0]), plain(r[1]) as number | null])
}

/**
 * Records a scoring statement's run of `ms` in `speed` and tells whether it was the second run in
 * a row three times slower than the fastest (and 10 ms slower): see scoreTargets.
 */
export function slowAgain(speed: { fastest: number; slowRuns: number }, ms: number): boolean {
  const slow = ms > 3 * speed.fastest && ms > speed.fastest + 10
  speed.slowRuns = slow ? speed.slowRuns + 1 : 0
  speed.fastest = Math.min(speed.fastest, ms)
  return speed.slowRuns >= 2
}
