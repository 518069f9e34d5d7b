// Today (`/`): the user's open leads, due follow-ups first, with search, filters, paging and the team view.
import { Hono } from 'hono'
import { todayIST } from '../../data/dates.ts'
import { TodayList, TodayPage, type TodayFilters, type TodayLead } from '../../views/today.tsx'
import { canSeePhone, phoneFor, scopeKey, type User } from '../auth/scope.ts'
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
import {
  isHtmx,
  pageContext,
  renderPage,
  sendPage,
  userOf,
  type AppEnv,
  type Deps,
  type PreparedPage,
} from './context.ts'

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

/**
 * The message the rep sends for `l`'s next best action, in `lang`. `alternative` is lead_list's:
 * the model offered instead, a STOCK_ALT lead's only.
 */
export function leadMessage(
  scoring: Scoring,
  lang: Lang,
  l: {
    next_best_action: string
    ppl: string | null
    pl: string | null
    customer_name: string | null
    dealer_code: string
    alternative: string | null
    pending_followup_date: string | null
  },
  dealerName?: string | null,
): string {
  return scoring.messageFor(l.next_best_action, l.ppl, lang, {
    customer: l.customer_name ?? undefined,
    model: l.pl ?? l.ppl ?? undefined,
    dealer: dealerName ?? l.dealer_code,
    alternative: l.alternative ?? undefined,
    date: l.pending_followup_date ?? undefined,
  })
}

const one = (v: string | undefined, max = 60) => (v ?? '').trim().slice(0, max)

type TodayData = [
  Awaited<ReturnType<typeof todayLeads>>,
  number,
  Awaited<ReturnType<typeof teamCounts>> | undefined,
  string[],
]

/** What Today keeps for one warehouse generation; a new generation starts empty. */
interface TodayCache {
  generation: string
  ppls?: Promise<string[]>
  /** answers by scope and query (users with the same scope share them) */
  data: Map<string, TodayData>
  /** rendered pages by scope, URL, language, session (its CSRF token), kind and business date */
  pages: Map<string, PreparedPage>
}

export function todayRoutes(deps: Deps) {
  const app = new Hono<AppEnv>()
  // a user's list is the same until a write (a pipeline step, an upload, an action) moves the
  // warehouse generation: keep the answers and the rendered pages until then
  let current: TodayCache = { generation: '', data: new Map(), pages: new Map() }
  app.get('/', async (c) => {
    const user: User = userOf(c)
    const lang = c.get('lang')
    const today = todayIST()
    const generation = warehouseGeneration(deps.db)
    if (current.generation !== generation)
      current = { generation, data: new Map(), pages: new Map() }
    // a request that began under an older generation fills only that generation's (dropped) maps
    const cache = current
    const scope = scopeKey(user)
    const pageKey = `${scope}\n${c.req.url}\n${lang}\n${c.get('session')?.csrf}\n${isHtmx(c)}\n${today}`
    const hit = cache.pages.get(pageKey)
    if (hit) return sendPage(c, hit)

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
    const query = { ...filters, page, pageSize, today }
    // awaited before borrowing a connection: it needs one of its own (never nest pool borrows)
    cache.ppls ??= deps.pool
      .use((k) => pplOptions(k))
      .catch((e: unknown) => {
        cache.ppls = undefined // a failed read is not kept
        throw e
      })
    const ppls = await cache.ppls
    const dataKey = `${scope}\n${JSON.stringify(query)}`
    let data = cache.data.get(dataKey)
    if (!data) {
      data = await deps.pool.use(async (k): Promise<TodayData> => [
        await todayLeads(k, user, query),
        await countLeads(k, user, query),
        user.role === 'manager' ? await teamCounts(k, user, today) : undefined,
        ppls,
      ])
      if (cache.data.size >= 5000) cache.data.delete(cache.data.keys().next().value as string)
      cache.data.set(dataKey, data)
    }
    const [rows, total, team] = data
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
    const prepared = renderPage(c, {
      page: () => TodayPage({ ctx, model }),
      fragment: () => TodayList({ ctx, model }),
    })
    if (cache.pages.size >= 2000) cache.pages.delete(cache.pages.keys().next().value as string)
    cache.pages.set(pageKey, prepared)
    return sendPage(c, prepared)
  })
  return app
}
