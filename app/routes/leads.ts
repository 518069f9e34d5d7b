// Lead detail (`/leads/:opty_id`) and recording an action on it; outside the user's scope it is a 404.
import { Hono } from 'hono'
import { addDays, todayIST } from '../../data/dates.ts'
import type { Kysely } from 'kysely'
import { SCORE_COMPONENTS, type Database } from '../../data/schema.ts'
import type { T } from '../../views/i18n.ts'
import {
  LeadPage,
  LeadView,
  type LeadDetail,
  type LeadForm,
  type LeadModel,
  type TimelineItem,
} from '../../views/lead.tsx'
import { MAX_FOLLOWUP_DAYS, parseActionForm } from '../actions.ts'
import { createActionRecorder } from '../recorder.ts'
import { canAct, canSeePhone, phoneFor, scopeKey, type User } from '../auth/scope.ts'
import type { Config } from '../config.ts'
import {
  actionTimeline,
  crmTimeline,
  dealerDistricts,
  findLead,
  leadDealer,
  leadScore,
  stockFor,
  timeline,
  warehouseGeneration,
  type DealerDistricts,
  type TimelineRow,
} from '../leads.ts'
import type { Scoring } from '../scoring.ts'
import {
  isHtmx,
  messagePage,
  pageContext,
  renderPage,
  sendPage,
  userOf,
  type AppContext,
  type AppEnv,
  type Deps,
  type PreparedPage,
} from './context.ts'
import { leadMessage, phoneLinks } from './today.ts'

const components = SCORE_COMPONENTS

/** What only a file load changes: the lead's dealer, journey events and calls, stock. */
interface Fixed {
  dealer: Awaited<ReturnType<typeof leadDealer>>
  crmEvents: TimelineRow[]
  stock: Awaited<ReturnType<typeof stockFor>>
}
/** What recording an action changes as well: the stored score and the recorded actions. */
interface Moving {
  score: Awaited<ReturnType<typeof leadScore>>
  actionEvents: TimelineRow[]
}

/**
 * Scope decisions, score components, dealer, timeline and stock of recently opened leads, kept until
 * the warehouse generation changes (a pipeline run or an action recorded by the app), but for what
 * no recorded action changes (dealer, calls, journey, stock): that is kept until the data
 * generation changes (any write other than recording actions). Bounded in size.
 */
export function createExtrasCache(max = 2000) {
  const entries = new Map<
    string,
    { generation: string; data: string; asOf: string; fixed: Fixed; moving: Moving }
  >()
  const decisions = new Map<string, Awaited<ReturnType<typeof findLead>>>()
  let districts: { data: string; map: Promise<DealerDistricts> } | undefined
  return {
    /** Every dealer's district (dealerDistricts) under the data generation `data`, read once. */
    districts(k: Kysely<Database>, data: string): Promise<DealerDistricts> {
      if (districts?.data !== data) {
        const map = dealerDistricts(k)
        districts = { data, map }
        // a failed read is not kept: the next page reads it again
        map.catch(() => {
          if (districts?.map === map) districts = undefined
        })
      }
      return districts.map
    },
    /** The scope's decision (from scope.ts via findLead) for this user's scope, lead and generation. */
    async lead(k: Kysely<Database>, user: User, optyId: string, generation: string) {
      const key = `${generation}\n${scopeKey(user)}\n${optyId}`
      if (decisions.has(key)) return decisions.get(key) ?? null
      const found = await findLead(k, user, optyId)
      if (decisions.size >= max * 4) decisions.delete(decisions.keys().next().value as string)
      decisions.set(key, found)
      return found
    },
    /** The lead's extras under the warehouse `generation` and data generation `data`. */
    async get(
      { generation, data }: { generation: string; data: string },
      optyId: string,
      asOf: string,
      load: { fixed: () => Promise<Fixed>; moving: () => Promise<Moving> },
    ): Promise<Fixed & Moving> {
      const hit = entries.get(optyId)?.asOf === asOf ? entries.get(optyId) : undefined
      if (hit?.generation === generation) return { ...hit.fixed, ...hit.moving }
      const fixed = hit?.data === data ? hit.fixed : await load.fixed()
      const moving = await load.moving()
      entries.delete(optyId)
      if (entries.size >= max) entries.delete(entries.keys().next().value as string)
      entries.set(optyId, { generation, data, asOf, fixed, moving })
      return { ...fixed, ...moving }
    },
  }
}
type ExtrasCache = ReturnType<typeof createExtrasCache>

