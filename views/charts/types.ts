// Row shapes the dashboard and hotspot charts draw; the queries in app/dashboard return exactly these.

/** One open lead, ranked by total_score (rank 1 = highest). */
export interface LeadRankRow {
  rank: number
  opty_id: string
  customer_name: string | null
  dealer_code: string
  ppl: string | null
  pl: string | null
  enquiry_type: string | null
  lead_classification: string | null
  stage: string
  total_score: number
  next_best_action: string
}

/** Open leads of one PPL and classification. */
export interface PplClassRow {
  ppl: string
  lead_classification: string
  leads: number
}

/** Opportunities that reached a stage (current stage at or beyond it), with conversion from the stage before. */
export interface FunnelRow {
  stage: string
  leads: number
  /** leads / leads of the previous stage, percent with 1 decimal; null for the first stage */
  conversion_pct: number | null
}

/** Open leads whose total_score is in [bin_start, bin_end) (the last bin includes 100). */
export interface ScoreBinRow {
  bin_start: number
  bin_end: number
  leads: number
}

/** One calendar day: opportunities created and retail units invoiced. */
export interface DailyRow {
  date: string
  leads: number
  retail: number
}

/** One taluka of the hotspot table on an as-of date, with coordinates for the map. */
export interface TalukaRow {
  as_of_date: string
  state: string
  district: string
  taluka: string
  dealer_count: number
  leads_5d: number
  leads_prev_5d: number
  intent_5d: number
  intent_prev_5d: number
  retail_5d: number
  retail_prev_5d: number
  total_stock: number
  saleable_stock: number
  lead_growth_pct: number
  intent_growth_pct: number
  retail_growth_pct: number
  hotspot_status: string
  lat: number | null
  lng: number | null
}

/** One taluka on one past as-of date. */
export interface TalukaTrendRow {
  as_of_date: string
  leads_5d: number
  intent_5d: number
  retail_5d: number
  hotspot_status: string
}
