// Lead queries of the app (Today list, team counts, lead detail): every one starts from scope.ts.
import { sql, type Kysely } from 'kysely'
import type { Database } from '../data/schema.ts'
import { scopedLead, scopedLeads, scopedOpportunity, type User } from './auth/scope.ts'

export const stages = ['C0', 'C1', 'C1A', 'C2', 'C3']
export const classes = ['Live Deal', 'Hot', 'Warm', 'Cold']

export interface LeadQuery {
  q?: string
  ppl?: string
  stage?: string
  cls?: string
  dse?: string
  page: number
  pageSize: number
  /** business date: follow-ups on or before it are due */
  today: string
}

const listColumns = [
  'l.opty_id',
  'l.dealer_code',
  'l.dse_id',
  'l.customer_name',
  'l.customer_phone',
  'l.ppl',
  'l.pl',
  'l.stage',
  'l.lead_classification',
  'l.total_score',
  'l.next_best_action',
  'l.alternative',
  'l.pending_followup_date',
] as const

/** Whether search by phone is allowed: only for users who see the phones of their leads. */
const searchesPhones = (user: User) => user.role === 'rep' || user.role === 'manager'

function filtered(k: Kysely<Database>, user: User, f: LeadQuery) {
  let qb = scopedLeads(k, user)
  const q = f.q?.trim()
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
    const digits = q.replace(/\D/g, '')
    qb = qb.where((eb) =>
      eb.or([
        eb(sql`l.customer_name`, 'ilike', sql`${like} escape '\\'`),
        eb('l.opty_id', '=', q),
        ...(searchesPhones(user) && digits.length >= 4
          ? [eb('l.customer_phone', 'like', `%${digits}%`)]
          : []),
      ]),
    )
  }
  if (f.ppl) qb = qb.where('l.ppl', '=', f.ppl)
  if (f.stage) qb = qb.where('l.stage', '=', f.stage)
  if (f.cls) qb = qb.where('l.lead_classification', '=', f.cls)
  if (f.dse) qb = qb.where('l.dse_id', '=', f.dse)
  return qb
}

/** One page of Today: due or overdue follow-ups first, then by score (ties by opportunity id). */
export async function todayLeads(k: Kysely<Database>, user: User, f: LeadQuery) {
  return filtered(k, user, f)
    .select(listColumns)
    .orderBy(sql`coalesce(l.pending_followup_date <= ${f.today}::DATE, false)`, 'desc')
    .orderBy('l.total_score', 'desc')
    .orderBy('l.opty_id')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute()
}

