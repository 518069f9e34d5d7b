// The demo data generator: writes the six source tables of SPEC 3 as CSV, built in an in-memory DuckDB from hashed draws.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { mkdirSync, renameSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseDate } from '../../data/dates.ts'
import { UserError } from '../../data/errors.ts'
import { rows, sqlFile } from '../../data/warehouse.ts'
import { PRODUCT_LINES } from './catalogue.ts'
import { loadGeography } from './geography.ts'
import {
  DEALER_STEMS,
  DEALER_SUFFIXES,
  FIRST_NAMES,
  FLEET_SUFFIXES,
  INSTITUTION_SUFFIXES,
  SURNAMES,
} from './names.ts'

export interface GenerateOptions {
  opportunities: number
  seed: number
  /** the as-of date, 'YYYY-MM-DD': history runs up to 20:00 IST of this day */
  asOf: string
  outDir: string
}

/** A planted market event: a taluka whose enquiries surge in the last 5 days before the as-of date. */
export interface PlantedEvent {
  state: string
  district: string
  taluka: string
  /** dealers of the taluka (all of them get surge leads) */
  dealers: string[]
  /** extra enquiries created in as-of−4 … as-of on top of the usual flow */
  extraLeads: number
  /** a share of the surge converts at once, so retail grows too (meant to be a HOTSPOT) */
  retailPush: boolean
  /** deals that would be invoiced in the last 5 days stay booked: no retail in the window */
  noRetail: boolean
  /** almost no saleable stock in the last 15 days */
  shortStock: boolean
  /** about three times the usual stock in the last 15 days */
  excessStock: boolean
}

export interface GenerateResult {
  /** table name -> rows written */
  files: Record<string, number>
  seconds: number
  dealers: number
  planted: PlantedEvent[]
}

/** The six tables, in the order they are written. */
export const TABLES = [
  'customer_pipeline',
  'customer_journey',
  'call_log',
  'stock',
  'retail',
  'dealers',
] as const

/** Days of history up to and including the as-of date (13 months and a bit). */
export const HISTORY_DAYS = 400

/** Dealers for a data set of n opportunities: about 600, fewer only for small sets (≈150 leads each). */
export function dealerCount(opportunities: number): number {
  return Math.min(600, Math.max(12, Math.round(opportunities / 150)))
}

/** Final SELECT and order of each output file (exact SPEC 3 column names, stable order for byte-identical files). */
const OUTPUT: Record<(typeof TABLES)[number], string> = {
  customer_pipeline: 'SELECT * EXCLUDE (opty_no) FROM customer_pipeline ORDER BY opty_no',
  customer_journey: `SELECT event_id, opty_id, event_type, event_at, detail
    FROM customer_journey ORDER BY opty_no, seq`,
  call_log: `SELECT call_id, opty_id, called_at, duration_sec, direction, outcome, next_followup_date, dse_id
    FROM call_log ORDER BY opty_no, j`,
  stock: 'SELECT * FROM stock ORDER BY dealer_code, pl, as_of_date',
  retail: 'SELECT * FROM retail ORDER BY invoice_id',
  dealers: `SELECT dealer_code, dealer_name, state, district, taluka, region, zone, lat, lng
    FROM dealer ORDER BY dealer_code`,
}

function validate(options: Omit<GenerateOptions, 'outDir'>): void {
  const { opportunities, seed } = options
  if (!Number.isInteger(opportunities) || opportunities < 100 || opportunities > 5_000_000)
    throw new UserError(
      `--opportunities must be a whole number from 100 to 5000000, got ${opportunities}`,
    )
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new UserError(`--seed must be a whole number ≥ 0, got ${seed}`)
  parseDate(options.asOf, '--as-of')
}

/** Loads parameters, macros, geography, word lists and the catalogue, then builds dealers and planted talukas. */
async function prepare(conn: DuckDBConnection, options: Omit<GenerateOptions, 'outDir'>) {
  await conn.run(
    `CREATE TABLE params AS SELECT $1::DATE AS as_of, $2::BIGINT AS seed, $3::BIGINT AS n,
       $4::BIGINT AS n_dealers, $5::BIGINT AS history_days`,
    [
      options.asOf,
      options.seed,
      options.opportunities,
      dealerCount(options.opportunities),
      HISTORY_DAYS,
    ],
  )
  for (const v of ['as_of', 'seed', 'n', 'n_dealers', 'history_days'])
    await conn.run(`SET VARIABLE ${v} = (SELECT ${v} FROM params)`)
  await runSql(conn, 'macros.sql')
  await loadGeography(conn)

  const json = (v: unknown) => JSON.stringify(v)
  await conn.run(
    `CREATE TABLE product AS SELECT p->>'ppl' AS ppl, p->>'pl' AS pl, (p->>'share')::INTEGER AS share,
       (p->>'pl_no')::INTEGER AS pl_no
     FROM (SELECT unnest(from_json($1::JSON, '["JSON"]')) AS p)`,
    [json(PRODUCT_LINES.map((p, i) => ({ ...p, pl_no: i + 1 })))],
  )
  const items: { kind: string; zone: string; k: number; word: string }[] = []
  for (const [kind, lists] of [
    ['first', FIRST_NAMES],
    ['last', SURNAMES],
  ] as const)
    for (const zone of Object.keys(lists))
      lists[zone].forEach((word, k) => items.push({ kind, zone, k, word }))
  await conn.run(
    `CREATE TABLE name_item AS SELECT i->>'kind' AS kind, i->>'zone' AS zone, (i->>'k')::INTEGER AS k, i->>'word' AS word
     FROM (SELECT unnest(from_json($1::JSON, '["JSON"]')) AS i)`,
    [json(items)],
  )
  await conn.run(
    'CREATE TABLE name_size AS SELECT kind, zone, count(*)::INTEGER AS size FROM name_item GROUP BY ALL',
  )
  const words = [
    ...DEALER_STEMS.map((word, k) => ({ kind: 'stem', k, word })),
    ...DEALER_SUFFIXES.map((word, k) => ({ kind: 'suffix', k, word })),
  ]
  await conn.run(
    `CREATE TABLE dealer_word AS SELECT w->>'kind' AS kind, (w->>'k')::INTEGER AS k, w->>'word' AS word
     FROM (SELECT unnest(from_json($1::JSON, '["JSON"]')) AS w)`,
    [json(words)],
  )
  await conn.run(
    `CREATE TABLE suffixes AS SELECT from_json($1::JSON, '["VARCHAR"]') AS fleet, from_json($2::JSON, '["VARCHAR"]') AS institution`,
    [json(FLEET_SUFFIXES), json(INSTITUTION_SUFFIXES)],
  )
  await conn.run('SET VARIABLE fleet_suffixes = (SELECT fleet FROM suffixes)')
  await conn.run('SET VARIABLE institution_suffixes = (SELECT institution FROM suffixes)')

  await runSql(conn, 'dealers.sql')
  await runSql(conn, 'calendar.sql')
}

