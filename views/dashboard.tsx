// The leadership dashboard: filters in the URL, one card per chart (server-rendered SVG, a table view, a CSV link).
import type { Child } from 'hono/jsx'
import { Layout, type PageContext } from './layout.tsx'
import type { T } from './i18n.ts'

export interface Column {
  key: string
  /** i18n key of the header */
  label: string
  num?: boolean
}

export interface ChartCardModel {
  id: string
  /** i18n key of the title */
  title: string
  svg: string
  columns: Column[]
  rows: Record<string, unknown>[]
  csvHref: string
  /** the chart alone, as a page or an htmx fragment */
  selfHref?: string
  legend?: { label: string; color: string }[]
  note?: string
}

export interface DashboardFilterValues {
  state: string | null
  district: string | null
  dealer: string | null
  ppl: string | null
  from: string
  to: string
}

export interface DashboardModel {
  filters: DashboardFilterValues
  options: {
    states: string[]
    districts: { state: string; district: string }[]
    dealers: { dealer_code: string; dealer_name: string | null }[]
    ppls: string[]
  }
  charts: ChartCardModel[]
  cssHref: string
}

const cell = (v: unknown) =>
  v === null || v === undefined ? '' : Array.isArray(v) ? v.join('; ') : String(v)

/** A coloured square for legends (SVG presentation attributes: no inline style needed under the CSP). */
export function Swatch({ color }: { color: string }) {
  return (
    <svg class="dot" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
      <rect width="12" height="12" rx="2" fill={color} />
    </svg>
  )
}

export function ChartCard({ t, card }: { t: T; card: ChartCardModel }) {
  return (
    <section class="chart" id={`chart-${card.id}`} aria-labelledby={`h-${card.id}`}>
      <h2 id={`h-${card.id}`}>{t(card.title)}</h2>
      {card.legend?.length ? (
        <ul class="legend">
          {card.legend.map((l) => (
            <li>
              <Swatch color={l.color} /> {l.label}
            </li>
          ))}
        </ul>
      ) : null}
      <div class="plot" dangerouslySetInnerHTML={{ __html: card.svg }} />
      {card.note ? <p class="meta">{card.note}</p> : null}
      <div class="tools">
        <a href={card.csvHref} download>
          {t('dash.csv')}
        </a>
        {card.selfHref ? <a href={card.selfHref}>{t('dash.only')}</a> : null}
        <details>
          <summary>{t('dash.table')}</summary>
          <DataTable t={t} columns={card.columns} rows={card.rows} caption={t(card.title)} />
        </details>
      </div>
    </section>
  )
}

export function DataTable(props: {
  t: T
  columns: Column[]
  rows: Record<string, unknown>[]
  caption?: string
  render?: (key: string, row: Record<string, unknown>) => Child
}) {
  const { t, columns, rows } = props
  return (
    // focusable so keyboard users can scroll a wide table (axe: scrollable-region-focusable)
    <div class="scroll" tabindex={0} role="region" aria-label={props.caption}>
      <table>
        {props.caption ? <caption class="sr">{props.caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" class={c.num ? 'num' : undefined}>
                {t(c.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              {columns.map((c) => (
                <td class={c.num ? 'num' : undefined}>
                  {props.render ? props.render(c.key, r) : cell(r[c.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Select(props: {
  t: T
  name: string
  label: string
  value: string | null
  options: { value: string; label: string }[]
}) {
  return (
    <label class="field">
      <span>{props.t(props.label)}</span>
      <select name={props.name}>
        <option value="">{props.t('dash.all')}</option>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  )
}

export function FilterForm({ t, model }: { t: T; model: DashboardModel }) {
  const f = model.filters
  const districts = model.options.districts.filter((d) => !f.state || d.state === f.state)
  return (
    <form
      method="get"
      action="/dashboard"
      class="card filterbar"
      hx-get="/dashboard"
      hx-target="#charts"
      hx-swap="outerHTML"
      hx-push-url="true"
      aria-label={t('dash.filters')}
    >
      <Select
        t={t}
        name="state"
        label="dash.state"
        value={f.state}
        options={model.options.states.map((s) => ({ value: s, label: s }))}
      />
      <Select
        t={t}
        name="district"
        label="dash.district"
        value={f.district}
        options={districts.map((d) => ({ value: d.district, label: d.district }))}
      />
      <Select
        t={t}
        name="dealer"
        label="dash.dealer"
        value={f.dealer}
        options={model.options.dealers.map((d) => ({
          value: d.dealer_code,
          label: d.dealer_name ? `${d.dealer_code} · ${d.dealer_name}` : d.dealer_code,
        }))}
      />
      <Select
        t={t}
        name="ppl"
        label="dash.ppl"
        value={f.ppl}
        options={model.options.ppls.map((p) => ({ value: p, label: p }))}
      />
      <label class="field">
        <span>{t('dash.from')}</span>
        <input type="date" name="from" value={f.from} />
      </label>
      <label class="field">
        <span>{t('dash.to')}</span>
        <input type="date" name="to" value={f.to} />
      </label>
      <div class="field">
        <button type="submit">{t('dash.apply')}</button> <a href="/dashboard">{t('dash.reset')}</a>
      </div>
    </form>
  )
}

/** The charts block: what the filter form swaps with htmx. */
export function DashboardCharts({ t, model }: { t: T; model: DashboardModel }) {
  return (
    <div id="charts" class="stack">
      <p class="meta">{t('dash.range', { from: model.filters.from, to: model.filters.to })}</p>
      <div class="grid">
        {model.charts.map((card) => (
          <ChartCard t={t} card={card} />
        ))}
      </div>
    </div>
  )
}

export function DashboardPage({ ctx, model }: { ctx: PageContext; model: DashboardModel }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('dash.title')}>
      <link rel="stylesheet" href={model.cssHref} />
      <div class="wide stack">
        <h1>{t('dash.title')}</h1>
        <FilterForm t={t} model={model} />
        <DashboardCharts t={t} model={model} />
      </div>
    </Layout>
  )
}

/** One chart alone (`/dashboard/chart/:id`): a page, or the card for an htmx swap. */
export function SingleChartPage(props: {
  ctx: PageContext
  card: ChartCardModel
  cssHref: string
  back: string
}) {
  const { t } = props.ctx
  return (
    <Layout ctx={props.ctx} title={t(props.card.title)}>
      <link rel="stylesheet" href={props.cssHref} />
      <div class="wide stack">
        <p>
          <a href={props.back}>{t('dash.back')}</a>
        </p>
        <ChartCard t={t} card={props.card} />
      </div>
    </Layout>
  )
}
