// The score run (SPEC 5): components, total, next best action and reason codes in SQL for the open opportunities whose inputs changed, one MERGE into scv_customer_score, lead_list updated.
import { createHash } from 'node:crypto'
import type { DuckDBConnection } from '@duckdb/node-api'
import type { ScoreConfig } from '../../app/config.ts'
import { nowIST } from '../../data/dates.ts'
import { inParallel } from '../../data/threads.ts'
import { rows, transaction } from '../../data/warehouse.ts'
import { recordRun } from '../runs.ts'
import { keptFactsHold, keptFactsQuery, loadScoreConfig, scoreSql, scoredQuery } from './queries.ts'
import { forgetSingle, READY_VIEW, rescoreMany, SINGLE_TEMPS, type ScoreMoves } from './single.ts'

const sql = scoreSql

/** The temp tables of a run, dropped at its end (a single rescore keeps its own, see single.ts). */
const TEMPS = [
  'score_changes',
  'score_stock_now',
  'score_input_hashes',
  'score_kept',
  ...SINGLE_TEMPS,
]

/**
 * A hash of the SQL a score is computed with, part of every opportunity's input hash
 * (score_input_hashes.sql): after a change to these queries the next run scores everything again.
 */
const SCORE_CODE = createHash('sha256')
  .update(
    [
      sql.targets,
      sql.stockNow,
      sql.optyFacts,
      sql.optyActions,
      sql.components,
      sql.nextBestAction,
      sql.changes,
      sql.merge,
      sql.leadList,
      sql.inputHashes,
      sql.config,
    ].join('\0'),
  )
  .digest('hex')
  .slice(0, 16)

/**
 * A run scores only the opportunities whose inputs changed (score_kept.sql) when they are at most
 * this share of the open ones, and replaces their lead_list rows one by one; more, and it scores
 * them all and rebuilds lead_list, sorted (as after a new day, a new configuration or a big load).
 */
const PARTIAL_AT_MOST = 0.25

/**
 * A run drops the index of scv_customer_score while it merges more changes than this (see
 * withoutScoreIndex): building it again costs ~0.25 s at 131k open rows and ~1 s at 1M, about
 * what a MERGE pays to keep it up to date over a few thousand changed rows.
 */
const INDEX_KEPT_UP_TO = 2000

/**
 * A run that scored only the changed opportunities appends their lead_list rows at the end of the
 * table, outside its order by rep; past this many it sorts lead_list again (PITFALLS: the rep's
 * page reads few row groups only while the table is sorted). A sixth of a DuckDB row group
 * (122,880 rows): fewer cost a page at most one row group more until the next day's rebuild.
 */
const LEAD_LIST_RESORT_FROM = 20_000

/** A type alias (not an interface) so it fits recordRun's Record<string, unknown>. */
export type ScoreCounts = {
  inserted: number
  updated: number
  closed: number
  unchanged: number
  /** Open opportunities the run computed a score for; the others' inputs had not changed (score_kept.sql). */
  scored: number
  score_version: string
}

/**
 * A short hash of the scoring configuration: equal configurations (whatever their key order) give
 * the same version, any change of a band, point or weight gives another, and so rescores every row.
 */
export function scoreVersion(config: ScoreConfig): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 10)
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    )
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * Builds, for the opportunities in the temp table score_targets, every temp table components.sql
 * reads: the configuration, the stock snapshots, the CRM facts and the lead actions.
 */
export async function buildInputs(conn: DuckDBConnection, config: ScoreConfig): Promise<void> {
  await buildFacts(conn, config)
  await conn.run(sql.optyActions)
}

/** The configuration, the stock snapshots and the CRM facts of the targets (what score_facts keeps). */
async function buildFacts(conn: DuckDBConnection, config: ScoreConfig): Promise<void> {
  await loadScoreConfig(conn, config, scoreVersion(config))
  await conn.run(sql.stockNow)
  await conn.run(sql.optyFacts)
}

