// Today (`/`): the user's open leads, due follow-ups first, with search, filters, paging and the team view.
import { Hono } from 'hono'
import { todayIST } from '../../data/dates.ts'
import { TodayList, TodayPage, type TodayFilters, type TodayLead } from '../../views/today.tsx'
import { canSeePhone, phoneFor, type User } from '../auth/scope.ts'
import {
  classes,
  countLeads,
  pplOptions,
  stages,
  teamCounts,
  todayLeads,
  warehouseGeneration,
} from '../leads.ts'
import type { Scoring } from '../scoring.ts'
import type { Lang } from '../../views/i18n.ts'
import { isHtmx, pageContext, render, userOf, type AppEnv, type Deps } from './context.ts'

/** `tel:` and `https://wa.me/` targets for an Indian mobile number, or null when it does not look like one. */
export function phoneLinks(phone: string | null, message: string) {
  const digits = (phone ?? '').replace(/\D/g, '')
  const national =
    digits.length === 10
      ? digits
      : digits.length === 12 && digits.startsWith('91')
        ? digits.slice(2)
        : null
  if (!national) return { tel: null, whatsapp: null }
  return {
    tel: `tel:+91${national}`,
    whatsapp: `https://wa.me/91${national}?text=${encodeURIComponent(message)}`,
  }
}

/** The alternative model named by a reason code such as `ALT Intra V30 at D0042`. */
export function alternativeOf(reasonCodes: string[] | null): string | undefined {
  const alt = reasonCodes?.find((r) => r.startsWith('ALT '))
  return alt ? alt.slice(4).replace(/\s+at\s+\S+$/, '') : undefined
}

export function leadMessage(
  scoring: Scoring,
  lang: Lang,
  l: {
    next_best_action: string
    ppl: string | null
    pl: string | null
    customer_name: string | null
    dealer_code: string
    reason_codes: string[] | null
    pending_followup_date: string | null
  },
  dealerName?: string | null,
): string {
  return scoring.messageFor(l.next_best_action, l.ppl, lang, {
    customer: l.customer_name ?? undefined,
    model: l.pl ?? l.ppl ?? undefined,
    dealer: dealerName ?? l.dealer_code,
    alternative: alternativeOf(l.reason_codes),
    date: l.pending_followup_date ?? undefined,
  })
}

const one = (v: string | undefined, max = 60) => (v ?? '').trim().slice(0, max)

let pplCache: { at: number; value: Promise<string[]> } | undefined

type TodayData = [
  Awaited<ReturnType<typeof todayLeads>>,
  number,
  Awaited<ReturnType<typeof teamCounts>> | undefined,
  string[],
]

export function todayRoutes(deps: Deps) {
  const app = new Hono<AppEnv>()
  // a user's list is the same until a pipeline run or an action changes the warehouse: keep the last
  // answers keyed by that generation, the scope itself (not the name) and the query
  const cache = new Map<string, TodayData>()
  const pages = new Map<string, string>()
  app.get('/', async (c) => {
    const user: User = userOf(c)
    const lang = c.get('lang')
    const scoring = await deps.scoring()
    const q = c.req.query()
    const filters: TodayFilters = {
      q: one(q.q),
      ppl: one(q.ppl, 40),
      stage: stages.includes(q.stage ?? '') ? (q.stage as string) : '',
      cls: classes.includes(q.cls ?? '') ? (q.cls as string) : '',
      dse: user.role === 'rep' ? '' : one(q.dse, 40),
    }
    const page = Math.min(Math.max(1, Number.parseInt(q.page ?? '1', 10) || 1), 100_000)
    const pageSize = deps.config.server.page_size
    const today = todayIST()
    const query = { ...filters, page, pageSize, today }
    if (!pplCache || Date.now() - pplCache.at > 60_000)
      pplCache = { at: Date.now(), value: deps.pool.use((k) => pplOptions(k)) }
    // awaited before borrowing a connection: it needs one of its own (never nest pool borrows)
    const ppls = await pplCache.value
    let dataKey = ''
    const [rows, total, team] = await deps.pool.use(async (k): Promise<TodayData> => {
      const scope = [user.role, user.dealer_codes, user.dse_id, user.states, user.districts]
      const key = JSON.stringify([await warehouseGeneration(k), scope, query])
      dataKey = key
      const hit = cache.get(key)
      if (hit) return hit
      const data: TodayData = [
        await todayLeads(k, user, query),
        await countLeads(k, user, query),
        user.role === 'manager' ? await teamCounts(k, user, today) : undefined,
        ppls,
      ]
      if (cache.size >= 5000) cache.delete(cache.keys().next().value as string)
      cache.set(key, data)
      return data
    })
    // the rendered page of the same data, language, session (its CSRF token) and kind (page or fragment)
    const pageKey = JSON.stringify([dataKey, c.req.url, lang, c.get('session')?.csrf, isHtmx(c)])
    const rendered = pages.get(pageKey)
    if (rendered !== undefined) {
      c.header('Vary', 'HX-Request')
      return c.html(rendered)
    }
    const leads: TodayLead[] = rows.map((l) => {
      const visible = canSeePhone(user, l.dealer_code)
      const links = visible
        ? phoneLinks(l.customer_phone, leadMessage(scoring, lang, l))
        : { tel: null, whatsapp: null }
      return {
        opty_id: l.opty_id,
        customer_name: l.customer_name,
        phone: phoneFor(user, l.dealer_code, l.customer_phone),
        ...links,
        pl: l.pl,
        ppl: l.ppl,
        stage: l.stage,
        lead_classification: l.lead_classification,
        total_score: Number(l.total_score),
        next_best_action: l.next_best_action,
        pending_followup_date: l.pending_followup_date,
        dse_id: l.dse_id,
      }
    })
    const model = {
      leads,
      total,
      page,
      pages: Math.max(1, Math.ceil(total / pageSize)),
      filters,
      ppls,
      stages,
      classes,
      today,
      team,
    }
    const ctx = pageContext(c, deps)
    const res = render(c, {
      page: () => TodayPage({ ctx, model }),
      fragment: () => TodayList({ ctx, model }),
    })
    if (pages.size >= 2000) pages.delete(pages.keys().next().value as string)
    pages.set(pageKey, await res.clone().text())
    return res
  })
  return app
}
