// Who sees what: the ONE place that turns a user's role and scope into a filter on leads (SPEC 8).
// Every lead query of the app (lists, counts, detail, actions) is built from `scopedLeads`, or for
// one lead by key from `scopedLead` / `scopedOpportunity`, all on `scopeCondition`.
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely'
import type { Database } from '../../data/schema.ts'

export const roles = ['rep', 'manager', 'regional', 'leadership', 'admin'] as const
export type Role = (typeof roles)[number]
export const langs = ['en', 'hi'] as const
export type Lang = (typeof langs)[number]

export interface User {
  username: string
  role: Role
  dealer_codes: string[]
  dse_id: string | null
  states: string[]
  districts: string[]
  lang: Lang
}

const scopeKeys = new WeakMap<User, string>()
/**
 * The scope (not the name) as a cache key: users with the same scope see the same leads. Kept per
 * user object (the session store hands out the same object until it looks the user up again).
 */
export function scopeKey(user: User): string {
  let key = scopeKeys.get(user)
  if (key === undefined) {
    key = JSON.stringify([user.role, user.dealer_codes, user.dse_id, user.states, user.districts])
    scopeKeys.set(user, key)
  }
  return key
}

const list = (values: string[]) => sql.join(values.map((v) => sql.val(v)))

/**
 * The scope as a WHERE condition on a lead table (referred to by `alias`):
 * rep — own dse_id at own dealer(s); manager — all leads of own dealer(s); regional — dealers in the
 * assigned states or districts (the dealers table's geography; a dealer absent there, or without a
 * state, is placed by the opportunity's own state/district); leadership, admin — everything.
 * Every value is a bound parameter.
 */
export function scopeCondition(user: User, alias: string): RawBuilder<SqlBool> {
  const col = (name: string) => sql.ref(`${alias}.${name}`)
  switch (user.role) {
    case 'rep':
      if (!user.dse_id || !user.dealer_codes.length) return sql<SqlBool>`false`
      return sql<SqlBool>`(${col('dse_id')} = ${user.dse_id} and ${col('dealer_code')} in (${list(user.dealer_codes)}))`
    case 'manager':
      if (!user.dealer_codes.length) return sql<SqlBool>`false`
      return sql<SqlBool>`${col('dealer_code')} in (${list(user.dealer_codes)})`
    case 'regional': {
      if (!user.states.length && !user.districts.length) return sql<SqlBool>`false`
      const inRegion = (state: RawBuilder<unknown>, district: RawBuilder<unknown>) =>
        sql.join(
          [
            ...(user.states.length ? [sql`${state} in (${list(user.states)})`] : []),
            ...(user.districts.length ? [sql`${district} in (${list(user.districts)})`] : []),
          ],
          sql` or `,
        )
      const placed = sql`select d.dealer_code from dealers d where d.state is not null`
      return sql<SqlBool>`(${col('dealer_code')} in (${placed} and (${inRegion(sql.ref('d.state'), sql.ref('d.district'))}))
        or (${col('dealer_code')} not in (${placed}) and (${inRegion(col('state'), col('district'))})))`
    }
    case 'leadership':
    case 'admin':
      return sql<SqlBool>`true`
  }
}

/** `lead_list` (open scored leads) narrowed to what `user` may see: start every lead query here. */
export function scopedLeads(db: Kysely<Database>, user: User) {
  return db.selectFrom('lead_list as l').where(scopeCondition(user, 'l'))
}

/*
 * One lead or opportunity by key, if `user` may see it: looked up by its key alone, then narrowed by
 * the scope. DuckDB reads a key through its ART index only when the key is the sole filter of the
 * scan; the LIMIT keeps the optimizer from pushing the scope's conditions down into it (they would
 * turn the lookup into a scan of the whole table: ~3 ms instead of ~1 at 1M opportunities). A key
 * has one row in both tables (the ingest key of customer_pipeline, SPEC 3; lead_list is built from
 * it): the LIMIT is only that fence, set far above one so that it never cuts a row.
 */
/** The open lead `optyId` from `lead_list`, narrowed to what `user` may see. */
export function scopedLead(db: Kysely<Database>, user: User, optyId: string) {
  const byKey = db.selectFrom('lead_list').selectAll().where('opty_id', '=', optyId).limit(100)
  return db.selectFrom(byKey.as('l')).where(scopeCondition(user, 'l'))
}
/** The opportunity `optyId` (open or closed) from `customer_pipeline`, narrowed to what `user` may see: lead detail of a closed lead, actions. */
export function scopedOpportunity(db: Kysely<Database>, user: User, optyId: string) {
  const byKey = db
    .selectFrom('customer_pipeline')
    .selectAll()
    .where('opty_id', '=', optyId)
    .limit(100)
  return db.selectFrom(byKey.as('o')).where(scopeCondition(user, 'o'))
}
/** Phone numbers are shown only to the rep and manager of the lead's dealer. */
export function canSeePhone(user: User, dealerCode: string): boolean {
  return (user.role === 'rep' || user.role === 'manager') && user.dealer_codes.includes(dealerCode)
}

/** `9812345621` → `98xxxxxx21`: first two and last two digits kept. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone
  const digits = phone.replace(/\D/g, '')
  if (digits.length < 5) return 'x'.repeat(digits.length)
  return digits.slice(0, 2) + 'x'.repeat(digits.length - 4) + digits.slice(-2)
}

/** The phone as `user` may see it. */
export function phoneFor(user: User, dealerCode: string, phone: string | null): string | null {
  return canSeePhone(user, dealerCode) ? phone : maskPhone(phone)
}

/** Whether the user may record actions on leads they can see (leadership only looks). */
export function canAct(user: User): boolean {
  return user.role === 'rep' || user.role === 'manager' || user.role === 'admin'
}

/** One line describing the scope, for `scv users list` and the demo logins. */
export function describeScope(user: User): string {
  switch (user.role) {
    case 'rep':
      return `dse ${user.dse_id} at ${user.dealer_codes.join(', ')}`
    case 'manager':
      return `dealers ${user.dealer_codes.join(', ')}`
    case 'regional':
      return [
        user.states.length ? `states ${user.states.join(', ')}` : '',
        user.districts.length ? `districts ${user.districts.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ')
    default:
      return 'everything'
  }
}
