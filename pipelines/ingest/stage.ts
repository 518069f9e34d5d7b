// Builds the SQL that stages one file: every row typed, checked against its contract, and given a reason when it fails.
import type { ColumnSpec, TableContract } from './contract.ts'
import { quoteIdent, quoteLiteral, type Source, type SourceColumn } from './source.ts'

/** The staging table: one row per parsed input row, in file order (its rowid is the row's ordinal). */
export const STAGE = '_ingest_stage'

export interface ColumnMatch {
  /** contract column -> the file's column (first case-insensitive match) */
  matched: Map<string, SourceColumn>
  /** the file's columns outside the contract, kept in `extra` */
  extra: SourceColumn[]
  /** required contract columns the file lacks */
  missing: string[]
}

export function matchColumns(contract: TableContract, source: Source): ColumnMatch {
  const matched = new Map<string, SourceColumn>()
  const extra: SourceColumn[] = []
  const known = new Set(contract.columns.map((c) => c.name))
  for (const col of source.columns) {
    const name = col.name.trim().toLowerCase()
    if (known.has(name) && !matched.has(name)) matched.set(name, col)
    else extra.push(col)
  }
  const missing = contract.columns
    .filter((c) => c.required && !matched.has(c.name))
    .map((c) => c.name)
  return { matched, extra, missing }
}

const kind: Record<ColumnSpec['type'], string> = {
  VARCHAR: 'text',
  TIMESTAMP: 'timestamp (YYYY-MM-DD HH:MM:SS)',
  DATE: 'date (YYYY-MM-DD)',
  INTEGER: 'whole number',
  DOUBLE: 'number',
}

/** `'value'` for a reason, cut at 60 characters. */
const shown = (sql: string) => `'''' || left(${sql}, 60) || ''''`

function typedExpr(col: ColumnSpec, r: string): string {
  if (col.values) {
    const arms = col.values.map(
      (v) => `WHEN ${quoteLiteral(v.toUpperCase())} THEN ${quoteLiteral(v)}`,
    )
    return `CASE upper(${r}) ${arms.join(' ')} END`
  }
  switch (col.type) {
    case 'VARCHAR':
      return r
    case 'INTEGER':
      // a plain cast would round 5.5 to 6: only whole numbers pass
      return `CASE WHEN TRY_CAST(${r} AS DOUBLE) = TRY_CAST(${r} AS BIGINT) THEN TRY_CAST(${r} AS INTEGER) END`
    case 'DOUBLE':
      return `CASE WHEN isfinite(TRY_CAST(${r} AS DOUBLE)) THEN TRY_CAST(${r} AS DOUBLE) END`
    default:
      return `TRY_CAST(${r} AS ${col.type})`
  }
}

/** A rule broken by a row: the SQL condition, and the SQL text saying why (built only for bad rows). */
interface Violation {
  when: string
  reason: string
}

function violationsOf(col: ColumnSpec, r: string, t: string): Violation[] {
  const out: Violation[] = []
  const name = quoteLiteral(col.name)
  if (col.required) out.push({ when: `${r} IS NULL`, reason: `${name} || ' is empty'` })
  if (col.values || col.type !== 'VARCHAR') {
    const what = col.values
      ? `' is not one of ' || ${quoteLiteral(col.values.join(', '))}`
      : `' is not a ${kind[col.type]}'`
    out.push({
      when: `${r} IS NOT NULL AND ${t} IS NULL`,
      reason: `${name} || ' ' || ${shown(r)} || ${what}`,
    })
  }
  if (col.min !== undefined)
    out.push({
      when: `${t} < ${col.min}`,
      reason: `${name} || ' ' || ${t} || ' is ${col.min === 0 ? 'negative' : `below ${col.min}`}'`,
    })
  if (col.max !== undefined)
    out.push({
      when: `${t} > ${col.max}`,
      reason: `${name} || ' ' || ${t} || ' is above ${col.max}'`,
    })
  return out
}

/** One CSV field as it would be written back (quoted when it must be), for the raw line of a reject. */
const csvField = (v: string) =>
  `CASE WHEN ${v} IS NULL THEN '' WHEN regexp_matches(${v}, '[",\\r\\n]') THEN '"' || replace(${v}, '"', '""') || '"' ELSE ${v} END`

