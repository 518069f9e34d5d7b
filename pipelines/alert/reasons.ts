// What an alert row says: reason codes with their numbers and one sentence of business interpretation.
import type { HotspotTalukaRow } from '../hotspots/hotspots.ts'

/** One candidate taluka as select.sql returns it: its hotspot row with the alert's rank, priority and flags. */
export type AlertRow = Omit<HotspotTalukaRow, 'as_of_date' | 'hotspot_status'> & {
  rank: number
  hotspot_status: 'HOTSPOT' | 'EMERGING'
  priority: number
  retail_gap: boolean
  excess_stock: boolean
  /** dealers of the taluka with leads in the window, most leads first (name, else code) */
  dealers: string[]
}

/** '+50.0 %', '-12.5 %' */
export function pct(n: number): string {
  return `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(1)} %`
}

const units = (n: number) => `${n} unit${n === 1 ? '' : 's'}`

/** Reason codes, each with its numbers: lead volume and growth, high intent, retail (or its gap), stock. */
export function reasonCodes(r: AlertRow, windowDays: number): string[] {
  const reasons = [
    `LEADS ${r.leads_5d} in ${windowDays} days (${pct(r.lead_growth_pct)} vs ${r.leads_prev_5d})`,
    `HIGH_INTENT ${r.intent_5d} (${pct(r.intent_growth_pct)} vs ${r.intent_prev_5d})`,
    r.retail_gap
      ? `RETAIL_GAP 0 retail units in ${windowDays} days (${r.retail_prev_5d} before)`
      : `RETAIL ${units(r.retail_5d)} (${pct(r.retail_growth_pct)} vs ${r.retail_prev_5d})`,
    `SALEABLE_STOCK ${r.saleable_stock} of ${units(r.total_stock)}`,
  ]
  if (r.excess_stock)
    reasons.push(`EXCESS_STOCK ${r.total_stock} units, more than 2 × ${r.leads_5d} leads`)
  return reasons
}

/** One sentence a regional head can act on, naming up to three dealers. */
export function interpretation(r: AlertRow, windowDays: number): string {
  const names = r.dealers.slice(0, 3)
  const at = names.length
    ? `dealer${names.length > 1 ? 's' : ''} ${names.join(', ')}`
    : `the ${r.dealer_count} dealers of ${r.taluka}`
  const demand =
    r.leads_prev_5d === 0
      ? `Demand appeared from nothing (${r.leads_5d} leads)`
      : `Demand up ${Math.round(r.lead_growth_pct)} % (${r.leads_prev_5d} → ${r.leads_5d} leads)`
  if (r.retail_gap)
    return `${demand} with no retail in ${windowDays} days: check stock and follow-up at ${at}.`
  if (r.excess_stock)
    return `${demand} and ${r.total_stock} units in stock: push conversions with the stock on hand at ${at}.`
  if (r.saleable_stock < r.leads_5d)
    return `${demand} but only ${r.saleable_stock} saleable units: replenish stock at ${at}.`
  return `${demand} and ${units(r.retail_5d)} retailed: keep follow-ups and test drives moving at ${at}.`
}