/**
 * Drops the temp tables of a run (and whatever a single rescore kept on this connection); a run
 * that kept its facts has score_opty_facts as a view.
 */
export async function dropScoreTemps(conn: DuckDBConnection, extra: string[] = []): Promise<void> {
  forgetSingle(conn)
  const views = new Set(
    (
      await rows<{ name: string }>(
        conn,
        `select view_name as name from duckdb_views() where database_name = 'temp'`,
      )
    ).map((v) => v.name),
  )
  await conn.run(
    [READY_VIEW, ...extra, ...TEMPS]
      .map((t) => `drop ${views.has(t) ? 'view' : 'table'} if exists temp.${t}`)
      .join('; '),
  )
}

/**
 * Scores every open opportunity as of `asOf` (those whose stored row already is what their
 * unchanged inputs give are left as they are, see keepUnchanged) and merges the result into
 * scv_customer_score in one transaction (call inside `db.write`): new open opportunities inserted,
 * changed rows updated, rows of opportunities no longer open marked is_open = false, lead_list
 * brought up to date, and the CRM facts kept as score_facts for single rescores. `full` scores and
 * rewrites every open row (and its scored_at) even when nothing in it changed. Recorded in
 * pipeline_runs.
 */
export async function scoreAll(
  conn: DuckDBConnection,
  config: ScoreConfig,
  options: { asOf: string; full?: boolean; triggeredBy?: string },
): Promise<ScoreCounts> {
  const version = scoreVersion(config)
  return recordRun(
    conn,
    { pipeline: 'score', asOf: options.asOf, triggeredBy: options.triggeredBy },
    async () => {
      try {
        const { keptFacts, partial } = await computeChanges(conn, config, options)
        const counts = await countChanges(conn, version)
        const changes = counts.inserted + counts.updated + counts.closed
        return await withoutScoreIndex(conn, changes > INDEX_KEPT_UP_TO, () =>
          transaction(conn, async () => {
            if (changes > 0) await conn.run(sql.merge)
            if (!keptFacts) await storeFacts(conn, options.asOf, version)
            if (partial) {
              if (counts.scored + counts.closed > 0)
                await replaceRows(conn, 'lead_list', sql.leadList)
              if (counts.scored > LEAD_LIST_RESORT_FROM)
                await rebuildLeadList(conn, 'select * from lead_list')
            } else if (!(await leadListHolds(conn, counts, keptFacts, options.asOf))) {
              await rebuildLeadList(conn, sql.leadList)
            }
            await storeInputs(conn, partial, counts)
            await recordSource(conn, 'lead_list_source', options.asOf, version)
            return counts
          }),
        )
      } finally {
        // (a failure to drop is not the run's error; the next run drops them first)
        await dropScoreTemps(conn).catch(() => undefined)
      }
    },
  )
}

/**
 * Whether lead_list already shows what this run would write, so that it is kept rather than
 * rewritten and re-sorted. A lead inserted or closed changes its rows for certain. A run that kept
 * its facts and changes no score keeps it without comparing while lead_list_source says it was
 * last rebuilt or checked as of the same date, with the same configuration and since no file was
 * loaded: a loaded file can change what it shows (a name, a follow-up date) and no score. Otherwise
 * its rows are compared (0.8-1 s at 1M open).
 */
async function leadListHolds(
  conn: DuckDBConnection,
  counts: ScoreCounts,
  keptFacts: boolean,
  asOf: string,
): Promise<boolean> {
  if (counts.inserted + counts.closed > 0) return false
  if (keptFacts && counts.updated === 0) {
    const [r] = await rows<{ same: boolean }>(
      conn,
      `select count(*) = 1 as same from lead_list_source
       where as_of_date = $as_of::DATE and score_version = $score_version
         and sources = (${sql.sources})`,
      { as_of: asOf, score_version: counts.score_version },
    )
    if (r.same) return true
  }
  return holdsRows(conn, 'lead_list', sql.leadList)
}