export async function countLeads(k: Kysely<Database>, user: User, f: LeadQuery) {
  const r = await filtered(k, user, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

/** Per DSE of the user's scope: open leads, follow-ups due today, overdue. */
export async function teamCounts(k: Kysely<Database>, user: User, today: string) {
  const rows = await scopedLeads(k, user)
    .where('l.dse_id', 'is not', null)
    .select([
      'l.dse_id',
      (eb) => eb.fn.countAll<number>().as('open'),
      sql<number>`count(*) filter (where l.pending_followup_date = ${today}::DATE)`.as('due'),
      sql<number>`count(*) filter (where l.pending_followup_date < ${today}::DATE)`.as('overdue'),
    ])
    .groupBy('l.dse_id')
    .orderBy('overdue', 'desc')
    .orderBy('l.dse_id')
    .limit(200)
    .execute()
  return rows.map((r) => ({
    dse_id: r.dse_id as string,
    open: Number(r.open),
    due: Number(r.due),
    overdue: Number(r.overdue),
  }))
}

/** Distinct product lines of open leads (filter options; not sensitive, so not scoped). */
export async function pplOptions(k: Kysely<Database>): Promise<string[]> {
  const rows = await k
    .selectFrom('lead_list')
    .select('ppl')
    .distinct()
    .where('ppl', 'is not', null)
    .orderBy('ppl')
    .limit(100)
    .execute()
  return rows.map((r) => r.ppl as string)
}

/** The lead as the user may see it (open ones from lead_list, closed ones from the pipeline), or null. */
export async function findLead(k: Kysely<Database>, user: User, optyId: string) {
  const open = await scopedLead(k, user, optyId).selectAll('l').executeTakeFirst()
  // an open lead has all it needs in lead_list; only a closed (or unscored) one is read from the pipeline
  const opp = open
    ? undefined
    : await scopedOpportunity(k, user, optyId)
        .select([
          'o.opty_id',
          'o.dealer_code',
          'o.dse_id',
          'o.customer_name',
          'o.customer_phone',
          'o.ppl',
          'o.pl',
          'o.stage',
          'o.status',
          'o.lead_classification',
          'o.enquiry_type',
          'o.customer_type',
          'o.state',
          'o.district',
          'o.taluka',
          'o.created_at',
          'o.expected_closure_date',
        ])
        .executeTakeFirst()
  if (!open && !opp) return null
  return {
    open: open ?? null,
    opp: opp ?? null,
  }
}

/** The lead's stored score row (its components, the reason codes as a list). Call only after findLead. */
export async function leadScore(k: Kysely<Database>, optyId: string) {
  const score = await k
    .selectFrom('scv_customer_score')
    .selectAll()
    .where('opty_id', '=', optyId)
    .orderBy('scored_at', 'desc')
    .executeTakeFirst()
  return score ? { ...score, reason_codes: reasonCodes(score.reason_codes) } : null
}

/** The stored reason codes (a JSON array, migration 012) as a list; none when they are not one. */
export function reasonCodes(json: string): string[] {
  try {
    const codes: unknown = JSON.parse(json)
    return Array.isArray(codes) ? codes.map(String) : []
  } catch {
    return []
  }
}

/** The name and district of the lead's dealer. Call only after findLead. */
export async function leadDealer(k: Kysely<Database>, dealerCode: string) {
  const dealer = await k
    .selectFrom('dealers')
    .select(['dealer_name', 'district'])
    .where('dealer_code', '=', dealerCode)
    .executeTakeFirst()
  return dealer ?? null
}

/**
 * Changes after every write through the warehouse's writer (a pipeline step, an upload, an action
 * recorded by the app, a user or session change): lead data may be cached under it. No query: the
 * warehouse counts its own writes (every write in this process goes through `db.write`).
 */
export function warehouseGeneration(db: { readonly generation: number }): string {
  return String(db.generation)
}

export interface TimelineRow {
  at: string
  kind: 'journey' | 'call' | 'action'
  type: string | null
  detail: string | null
  duration_sec: number | null
  next_followup_date: string | null
  user_name: string | null
}

/** How many events the lead page shows. */
const TIMELINE_SIZE = 40

/** Journey events and calls of one lead (only a file load changes them), newest first. Call only after findLead. */
export async function crmTimeline(k: Kysely<Database>, optyId: string): Promise<TimelineRow[]> {
  const r = await sql<TimelineRow>`
    select * from (
      select event_at as at, 'journey' as kind, event_type as type, detail,
             null::INTEGER as duration_sec, null::DATE as next_followup_date, null as user_name
      from customer_journey where opty_id = ${optyId}
      union all
      select called_at, 'call', coalesce(outcome, direction), null, duration_sec, next_followup_date, dse_id
      from call_log where opty_id = ${optyId}
    ) order by 1 desc, 2 limit ${TIMELINE_SIZE}`.execute(k)
  return r.rows
}

/** The actions recorded on one lead, newest first. Call only after findLead. */
export async function actionTimeline(k: Kysely<Database>, optyId: string): Promise<TimelineRow[]> {
  const r = await sql<TimelineRow>`
    select acted_at as at, 'action' as kind, action_type as type, coalesce(lost_reason, note) as detail,
           duration_sec, next_followup_date, user_name
    from lead_actions where opty_id = ${optyId}
    order by acted_at desc limit ${TIMELINE_SIZE}`.execute(k)
  return r.rows
}

/** Both, newest first (at the same time: action, call, journey), the newest 40. */
export function timeline(crm: TimelineRow[], actions: TimelineRow[]): TimelineRow[] {
  const key = (e: TimelineRow) => String(e.at)
  return [...actions, ...crm]
    .sort((a, b) =>
      key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0,
    )
    .slice(0, TIMELINE_SIZE)
}

/** A dealer's district, with its state (district names repeat across states). */
export type DealerDistricts = Map<string, { state: string | null; district: string }>

/**
 * Every dealer's district as the score takes it (score_opty_facts.sql): its `dealers` row, else
 * the district of its most recently created opportunity. A scan of the pipeline (~50 ms at 1M):
 * the lead page keeps it until the next load.
 */
export async function dealerDistricts(k: Kysely<Database>): Promise<DealerDistricts> {
  const { rows } = await sql<{ dealer_code: string; state: string | null; district: string }>`
    select dealer_code, state, district from dealers where district is not null
    union all
    select dealer_code,
      arg_max(state, (created_at, opty_id)), arg_max(district, (created_at, opty_id))
    from customer_pipeline
    where district is not null
      and dealer_code not in (select dealer_code from dealers where district is not null)
    group by dealer_code`.execute(k)
  return new Map(rows.map((r) => [r.dealer_code, { state: r.state, district: r.district }]))
}

/**
 * Stock as the score reads it (score_stock_now.sql, score_opty_facts.sql): each dealer's latest
 * snapshot on or before the as-of date, a model missing from it counting as none, a row without a
 * PPL taking its PL's. The wanted model at the dealer, same-PPL alternatives there, the same model
 * at the other dealers of the dealer's district (`districts`, from dealerDistricts): up to three of
 * each, so that the alternative the score names (same PPL here first, else the most saleable
 * nearby) is always shown. A lead without a PL, which the score gives no stock facts, still sees
 * the saleable models of its PPL at the dealer.
 */
export async function stockFor(
  k: Kysely<Database>,
  lead: { dealer_code: string; pl: string | null; ppl: string | null },
  asOf: string,
  districts: DealerDistricts,
) {
  const own = districts.get(lead.dealer_code)
  const neighbours = own
    ? [...districts]
        .filter(
          ([code, d]) =>
            code !== lead.dealer_code && d.district === own.district && d.state === own.state,
        )
        .map(([code]) => code)
    : []
  const dealerCodes = sql.join([lead.dealer_code, ...neighbours])
  const latest = await sql<{
    dealer_code: string
    pl: string
    ppl: string | null
    saleable_qty: number
    total_qty: number
    as_of_date: string
    grp: number
  }>`
    with
      snapshots as (
        select dealer_code, max(as_of_date) as as_of_date
        from stock
        where as_of_date <= ${asOf}::DATE and dealer_code in (${dealerCodes})
        group by dealer_code
      ),
      latest as (
        select s.dealer_code, s.pl, s.ppl, s.saleable_qty, s.total_qty, s.as_of_date
        from stock s
        join snapshots n on n.dealer_code = s.dealer_code and n.as_of_date = s.as_of_date
      ),
      -- a PPL for the own dealer's rows that have none: the smallest its PL has in other rows
      pl_ppl as (
        select pl, min(ppl) as ppl from stock
        where ppl is not null
          and pl in (select pl from latest where dealer_code = ${lead.dealer_code} and ppl is null)
        group by pl
      )
    select * from (
      select l.dealer_code, l.pl, coalesce(l.ppl, m.ppl) as ppl, l.saleable_qty, l.total_qty,
        l.as_of_date,
        -- 0 the wanted model here, 1 an alternative here, 2 the wanted model elsewhere
        case when l.dealer_code <> ${lead.dealer_code} then 2 when l.pl = ${lead.pl} then 0 else 1 end
          as grp
      from latest l
      left join pl_ppl m on m.pl = l.pl
      where (l.dealer_code = ${lead.dealer_code}
             and (l.pl = ${lead.pl} or (coalesce(l.ppl, m.ppl) = ${lead.ppl} and l.saleable_qty > 0)))
         or (l.dealer_code <> ${lead.dealer_code} and l.pl = ${lead.pl} and l.saleable_qty > 0)
    )
    -- the first three of each group, most saleable first (the score's own pick is the first of
    -- group 1, else of group 2)
    qualify row_number() over (partition by grp order by saleable_qty desc, dealer_code, pl) <= 3
    order by grp, saleable_qty desc, dealer_code, pl`.execute(k)
  const rows = latest.rows
  const wanted = rows.find((r) => r.grp === 0)
  return {
    wanted: wanted
      ? {
          pl: wanted.pl,
          saleable: wanted.saleable_qty,
          total: wanted.total_qty,
          as_of: wanted.as_of_date,
        }
      : null,
    alternatives: rows
      .filter((r) => r.grp === 1)
      .map((r) => ({ pl: r.pl, saleable: r.saleable_qty })),
    elsewhere: rows
      .filter((r) => r.grp === 2)
      .map((r) => ({ dealer_code: r.dealer_code, pl: r.pl, saleable: r.saleable_qty })),
  }
}