/** Runs one .sql file of this folder statement by statement (each ends with ";" at a line end); a failure names the file and statement. */
async function runSql(conn: DuckDBConnection, file: string): Promise<void> {
  const statements = sqlFile(import.meta.url, file)
    .split(/;[ \t]*\n/)
    .filter((s) => s.replace(/--.*$/gm, '').trim())
  for (const statement of statements) {
    try {
      await conn.run(statement)
    } catch (e) {
      const head = statement.replace(/--.*$/gm, '').trim().split('\n')[0]
      throw new Error(`generate: ${file}: ${head}: ${(e as Error).message}`, { cause: e })
    }
  }
}

async function readPlanted(conn: DuckDBConnection): Promise<PlantedEvent[]> {
  const found = await rows(
    conn,
    `SELECT p.state, p.district, p.taluka, list(d.dealer_code ORDER BY d.dealer_code) AS dealers,
       p.extra_leads, p.retail_push, p.no_retail, p.short_stock, p.excess_stock
     FROM planted_extra p JOIN dealer d USING (state, district, taluka)
     GROUP BY ALL ORDER BY any_value(p.planted_no)`,
  )
  return found.map((r) => ({
    state: String(r.state),
    district: String(r.district),
    taluka: String(r.taluka),
    dealers: r.dealers as string[],
    extraLeads: Number(r.extra_leads),
    retailPush: Boolean(r.retail_push),
    noRetail: Boolean(r.no_retail),
    shortStock: Boolean(r.short_stock),
    excessStock: Boolean(r.excess_stock),
  }))
}

async function withMemoryDb<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:')
  const conn = await instance.connect()
  try {
    return await fn(conn)
  } finally {
    conn.closeSync()
    instance.closeSync()
  }
}

/** The planted market events of a data set (deterministic for seed, size and as-of date), without writing it. */
export async function plantedEvents(
  options: Omit<GenerateOptions, 'outDir'> & { outDir?: string },
): Promise<PlantedEvent[]> {
  validate(options)
  return withMemoryDb(async (conn) => {
    await prepare(conn, options)
    return readPlanted(conn)
  })
}

/**
 * Writes customer_pipeline.csv, customer_journey.csv, call_log.csv, stock.csv, retail.csv and
 * dealers.csv into `outDir` (created if needed). Same options → byte-identical files.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  validate(options)
  const started = performance.now()
  const outDir = resolve(options.outDir)
  mkdirSync(outDir, { recursive: true })
  return withMemoryDb(async (conn) => {
    await prepare(conn, options)
    for (const file of [
      'stock.sql',
      'opportunities.sql',
      'call_log.sql',
      'customer_pipeline.sql',
      'customer_journey.sql',
      'retail.sql',
    ])
      await runSql(conn, file)
    const files: Record<string, number> = {}
    // written as .tmp first and renamed at the end, so an interrupted run never leaves a set that
    // looks complete (`scv demo` generates only when the files are absent)
    for (const table of TABLES) {
      const path = join(outDir, `${table}.csv.tmp`).replaceAll("'", "''")
      // COPY takes no bound file name; the path is quoted above
      const result = await conn.run(
        `COPY (${OUTPUT[table]}) TO '${path}'
         (FORMAT csv, HEADER true, DELIMITER ',', DATEFORMAT '%Y-%m-%d', TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S')`,
      )
      files[table] = Number(result.rowsChanged)
    }
    for (const table of TABLES)
      renameSync(join(outDir, `${table}.csv.tmp`), join(outDir, `${table}.csv`))
    const planted = await readPlanted(conn)
    const [{ dealers }] = await rows(conn, 'SELECT count(*) AS dealers FROM dealer')
    return {
      files,
      seconds: Math.round((performance.now() - started) / 10) / 100,
      dealers: Number(dealers),
      planted,
    }
  })
}