/** Everything the lead page shows, or null when the user may not see the lead (or it does not exist). */
async function loadLead(
  k: Kysely<Database>,
  user: User,
  optyId: string,
  config: Config,
  scoring: Scoring,
  t: T,
  lang: 'en' | 'hi',
  cache: ExtrasCache,
  generations: { generation: string; data: string },
): Promise<{ detail: LeadDetail; asOf: string } | null> {
  const { generation } = generations
  // the scope decides (scope.ts through findLead); its answer and what follows are cached per lead until the
  // warehouse generation changes (any write: a pipeline step, an upload, an action recorded here)
  const found = await cache.lead(k, user, optyId, generation)
  if (!found) return null
  const { open, opp } = found
  const base = (open ?? opp)!
  const today = todayIST()
  const asOf = open?.as_of_date && open.as_of_date > today ? open.as_of_date : today
  const { score, dealer, crmEvents, actionEvents, stock } = await cache.get(
    generations,
    optyId,
    asOf,
    {
      fixed: async () => {
        const dealer = await leadDealer(k, base.dealer_code)
        return {
          dealer,
          crmEvents: await crmTimeline(k, optyId),
          stock: await stockFor(k, base, asOf, await cache.districts(k, generations.data)),
        }
      },
      moving: async () => ({
        score: await leadScore(k, optyId),
        actionEvents: await actionTimeline(k, optyId),
      }),
    },
  )
  const events = timeline(crmEvents, actionEvents)
  const total = open ? Number(open.total_score) : score?.is_open ? Number(score.total_score) : null
  const nba = open?.next_best_action ?? null
  const reasons = score?.is_open ? score.reason_codes : []
  const message = open && nba ? leadMessage(scoring, lang, open, dealer?.dealer_name) : null
  const visible = canSeePhone(user, base.dealer_code)
  const links =
    visible && message ? phoneLinks(base.customer_phone, message) : { tel: null, whatsapp: null }
  const weights = config.score.weights
  const status = opp?.status ?? open?.status ?? 'Open'
  const detail: LeadDetail = {
    opty_id: base.opty_id,
    customer_name: base.customer_name,
    phone: phoneFor(user, base.dealer_code, base.customer_phone),
    tel: visible ? (phoneLinks(base.customer_phone, '').tel ?? null) : null,
    whatsapp: links.whatsapp,
    message,
    pl: base.pl,
    ppl: base.ppl,
    stage: opp?.stage ?? base.stage,
    status,
    lead_classification: base.lead_classification,
    dealer_code: base.dealer_code,
    dealer_name: dealer?.dealer_name ?? null,
    dse_id: base.dse_id,
    created_at: String(base.created_at),
    expected_closure_date: base.expected_closure_date,
    enquiry_type: base.enquiry_type,
    customer_type: base.customer_type,
    location: [base.taluka, base.district, base.state].filter(Boolean).join(', '),
    total_score: total,
    next_best_action: nba,
    reason_codes: reasons,
    pending_followup_date: open?.pending_followup_date ?? null,
    open: status === 'Open',
    components:
      score && total !== null
        ? components.map((key) => {
            const points = Number(score[key])
            const weight = weights[key]
            const contribution = (weight * points) / 10
            return {
              key,
              points,
              weight,
              contribution,
              share: total > 0 ? contribution / total : 0,
            }
          })
        : [],
    stock,
    timeline: events.map((e) => timelineItem(e, t)),
  }
  return { detail, asOf }
}

function timelineItem(e: TimelineRow, t: T): TimelineItem {
  const parts: string[] = []
  if (e.kind === 'action') parts.push(t(`action.${e.type}`))
  else parts.push(e.type ?? e.kind)
  if (e.kind === 'call' || (e.kind === 'action' && e.type === 'called'))
    parts.push(`${Math.round((e.duration_sec ?? 0) / 6) / 10} ${t('unit.min')}`)
  if (e.next_followup_date) parts.push(`→ ${e.next_followup_date}`)
  if (e.detail)
    parts.push(e.kind === 'action' && e.type === 'lost' ? t(`lost.${e.detail}`) : e.detail)
  if (e.user_name) parts.push(`(${e.user_name})`)
  return { at: e.at, kind: e.kind, text: parts.join(' · ') }
}