/** lead_list replaced by the rows of `query`, sorted by rep, then score (PITFALLS), and indexed. */
async function rebuildLeadList(conn: DuckDBConnection, query: string): Promise<void> {
  await conn.run(
    `create or replace table lead_list as\n${query}\norder by dse_id, total_score desc, opty_id`,
  )
  await conn.run('create index lead_list_opty_id on lead_list (opty_id)')
}

/**
 * The opportunities' lead_list or score_inputs rows (`table`) replaced by those `query` gives for
 * the ones this run scored, and removed for the ones it closed: a run that scored few of them.
 */
async function replaceRows(
  conn: DuckDBConnection,
  table: 'lead_list' | 'score_inputs',
  query: string,
): Promise<void> {
  await conn.run(
    `delete from ${table}
     where opty_id in (select opty_id from scored)
       or opty_id in (select opty_id from score_changes where change = 'close')`,
  )
  await conn.run(`insert into ${table} ${query}`)
}

/**
 * Stores, after the MERGE, each scored opportunity's input hash with the scored_at its row now
 * has (score_inputs, read by score_kept.sql): replaced whole by a run that scored them all, row
 * by row by one that scored few.
 */
async function storeInputs(
  conn: DuckDBConnection,
  partial: boolean,
  counts: ScoreCounts,
): Promise<void> {
  const inputs = `select h.opty_id, h.input_hash, s.scored_at
    from score_input_hashes h
    join scv_customer_score s on s.opty_id = h.opty_id`
  if (!partial) {
    // recreated with migration 009's columns (a CREATE TABLE AS would drop their NOT NULL)
    await conn.run(`create or replace table score_inputs (
      opty_id VARCHAR NOT NULL, input_hash UBIGINT NOT NULL, scored_at TIMESTAMP NOT NULL)`)
    await conn.run(`insert into score_inputs\n${inputs}`)
  } else if (counts.scored + counts.closed > 0)
    await replaceRows(
      conn,
      'score_inputs',
      `${inputs}\nwhere h.opty_id in (select opty_id from scored)`,
    )
}

/**
 * Fills the run's temp tables up to score_changes, before its transaction: they only read, and
 * nothing else writes meanwhile (the caller holds the writer). Inside a transaction DuckDB reads a
 * temp table created in that same transaction on one thread: at 1M open opportunities the score
 * statement took 13.5 s there against 7.2 s here. The CRM facts are those of score_facts when they
 * still hold (same date, configuration and source data, a row for every target), as for single
 * rescores, except in a `full` run. Returns whether they were, and whether the run scores only the
 * opportunities whose inputs changed (keepUnchanged).
 */
async function computeChanges(
  conn: DuckDBConnection,
  config: ScoreConfig,
  options: { asOf: string; full?: boolean },
): Promise<{ keptFacts: boolean; partial: boolean }> {
  await dropScoreTemps(conn)
  await conn.run(sql.targets, { as_of: options.asOf })
  const keptFacts = !options.full && (await factsKept(conn, config, options.asOf))
  if (keptFacts) {
    await loadScoreConfig(conn, config, scoreVersion(config))
    await conn.run('create or replace temp view score_opty_facts as select * from score_facts')
    await conn.run(sql.optyActions)
  } else {
    await buildInputs(conn, config)
  }
  const partial = await keepUnchanged(conn, options.full ?? false)
  await conn.run(`create or replace temp table scored as\n${scoredQuery}`)
  await conn.run(sql.run, { full: options.full ?? false, scored_at: nowIST() })
  await conn.run(sql.stored)
  await conn.run(`create or replace temp table score_changes as\n${sql.changes}`)
  return { keptFacts, partial }
}

/**
 * Hashes every target's inputs (score_input_hashes.sql) and, unless the run is `full`, finds those
 * whose stored score already is what scoring them would give (score_kept.sql). When those are all
 * but at most PARTIAL_AT_MOST of the targets, they are taken out of score_targets, so that only the
 * others are scored, and the run is partial (returns true); otherwise score_kept is left empty
 * and every target is scored. At 1M open opportunities an unchanged rerun so costs ~0.8 s of
 * hashing and comparing instead of ~3.8 s of scoring.
 */
