// Today: due follow-ups first, then open leads by score; search and filters swap the list with htmx, plain links underneath.
import { Field, Layout, type PageContext } from './layout.tsx'
import { shortDate, type T } from './i18n.ts'

export interface TodayLead {
  opty_id: string
  customer_name: string | null
  /** as the user may see it: full, or masked (`98xxxxxx21`) */
  phone: string | null
  /** `tel:` link, only when the phone is not masked */
  tel: string | null
  /** `https://wa.me/…?text=…`, only when the phone is not masked */
  whatsapp: string | null
  pl: string | null
  ppl: string | null
  stage: string
  lead_classification: string | null
  total_score: number
  next_best_action: string
  pending_followup_date: string | null
  dse_id: string | null
}

export interface TeamMember {
  dse_id: string
  open: number
  due: number
  overdue: number
}

export interface TodayFilters {
  q: string
  ppl: string
  stage: string
  cls: string
  dse: string
}

export interface TodayModel {
  leads: TodayLead[]
  total: number
  page: number
  pages: number
  filters: TodayFilters
  ppls: string[]
  stages: string[]
  classes: string[]
  today: string
  /** managers (and wider roles) see their team by DSE */
  team?: TeamMember[]
}

/** The query string of a Today URL for the filters and page, without empty values. */
export function todayHref(f: TodayFilters, page = 1): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, v)
  if (page > 1) p.set('page', String(page))
  const s = p.toString()
  return s ? `/?${s}` : '/'
}

/** hx attributes that turn a link into an in-place swap of the list (the href still works without JS). */
const swap = (href: string) => ({
  'hx-get': href,
  'hx-target': '#leads',
  'hx-swap': 'outerHTML',
  'hx-push-url': 'true',
})

export function TodayPage({ ctx, model }: { ctx: PageContext; model: TodayModel }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('today.title')}>
      <h1>{t('today.title')}</h1>
      {model.team ? <Team t={t} model={model} /> : null}
      <SearchForm t={t} model={model} />
      <TodayList ctx={ctx} model={model} />
    </Layout>
  )
}

function SearchForm({ t, model }: { t: T; model: TodayModel }) {
  const f = model.filters
  const select = (name: keyof TodayFilters, label: string, options: string[]) => (
    <Field label={label}>
      <select name={name}>
        <option value="">{t('today.all')}</option>
        {options.map((o) => (
          <option value={o} selected={f[name] === o}>
            {name === 'cls' ? label_(t, o) : o}
          </option>
        ))}
      </select>
    </Field>
  )
  return (
    <form
      method="get"
      action="/"
      role="search"
      class="search"
      hx-get="/"
      hx-target="#leads"
      hx-swap="outerHTML"
      hx-push-url="true"
      hx-trigger="submit, change, input delay:500ms"
    >
      {f.dse ? <input type="hidden" name="dse" value={f.dse} /> : null}
      <label class="field wide">
        <span>{t('today.search_label')}</span>
        <input type="search" name="q" value={f.q} maxlength={60} autocomplete="off" />
      </label>
      <div class="filters">
        {select('ppl', t('today.ppl'), model.ppls)}
        {select('stage', t('today.stage'), model.stages)}
        {select('cls', t('today.classification'), model.classes)}
      </div>
      <div class="row">
        <button type="submit">{t('today.apply')}</button>
        <a href="/" {...swap('/')}>
          {t('today.clear')}
        </a>
      </div>
    </form>
  )
}

