// Benchmark of the hotspot pipeline: one as-of date, and a 90-day backfill, on the 1M-opportunity warehouse.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { addDays } from '../data/dates.ts'
import { openWarehouse, rows, sqlFile, transaction } from '../data/warehouse.ts'
import { computeHotspots, withHotspotSession } from '../pipelines/hotspots/hotspots.ts'
import type { BenchContext, BenchRow } from './types.ts'

const SYNTHETIC_AS_OF = '2026-11-23'

export default async function hotspotsBench(ctx: BenchContext): Promise<BenchRow[]> {
  let dbPath = ctx.dbPath
  let asOf = typeof ctx.state.asOf === 'string' ? ctx.state.asOf : undefined
  let source = 'demo warehouse'
  if (!asOf || !existsSync(dbPath)) {
    // the foundation area has not built the demo warehouse: measure on a synthetic one of the same size
    asOf = SYNTHETIC_AS_OF
    dbPath = join(ctx.dir, `hotspots-synthetic-${ctx.opportunities}.duckdb`)
    source = 'synthetic warehouse'
    const db = await openWarehouse(dbPath)
    const [{ n }] = await db.withConnection((c) =>
      rows<{ n: number }>(c, 'select count(*) as n from customer_pipeline'),
    )
    if (n !== ctx.opportunities) {
      await db.write((conn) =>
        conn.run(
          'delete from customer_pipeline; delete from dealers; delete from retail; delete from stock',
        ),
      )
      const statements = sqlFile(import.meta.url, 'hotspots_synthetic.sql')
        .replace(/--.*$/gm, '')
        .split(/;\s*(?:\n|$)/)
        .filter((s) => s.trim())
      await db.write((conn) =>
        transaction(conn, async () => {
          for (const sql of statements) {
            const params: Record<string, string | number> = {}
            if (sql.includes('$n')) params.n = ctx.opportunities
            if (sql.includes('$as_of')) params.as_of = asOf!
            await conn.run(sql, params)
          }
        }),
      )
    }
    await db.close()
  }
  const db = await openWarehouse(dbPath)
  try {
    const t0 = performance.now()
    const counts = await db.write((conn) => computeHotspots(conn, ctx.config, asOf!))
    const one = (performance.now() - t0) / 1000
    process.stderr.write(`bench: hotspots ${asOf} on the ${source}: ${JSON.stringify(counts)}\n`)
    const t1 = performance.now()
    await db.write((conn) =>
      withHotspotSession(conn, ctx.config, async (compute) => {
        for (let i = 89; i >= 0; i--) await compute(addDays(asOf!, -i))
      }),
    )
    const backfill = (performance.now() - t1) / 1000
    const n = `${Math.round(ctx.opportunities / 1000)}k`
    return [
      {
        area: 'hotspots',
        measure: `one as-of date, ${n} opportunities (${source})`,
        value: one.toFixed(2),
        unit: 's',
        budget: '≤ 5 s',
        ok: one <= 5,
      },
      {
        area: 'hotspots',
        measure: `90-day backfill, ${n} opportunities (${source})`,
        value: backfill.toFixed(1),
        unit: 's',
        budget: '≤ 60 s',
        ok: backfill <= 60,
      },
    ]
  } finally {
    await db.close()
  }
}
