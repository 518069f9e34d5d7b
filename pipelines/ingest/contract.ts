// The source data contract of SPEC section 3: one declaration per table (key, columns, types, rules).

export type ColumnType = 'VARCHAR' | 'TIMESTAMP' | 'DATE' | 'INTEGER' | 'DOUBLE'

export interface ColumnSpec {
  name: string
  type: ColumnType
  /** a row with no value here is rejected (keys are always required) */
  required?: boolean
  /** SQL used when the value is empty, over the row's typed columns (e.g. `created_at`, `1`) */
  default?: string
  /** allowed values, matched case-insensitively and stored in this spelling */
  values?: readonly string[]
  /** inclusive numeric bounds; a value outside is rejected */
  min?: number
  max?: number
}

/** A rule over several columns of one typed row: `when` is a SQL condition that rejects it. */
export interface RowCheck {
  when: string
  /** SQL text expression giving the reason (it may show the values) */
  reason: string
}

export interface TableContract {
  table: TableName
  key: readonly string[]
  columns: readonly ColumnSpec[]
  checks?: readonly RowCheck[]
  /** when two rows share a key, the larger value of this column wins (ties: the later row) */
  newerWins?: string
}

export const tableNames = [
  'customer_pipeline',
  'customer_journey',
  'call_log',
  'stock',
  'retail',
  'dealers',
] as const
export type TableName = (typeof tableNames)[number]

export const stages = ['C0', 'C1', 'C1A', 'C2', 'C3'] as const
export const statuses = ['Open', 'Won', 'Lost'] as const

const text = (name: string, required = false): ColumnSpec => ({ name, type: 'VARCHAR', required })

export const customer_pipeline: TableContract = {
  table: 'customer_pipeline',
  key: ['opty_id'],
  newerWins: 'updated_at',
  columns: [
    text('opty_id', true),
    text('dealer_code', true),
    { name: 'created_at', type: 'TIMESTAMP', required: true },
    { name: 'updated_at', type: 'TIMESTAMP', default: 'created_at' },
    { name: 'stage', type: 'VARCHAR', required: true, values: stages },
    { name: 'status', type: 'VARCHAR', required: true, values: statuses },
    text('dse_id'),
    text('lead_classification'),
    text('customer_type'),
    text('opty_category'),
    text('enquiry_type'),
    text('ppl'),
    text('pl'),
    { name: 'expected_closure_date', type: 'DATE' },
    text('customer_name'),
    text('customer_phone'),
    text('state'),
    text('district'),
    text('taluka'),
    text('pincode'),
    text('lost_reason'),
  ],
}

export const customer_journey: TableContract = {
  table: 'customer_journey',
  key: ['event_id'],
  columns: [
    text('event_id', true),
    text('opty_id', true),
    text('event_type', true),
    { name: 'event_at', type: 'TIMESTAMP', required: true },
    text('detail'),
  ],
}

export const call_log: TableContract = {
  table: 'call_log',
  key: ['call_id'],
  columns: [
    text('call_id', true),
    text('opty_id', true),
    { name: 'called_at', type: 'TIMESTAMP', required: true },
    { name: 'duration_sec', type: 'INTEGER', required: true, min: 0 },
    text('direction'),
    text('outcome'),
    { name: 'next_followup_date', type: 'DATE' },
    text('dse_id'),
  ],
}

export const stock: TableContract = {
  table: 'stock',
  key: ['dealer_code', 'pl', 'as_of_date'],
  columns: [
    text('dealer_code', true),
    text('pl', true),
    { name: 'as_of_date', type: 'DATE', required: true },
    { name: 'total_qty', type: 'INTEGER', required: true, min: 0 },
    { name: 'saleable_qty', type: 'INTEGER', required: true, min: 0 },
    text('ppl'),
  ],
  checks: [
    {
      when: 'saleable_qty > total_qty',
      reason: `'saleable_qty ' || saleable_qty || ' > total_qty ' || total_qty`,
    },
  ],
}

export const retail: TableContract = {
  table: 'retail',
  key: ['invoice_id'],
  columns: [
    text('invoice_id', true),
    text('dealer_code', true),
    { name: 'retail_date', type: 'DATE', required: true },
    text('opty_id'),
    text('ppl'),
    text('pl'),
    { name: 'qty', type: 'INTEGER', default: '1', min: 0 },
  ],
}

export const dealers: TableContract = {
  table: 'dealers',
  key: ['dealer_code'],
  columns: [
    text('dealer_code', true),
    text('dealer_name'),
    text('state'),
    text('district'),
    text('taluka'),
    text('region'),
    text('zone'),
    { name: 'lat', type: 'DOUBLE', min: -90, max: 90 },
    { name: 'lng', type: 'DOUBLE', min: -180, max: 180 },
  ],
}

export const contracts: Record<TableName, TableContract> = {
  customer_pipeline,
  customer_journey,
  call_log,
  stock,
  retail,
  dealers,
}

/** Columns a file must carry: the required ones (keys included); a column with a default may be absent. */
export function requiredColumns(contract: TableContract): string[] {
  return contract.columns.filter((c) => c.required).map((c) => c.name)
}

/** The table a file name belongs to: the longest table name the (lower-cased) base name starts with. */
export function tableForFileName(baseName: string): TableName | null {
  const name = baseName.toLowerCase()
  const hits = tableNames.filter((t) => name.startsWith(t)).sort((a, b) => b.length - a.length)
  return hits[0] ?? null
}

export function isTableName(name: string): name is TableName {
  return (tableNames as readonly string[]).includes(name)
}
