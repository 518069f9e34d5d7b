// Builds the SQL that moves a file's good rows from staging into its table: dedupe, stale count, INSERT or MERGE.
import type { TableContract } from './contract.ts'
import { quoteIdent } from './source.ts'
import { STAGE, keyList } from './stage.ts'

export const DEDUP = '_ingest_dedup'

/** The good staged rows, as a relation. */
export const GOOD = `(SELECT * FROM ${STAGE} WHERE _reason IS NULL)`

/** Rows of the file whose key a later row of the file repeats (they are superseded). */
export function duplicateCountSql(contract: TableContract): string {
  const key = contract.key.length === 1 ? quoteIdent(contract.key[0]) : `(${keyList(contract)})`
  return `SELECT count(*) - count(DISTINCT ${key}) AS n FROM ${GOOD}`
}

/**
 * One row per key: the row with the largest `newerWins` value (customer_pipeline: updated_at), ties
 * and every other table by the later position in the file (the staging rowid is the file order).
 */
export function dedupSql(contract: TableContract): string {
  const order = [
    ...(contract.newerWins ? [`${quoteIdent(contract.newerWins)} DESC`] : []),
    'rowid DESC',
  ].join(', ')
  return `CREATE TEMP TABLE ${DEDUP} AS
SELECT * FROM ${STAGE} WHERE _reason IS NULL
QUALIFY row_number() OVER (PARTITION BY ${keyList(contract)} ORDER BY ${order}) = 1`
}

const on = (contract: TableContract) =>
  contract.key.map((k) => `t.${quoteIdent(k)} = s.${quoteIdent(k)}`).join(' AND ')

/** File rows that lose to a stored row with a newer `newerWins` value (counted as superseded). */
export function staleCountSql(contract: TableContract, source: string): string | null {
  if (!contract.newerWins) return null
  const col = quoteIdent(contract.newerWins)
  return `SELECT count(*) AS n FROM ${source} s JOIN ${quoteIdent(contract.table)} t ON ${on(contract)}
WHERE t.${col} > s.${col}`
}

const columnsOf = (contract: TableContract) => [
  ...contract.columns.map((c) => quoteIdent(c.name)),
  'extra',
]

/** Plain append, for a table that is still empty (much faster than MERGE, same result). */
export function insertSql(contract: TableContract, source: string): string {
  const cols = columnsOf(contract).join(', ')
  return `INSERT INTO ${quoteIdent(contract.table)} (${cols}) SELECT ${cols} FROM ${source}`
}

/**
 * Upsert on the key: a new key is inserted; a stored row is replaced only when something in it differs
 * (so loading the same data again writes nothing) and, with `newerWins`, only by a row at least as new.
 */
export function mergeSql(contract: TableContract, source: string): string {
  const cols = columnsOf(contract)
  const nonKey = cols.filter((c) => !contract.key.map((k) => quoteIdent(k)).includes(c))
  const newer = contract.newerWins
    ? `s.${quoteIdent(contract.newerWins)} >= t.${quoteIdent(contract.newerWins)} AND `
    : ''
  const differs = `(${nonKey.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${nonKey.map((c) => `s.${c}`).join(', ')})`
  return `MERGE INTO ${quoteIdent(contract.table)} AS t
USING (SELECT ${cols.join(', ')} FROM ${source}) AS s
ON ${on(contract)}
WHEN MATCHED AND ${newer}${differs} THEN UPDATE SET ${nonKey.map((c) => `${c} = s.${c}`).join(', ')}
WHEN NOT MATCHED THEN INSERT (${cols.join(', ')}) VALUES (${cols.map((c) => `s.${c}`).join(', ')})`
}
