// The hotspot alert email: HTML (CSS inlined by juice, table layout, readable on a phone) and plain text.
import juice from 'juice'

export interface AlertEmailRow {
  rank: number
  state: string
  district: string
  taluka: string
  hotspot_status: 'HOTSPOT' | 'EMERGING'
  priority: number
  leads_5d: number
  lead_growth: string
  intent_5d: number
  intent_growth: string
  retail_5d: number
  saleable_stock: number
  reasons: string[]
  interpretation: string
}

export interface AlertEmailModel {
  subject: string
  /** '23 Nov 2026' */
  asOfLabel: string
  windowDays: number
  rows: AlertEmailRow[]
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** '2026-11-23' → '23 Nov 2026' */
export function dateLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return `${d} ${MONTHS[m - 1]} ${y}`
}

const esc = (s: string | number): string =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )

// Mail clients drop <style> blocks and external resources: everything below is inlined by juice;
// system fonts only; fixed table layout so long names wrap instead of widening the page.
const CSS = `
body { margin: 0; padding: 0; background: #f3f4f6; color: #111827; font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.45; }
table { border-collapse: collapse; }
.outer { width: 100%; background: #f3f4f6; }
.card { width: 100%; max-width: 600px; margin: 0 auto; background: #ffffff; table-layout: fixed; }
.head { background: #7f1d1d; color: #ffffff; padding: 14px 12px; }
.head h1 { margin: 0; font-size: 18px; line-height: 1.3; font-weight: bold; color: #ffffff; }
.head p { margin: 4px 0 0 0; font-size: 13px; color: #fde2e2; }
.hotspots { width: 100%; table-layout: fixed; }
.hotspots th { background: #f9fafb; color: #4b5563; font-size: 12px; text-align: left; padding: 8px 6px; border-bottom: 1px solid #e5e7eb; }
.hotspots td { vertical-align: top; padding: 10px 6px; border-bottom: 1px solid #e5e7eb; overflow-wrap: break-word; word-wrap: break-word; }
.rank { width: 26px; font-weight: bold; color: #6b7280; }
.prio { width: 62px; text-align: right; font-weight: bold; font-size: 17px; }
.place { font-size: 16px; font-weight: bold; }
.where { font-size: 13px; color: #6b7280; }
.status { display: inline-block; padding: 2px 8px; border-radius: 10px; font-size: 12px; font-weight: bold; color: #ffffff; }
.status-hotspot { background: #b91c1c; }
.status-emerging { background: #b45309; }
.metrics { margin: 6px 0 0 0; font-size: 13px; color: #374151; }
.why { margin: 6px 0 0 0; font-size: 14px; color: #111827; }
.reasons { margin: 6px 0 0 0; padding: 0 0 0 16px; font-size: 12px; color: #4b5563; }
.foot { padding: 12px; font-size: 12px; color: #6b7280; }
`

export function renderAlertHtml(model: AlertEmailModel): string {
  const rows = model.rows
    .map(
      (r) => `<tr class="row" data-taluka="${esc(r.taluka)}">
  <td class="rank">${r.rank}</td>
  <td>
    <div class="place">${esc(r.taluka)}</div>
    <div class="where">${esc(r.district)}, ${esc(r.state)}</div>
    <span class="status status-${r.hotspot_status.toLowerCase()}">${esc(r.hotspot_status)}</span>
    <p class="metrics">${r.leads_5d} leads (${esc(r.lead_growth)}) · ${r.intent_5d} high intent (${esc(r.intent_growth)}) · ${r.retail_5d} retail · ${r.saleable_stock} saleable</p>
    <p class="why">${esc(r.interpretation)}</p>
    <ul class="reasons">${r.reasons.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>
  </td>
  <td class="prio">${r.priority.toFixed(1)}</td>
</tr>`,
    )
    .join('\n')
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(model.subject)}</title>
<style>${CSS}</style>
</head>
<body>
<table class="outer" role="presentation" width="100%"><tr><td>
<table class="card" role="presentation" width="100%">
  <tr><td class="head">
    <h1>Macro Market Hotspot Alert</h1>
    <p>Top ${model.rows.length} talukas · ${model.windowDays}-day view to ${esc(model.asOfLabel)}</p>
  </td></tr>
  <tr><td>
    <table class="hotspots" width="100%">
      <thead><tr><th class="rank">#</th><th>Taluka</th><th class="prio">Priority</th></tr></thead>
      <tbody>
${rows}
      </tbody>
    </table>
  </td></tr>
  <tr><td class="foot">Windows: the last ${model.windowDays} days against the ${model.windowDays} days before. HOTSPOT: leads, high intent and retail growing; EMERGING: leads growing. Priority ranks the talukas (status, lead and intent growth, retail gap, excess stock).</td></tr>
</table>
</td></tr></table>
</body>
</html>`
  return juice(html)
}

export function renderAlertText(model: AlertEmailModel): string {
  const lines = [model.subject, '', `${model.windowDays}-day view to ${model.asOfLabel}`, '']
  for (const r of model.rows) {
    lines.push(
      `${r.rank}. ${r.taluka} (${r.district}, ${r.state}): ${r.hotspot_status}, priority ${r.priority.toFixed(1)}`,
      `   ${r.interpretation}`,
      ...r.reasons.map((x) => `   - ${x}`),
      '',
    )
  }
  lines.push(
    `Windows: the last ${model.windowDays} days against the ${model.windowDays} days before.`,
  )
  return lines.join('\n')
}
