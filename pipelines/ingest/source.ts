// What an input file is before it is loaded: its SHA-256, its format, and its columns as DuckDB will scan them.
import type { DuckDBConnection } from '@duckdb/node-api'
import { createHash } from 'node:crypto'
import { createReadStream, openSync, readSync, closeSync } from 'node:fs'
import { rows } from '../../data/warehouse.ts'

export interface SourceColumn {
  /** the column's name as the file spells it */
  name: string
  /** the SQL expression that reads it in `scan` (CSV: s0, s1 …; Parquet: the quoted name) */
  ref: string
}

export interface Source {
  format: 'csv' | 'parquet'
  /** values may carry spaces to trim (always assumed for Parquet) */
  trim: boolean
  /** rows may hold line breaks inside quoted fields, or "" values */
  quoted: boolean
  /** a FROM-clause item reading every row; `$path` is bound to the file's path */
  scan: string
  columns: SourceColumn[]
}

/** Temp tables where DuckDB's CSV reader stores the lines it could not split into the header's columns. */
export const REJECT_ERRORS = '_ingest_reject_errors'
export const REJECT_SCANS = '_ingest_reject_scans'

/** What one pass over the file's bytes tells: its SHA-256, and whether the CSV reader's output needs cleaning. */
export interface Fingerprint {
  sha256: string
  /** a double quote appears: fields may be quoted, hold line breaks, or be "" (empty, not NULL) */
  hasQuote: boolean
  /** a space touches a delimiter or line end: values may need trimming */
  hasPadding: boolean
}

const QUOTE = 0x22
const PADDING = [' ,', ', ', ' \n', '\n ', ' \r'].map((p) => Buffer.from(p))

/**
 * Hashes the file and notes the two facts in the same read, so that staging can skip the per-value
 * trim and line-break count (the two most expensive expressions) for the common clean file.
 */
export async function fingerprint(path: string): Promise<Fingerprint> {
  const hash = createHash('sha256')
  let hasQuote = false
  let hasPadding = false
  let last = -1
  for await (const chunk of createReadStream(path, {
    highWaterMark: 4 << 20,
  }) as AsyncIterable<Buffer>) {
    hash.update(chunk)
    if (!hasQuote) hasQuote = chunk.includes(QUOTE)
    if (!hasPadding) {
      const edge = Buffer.from(last < 0 ? [chunk[0]] : [last, chunk[0]])
      hasPadding =
        (last < 0 && chunk[0] === 0x20) ||
        PADDING.some((p) => chunk.includes(p) || edge.includes(p))
    }
    if (chunk.length) last = chunk[chunk.length - 1]
  }
  if (last === 0x20) hasPadding = true
  return { sha256: hash.digest('hex'), hasQuote, hasPadding }
}

/** The first bytes of a file (at most `max`). */
function head(path: string, max: number): Buffer {
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.alloc(max)
    const n = readSync(fd, buf, 0, max, 0)
    return buf.subarray(0, n)
  } finally {
    closeSync(fd)
  }
}

/**
 * Describes the file: Parquet (by its magic bytes) through DuckDB's schema, CSV through its header row.
 * Returns null for a file with no header at all (empty).
 */
export async function describeSource(
  conn: DuckDBConnection,
  path: string,
  facts: Pick<Fingerprint, 'hasQuote' | 'hasPadding'>,
): Promise<Source | null> {
  const start = head(path, 1 << 20)
  if (start.subarray(0, 4).toString('latin1') === 'PAR1') {
    const described = await rows<{ column_name: string }>(
      conn,
      'DESCRIBE SELECT * FROM read_parquet($path)',
      { path },
    )
    return {
      format: 'parquet',
      trim: true,
      quoted: false,
      scan: 'read_parquet($path)',
      columns: described.map((d) => ({ name: d.column_name, ref: quoteIdent(d.column_name) })),
    }
  }
  const names = parseHeader(start.toString('utf8'))
  if (!names) return null
  const columns = names.map((name, i) => ({ name, ref: `s${i}` }))
  const types = columns.map((c) => `'${c.ref}': 'VARCHAR'`).join(', ')
  // The dialect is fixed by SPEC 3 (comma, double quotes): sniffing a ragged file fails, and a
  // fixed dialect makes every malformed line a captured reject instead of a guess.
  const scan = `read_csv($path, header = true, auto_detect = false, delim = ',', quote = '"',
    escape = '"', columns = {${types}}, store_rejects = true,
    rejects_table = '${REJECT_ERRORS}', rejects_scan = '${REJECT_SCANS}')`
  return { format: 'csv', trim: facts.hasPadding, quoted: facts.hasQuote, scan, columns }
}

/** Splits the first CSV record of `text` into field names (RFC 4180 quoting); null when there is none. */
export function parseHeader(text: string): string[] | null {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (!s.trim()) return null
  const fields: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      fields.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') break
    else field += ch
  }
  fields.push(field)
  return fields
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`
}
