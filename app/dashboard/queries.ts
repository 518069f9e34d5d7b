// The queries behind the dashboard charts: one per chart, every one narrowed by the user's scope
// (app/auth/scope.ts) and the URL filters, values bound as parameters. Each returns exactly the rows
// its chart draws, so the chart, its table view and its CSV download cannot disagree.
import type { DuckDBConnection } from '@duckdb/node-api'
import { sql, type RawBuilder, type SqlBool } from 'kysely'
import { kysely } from '../../data/kysely.ts'
import { addDays, todayIST } from '../../data/dates.ts'
import { scopeCondition, type User } from '../auth/scope.ts'
import type {
  DailyRow,
  FunnelRow,
  LeadRankRow,
  PplClassRow,
  ScoreBinRow,
} from '../../views/charts/types.ts'
import type { Filters } from './filters.ts'

export const STAGES = ['C0', 'C1', 'C1A', 'C2', 'C3'] as const
export const TREND_DAYS = 30

async function run<T>(conn: DuckDBConnection, query: RawBuilder<unknown>): Promise<T[]> {
  const result = await query.execute(kysely(conn))
  return result.rows as T[]
}

/**
 * A dealer's place for the state/district filters, the same rule scope.ts applies for regional users:
 * the dealers table's geography when it has one, else the row's own state/district.
 */
function inPlace(alias: string, column: 'state' | 'district', value: string): RawBuilder<SqlBool> {
  const dealer = sql.ref(`${alias}.dealer_code`)
  return sql<SqlBool>`(${dealer} in (select d.dealer_code from dealers d where d.${sql.ref(column)} = ${value})
    or (${dealer} not in (select d.dealer_code from dealers d where d.state is not null) and ${sql.ref(`${alias}.${column}`)} = ${value}))`
}

/** Scope and the state/district/dealer/PPL filters on a relation with dealer_code, dse_id, state, district, ppl. */
function placeFilter(user: User, f: Filters, alias: string): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [scopeCondition(user, alias)]
  if (f.state) parts.push(inPlace(alias, 'state', f.state))
  if (f.district) parts.push(inPlace(alias, 'district', f.district))
  if (f.dealer) parts.push(sql<SqlBool>`${sql.ref(`${alias}.dealer_code`)} = ${f.dealer}`)
  if (f.ppl) parts.push(sql<SqlBool>`${sql.ref(`${alias}.ppl`)} = ${f.ppl}`)
  return sql.join(parts, sql` and `) as RawBuilder<SqlBool>
}

/** placeFilter plus opportunities created from `from` to `to` (inclusive dates). */
function leadFilter(user: User, f: Filters, alias: string): RawBuilder<SqlBool> {
  const created = sql.ref(`${alias}.created_at`)
  return sql<SqlBool>`${placeFilter(user, f, alias)}
    and ${created} >= ${f.from}::DATE and ${created} < ${f.to}::DATE + 1`
}

const leadColumns = sql`l.opty_id, l.customer_name, l.dealer_code, l.ppl, l.pl, l.enquiry_type,
  l.lead_classification, l.stage, l.total_score, l.next_best_action`

/** The latest as-of date the scores were computed for (the default end of the date range). */
export async function latestAsOf(conn: DuckDBConnection): Promise<string> {
  const [r] = await run<{ d: string | null }>(conn, sql`select max(as_of_date) as d from lead_list`)
  return r?.d ?? todayIST()
}

/**
 * Top `limit` open leads by total_score (ties: opty_id), rank 1 first. The top-N runs on the two
 * narrow columns and joins the 20 winners back for their labels: sorting whole rows of 600k open
 * leads costs ten times more.
 */
