// The app's link to the score job: the message library (WhatsApp texts) and rescoring one opportunity.
// TODO(score integration): pipelines/score/messages.ts is being written by the score helper; until it
// lands it is loaded dynamically and a minimal stand-in message keeps the app usable.
import type { DuckDBConnection } from '@duckdb/node-api'
import { rescoreOpportunity } from '../pipelines/score/score.ts'
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
  optyId: string,
  asOf: string,
) => Promise<void>

export interface Scoring {
  messageFor: MessageFor
  rescoreOpportunity: Rescore
  /** false while the score job's message library is missing (a stand-in message is used) */
  real: boolean
}

const fallbackMessage: MessageFor = (_action, _ppl, lang, v) =>
  lang === 'hi'
    ? `नमस्ते ${v.customer ?? ''}, ${v.dealer ?? 'हमारे डीलर'} की ओर से: ${v.model ?? 'आपकी गाड़ी'} के बारे में बात करें?`
    : `Hello ${v.customer ?? ''}, this is ${v.dealer ?? 'your dealer'}: shall we talk about the ${v.model ?? 'vehicle'} you asked about?`

let loaded: Promise<Scoring> | undefined

/** Loads the score job's functions once (a stand-in message while the library is missing). */
export function loadScoring(): Promise<Scoring> {
  loaded ??= (async () => {
    const messagesPath: string = '../pipelines/score/messages.ts'
    const messages = await import(messagesPath).catch(() => ({}))
    const messageFor = (messages as { messageFor?: MessageFor }).messageFor
    return {
      messageFor: messageFor ?? fallbackMessage,
      rescoreOpportunity,
      real: Boolean(messageFor),
    }
  })()
  return loaded
}
