// The hotspot map: talukas as dots at their real coordinates, sized by leads and coloured by status.
// Deliberately no country outline (see the README: only dots, so no boundary of India is drawn wrongly).
import * as Plot from '@observablehq/plot'
import {
  STATUS_COLORS,
  STATUS_ORDER,
  emptyChart,
  fmt,
  renderPlot,
  type ChartText,
} from './render.ts'
import type { TalukaRow } from './types.ts'

export function hotspotMapChart(rows: TalukaRow[], text: ChartText, empty = 'No talukas'): string {
  const placed = rows.filter((r) => r.lat !== null && r.lng !== null)
  if (!placed.length) return emptyChart(text, empty)
  const lngs = placed.map((r) => r.lng!)
  const lats = placed.map((r) => r.lat!)
  const pad = 0.6
  const domain = {
    type: 'MultiPoint',
    coordinates: [
      [Math.min(...lngs) - pad, Math.min(...lats) - pad],
      [Math.max(...lngs) + pad, Math.max(...lats) + pad],
    ],
  }
  // small dots first so large ones do not hide them; hot talukas last so they sit on top
  const order = (r: TalukaRow) => STATUS_ORDER.length - STATUS_ORDER.indexOf(r.hotspot_status)
  const sorted = [...placed].sort((a, b) => order(a) - order(b) || b.leads_5d - a.leads_5d)
  const labelled = sorted.filter((r) => r.hotspot_status === 'HOTSPOT')
  return renderPlot(
    {
      width: 420,
      height: 420,
      margin: 12,
      projection: { type: 'mercator', domain: domain as never },
      r: { range: [2, 14] },
      color: {
        domain: STATUS_ORDER,
        range: STATUS_ORDER.map((s) => STATUS_COLORS[s]),
      },
      marks: [
        Plot.graticule({ stroke: '#bbb', strokeOpacity: 0.5 }),
        Plot.frame({ stroke: '#ccc' }),
        Plot.dot(sorted, {
          x: 'lng',
          y: 'lat',
          r: (d: TalukaRow) => Math.max(d.leads_5d, 1),
          fill: 'hotspot_status',
          fillOpacity: 0.75,
          stroke: 'white',
          strokeWidth: 0.5,
          title: (r: TalukaRow) =>
            `${r.taluka}, ${r.district} (${r.state}): ${r.hotspot_status}, ${fmt(r.leads_5d)} leads, ${r.lead_growth_pct}%`,
        }),
        Plot.text(labelled, {
          x: 'lng',
          y: 'lat',
          text: 'taluka',
          dy: -12,
          fontSize: 10,
          fill: '#111',
          stroke: 'white',
          strokeWidth: 3,
          paintOrder: 'stroke',
        }),
      ],
    },
    text,
  )
}
