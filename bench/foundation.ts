// Foundation benchmark: generate the demo data set, ingest it into the shared warehouse, ingest 5M calls, re-ingest, size.
import { DuckDBInstance } from '@duckdb/node-api'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { openWarehouse } from '../data/warehouse.ts'
import { generate } from '../pipelines/generate/generate.ts'
import { ingestPaths, type FileResult } from '../pipelines/ingest/ingest.ts'
import { removeWarehouse } from './copy.ts'
import { type BenchContext, type BenchRow, seconds } from './types.ts'

const AS_OF = '2026-11-23'
const CALLS = 5_000_000

const sizeOf = (path: string) =>
  [path, `${path}.wal`].reduce((n, p) => n + (existsSync(p) ? statSync(p).size : 0), 0)

async function ingestTimed(dbPath: string, paths: string[]) {
  const db = await openWarehouse(dbPath, { purpose: 'bench' })
  try {
    const started = performance.now()
    const cpu = process.cpuUsage()
    const results = await ingestPaths(db, paths)
    const s = seconds(started)
    const used = process.cpuUsage(cpu)
    const cpuSeconds = Math.round((used.user + used.system) / 1e4) / 100
    const refused = results.filter((r) => r.status === 'refused')
    if (refused.length)
      throw new Error(`bench: refused ${refused.map((r) => r.message).join('; ')}`)
    const read = results.reduce((n, r: FileResult) => n + r.rows_read, 0)
    return { seconds: s, cpuSeconds, results, read }
  } finally {
    await db.close()
  }
}

/** A call_log CSV of `n` rows made from the generated one (new call ids), by DuckDB COPY. */
async function bigCallLog(from: string, to: string, n: number): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:')
  const conn = await instance.connect()
  try {
    const [src, dst] = [from, to].map((p) => p.replaceAll("'", "''"))
    await conn.run(
      `COPY (
         SELECT c.* REPLACE (c.call_id || '-' || t.r AS call_id)
         FROM read_csv('${src}', all_varchar = true) c,
           range(ceil(${n} / (SELECT count(*) FROM read_csv('${src}', all_varchar = true)))::BIGINT) t(r)
         LIMIT ${n}
       ) TO '${dst}' (HEADER)`,
    )
  } finally {
    conn.closeSync()
    instance.closeSync()
  }
}

export default async function foundation(ctx: BenchContext): Promise<BenchRow[]> {
  const out: BenchRow[] = []
  const row = (
    measure: string,
    value: number | string,
    unit: string,
    budget?: string,
    ok?: boolean,
  ) => out.push({ area: 'foundation', measure, value, unit, budget, ok })
  const n = ctx.opportunities
  const dataDir = join(ctx.dir, `demo-${n}`)
  ctx.state.asOf = AS_OF

  // (1) the demo data set
  const generated = await generate({ opportunities: n, seed: 1, asOf: AS_OF, outDir: dataDir })
  const generatedRows = Object.values(generated.files).reduce((a, b) => a + b, 0)
  const genBudget = 60 // the budget is for 1M opportunities; smaller sets must also fit
  row(
    `generate ${n.toLocaleString('en')} opportunities (${generatedRows.toLocaleString('en')} rows)`,
    generated.seconds,
    's',
    `≤ ${genBudget} s`,
    generated.seconds <= genBudget,
  )

  // (2) ingest all six files into a fresh shared warehouse (left there for the later areas)
  removeWarehouse(ctx.dbPath)
  const demo = await ingestTimed(ctx.dbPath, [dataDir])
  row(`ingest demo data set (${demo.read.toLocaleString('en')} rows, 6 files)`, demo.seconds, 's')
  row('ingest demo data set, throughput', Math.round(demo.read / demo.seconds), 'rows/s')
  row('ingest demo data set, CPU time (all threads)', demo.cpuSeconds, 's')

  // (3) 5M call_log rows into a warehouse of their own
  const bigFile = join(ctx.dir, `call_log_${CALLS}.csv`)
  if (!existsSync(bigFile)) await bigCallLog(join(dataDir, 'call_log.csv'), bigFile, CALLS)
  const callsDb = join(ctx.dir, 'bench-call-log.duckdb')
  removeWarehouse(callsDb)
  const calls = await ingestTimed(callsDb, [bigFile])
  const callsRate = Math.round(calls.read / calls.seconds)
  row(`ingest call_log ${CALLS.toLocaleString('en')} rows`, calls.seconds, 's')
  row('ingest call_log throughput', callsRate, 'rows/s', '≥ 300000 rows/s', callsRate >= 300_000)
  // CPU time (DuckDB's threads included) does not depend on what else the shared machine runs
  row('ingest call_log CPU time (all threads)', calls.cpuSeconds, 's')
  removeWarehouse(callsDb)

  // (4) the same six files again: every one skipped by its SHA-256
  const again = await ingestTimed(ctx.dbPath, [dataDir])
  const allSkipped = again.results.every((r) => r.status === 'skipped')
  row(
    're-ingest of the loaded files (all skipped)',
    again.seconds,
    's',
    '≤ 1 s',
    allSkipped && again.seconds <= 1,
  )

  // (5) the warehouse on disk
  row('warehouse size on disk after ingest', Math.round(sizeOf(ctx.dbPath) / 1e5) / 10, 'MB')
  return out
}
