// Market hotspots (SPEC 6): runs the seven SQL models for one as-of date, replacing only that date's rows.
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api'
import type { Config } from '../../app/config.ts'
import { inParallel } from '../../data/threads.ts'
import { rows, sqlFile, transaction } from '../../data/warehouse.ts'

/** The output tables in build order; each is built by the .sql file of the same name beside this module. */
export const hotspotModels = [
  'dealer_geo',
  'dealer_leads_5d',
  'dealer_retail_5d',
  'dealer_stock',
  'dealer_market_features_5d',
  'macro_market_hotspot_taluka_5d',
  'district_top3_talukas',
] as const

const models = hotspotModels.map((name) => ({
  name,
  sql: sqlFile(import.meta.url, `${name}.sql`)
    .trim()
    .replace(/;$/, ''),
}))

/** One row of macro_market_hotspot_taluka_5d (003_hotspots.sql) as `rows()` reads it. */
export interface HotspotTalukaRow {
  as_of_date: string
  state: string
  district: string
  taluka: string
  dealer_count: number
  leads_5d: number
  leads_prev_5d: number
  intent_5d: number
  intent_prev_5d: number
  retail_5d: number
  retail_prev_5d: number
  total_stock: number
  saleable_stock: number
  lead_growth_pct: number
  intent_growth_pct: number
  retail_growth_pct: number
  hotspot_status: 'HOTSPOT' | 'EMERGING' | 'STABLE' | 'NOISE'
}

export type HotspotCounts = {
  talukas: number
  hotspots: number
  emerging: number
}

/**
 * Builds the hotspot outputs for `asOf` in one transaction (call inside `db.write`): a rerun of a
 * date replaces that date's rows and leaves every other date's history alone.
 */
export async function computeHotspots(
  conn: DuckDBConnection,
  config: Config,
  asOf: string,
): Promise<HotspotCounts> {
  return withHotspotSession(conn, config, (compute) => compute(asOf))
}

/**
 * For a backfill (call inside `db.write`): `fn` gets a `compute(asOf)` that builds one date in its
 * own transaction, as computeHotspots does. dealer_geo does not depend on the as-of date (dealers
 * and opportunities keep no history), so the session evaluates dealer_geo.sql once and each date
 * copies it: the same rule, computed once instead of once per date.
 */
export function withHotspotSession<T>(
  conn: DuckDBConnection,
  config: Config,
  fn: (compute: (asOf: string) => Promise<HotspotCounts>) => Promise<T>,
): Promise<T> {
  return inParallel(conn, () => hotspotSession(conn, config, fn))
}

async function hotspotSession<T>(
  conn: DuckDBConnection,
  config: Config,
  fn: (compute: (asOf: string) => Promise<HotspotCounts>) => Promise<T>,
): Promise<T> {
  let geoReady = false
  const compute = async (asOf: string): Promise<HotspotCounts> => {
    const params = parameters(config, asOf)
    let created = false
    await transaction(conn, async () => {
      if (!geoReady) {
        await conn.run(
          `create or replace temp table hotspot_session_geo as ${models[0].sql}`,
          used(models[0].sql, params),
        )
        created = true
      }
      for (const model of models) {
        await conn.run(`delete from ${model.name} where as_of_date = $1::DATE`, [asOf])
        if (model.name === 'dealer_geo')
          await conn.run(
            `insert into dealer_geo by name
             select * replace ($1::DATE as as_of_date) from hotspot_session_geo`,
            [asOf],
          )
        else
          await conn.run(`insert into ${model.name} by name ${model.sql}`, used(model.sql, params))
      }
    })
    if (created) geoReady = true // a rolled-back transaction takes the temp table with it
    const [counts] = await rows<HotspotCounts>(
      conn,
      `select count(*) as talukas,
         count(*) filter (where hotspot_status = 'HOTSPOT') as hotspots,
         count(*) filter (where hotspot_status = 'EMERGING') as emerging
       from macro_market_hotspot_taluka_5d where as_of_date = $1::DATE`,
      [asOf],
    )
    return counts
  }
  try {
    return await fn(compute)
  } finally {
    await conn.run('drop table if exists hotspot_session_geo')
  }
}

function parameters(config: Config, asOf: string): Record<string, DuckDBValue> {
  const h = config.hotspots
  return {
    as_of: asOf,
    window_days: h.window_days,
    min_dealers: h.min_dealers,
    min_leads: h.min_leads,
    lead_growth_pct: h.lead_growth_pct,
    intent_growth_pct: h.intent_growth_pct,
    retail_growth_pct: h.retail_growth_pct,
    top_per_district: h.top_per_district,
  }
}

/** Only the parameters a statement names (DuckDB refuses values it has no placeholder for). */
function used(sql: string, params: Record<string, DuckDBValue>): Record<string, DuckDBValue> {
  const names = new Set([...sql.matchAll(/\$([a-z_]+)/g)].map((m) => m[1]))
  return Object.fromEntries(Object.entries(params).filter(([k]) => names.has(k)))
}