async function keepUnchanged(conn: DuckDBConnection, full: boolean): Promise<boolean> {
  await conn.run(sql.inputHashes, { code: SCORE_CODE })
  if (full) {
    await conn.run(
      'create or replace temp table score_kept as select opty_id from score_targets limit 0',
    )
    return false
  }
  await conn.run(sql.kept)
  const [n] = await rows<{ kept: number; targets: number }>(
    conn,
    `select (select count(*) from score_kept) as kept, (select count(*) from score_targets) as targets`,
  )
  if (n.kept > 0 && n.targets - n.kept <= PARTIAL_AT_MOST * n.targets) {
    await conn.run('delete from score_targets where opty_id in (select opty_id from score_kept)')
    return true
  }
  await conn.run('delete from score_kept')
  return false
}

/** Whether score_facts holds as of `asOf` with `config`, with a row for every target of score_targets. */
async function factsKept(
  conn: DuckDBConnection,
  config: ScoreConfig,
  asOf: string,
): Promise<boolean> {
  if (!(await scoreFactsHold(conn, config, asOf))) return false
  const [r] = await rows<{ missing: number }>(
    conn,
    `select count(*) as missing from score_targets
     where opty_id not in (select opty_id from score_facts)`,
  )
  return r.missing === 0
}

/**
 * Runs `fn` (a run's transaction) with the index of scv_customer_score that single rescores and
 * the lead page read by key dropped when the run changes many rows (`changes`: more than
 * INDEX_KEPT_UP_TO), and builds it again afterwards, whatever happened. An index dropped inside
 * the same transaction is still kept up to date. While the reason codes were a list (before
 * migration 012) an updated row was a delete and an insert in the ART index: the next day's run of
 * 131k open leads took 21 s with the index, 7 s without, and 0.24 s to build it again (0.8-1.4 s
 * at 1M). Updated in place since, keeping the index made that run 3.0-3.2 s against 3.4-3.8 s,
 * but 1M inserts then pay about what the build costs at the commit and the next checkpoint (by
 * hand, 2 runs each): kept as it is.
 */
async function withoutScoreIndex<T>(
  conn: DuckDBConnection,
  changes: boolean,
  fn: () => Promise<T>,
): Promise<T> {
  if (changes) await conn.run(`drop index if exists ${SCORE_INDEX}`)
  try {
    return await fn()
  } finally {
    await conn.run(`create index if not exists ${SCORE_INDEX} on scv_customer_score (opty_id)`)
  }
}

/**
 * Recomputes score_facts for every open opportunity as of `asOf`, unless it already holds for that
 * date, configuration and source data (call inside `db.write`). Scores nothing: after files are
 * loaded it keeps single rescores on their fast path (they would otherwise compute their own key's
 * facts at every action until the next run). Returns whether it recomputed.
 */
export async function refreshScoreFacts(
  conn: DuckDBConnection,
  config: ScoreConfig,
  asOf: string,
): Promise<boolean> {
  if (await scoreFactsHold(conn, config, asOf)) return false
  await inParallel(conn, async () => {
    try {
      // computed before the transaction, which only stores them (see computeChanges)
      await dropScoreTemps(conn)
      await conn.run(sql.targets, { as_of: asOf })
      await buildFacts(conn, config)
      await transaction(conn, () => storeFacts(conn, asOf, scoreVersion(config)))
    } finally {
      await dropScoreTemps(conn).catch(() => undefined)
    }
  })
  return true
}

/**
 * Whether score_facts holds for a score as of `asOf` with `config`: computed for that date and
 * configuration, and no file loaded since into a table they come from.
 */
export async function scoreFactsHold(
  conn: DuckDBConnection,
  config: ScoreConfig,
  asOf: string,
): Promise<boolean> {
  const [kept] = await rows(conn, keptFactsQuery)
  return keptFactsHold(kept, asOf, scoreVersion(config))
}

