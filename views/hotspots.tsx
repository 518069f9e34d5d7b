// Market hotspots: the taluka table of an as-of date with status colours and growth, the top 3 per
// district, the map of talukas as dots, and one taluka's trend over past as-of dates.
import { Layout, type PageContext } from './layout.tsx'
import type { T } from './i18n.ts'
import { ChartCard, DataTable, Swatch, type ChartCardModel, type Column } from './dashboard.tsx'

export interface HotspotRow {
  state: string
  district: string
  taluka: string
  hotspot_status: string
  dealer_count: number
  leads_5d: number
  lead_growth_pct: number
  intent_5d: number
  intent_growth_pct: number
  retail_5d: number
  retail_growth_pct: number
  saleable_stock: number
  trendHref: string
}

export interface HotspotModel {
  asOf: string | null
  dates: string[]
  rows: HotspotRow[]
  tableCsv: string
  top3: {
    state: string
    district: string
    talukas: { taluka: string; rank: number; hotspot_status: string; leads_5d: number }[]
  }[]
  top3Csv: string
  map: ChartCardModel | null
  trend: ChartCardModel | null
  statusColors: Record<string, string>
  cssHref: string
}

export const talukaColumns: Column[] = [
  { key: 'taluka', label: 'col.taluka' },
  { key: 'district', label: 'col.district' },
  { key: 'state', label: 'col.state' },
  { key: 'hotspot_status', label: 'col.status' },
  { key: 'leads_5d', label: 'col.leads5', num: true },
  { key: 'lead_growth_pct', label: 'col.lead_growth', num: true },
  { key: 'intent_5d', label: 'col.intent5', num: true },
  { key: 'intent_growth_pct', label: 'col.intent_growth', num: true },
  { key: 'retail_5d', label: 'col.retail5', num: true },
  { key: 'retail_growth_pct', label: 'col.retail_growth', num: true },
  { key: 'saleable_stock', label: 'col.stock', num: true },
  { key: 'dealer_count', label: 'col.dealers', num: true },
]

export function Status({ status }: { status: string }) {
  return <span class={`st st-${status.replace(/[^A-Z]/g, '')}`}>{status}</span>
}

function Growth({ pct }: { pct: number }) {
  const cls = pct > 0 ? 'up' : pct < 0 ? 'down' : undefined
  return <span class={cls}>{`${pct > 0 ? '+' : ''}${pct.toFixed(1)}%`}</span>
}

export function TrendBlock({ t, card }: { t: T; card: ChartCardModel | null }) {
  return (
    <div id="trend">
      {card ? <ChartCard t={t} card={card} /> : <p class="meta">{t('hot.trend_pick')}</p>}
    </div>
  )
}

export function HotspotsPage({ ctx, model }: { ctx: PageContext; model: HotspotModel }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('hot.title')}>
      <link rel="stylesheet" href={model.cssHref} />
      <div class="wide stack">
        <h1>{t('hot.title')}</h1>
        {model.asOf === null ? (
          <p class="notice">{t('hot.nodata')}</p>
        ) : (
          <HotspotBody t={t} model={model} asOf={model.asOf} />
        )}
      </div>
    </Layout>
  )
}

function HotspotBody({ t, model, asOf }: { t: T; model: HotspotModel; asOf: string }) {
  return (
    <>
      <form method="get" action="/hotspots" class="card filterbar">
        <label class="field">
          <span>{t('hot.asof')}</span>
          <select name="date">
            {model.dates.map((d) => (
              <option value={d} selected={d === asOf}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <div class="field">
          <button type="submit">{t('hot.show')}</button>
        </div>
      </form>
      <p class="meta">{t('hot.window', { date: asOf })}</p>
      <div class="grid">
        {model.map ? <ChartCard t={t} card={model.map} /> : null}
        <TrendBlock t={t} card={model.trend} />
      </div>
      <section class="chart" aria-labelledby="h-talukas">
        <h2 id="h-talukas">{t('hot.table')}</h2>
        <DataTable
          t={t}
          columns={[...talukaColumns, { key: 'trend', label: 'hot.trend_link' }]}
          rows={model.rows as unknown as Record<string, unknown>[]}
          caption={t('hot.table')}
          render={(key, r) => {
            const row = r as unknown as HotspotRow
            if (key === 'hotspot_status') return <Status status={row.hotspot_status} />
            if (key.endsWith('_growth_pct')) return <Growth pct={Number(r[key])} />
            if (key === 'trend')
              return (
                <a
                  href={row.trendHref}
                  hx-get={row.trendHref}
                  hx-target="#trend"
                  hx-swap="outerHTML"
                  aria-label={t('hot.trend', { taluka: row.taluka })}
                >
                  {t('hot.trend_link')}
                </a>
              )
            return String(r[key] ?? '')
          }}
        />
        <div class="tools">
          <a href={model.tableCsv} download>
            {t('dash.csv')}
          </a>
        </div>
      </section>
      <section class="chart" aria-labelledby="h-top3">
        <h2 id="h-top3">{t('hot.top3')}</h2>
        <ul class="top3">
          {model.top3.map((d) => (
            <li>
              <strong>{`${d.district}, ${d.state}`}</strong>
              <ol>
                {d.talukas.map((x) => (
                  <li>
                    {`${x.taluka} `}
                    <Status status={x.hotspot_status} /> {` ${x.leads_5d}`}
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ul>
        <div class="tools">
          <a href={model.top3Csv} download>
            {t('dash.csv')}
          </a>
        </div>
      </section>
      <ul class="legend" aria-label={t('col.status')}>
        {Object.entries(model.statusColors).map(([s, color]) => (
          <li>
            <Swatch color={color} /> {s}
          </li>
        ))}
      </ul>
    </>
  )
}
