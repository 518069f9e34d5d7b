// The score run (SPEC 5): components, total, next best action and reason codes in SQL, one MERGE into scv_customer_score, lead_list rebuilt.
import { createHash } from 'node:crypto'
import type { DuckDBConnection } from '@duckdb/node-api'
import type { ScoreConfig } from '../../app/config.ts'
import { nowIST } from '../../data/dates.ts'
import { rows, sqlFile, transaction } from '../../data/warehouse.ts'
import { recordRun } from '../runs.ts'

const sql = {
  targets: sqlFile(import.meta.url, 'score_targets.sql'),
  target: sqlFile(import.meta.url, 'score_target.sql'),
  components: sqlFile(import.meta.url, 'components.sql'),
  nextBestAction: sqlFile(import.meta.url, 'next_best_action.sql'),
  changes: sqlFile(import.meta.url, 'score_changes.sql'),
  merge: sqlFile(import.meta.url, 'merge.sql'),
  leadList: sqlFile(import.meta.url, 'lead_list.sql'),
}

/** The temp table `scored` (all open targets with scores and facts) from the temp table score_targets. */
export const scoredQuery = `with components as (${sql.components})\nselect * from (${sql.nextBestAction})`

/** A type alias (not an interface) so it fits recordRun's Record<string, unknown>. */
export type ScoreCounts = {
  inserted: number
  updated: number
  closed: number
  unchanged: number
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
 * Scores every open opportunity as of `asOf` and merges the result into scv_customer_score in one
 * transaction (call inside `db.write`): new open opportunities inserted, changed rows updated,
 * rows of opportunities no longer open marked is_open = false, lead_list rebuilt. `full` rewrites
 * every open row (and its scored_at) even when nothing in it changed. Recorded in pipeline_runs.
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
    () =>
      transaction(conn, async () => {
        const counts = await scoreScope(conn, config, version, {
          asOf: options.asOf,
          optyId: null,
          full: options.full ?? false,
        })
        if (!(await leadListCurrent(conn)))
          await conn.run(
            `create or replace table lead_list as\n${sql.leadList}\norder by dse_id, total_score desc, opty_id`,
          )
        await dropTemps(conn)
        return counts
      }),
  )
}

/**
 * Rescores one opportunity with the same SQL as a full run, filtered to its key, and updates (or,
 * when it is no longer open, deletes) its lead_list row. Opens no transaction: the caller (the app
 * recording an action) wraps "insert lead_action + rescore" in its own, inside `db.write`.
 */
export async function rescoreOpportunity(
  conn: DuckDBConnection,
  config: ScoreConfig,
  optyId: string,
  asOf: string,
): Promise<void> {
  await scoreScope(conn, config, scoreVersion(config), { asOf, optyId, full: false })
  await conn.run('delete from lead_list where opty_id = $1', [optyId])
  await conn.run(`insert into lead_list\n${sql.leadList}`)
  await dropTemps(conn)
}

async function scoreScope(
  conn: DuckDBConnection,
  config: ScoreConfig,
  version: string,
  scope: { asOf: string; optyId: string | null; full: boolean },
): Promise<ScoreCounts> {
  if (scope.optyId === null) await conn.run(sql.targets, { as_of: scope.asOf })
  else await conn.run(sql.target, { as_of: scope.asOf, opty_id: scope.optyId })
  await conn.run(`create or replace temp table scored as\n${scoredQuery}`, {
    cfg: JSON.stringify(config),
  })
  await conn.run(sql.changes, {
    score_version: version,
    opty_id: scope.optyId,
    full: scope.full,
  })
  const [c] = await rows<{ inserted: number; updated: number; closed: number; scored: number }>(
    conn,
    `select
       count(*) filter (where change = 'insert') as inserted,
       count(*) filter (where change = 'update') as updated,
       count(*) filter (where change = 'close') as closed,
       (select count(*) from scored) as scored
     from score_changes`,
  )
  if (c.inserted + c.updated + c.closed > 0) {
    await conn.run(sql.merge, { scored_at: nowIST() })
  }
  return {
    inserted: c.inserted,
    updated: c.updated,
    closed: c.closed,
    unchanged: c.scored - c.inserted - c.updated,
    score_version: version,
  }
}

/**
 * Whether lead_list already holds exactly what this run would write (same rows, every column): then
 * an unchanged rerun keeps it instead of rewriting and re-sorting the whole table. Compared by an
 * order-independent fingerprint (xor of row hashes; opty_id is unique, so rows cannot cancel out).
 */
async function leadListCurrent(conn: DuckDBConnection): Promise<boolean> {
  const [r] = await rows<{ same: boolean }>(
    conn,
    `select
       (select count(*) from lead_list) = (select count(*) from scored)
       and (select bit_xor(hash(x)) from lead_list x)
         is not distinct from (select bit_xor(hash(x)) from (${sql.leadList}) x) as same`,
  )
  return r.same
}

async function dropTemps(conn: DuckDBConnection): Promise<void> {
  await conn.run(
    'drop table if exists temp.score_changes; drop table if exists temp.score_targets; drop table if exists temp.scored',
  )
}