export function leadRoutes(deps: Deps) {
  const app = new Hono<AppEnv>()
  const cache = createExtrasCache()
  const recorder = createActionRecorder(deps.db, deps.config, deps.scoring)

  // rendered GET pages of the current warehouse generation (a new generation starts empty)
  let pages = { generation: '', map: new Map<string, PreparedPage>() }

  const notFoundPage = (c: AppContext) => messagePage(c, deps, 404, c.get('t')('error.not_found'))

  const notFound = (c: AppContext) => sendPage(c, notFoundPage(c))

  const showPage = async (
    c: AppContext,
    extra: { flash?: string; form?: LeadForm },
    status: 200 | 422 = 200,
  ): Promise<PreparedPage> => {
    const user = userOf(c)
    const optyId = c.req.param('opty_id') ?? ''
    const scoring = await deps.scoring()
    const generations = {
      generation: warehouseGeneration(deps.db),
      data: String(deps.db.dataGeneration),
    }
    const loaded = await deps.pool.use((k) =>
      loadLead(
        k,
        user,
        optyId,
        deps.config,
        scoring,
        c.get('t'),
        c.get('lang'),
        cache,
        generations,
      ),
    )
    if (!loaded) return notFoundPage(c)
    const today = todayIST()
    const model: LeadModel = {
      lead: loaded.detail,
      canAct: canAct(user),
      today,
      maxDate: addDays(today, MAX_FOLLOWUP_DAYS),
      ...extra,
    }
    const ctx = pageContext(c, deps)
    return renderPage(
      c,
      { page: () => LeadPage({ ctx, model }), fragment: () => LeadView({ ctx, model }) },
      status,
    )
  }
  const show = async (
    c: AppContext,
    extra: { flash?: string; form?: LeadForm },
    status: 200 | 422 = 200,
  ) => sendPage(c, await showPage(c, extra, status))

  app.get('/leads/:opty_id', async (c) => {
    const optyId = c.req.param('opty_id')
    if (optyId.length > 64) return notFound(c)
    const generation = warehouseGeneration(deps.db)
    if (pages.generation !== generation) pages = { generation, map: new Map() }
    // a request that began under an older generation fills only that generation's (dropped) map
    const store = pages
    const user = userOf(c)
    // the page of this lead for this scope, session (its CSRF token and user), language, URL (the
    // flash of ?saved=), kind and business date
    const key = `${scopeKey(user)}\n${c.req.url}\n${c.get('lang')}\n${c.get('session')?.csrf}\n${isHtmx(c)}\n${todayIST()}`
    const hit = store.map.get(key)
    if (hit) return sendPage(c, hit)
    const saved = c.req.query('saved')
    const flash = saved
      ? c.get('t')('lead.saved', { old: c.req.query('from') ?? '–', new: saved })
      : undefined
    const page = await showPage(c, { flash: saved ? flash : undefined })
    if (store.map.size >= 1000) store.map.delete(store.map.keys().next().value as string)
    store.map.set(key, page)
    return sendPage(c, page)
  })

  app.post('/leads/:opty_id/actions', async (c) => {
    const user = userOf(c)
    const optyId = c.req.param('opty_id')
    if (optyId.length > 64) return notFound(c)
    const t = c.get('t')
    // the scope decides first: a lead the user cannot see is a 404, whatever the form says
    const generation = warehouseGeneration(deps.db)
    const visible = await deps.pool.use((k) => cache.lead(k, user, optyId, generation))
    if (!visible) return notFound(c)
    if (!canAct(user)) return sendPage(c, messagePage(c, deps, 403, t('error.forbidden')))
    const body = await c.req.parseBody()
    const today = todayIST()
    const parsed = parseActionForm(body, t, today)
    if (!parsed.input) {
      return show(
        c,
        { form: { action: parsed.action, values: parsed.values, errors: parsed.errors } },
        422,
      )
    }
    const asOf =
      visible.open?.as_of_date && visible.open.as_of_date > today ? visible.open.as_of_date : today
    const result = await recorder.record(user, optyId, parsed.input, asOf)
    if (!result.found) return notFound(c)
    const fmt = (n: number | null) => (n === null ? '–' : n.toFixed(1))
    if (c.req.header('HX-Request') === 'true') {
      const flash =
        result.newScore === null
          ? t('lead.saved_closed')
          : t('lead.saved', { old: fmt(result.oldScore), new: fmt(result.newScore) })
      return show(c, { flash })
    }
    const params = new URLSearchParams({ saved: fmt(result.newScore), from: fmt(result.oldScore) })
    return c.redirect(`/leads/${encodeURIComponent(optyId)}?${params}`, 303)
  })

  return app
}
