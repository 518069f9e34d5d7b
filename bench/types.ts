// Shared shapes of the benchmark: what each area gets and what it reports, and how it times.
import type { Config } from '../app/config.ts'

export interface BenchContext {
  /** working folder (data/bench by default), kept between runs */
  dir: string
  /** the benchmark warehouse, filled by the foundation area */
  dbPath: string
  config: Config
  /** size of the demo data set to build (1M by default) */
  opportunities: number
  /** anything one area leaves for a later one */
  state: Record<string, unknown>
}

export interface BenchRow {
  area: string
  measure: string
  value: number | string
  unit: string
  /** the budget as text, e.g. "≤ 60 s" */
  budget?: string
  ok?: boolean
}

/** Seconds since `since` (a performance.now() value), to two decimals. */
export const seconds = (since: number): number => Math.round((performance.now() - since) / 10) / 100
