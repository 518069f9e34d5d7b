// The dashboard's charts in one registry: for each, its title, the query behind it, the columns of its
// table and CSV (exactly the rows drawn) and the function that draws it.
import type { DuckDBConnection } from '@duckdb/node-api'
import type { ChartText } from '../../views/charts/render.ts'
import type { T } from '../../views/i18n.ts'
import {
  CLASS_COLORS,
  CLASS_ORDER,
  dailyTrendChart,
  funnelChart,
  pplByClassChart,
  scoreHistogramChart,
  SERIES_COLORS,
  topByEnquiryChart,
  topLeadsChart,
} from '../../views/charts/index.ts'
import type { Column } from '../../views/dashboard.tsx'
import type { User } from '../auth/scope.ts'
import type { Filters } from './filters.ts'
import { dailyTrend, funnel, pplByClass, scoreBins, topByEnquiry, topLeads } from './queries.ts'

export type Rows = Record<string, unknown>[]

/** One chart; its title and description are the i18n keys `chart.<id>` and `chart.<id>.desc`. */
export interface ChartDef<R = Record<string, unknown>> {
  columns: Column[]
  load(conn: DuckDBConnection, user: User, f: Filters): Promise<R[]>
  /** The SVG of `rows`: `text` is the chart's translated title and description, `empty` the no-data line. */
  draw(rows: R[], text: ChartText, empty: string, t: T): string
  legend?(rows: R[], t: T): { label: string; color: string }[]
}

/** Erases a chart's row type for the registry (its rows go to tables and CSV as plain records). */
const chart = <R>(d: ChartDef<R>) => d as unknown as ChartDef

const leadColumns: Column[] = [
  { key: 'rank', label: 'col.rank', num: true },
  { key: 'customer_name', label: 'col.customer' },
  { key: 'opty_id', label: 'col.opty' },
  { key: 'dealer_code', label: 'col.dealer' },
  { key: 'ppl', label: 'col.ppl' },
  { key: 'pl', label: 'col.pl' },
  { key: 'enquiry_type', label: 'col.enquiry' },
  { key: 'lead_classification', label: 'col.class' },
  { key: 'stage', label: 'col.stage' },
  { key: 'total_score', label: 'col.score', num: true },
  { key: 'next_best_action', label: 'col.nba' },
]

/** The translated title and description of chart `id`. */
export const chartText = (t: T, id: string): ChartText => ({
  title: t(`chart.${id}`),
  description: t(`chart.${id}.desc`),
})

export const dashboardCharts: Record<string, ChartDef> = {
  top20: chart({
    columns: leadColumns,
    load: (conn, user, f) => topLeads(conn, user, f, 20),
    draw: topLeadsChart,
  }),
  by_enquiry: chart({
    columns: [leadColumns[6], ...leadColumns.filter((c) => c.key !== 'enquiry_type')],
    load: (conn, user, f) => topByEnquiry(conn, user, f, 5),
    draw: topByEnquiryChart,
  }),
  ppl: chart({
    columns: [
      { key: 'ppl', label: 'col.ppl' },
      { key: 'lead_classification', label: 'col.class' },
      { key: 'leads', label: 'col.leads', num: true },
    ],
    load: pplByClass,
    draw: pplByClassChart,
    legend: (rows) =>
      CLASS_ORDER.filter((c) => rows.some((r) => r.lead_classification === c)).map((c) => ({
        label: c,
        color: CLASS_COLORS[c],
      })),
  }),
  funnel: chart({
    columns: [
      { key: 'stage', label: 'col.stage' },
      { key: 'leads', label: 'col.leads', num: true },
      { key: 'conversion_pct', label: 'col.conversion', num: true },
    ],
    load: funnel,
    draw: funnelChart,
  }),
  scores: chart({
    columns: [
      { key: 'bin_start', label: 'col.bin_start', num: true },
      { key: 'bin_end', label: 'col.bin_end', num: true },
      { key: 'leads', label: 'col.leads', num: true },
    ],
    load: scoreBins,
    draw: scoreHistogramChart,
  }),
  daily: chart({
    columns: [
      { key: 'date', label: 'col.date' },
      { key: 'leads', label: 'col.leads', num: true },
      { key: 'retail', label: 'col.retail', num: true },
    ],
    load: dailyTrend,
    draw: (rows, text, empty, t) =>
      dailyTrendChart(rows, text, { leads: t('series.leads'), retail: t('series.retail') }, empty),
    legend: (_rows, t) => [
      { label: t('series.leads'), color: SERIES_COLORS.leads },
      { label: t('series.retail'), color: SERIES_COLORS.retail },
    ],
  }),
}

export const chartIds = Object.keys(dashboardCharts)