function Team({ t, model }: { t: T; model: TodayModel }) {
  const team = model.team ?? []
  return (
    <section class="team" aria-labelledby="team-h">
      <h2 id="team-h">{t('today.team')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('today.dse')}</th>
            <th scope="col">{t('today.open')}</th>
            <th scope="col">{t('today.due_count')}</th>
            <th scope="col">{t('today.overdue_count')}</th>
          </tr>
        </thead>
        <tbody>
          {team.map((m) => {
            const href = todayHref({ ...model.filters, dse: m.dse_id })
            return (
              <tr class={m.overdue ? 'late' : undefined}>
                <th scope="row">
                  <a href={href} {...swap(href)}>
                    {m.dse_id}
                  </a>
                </th>
                <td>{m.open}</td>
                <td>{m.due}</td>
                <td>{m.overdue}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}

/** The swappable list: what an htmx request for `/` gets. */
export function TodayList({ ctx, model }: { ctx: PageContext; model: TodayModel }) {
  const { t, lang } = ctx
  const f = model.filters
  return (
    <section id="leads" aria-live="polite" aria-labelledby="leads-h">
      <h2 id="leads-h" class="count">
        {f.dse ? `${t('today.showing_dse', { dse: f.dse })} · ` : ''}
        {t('today.count', { count: model.total })}
      </h2>
      {f.dse ? (
        <p>
          <a href={todayHref({ ...f, dse: '' })} {...swap(todayHref({ ...f, dse: '' }))}>
            {t('today.all_dse')}
          </a>
        </p>
      ) : null}
      {model.leads.length === 0 ? <p class="empty">{t('today.none')}</p> : null}
      <ol class="leads">
        {model.leads.map((l) => {
          const due = l.pending_followup_date && l.pending_followup_date <= model.today
          const overdue = due && (l.pending_followup_date as string) < model.today
          const name = l.customer_name ?? l.opty_id
          return (
            <li class={due ? 'lead due' : 'lead'}>
              <a class="main" href={`/leads/${encodeURIComponent(l.opty_id)}`}>
                <span class="name">{name}</span>
                <span class={`score c-${cssClass(l.lead_classification)}`}>
                  <span class="sr">{t('today.score')} </span>
                  {l.total_score.toFixed(1)}
                </span>
                <span class="meta">
                  {[
                    l.pl ?? l.ppl,
                    l.lead_classification && label_(t, l.lead_classification),
                    l.stage,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
                <span class="nba">{t(`nba.${l.next_best_action}`)}</span>
                {due ? (
                  <span class="flag">
                    {t(overdue ? 'today.overdue' : 'today.due', {
                      date: shortDate(l.pending_followup_date, lang),
                    })}
                  </span>
                ) : null}
              </a>
              {l.tel || l.whatsapp ? (
                <span class="acts">
                  {l.tel ? (
                    <a class="btn" href={l.tel} aria-label={t('today.call_label', { name })}>
                      {t('today.call')}
                    </a>
                  ) : null}
                  {l.whatsapp ? (
                    <a
                      class="btn wa"
                      href={l.whatsapp}
                      rel="noopener noreferrer"
                      aria-label={t('today.whatsapp_label', { name })}
                    >
                      {t('today.whatsapp')}
                    </a>
                  ) : null}
                </span>
              ) : l.phone ? (
                <span class="phone">{l.phone}</span>
              ) : null}
            </li>
          )
        })}
      </ol>
      {model.pages > 1 ? (
        <nav class="pager" aria-label={t('today.page', { page: model.page, pages: model.pages })}>
          {model.page > 1 ? (
            <a href={todayHref(f, model.page - 1)} {...swap(todayHref(f, model.page - 1))}>
              {t('today.prev')}
            </a>
          ) : (
            <span />
          )}
          <span>{t('today.page', { page: model.page, pages: model.pages })}</span>
          {model.page < model.pages ? (
            <a href={todayHref(f, model.page + 1)} {...swap(todayHref(f, model.page + 1))}>
              {t('today.next')}
            </a>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </section>
  )
}

/** A lead classification in the user's language (the value itself stays English in URLs and data). */
export function label_(t: T, cls: string): string {
  const key = `cls.${cls}`
  const text = t(key)
  return text === key ? cls : text
}

export function cssClass(cls: string | null): string {
  return (cls ?? 'none').toLowerCase().replace(/[^a-z]+/g, '-')
}
