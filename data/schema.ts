// Table types for kysely: one interface per warehouse table, column names exactly as in the migrations.
// Dates read back as 'YYYY-MM-DD' strings and timestamps as 'YYYY-MM-DD HH:MM:SS' (see data/warehouse.ts).
import type { Generated } from 'kysely'

type Timestamp = string
type DateStr = string

export interface CustomerPipelineTable {
  opty_id: string
  dealer_code: string
  created_at: Timestamp
  updated_at: Timestamp
  stage: string
  status: string
  dse_id: string | null
  lead_classification: string | null
  customer_type: string | null
  opty_category: string | null
  enquiry_type: string | null
  ppl: string | null
  pl: string | null
  expected_closure_date: DateStr | null
  customer_name: string | null
  customer_phone: string | null
  state: string | null
  district: string | null
  taluka: string | null
  pincode: string | null
  lost_reason: string | null
  extra: unknown
}

export interface CustomerJourneyTable {
  event_id: string
  opty_id: string
  event_type: string
  event_at: Timestamp
  detail: string | null
  extra: unknown
}

export interface CallLogTable {
  call_id: string
  opty_id: string
  called_at: Timestamp
  duration_sec: number
  direction: string | null
  outcome: string | null
  next_followup_date: DateStr | null
  dse_id: string | null
  extra: unknown
}

export interface StockTable {
  dealer_code: string
  pl: string
  as_of_date: DateStr
  total_qty: number
  saleable_qty: number
  ppl: string | null
  extra: unknown
}

export interface RetailTable {
  invoice_id: string
  dealer_code: string
  retail_date: DateStr
  opty_id: string | null
  ppl: string | null
  pl: string | null
  qty: Generated<number>
  extra: unknown
}

export interface DealersTable {
  dealer_code: string
  dealer_name: string | null
  state: string | null
  district: string | null
  taluka: string | null
  region: string | null
  zone: string | null
  lat: number | null
  lng: number | null
  extra: unknown
}

export interface LeadActionsTable {
  action_id: Generated<number>
  opty_id: string
  dse_id: string | null
  user_name: string
  action_type: string
  connected: boolean | null
  duration_sec: number | null
  next_followup_date: DateStr | null
  lost_reason: string | null
  note: string | null
  acted_at: Timestamp
}

export interface PipelineRunsTable {
  run_id: Generated<number>
  pipeline: string
  as_of_date: DateStr | null
  started_at: Timestamp
  finished_at: Timestamp | null
  status: string
  row_counts: unknown
  error: string | null
  triggered_by: string | null
}

/** The eight score components of SPEC 5, in the spec's order: columns of scv_customer_score and keys of the weights. */
export const SCORE_COMPONENTS = [
  'lead_classification_score',
  'expected_closure_score',
  'followup_score',
  'lead_age_score',
  'avg_call_duration_score',
  'opty_category_score',
  'customer_type_score',
  'stock_availability_score',
] as const
export type ScoreComponent = (typeof SCORE_COMPONENTS)[number]

export interface ScvCustomerScoreTable {
  opty_id: string
  dealer_code: string
  dse_id: string | null
  lead_classification_score: number
  expected_closure_score: number
  followup_score: number
  lead_age_score: number
  avg_call_duration_score: number
  opty_category_score: number
  customer_type_score: number
  stock_availability_score: number
  total_score: number
  next_best_action: string
  /** a JSON array of the codes, in order (migration 012); leadScore() reads it as a list */
  reason_codes: string
  score_version: string
  as_of_date: DateStr
  scored_at: Timestamp
  is_open: boolean
}

/** The app's read table: one row per open scored opportunity, rebuilt after each score run. */
export interface LeadListTable {
  opty_id: string
  dealer_code: string
  dse_id: string | null
  customer_name: string | null
  customer_phone: string | null
  ppl: string | null
  pl: string | null
  stage: string
  status: string
  lead_classification: string | null
  enquiry_type: string | null
  customer_type: string | null
  state: string | null
  district: string | null
  taluka: string | null
  created_at: Timestamp
  expected_closure_date: DateStr | null
  total_score: number
  next_best_action: string
  /**
   * The model offered instead when the next best action is STOCK_ALT (the PL its reason code
   * names), else null: all the Today page's message needs of the reason codes, which the lead page
   * reads from scv_customer_score (migration 011).
   */
  alternative: string | null
  pending_followup_date: DateStr | null
  last_touch_at: Timestamp | null
  as_of_date: DateStr
}

export interface UsersTable {
  username: string
  password_hash: string
  role: string
  dealer_codes: string[]
  dse_id: string | null
  states: string[]
  districts: string[]
  lang: string
  created_at: Timestamp
  updated_at: Timestamp
}

export interface SessionsTable {
  session_hash: string
  username: string
  csrf_token: string
  created_at: Timestamp
  expires_at: Timestamp
}

export interface LoginFailuresTable {
  throttle_key: string
  failed_at: Timestamp
}

export interface Database {
  customer_pipeline: CustomerPipelineTable
  customer_journey: CustomerJourneyTable
  call_log: CallLogTable
  stock: StockTable
  retail: RetailTable
  dealers: DealersTable
  lead_actions: LeadActionsTable
  pipeline_runs: PipelineRunsTable
  scv_customer_score: ScvCustomerScoreTable
  lead_list: LeadListTable
  users: UsersTable
  sessions: SessionsTable
  login_failures: LoginFailuresTable
}
