// Market hotspots (`/hotspots`): the taluka table, top 3 per district, the map and a taluka's trend,
// within the user's scope; each with a CSV of exactly what is shown.
import { Hono } from 'hono'
import { hotspotMapChart, STATUS_COLORS, talukaTrendChart } from '../../views/charts/index.ts'
import type { TalukaRow, TalukaTrendRow } from '../../views/charts/types.ts'
import type { ChartCardModel, Column } from '../../views/dashboard.tsx'
import {
  HotspotsPage,
  TrendBlock,
  talukaColumns,
  type HotspotModel,
} from '../../views/hotspots.tsx'
import type { T } from '../../views/i18n.ts'
import { dashboardCss } from '../dashboard/assets.ts'
import { DASHBOARD_ROLES, csvResponse, onlyRoles } from '../dashboard/access.ts'
import { toCsv } from '../dashboard/csv.ts'
import {
  districtTop3,
  hotspotDates,
  talukaTable,
  talukaTrend,
} from '../dashboard/hotspotQueries.ts'
import type { User } from '../auth/scope.ts'
import { isHtmx, pageContext, userOf, type AppContext, type AppEnv, type Deps } from './context.ts'

/** The columns of the map's and the trend's tables, and of their CSVs (exactly what is shown). */
const mapColumns: Column[] = [
  { key: 'taluka', label: 'col.taluka' },
  { key: 'district', label: 'col.district' },
  { key: 'state', label: 'col.state' },
  { key: 'lat', label: 'lat', num: true },
  { key: 'lng', label: 'lng', num: true },
  { key: 'leads_5d', label: 'col.leads5', num: true },
  { key: 'hotspot_status', label: 'col.status' },
]
const trendColumns: Column[] = [
  { key: 'as_of_date', label: 'col.asof' },
  { key: 'leads_5d', label: 'col.leads5', num: true },
  { key: 'intent_5d', label: 'col.intent5', num: true },
  { key: 'retail_5d', label: 'col.retail5', num: true },
  { key: 'hotspot_status', label: 'col.status' },
]
const keysOf = (columns: Column[]) => columns.map((x) => x.key)
const top3Columns = ['state', 'district', 'rank', 'taluka', 'hotspot_status', 'leads_5d'] as const

interface Place {
  state: string
  district: string
  taluka: string
}

function placeOf(q: Record<string, string | undefined>): Place | null {
  const [state, district, taluka] = [q.state, q.district, q.taluka].map((v) =>
    v?.trim().slice(0, 100),
  )
  return state && district && taluka ? { state, district, taluka } : null
}

const qs = (o: Record<string, string>) => `?${new URLSearchParams(o).toString()}`

function trendCard(t: T, rows: TalukaTrendRow[], place: Place, asOf: string): ChartCardModel {
  const title = t('hot.trend', { taluka: place.taluka })
  const q = qs({ date: asOf, ...place })
  return {
    id: 'trend',
    title,
    svg: talukaTrendChart(
      rows,
      { title, description: t('hot.trend.desc') },
      { leads: t('series.leads'), intent: t('series.intent'), retail: t('series.retail') },
      t('dash.empty'),
    ),
    columns: trendColumns,
    rows: rows as unknown as Record<string, unknown>[],
    csvHref: `/hotspots/csv/trend${q}`,
    selfHref: `/hotspots${q}`,
    note: `${place.district}, ${place.state}`,
  }
}

function mapCard(t: T, rows: TalukaRow[], asOf: string): ChartCardModel {
  const placed = rows.filter((r) => r.lat !== null && r.lng !== null)
  const missing = rows.length - placed.length
  return {
    id: 'map',
    title: 'hot.map',
    svg: hotspotMapChart(
      placed,
      { title: t('hot.map'), description: t('hot.map.desc') },
      t('dash.empty'),
    ),
    columns: mapColumns,
    rows: placed as unknown as Record<string, unknown>[],
    csvHref: `/hotspots/csv/map${qs({ date: asOf })}`,
    legend: Object.entries(STATUS_COLORS).map(([label, color]) => ({ label, color })),
    note: missing ? t('hot.unplaced', { n: missing }) : undefined,
  }
}