export async function topLeads(
  conn: DuckDBConnection,
  user: User,
  f: Filters,
  limit = 20,
): Promise<LeadRankRow[]> {
  return run(
    conn,
    sql`with top as (
        select l.opty_id, l.total_score from lead_list l where ${leadFilter(user, f, 'l')}
        order by l.total_score desc, l.opty_id limit ${limit}
      )
      select row_number() over (order by l.total_score desc, l.opty_id) as rank, ${leadColumns}
      from top join lead_list l on l.opty_id = top.opty_id
      order by rank`,
  )
}

/**
 * Top `perType` open leads of each enquiry type (missing type shown as '(none)'), types by name.
 * Each type's `perType`-th best score is found first (one aggregate), so only the few rows at or
 * above it are ranked and joined back for their labels.
 */
export async function topByEnquiry(
  conn: DuckDBConnection,
  user: User,
  f: Filters,
  perType = 5,
): Promise<LeadRankRow[]> {
  return run(
    conn,
    sql`with scoped as (
        select l.opty_id, coalesce(l.enquiry_type, '(none)') as enquiry_type, l.total_score
        from lead_list l where ${leadFilter(user, f, 'l')}
      ),
      cut as (
        select enquiry_type, list_min(max(total_score, ${perType})) as floor from scoped group by 1
      ),
      ranked as (
        select s.opty_id, s.enquiry_type, row_number() over (
            partition by s.enquiry_type order by s.total_score desc, s.opty_id) as rank
        from scoped s join cut on cut.enquiry_type = s.enquiry_type
        where s.total_score >= cut.floor
        qualify rank <= ${perType}
      )
      select r.rank, l.opty_id, l.customer_name, l.dealer_code, l.ppl, l.pl, r.enquiry_type,
        l.lead_classification, l.stage, l.total_score, l.next_best_action
      from ranked r join lead_list l on l.opty_id = r.opty_id
      order by r.enquiry_type, r.rank`,
  )
}

/** Open leads per PPL and classification (missing values as '(none)'). */
export async function pplByClass(
  conn: DuckDBConnection,
  user: User,
  f: Filters,
): Promise<PplClassRow[]> {
  return run(
    conn,
    sql`select coalesce(l.ppl, '(none)') as ppl,
        coalesce(l.lead_classification, '(none)') as lead_classification, count(*) as leads
      from lead_list l where ${leadFilter(user, f, 'l')}
      group by all order by ppl, lead_classification`,
  )
}

/**
 * The funnel over every opportunity (open, won, lost) created in the range: a stage counts the
 * opportunities whose current stage is at or beyond it, so a lead lost at C1A counts at C0, C1 and
 * C1A. conversion_pct = this stage / the stage before.
 */
export async function funnel(conn: DuckDBConnection, user: User, f: Filters): Promise<FunnelRow[]> {
  return run(
    conn,
    sql`with stages(stage, k) as (values ('C0', 0), ('C1', 1), ('C1A', 2), ('C2', 3), ('C3', 4)),
      at_stage as (
        select s.k, count(*) as n
        from customer_pipeline o join stages s on s.stage = o.stage
        where ${leadFilter(user, f, 'o')}
        group by s.k
      ),
      reached as (
        select s.stage, s.k, coalesce(sum(a.n) over (order by s.k desc), 0)::BIGINT as leads
        from stages s left join at_stage a on a.k = s.k
      )
      select stage, leads,
        case when k = 0 then null
             else round(100.0 * leads / nullif(lag(leads) over (order by k), 0), 1) end as conversion_pct
      from reached order by k`,
  )
}

/** Open leads per 5-point band of total_score, all 20 bands (empty ones as 0); 100 falls in 95–100. */
export async function scoreBins(
  conn: DuckDBConnection,
  user: User,
  f: Filters,
): Promise<ScoreBinRow[]> {
  return run(
    conn,
    sql`with b as (
        select least(floor(l.total_score / 5), 19)::INTEGER as bin, count(*) as n
        from lead_list l where ${leadFilter(user, f, 'l')} group by 1
      )
      select (g.bin * 5)::INTEGER as bin_start, (g.bin * 5 + 5)::INTEGER as bin_end,
        coalesce(b.n, 0)::BIGINT as leads
      from (select range::INTEGER as bin from range(20)) g left join b on b.bin = g.bin
      order by g.bin`,
  )
}

