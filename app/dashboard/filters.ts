// Dashboard filters: parsed from the URL (so a view can be bookmarked) and written back into links.
import { addDays } from '../../data/dates.ts'

export interface Filters {
  state: string | null
  district: string | null
  dealer: string | null
  ppl: string | null
  /** opportunities created on or after this date (inclusive) */
  from: string
  /** … and on or before this date; also the last day of the 30-day trend */
  to: string
}

/** Days covered by the default date range. */
export const DEFAULT_RANGE_DAYS = 90
const DATE = /^\d{4}-\d{2}-\d{2}$/

function text(v: string | undefined): string | null {
  const s = v?.trim()
  return s ? s.slice(0, 100) : null
}

/** `v` when it is a real calendar date `YYYY-MM-DD` (not 2026-02-31), else null. */
export function validDate(v: string | undefined): string | null {
  if (!v || !DATE.test(v)) return null
  const d = new Date(`${v}T00:00:00Z`)
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v ? null : v
}

/**
 * Reads filters from query parameters. Unknown or malformed values are ignored (a bookmark with a
 * bad date still opens); `to` defaults to `defaultTo` (the latest as-of date) and `from` to 90 days
 * before `to`; a reversed range is swapped.
 */
export function parseFilters(q: Record<string, string | undefined>, defaultTo: string): Filters {
  let to = validDate(q.to) ?? defaultTo
  let from = validDate(q.from) ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1))
  if (from > to) [from, to] = [to, from]
  return {
    state: text(q.state),
    district: text(q.district),
    dealer: text(q.dealer),
    ppl: text(q.ppl),
    from,
    to,
  }
}

/** The filters as a query string (empty values left out), for links, htmx requests and downloads. */
export function filterQuery(f: Filters, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams()
  for (const k of ['state', 'district', 'dealer', 'ppl', 'from', 'to'] as const) {
    const v = f[k]
    if (v) p.set(k, v)
  }
  for (const [k, v] of Object.entries(extra)) p.set(k, v)
  const s = p.toString()
  return s ? `?${s}` : ''
}
