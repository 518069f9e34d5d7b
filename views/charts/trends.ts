// Time charts: leads and retail per day over the last 30 days, and one taluka's 5-day counts over past as-of dates.
import * as Plot from '@observablehq/plot'
import { STATUS_COLORS, emptyChart, fmt, renderPlot, utcDate, type ChartText } from './render.ts'
import type { DailyRow, TalukaTrendRow } from './types.ts'

export const SERIES_COLORS = { leads: '#1565c0', retail: '#2e7d32', intent: '#c62828' }

interface Point {
  date: Date
  series: string
  value: number
}

function lines(
  points: Point[],
  names: Record<string, string>,
  colors: Record<string, string>,
): Plot.Markish[] {
  return [
    Plot.ruleY([0]),
    Plot.lineY(points, {
      x: 'date',
      y: 'value',
      stroke: 'series',
      strokeWidth: 2,
    }),
    Plot.text(
      points,
      Plot.selectLast({
        x: 'date',
        y: 'value',
        z: 'series',
        text: (p: Point) => names[p.series],
        fill: (p: Point) => colors[p.series],
        dx: 4,
        textAnchor: 'start',
      }),
    ),
    Plot.dot(points, { x: 'date', y: 'value', stroke: 'series', r: 1.5 }),
  ]
}

/** Leads created and retail units per day (rows = every day of the window, zeros included). */
export function dailyTrendChart(
  rows: DailyRow[],
  text: ChartText,
  names = { leads: 'Leads', retail: 'Retail' },
  empty = 'No data',
): string {
  if (!rows.length) return emptyChart(text, empty)
  const points: Point[] = rows.flatMap((r) => [
    { date: utcDate(r.date), series: 'leads', value: r.leads },
    { date: utcDate(r.date), series: 'retail', value: r.retail },
  ])
  const marks = lines(points, names, SERIES_COLORS)
  return renderPlot(
    {
      width: 420,
      height: 220,
      marginLeft: 48,
      marginRight: 52,
      x: { type: 'utc', label: null, ticks: 5, tickFormat: '%d %b' },
      y: { label: null, grid: true, ticks: 4, tickFormat: (d: number) => fmt(d) },
      color: { domain: ['leads', 'retail'], range: [SERIES_COLORS.leads, SERIES_COLORS.retail] },
      marks,
    },
    text,
  )
}

/** One taluka's leads, high-intent leads and retail (5-day windows) per as-of date; dots coloured by status. */
export function talukaTrendChart(
  rows: TalukaTrendRow[],
  text: ChartText,
  names = { leads: 'Leads', intent: 'High intent', retail: 'Retail' },
  empty = 'No history',
): string {
  if (!rows.length) return emptyChart(text, empty)
  const points: Point[] = rows.flatMap((r) => [
    { date: utcDate(r.as_of_date), series: 'leads', value: r.leads_5d },
    { date: utcDate(r.as_of_date), series: 'intent', value: r.intent_5d },
    { date: utcDate(r.as_of_date), series: 'retail', value: r.retail_5d },
  ])
  const marks = lines(points, names, SERIES_COLORS)
  return renderPlot(
    {
      width: 420,
      height: 220,
      marginLeft: 40,
      marginRight: 72,
      marginBottom: 36,
      // few dates: one tick per date (time ticks would repeat a day)
      x: {
        type: 'utc',
        label: null,
        ticks: rows.length <= 5 ? rows.map((r) => utcDate(r.as_of_date)) : 5,
        tickFormat: '%d %b',
      },
      y: { label: null, grid: true, ticks: 4, tickFormat: (d: number) => fmt(d) },
      color: {
        domain: ['leads', 'intent', 'retail'],
        range: [SERIES_COLORS.leads, SERIES_COLORS.intent, SERIES_COLORS.retail],
      },
      marks: [
        ...marks,
        // the status of each date as a coloured tick under the axis
        Plot.dot(rows, {
          x: (r: TalukaTrendRow) => utcDate(r.as_of_date),
          frameAnchor: 'bottom',
          dy: 28,
          r: 4,
          fill: (r: TalukaTrendRow) => STATUS_COLORS[r.hotspot_status] ?? '#757575',
          title: (r: TalukaTrendRow) => `${r.as_of_date}: ${r.hotspot_status}`,
        }),
      ],
    },
    text,
  )
}