/**
 * Rescores one opportunity to exactly what a full run would write for it (its scv_customer_score
 * row, and its lead_list row, or none when it is no longer open), with the same SQL over its own
 * rows (single.ts). Opens no transaction: the caller (the app recording an action) wraps "insert
 * lead_action + rescore" in its own, inside `db.write`.
 */
export async function rescoreOpportunity(
  conn: DuckDBConnection,
  config: ScoreConfig,
  optyId: string,
  asOf: string,
): Promise<void> {
  await rescoreMany(conn, config, scoreVersion(config), [optyId], asOf)
}

/**
 * rescoreOpportunity for several opportunities at once (about the cost of one), returning each
 * one's total score before and after.
 */
export function rescoreOpportunities(
  conn: DuckDBConnection,
  config: ScoreConfig,
  optyIds: string[],
  asOf: string,
): Promise<ScoreMoves> {
  return rescoreMany(conn, config, scoreVersion(config), optyIds, asOf)
}

/** The index of scv_customer_score (migration 006) that single rescores and the lead page read by key. */
const SCORE_INDEX = 'scv_customer_score_opty_id'

/** Counts the rows of the temp table score_changes by kind. */
async function countChanges(conn: DuckDBConnection, version: string): Promise<ScoreCounts> {
  const [c] = await rows<{
    inserted: number
    updated: number
    closed: number
    scored: number
    kept: number
  }>(
    conn,
    `select
       count(*) filter (where change = 'insert') as inserted,
       count(*) filter (where change = 'update') as updated,
       count(*) filter (where change = 'close') as closed,
       (select count(*) from scored) as scored,
       (select count(*) from score_kept) as kept
     from score_changes`,
  )
  return {
    inserted: c.inserted,
    updated: c.updated,
    closed: c.closed,
    unchanged: c.scored + c.kept - c.inserted - c.updated,
    scored: c.scored,
    score_version: version,
  }
}

/**
 * Keeps this run's CRM facts (score_opty_facts) as score_facts, with what they were computed from.
 * Replaced whole (a delete and insert of every row costs seconds at commit with its index), and
 * not at all when it would write the same rows; read by key through its index, so not sorted.
 */
async function storeFacts(conn: DuckDBConnection, asOf: string, version: string): Promise<void> {
  if (!(await holdsRows(conn, 'score_facts', 'select * from score_opty_facts'))) {
    await conn.run('create or replace table score_facts as select * from score_opty_facts')
    await conn.run('create index score_facts_opty_id on score_facts (opty_id)')
  }
  await recordSource(conn, 'score_facts_source', asOf, version)
}

/**
 * Replaces the one row of `table` (score_facts_source or lead_list_source) with what its table was
 * just computed from or checked against: the as-of date, the configuration's version and the last
 * file loaded into a table the score reads (score_sources.sql).
 */
async function recordSource(
  conn: DuckDBConnection,
  table: 'score_facts_source' | 'lead_list_source',
  asOf: string,
  version: string,
): Promise<void> {
  await conn.run(`delete from ${table}`)
  await conn.run(`insert into ${table} select $as_of::DATE, $score_version, (${sql.sources})`, {
    as_of: asOf,
    score_version: version,
  })
}

/**
 * Whether `table` already holds exactly the rows `query` gives (every column): then an unchanged
 * rerun keeps it instead of rewriting (and re-sorting) it. Compared by an order-independent
 * fingerprint (xor of row hashes; both tables have one row per opty_id, so rows cannot cancel out).
 */
async function holdsRows(conn: DuckDBConnection, table: string, query: string): Promise<boolean> {
  const [r] = await rows<{ same: boolean }>(
    conn,
    `select
       (select count(*) from ${table}) = (select count(*) from (${query}))
       and (select bit_xor(hash(x)) from ${table} x)
         is not distinct from (select bit_xor(hash(x)) from (${query}) x) as same`,
  )
  return r.same
}
