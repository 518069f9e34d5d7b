// The queries behind the hotspot page: the taluka table of an as-of date, the top 3 per district,
// and one taluka's history, narrowed to the user's scope (a taluka is placed by its own state/district).
import type { DuckDBConnection } from '@duckdb/node-api'
import { sql, type RawBuilder, type SqlBool } from 'kysely'
import { kysely } from '../../data/kysely.ts'
import { scopeCondition, type User } from '../auth/scope.ts'
import type { TalukaRow, TalukaTrendRow } from '../../views/charts/types.ts'
import { packageCoordinates } from './geo.ts'

async function run<T>(conn: DuckDBConnection, query: RawBuilder<unknown>): Promise<T[]> {
  return (await query.execute(kysely(conn))).rows as T[]
}

/**
 * Scope on a taluka relation `t`: scope.ts decides, with the taluka standing in for a lead of no
 * known dealer (dealer_code '' is in no dealers row), so a regional user sees the talukas of their
 * states and districts and leadership/admin see all.
 */
function talukaScope(user: User): RawBuilder<SqlBool> {
  return scopeCondition(user, 's')
}
const scoped = (table: string) =>
  sql`(select t.*, ''::VARCHAR as dealer_code, null::VARCHAR as dse_id from ${sql.table(table)} t) s`

export interface HotspotPlace {
  state: string | null
  district: string | null
}

/** The as-of dates with hotspot rows, newest first. */
export async function hotspotDates(conn: DuckDBConnection, limit = 120): Promise<string[]> {
  const r = await run<{ d: string }>(
    conn,
    sql`select distinct as_of_date as d from macro_market_hotspot_taluka_5d order by d desc limit ${limit}`,
  )
  return r.map((x) => x.d)
}

/**
 * Every taluka of the as-of date in scope (optionally one state/district), hottest first:
 * status order, then leads_5d descending, then name; with map coordinates.
 */
export async function talukaTable(
  conn: DuckDBConnection,
  user: User,
  asOf: string,
  place: HotspotPlace = { state: null, district: null },
): Promise<TalukaRow[]> {
  const rows = await run<TalukaRow>(
    conn,
    sql`with geo as (
        select g.state, g.district, g.taluka, avg(d.lat) as lat, avg(d.lng) as lng
        from dealer_geo g join dealers d on d.dealer_code = g.dealer_code
        where g.as_of_date = ${asOf}::DATE and d.lat is not null and d.lng is not null
        group by all
      )
      select strftime(s.as_of_date, '%Y-%m-%d') as as_of_date, s.state, s.district, s.taluka,
        s.dealer_count, s.leads_5d, s.leads_prev_5d, s.intent_5d, s.intent_prev_5d, s.retail_5d,
        s.retail_prev_5d, s.total_stock, s.saleable_stock, s.lead_growth_pct, s.intent_growth_pct,
        s.retail_growth_pct, s.hotspot_status, geo.lat, geo.lng
      from ${scoped('macro_market_hotspot_taluka_5d')}
      left join geo on geo.state = s.state and geo.district = s.district and geo.taluka = s.taluka
      where s.as_of_date = ${asOf}::DATE and ${talukaScope(user)}
        ${place.state ? sql`and s.state = ${place.state}` : sql``}
        ${place.district ? sql`and s.district = ${place.district}` : sql``}
      order by case s.hotspot_status when 'HOTSPOT' then 0 when 'EMERGING' then 1
                 when 'STABLE' then 2 else 3 end, s.leads_5d desc, s.state, s.district, s.taluka`,
  )
  for (const r of rows) {
    if (r.lat === null || r.lng === null) {
      const c = packageCoordinates(r.district, r.taluka)
      if (c) Object.assign(r, c)
    }
  }
  return rows
}

export interface Top3Row {
  state: string
  district: string
  taluka: string
  rank: number
  hotspot_status: string
  leads_5d: number
}

/** district_top3_talukas of the as-of date in scope, by state, district and rank. */
export async function districtTop3(
  conn: DuckDBConnection,
  user: User,
  asOf: string,
  place: HotspotPlace = { state: null, district: null },
): Promise<Top3Row[]> {
  return run(
    conn,
    sql`select s.state, s.district, s.taluka, s.rank, s.hotspot_status, s.leads_5d
      from ${scoped('district_top3_talukas')}
      where s.as_of_date = ${asOf}::DATE and ${talukaScope(user)}
        ${place.state ? sql`and s.state = ${place.state}` : sql``}
        ${place.district ? sql`and s.district = ${place.district}` : sql``}
      order by s.state, s.district, s.rank`,
  )
}

/** One taluka's 5-day counts and status over its past as-of dates up to `asOf` (oldest first), in scope. */
export async function talukaTrend(
  conn: DuckDBConnection,
  user: User,
  place: { state: string; district: string; taluka: string },
  asOf: string,
  days = 90,
): Promise<TalukaTrendRow[]> {
  return run(
    conn,
    sql`select * from (
        select strftime(s.as_of_date, '%Y-%m-%d') as as_of_date, s.leads_5d, s.intent_5d,
          s.retail_5d, s.hotspot_status
        from ${scoped('macro_market_hotspot_taluka_5d')}
        where s.state = ${place.state} and s.district = ${place.district}
          and s.taluka = ${place.taluka} and s.as_of_date <= ${asOf}::DATE
          and s.as_of_date > ${asOf}::DATE - ${days}::INTEGER and ${talukaScope(user)}
      ) order by as_of_date`,
  )
}
