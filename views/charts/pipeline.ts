// Pipeline charts: open leads by PPL and classification, the stage funnel, the score distribution.
import * as Plot from '@observablehq/plot'
import { CLASS_COLORS, CLASS_ORDER, emptyChart, fmt, renderPlot, type ChartText } from './render.ts'
import type { FunnelRow, PplClassRow, ScoreBinRow } from './types.ts'

/** Open leads per PPL as horizontal bars stacked by classification (legend is drawn in HTML beside it). */
export function pplByClassChart(rows: PplClassRow[], text: ChartText, empty = 'No leads'): string {
  if (!rows.length) return emptyChart(text, empty)
  const totals = new Map<string, number>()
  for (const r of rows) totals.set(r.ppl, (totals.get(r.ppl) ?? 0) + r.leads)
  const ppls = [...totals.keys()].sort(
    (a, b) => totals.get(b)! - totals.get(a)! || (a < b ? -1 : 1),
  )
  const classes = CLASS_ORDER.filter((c) => rows.some((r) => r.lead_classification === c)).concat(
    [...new Set(rows.map((r) => r.lead_classification))].filter((c) => !CLASS_ORDER.includes(c)),
  )
  return renderPlot(
    {
      width: 420,
      height: 40 + ppls.length * 30,
      marginLeft: 64,
      marginRight: 56,
      x: { label: null, ticks: 4, grid: true, tickFormat: (d: number) => fmt(d) },
      y: { domain: ppls, label: null },
      color: {
        domain: classes,
        range: classes.map((c) => CLASS_COLORS[c] ?? '#607d8b'),
      },
      marks: [
        Plot.barX(rows, {
          y: 'ppl',
          x: 'leads',
          fill: 'lead_classification',
          order: classes,
          insetTop: 3,
          insetBottom: 3,
          title: (r: PplClassRow) => `${r.ppl} · ${r.lead_classification}: ${fmt(r.leads)}`,
        }),
        Plot.text([...totals], {
          y: (d: [string, number]) => d[0],
          x: (d: [string, number]) => d[1],
          text: (d: [string, number]) => fmt(d[1]),
          dx: 4,
          textAnchor: 'start',
        }),
        Plot.ruleX([0]),
      ],
    },
    text,
  )
}

/** The funnel: one bar per stage (C0 … C3), with the count and the conversion from the stage before. */
export function funnelChart(
  rows: FunnelRow[],
  text: ChartText,
  empty = 'No opportunities',
): string {
  if (!rows.length || rows.every((r) => r.leads === 0)) return emptyChart(text, empty)
  const max = Math.max(...rows.map((r) => r.leads))
  return renderPlot(
    {
      width: 420,
      height: 40 + rows.length * 36,
      marginLeft: 40,
      marginRight: 12,
      // room to the right of the longest bar for its text
      x: { domain: [0, max * 1.6], axis: null },
      y: { domain: rows.map((r) => r.stage), label: null, tickSize: 0 },
      marks: [
        Plot.barX(rows, { y: 'stage', x: 'leads', fill: '#4a7fb0', insetTop: 3, insetBottom: 3 }),
        Plot.text(rows, {
          y: 'stage',
          x: 'leads',
          dx: 4,
          textAnchor: 'start',
          text: (r: FunnelRow) =>
            r.conversion_pct === null
              ? fmt(r.leads)
              : `${fmt(r.leads)} (${r.conversion_pct.toFixed(1)}%)`,
        }),
        Plot.ruleX([0]),
      ],
    },
    text,
  )
}

/** Histogram of open leads' total_score, from pre-binned rows (the same rows the CSV gives). */
export function scoreHistogramChart(
  rows: ScoreBinRow[],
  text: ChartText,
  empty = 'No leads',
): string {
  if (!rows.length || rows.every((r) => r.leads === 0)) return emptyChart(text, empty)
  return renderPlot(
    {
      width: 420,
      height: 220,
      marginLeft: 52,
      x: { domain: [0, 100], label: null, ticks: 10 },
      y: { label: null, grid: true, ticks: 4, tickFormat: (d: number) => fmt(d) },
      marks: [
        Plot.rectY(rows, {
          x1: 'bin_start',
          x2: 'bin_end',
          y: 'leads',
          fill: '#4a7fb0',
          insetLeft: 1,
          insetRight: 1,
          title: (r: ScoreBinRow) => `${r.bin_start}–${r.bin_end}: ${fmt(r.leads)}`,
        }),
        Plot.ruleY([0]),
      ],
    },
    text,
  )
}