/**
 * `CREATE TEMP TABLE _ingest_stage AS …`: the contract's columns typed (defaults applied), `extra`
 * (JSON of the file's other columns), `_reason` (NULL for a good row), `_raw` (the row written back
 * as a CSV line, for rejects only) and `_nl` (line breaks inside the row's quoted fields, to count lines).
 */
export function stageSql(contract: TableContract, source: Source, match: ColumnMatch): string {
  const all = source.columns.map((c, i) => ({ ...c, alias: `src${i}` }))
  const aliasOf = new Map(all.map((c) => [c.ref, c.alias]))
  const text = (ref: string) => (source.format === 'csv' ? ref : `CAST(${ref} AS VARCHAR)`)
  // the reader already gives NULL for an empty unquoted field; trimming costs more than parsing
  const clean = (v: string) =>
    source.trim ? `nullif(trim(${v}), '')` : source.quoted ? `nullif(${v}, '')` : v
  // level 1: the file's columns as text, and each contract column's trimmed text (NULL when empty)
  const level1 = [
    ...all.map((c) => `${text(c.ref)} AS ${c.alias}`),
    ...contract.columns.map((col) => {
      const src = match.matched.get(col.name)
      return `${src ? clean(text(src.ref)) : 'NULL::VARCHAR'} AS ${quoteIdent(`r_${col.name}`)}`
    }),
  ]
  // level 2: typed values under their contract names
  const level2 = contract.columns.map(
    (col) => `${typedExpr(col, quoteIdent(`r_${col.name}`))} AS ${quoteIdent(`t_${col.name}`)}`,
  )
  // level 3: defaults applied, reasons collected
  const level3 = contract.columns.map((col) => {
    const t = quoteIdent(`t_${col.name}`)
    const value = col.default
      ? `coalesce(${t}, ${col.default.replace(/\b([a-z_]+)\b/g, (m) => (contract.columns.some((c) => c.name === m) ? quoteIdent(`t_${m}`) : m))})`
      : t
    return `${value} AS ${quoteIdent(col.name)}`
  })
  const violations = contract.columns.flatMap((col) =>
    violationsOf(col, quoteIdent(`r_${col.name}`), quoteIdent(`t_${col.name}`)),
  )
  const extra = match.extra.length
    ? `json_object(${match.extra.map((c) => `${quoteLiteral(c.name)}, ${aliasOf.get(c.ref)}`).join(', ')})`
    : 'NULL'
  const rawLine = all.map((c) => csvField(c.alias)).join(` || ',' || `)
  const nl = source.quoted
    ? all
        .map(
          (c) =>
            `CASE WHEN contains(${c.alias}, chr(10)) THEN strlen(${c.alias}) - strlen(replace(${c.alias}, chr(10), '')) ELSE 0 END`,
        )
        .join(' + ')
    : '0'
  const names = contract.columns.map((c) => quoteIdent(c.name))
  const checks = contract.checks ?? []
  // a cheap boolean per row first; the reason text is built only for the rows that fail
  const bad = (v: readonly Violation[]) =>
    v.map((x) => `coalesce(${x.when}, false)`).join(' OR ') || 'false'
  const why = (v: readonly Violation[]) =>
    `nullif(concat_ws('; ', ${v.map((x) => `CASE WHEN ${x.when} THEN ${x.reason} END`).join(', ') || 'NULL'}), '')`
  return `CREATE TEMP TABLE ${STAGE} AS
SELECT ${names.join(', ')}, ${extra}::JSON AS extra, _reason,
  CASE WHEN _reason IS NOT NULL THEN ${rawLine} END AS _raw, (${nl})::INTEGER AS _nl
FROM (
  SELECT *,
    CASE WHEN _col_bad OR ${bad(checks)}
      THEN nullif(concat_ws('; ', CASE WHEN _col_bad THEN ${why(violations)} END, ${why(checks)}), '')
    END AS _reason
  FROM (
    SELECT *, ${level3.join(',\n    ')},
      ${bad(violations)} AS _col_bad
    FROM (
      SELECT *, ${level2.join(',\n      ')}
      FROM (SELECT ${level1.join(',\n        ')} FROM ${source.scan})
    )
  )
)`
}

/** The key columns of a table as a SQL list, e.g. `"dealer_code", "pl", "as_of_date"`. */
export function keyList(contract: TableContract, prefix = ''): string {
  return contract.key.map((k) => `${prefix}${quoteIdent(k)}`).join(', ')
}