export function hotspotRoutes(deps: Deps) {
  const app = new Hono<AppEnv>()
  const gate = onlyRoles(DASHBOARD_ROLES)
  // the as-of dates change only with a write: kept while the warehouse generation is unchanged
  let datesCache: { at: number; generation: number; value: Promise<string[]> } | undefined

  const dates = () => {
    const generation = deps.db.generation
    if (
      !datesCache ||
      datesCache.generation !== generation ||
      Date.now() - datesCache.at > 60_000
    ) {
      const value = deps.pool.use((_k, conn) => hotspotDates(conn))
      datesCache = { at: Date.now(), generation, value }
      value.catch(() => (datesCache = undefined))
    }
    return datesCache.value
  }

  /** The as-of date asked for, if it has rows; else the newest; null when there is no hotspot data. */
  async function asOfOf(c: AppContext): Promise<{ asOf: string | null; all: string[] }> {
    const all = await dates()
    const asked = c.req.query('date')
    const asOf = asked && all.includes(asked) ? asked : (all[0] ?? null)
    return { asOf, all }
  }

  const trendRows = (user: User, place: Place, asOf: string) =>
    deps.pool.use((_k, conn) => talukaTrend(conn, user, place, asOf))

  app.get('/hotspots', gate, async (c) => {
    const user = userOf(c)
    const t = c.get('t')
    const { asOf, all } = await asOfOf(c)
    const place = placeOf(c.req.query())
    const model: HotspotModel = {
      asOf,
      dates: all,
      rows: [],
      tableCsv: '',
      top3: [],
      top3Csv: '',
      map: null,
      trend: null,
      statusColors: STATUS_COLORS,
      cssHref: dashboardCss,
    }
    if (asOf) {
      const [rows, top3, trend] = await Promise.all([
        deps.pool.use((_k, conn) => talukaTable(conn, user, asOf)),
        deps.pool.use((_k, conn) => districtTop3(conn, user, asOf)),
        place ? trendRows(user, place, asOf) : Promise.resolve(null),
      ])
      model.rows = rows.map((r) => ({
        ...r,
        trendHref: `/hotspots/trend${qs({ date: asOf, state: r.state, district: r.district, taluka: r.taluka })}`,
      }))
      model.tableCsv = `/hotspots/csv/talukas${qs({ date: asOf })}`
      model.top3Csv = `/hotspots/csv/top3${qs({ date: asOf })}`
      const byDistrict = new Map<string, HotspotModel['top3'][number]>()
      for (const r of top3) {
        const k = `${r.state}|${r.district}`
        let d = byDistrict.get(k)
        if (!d) byDistrict.set(k, (d = { state: r.state, district: r.district, talukas: [] }))
        d.talukas.push(r)
      }
      model.top3 = [...byDistrict.values()]
      model.map = mapCard(t, rows, asOf)
      if (place && trend?.length) model.trend = trendCard(t, trend, place, asOf)
    }
    return c.html(`<!doctype html>${String(HotspotsPage({ ctx: pageContext(c, deps), model }))}`)
  })

  app.get('/hotspots/trend', gate, async (c) => {
    const user = userOf(c)
    const t = c.get('t')
    const { asOf } = await asOfOf(c)
    const place = placeOf(c.req.query())
    if (!asOf || !place) return c.notFound()
    const rows = await trendRows(user, place, asOf)
    // a taluka outside the user's scope has no rows: as if it did not exist
    if (!rows.length) return c.notFound()
    const card = trendCard(t, rows, place, asOf)
    // without htmx the trend is shown on the hotspot page itself
    if (!isHtmx(c)) return c.redirect(card.selfHref!, 302)
    c.header('Vary', 'HX-Request')
    return c.html(String(TrendBlock({ t, card })))
  })

  app.get('/hotspots/csv/:what', gate, async (c) => {
    const user = userOf(c)
    const { asOf } = await asOfOf(c)
    if (!asOf) return c.notFound()
    switch (c.req.param('what').replace(/\.csv$/, '')) {
      case 'talukas': {
        const rows = await deps.pool.use((_k, conn) => talukaTable(conn, user, asOf))
        return csvResponse(
          toCsv(rows, keysOf(talukaColumns) as (keyof TalukaRow)[]),
          `talukas_${asOf}.csv`,
        )
      }
      case 'map': {
        const rows = await deps.pool.use((_k, conn) => talukaTable(conn, user, asOf))
        const placed = rows.filter((r) => r.lat !== null && r.lng !== null)
        return csvResponse(
          toCsv(placed, keysOf(mapColumns) as (keyof TalukaRow)[]),
          `map_${asOf}.csv`,
        )
      }
      case 'top3': {
        const rows = await deps.pool.use((_k, conn) => districtTop3(conn, user, asOf))
        return csvResponse(toCsv(rows, [...top3Columns]), `top3_${asOf}.csv`)
      }
      case 'trend': {
        const place = placeOf(c.req.query())
        if (!place) return c.notFound()
        const rows = await trendRows(user, place, asOf)
        if (!rows.length) return c.notFound()
        return csvResponse(
          toCsv(rows, keysOf(trendColumns) as (keyof TalukaTrendRow)[]),
          `trend_${place.taluka}_${asOf}.csv`,
        )
      }
      default:
        return c.notFound()
    }
  })

  return app
}