/**
 * Every day of the 30 days ending at `to`: opportunities created (any status) and retail units
 * invoiced, within scope and the place/PPL filters (the date range's start does not apply here).
 */
export async function dailyTrend(
  conn: DuckDBConnection,
  user: User,
  f: Filters,
): Promise<DailyRow[]> {
  const start = addDays(f.to, -(TREND_DAYS - 1))
  // retail rows carry only a dealer: they are placed by the dealers table (no own geography, no DSE)
  const retail = sql`(select r.dealer_code, r.retail_date, r.qty, r.ppl, null::VARCHAR as dse_id,
    null::VARCHAR as state, null::VARCHAR as district from retail r)`
  return run(
    conn,
    sql`with days as (
        select (${start}::DATE + range::INTEGER) as date from range(${TREND_DAYS})
      ),
      leads as (
        select o.created_at::DATE as date, count(*) as n from customer_pipeline o
        where ${placeFilter(user, f, 'o')}
          and o.created_at >= ${start}::DATE and o.created_at < ${f.to}::DATE + 1
        group by 1
      ),
      sold as (
        select o.retail_date as date, sum(o.qty) as n from ${retail} o
        where ${placeFilter(user, f, 'o')}
          and o.retail_date between ${start}::DATE and ${f.to}::DATE
        group by 1
      )
      select strftime(d.date, '%Y-%m-%d') as date, coalesce(leads.n, 0)::BIGINT as leads,
        coalesce(sold.n, 0)::BIGINT as retail
      from days d left join leads on leads.date = d.date left join sold on sold.date = d.date
      order by d.date`,
  )
}

export interface FilterOptions {
  states: string[]
  districts: { state: string; district: string }[]
  dealers: { dealer_code: string; dealer_name: string | null }[]
  ppls: string[]
}

/** What the filter menus offer: places and dealers within the user's scope, and the PPLs in use. */
export async function filterOptions(conn: DuckDBConnection, user: User): Promise<FilterOptions> {
  // a dealer's place: the dealers table when it has geography, else its latest dealer_geo row
  const placed = sql`(
    select c.dealer_code, null::VARCHAR as dse_id,
      coalesce(d.state, g.state) as state, coalesce(d.district, g.district) as district,
      d.dealer_name
    from (select distinct dealer_code from lead_list) c
    left join dealers d on d.dealer_code = c.dealer_code and d.state is not null
    left join (select * from dealer_geo where as_of_date = (select max(as_of_date) from dealer_geo)) g
      on g.dealer_code = c.dealer_code
  )`
  const dealers = await run<{
    dealer_code: string
    dealer_name: string | null
    state: string | null
    district: string | null
  }>(
    conn,
    sql`select o.dealer_code, o.dealer_name, o.state, o.district
      from ${placed} o where ${scopeCondition(user, 'o')}
      order by o.dealer_code`,
  )
  const ppls = await run<{ ppl: string }>(
    conn,
    sql`select distinct ppl from lead_list where ppl is not null order by ppl`,
  )
  const states = [...new Set(dealers.map((d) => d.state).filter((s): s is string => !!s))].sort()
  const seen = new Set<string>()
  const districts: FilterOptions['districts'] = []
  for (const d of dealers) {
    if (!d.state || !d.district || seen.has(`${d.state}|${d.district}`)) continue
    seen.add(`${d.state}|${d.district}`)
    districts.push({ state: d.state, district: d.district })
  }
  districts.sort((a, b) => a.district.localeCompare(b.district))
  return {
    states,
    districts,
    dealers: dealers.map((d) => ({ dealer_code: d.dealer_code, dealer_name: d.dealer_name })),
    ppls: ppls.map((p) => p.ppl),
  }
}
