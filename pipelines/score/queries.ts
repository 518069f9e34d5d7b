// The score job's SQL files, read once, and the query that puts components and next best action together.
import type { DuckDBConnection } from '@duckdb/node-api'
import type { ScoreConfig } from '../../app/config.ts'
import { sqlFile } from '../../data/warehouse.ts'

export const scoreSql = {
  config: sqlFile(import.meta.url, 'score_config.sql'),
  targets: sqlFile(import.meta.url, 'score_targets.sql'),
  target: sqlFile(import.meta.url, 'score_target.sql'),
  stockNow: sqlFile(import.meta.url, 'score_stock_now.sql'),
  optyFacts: sqlFile(import.meta.url, 'score_opty_facts.sql'),
  optyActions: sqlFile(import.meta.url, 'score_opty_actions.sql'),
  sources: sqlFile(import.meta.url, 'score_sources.sql'),
  stored: sqlFile(import.meta.url, 'score_stored.sql'),
  run: sqlFile(import.meta.url, 'score_run.sql'),
  components: sqlFile(import.meta.url, 'components.sql'),
  nextBestAction: sqlFile(import.meta.url, 'next_best_action.sql'),
  changes: sqlFile(import.meta.url, 'score_changes.sql'),
  merge: sqlFile(import.meta.url, 'merge.sql'),
  leadList: sqlFile(import.meta.url, 'lead_list.sql'),
  inputHashes: sqlFile(import.meta.url, 'score_input_hashes.sql'),
  kept: sqlFile(import.meta.url, 'score_kept.sql'),
}

/** The configuration, whose version is `version`, as the temp table score_config that the score SQL reads. */
export async function loadScoreConfig(
  conn: DuckDBConnection,
  config: ScoreConfig,
  version: string,
): Promise<void> {
  await conn.run(scoreSql.config, { cfg: JSON.stringify(config), score_version: version })
}

/** The rows of `scored` (targets with scores and facts) from the temp tables components.sql reads. */
export const scoredQuery = `with components as (${scoreSql.components})\nselect * from (${scoreSql.nextBestAction})`

/**
 * What score_facts was computed from, next to whether the source data is still what it was: one
 * row (none before the first run). No parameter, so that a single rescore keeps it prepared.
 */
export const keptFactsQuery = `select strftime(as_of_date, '%Y-%m-%d') as as_of, score_version,
  sources = (${scoreSql.sources}) as same_sources
from score_facts_source`

/** Whether the kept facts (a row of keptFactsQuery) hold for a score as of `asOf` with `version`. */
export function keptFactsHold(
  kept: Record<string, unknown> | undefined,
  asOf: string,
  version: string,
): boolean {
  return kept?.as_of === asOf && kept.score_version === version && kept.same_sources === true
}
