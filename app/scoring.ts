// The app's link to the score job: the message library (WhatsApp texts) and rescoring the opportunities actions were recorded on.
import type { DuckDBConnection } from '@duckdb/node-api'
import { messageFor } from '../pipelines/score/messages.ts'
import { rescoreOpportunities } from '../pipelines/score/score.ts'
import type { ScoreMoves } from '../pipelines/score/single.ts'
import type { ScoreConfig } from './config.ts'

export interface MessageValues {
  customer?: string
  model?: string
  dealer?: string
  alternative?: string
  date?: string
}
export type MessageFor = (
  action: string,
  ppl: string | null,
  lang: 'en' | 'hi',
  values: MessageValues,
) => string
export type Rescore = (
  conn: DuckDBConnection,
  config: ScoreConfig,
  optyIds: string[],
  asOf: string,
) => Promise<ScoreMoves>

export interface Scoring {
  messageFor: MessageFor
  rescoreOpportunities: Rescore
}

const scoring: Scoring = { messageFor, rescoreOpportunities }

/** The score job's functions (a promise so that tests or a later build could swap them). */
export function loadScoring(): Promise<Scoring> {
  return Promise.resolve(scoring)
}
