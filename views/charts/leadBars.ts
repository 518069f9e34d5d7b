// Ranked lead bars: top 20 leads by score, and the top 5 per enquiry type (one facet per type).
import * as Plot from '@observablehq/plot'
import { clip, emptyChart, renderPlot, type ChartText } from './render.ts'
import type { LeadRankRow } from './types.ts'

const BAR = '#9ecae1'
const INK = '#0b2239'

/** The text drawn on a lead's bar: customer, opportunity id and product line. */
export function leadLabel(r: LeadRankRow): string {
  const who = r.customer_name?.trim() || '—'
  return `${who} · ${r.opty_id}${r.ppl ? ` · ${r.ppl}` : ''}`
}

/**
 * Top leads by score as horizontal bars, rank 1 at the top, in the order given (the query sorts by
 * total_score descending, then opty_id). Each bar carries its label inside and its score at the end.
 */
export function topLeadsChart(rows: LeadRankRow[], text: ChartText, empty = 'No leads'): string {
  if (!rows.length) return emptyChart(text, empty)
  const ranks = rows.map((r) => r.rank)
  return renderPlot(
    {
      width: 420,
      height: 34 + rows.length * 22,
      marginLeft: 28,
      marginRight: 36,
      marginTop: 6,
      x: { domain: [0, 100], label: null, ticks: 5, grid: true },
      y: { domain: ranks, label: null, tickFormat: (d: number) => `${d}`, tickSize: 0 },
      marks: [
        Plot.barX(rows, { y: 'rank', x: 'total_score', fill: BAR, insetTop: 2, insetBottom: 2 }),
        Plot.text(rows, {
          y: 'rank',
          x: 0,
          dx: 4,
          text: (r: LeadRankRow) => clip(leadLabel(r), 44),
          textAnchor: 'start',
          fill: INK,
          fontSize: 11,
        }),
        Plot.text(rows, {
          y: 'rank',
          x: 100,
          dx: 4,
          text: (r: LeadRankRow) => r.total_score.toFixed(1),
          textAnchor: 'start',
          fill: INK,
          fontSize: 11,
        }),
        Plot.ruleX([0]),
      ],
    },
    text,
  )
}

/** Top leads per enquiry type: one small panel per type (rows carry rank within their type). */
export function topByEnquiryChart(
  rows: LeadRankRow[],
  text: ChartText,
  empty = 'No leads',
): string {
  if (!rows.length) return emptyChart(text, empty)
  const types = [...new Set(rows.map((r) => r.enquiry_type ?? '(none)'))]
  const maxRank = Math.max(...rows.map((r) => r.rank))
  // rank 0 is an empty band at the top of each panel that holds the enquiry type's name
  const ranks = Array.from({ length: maxRank + 1 }, (_, i) => i)
  const data = rows.map((r) => ({ ...r, type: r.enquiry_type ?? '(none)' }))
  return renderPlot(
    {
      width: 420,
      height: 30 + types.length * (maxRank + 1) * 20,
      marginLeft: 28,
      marginRight: 36,
      marginTop: 4,
      fy: { domain: types, label: null, axis: null, padding: 0.12 },
      x: { domain: [0, 100], label: null, ticks: 5, grid: true },
      y: { domain: ranks, label: null, tickSize: 0, tickFormat: (d: number) => (d ? `${d}` : '') },
      marks: [
        Plot.barX(data, {
          fy: 'type',
          y: 'rank',
          x: 'total_score',
          fill: BAR,
          insetTop: 2,
          insetBottom: 2,
        }),
        Plot.text(data, {
          fy: 'type',
          y: 'rank',
          x: 0,
          dx: 4,
          text: (r: LeadRankRow) => clip(leadLabel(r), 44),
          textAnchor: 'start',
          fill: INK,
          fontSize: 11,
        }),
        Plot.text(data, {
          fy: 'type',
          y: 'rank',
          x: 100,
          dx: 4,
          text: (r: LeadRankRow) => r.total_score.toFixed(1),
          textAnchor: 'start',
          fill: INK,
          fontSize: 11,
        }),
        // the facet's name, written above its first bar
        Plot.text(types, {
          fy: (t: string) => t,
          y: 0,
          x: 0,
          dx: -24,
          text: (t: string) => t,
          fontWeight: 'bold',
          fontSize: 12,
          textAnchor: 'start',
        }),
        Plot.ruleX([0]),
      ],
    },
    text,
  )
}
