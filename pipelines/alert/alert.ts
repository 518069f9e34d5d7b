// Hotspot alert (SPEC 7): picks the top talukas, builds the email, and delivers it once through the outbox.
import { writeFileSync } from 'node:fs'
import type { DuckDBConnection } from '@duckdb/node-api'
import type { Config } from '../../app/config.ts'
import { UserError } from '../../data/errors.ts'
import { nowIST } from '../../data/dates.ts'
import { rows, sqlFile, type Warehouse } from '../../data/warehouse.ts'
import {
  dateLabel,
  renderAlertHtml,
  renderAlertText,
  type AlertEmailModel,
} from '../../views/email/alert.ts'
import {
  alertKey,
  dueMessages,
  getOutbox,
  insertOutbox,
  markFailedAttempt,
  markSent,
  messageIdFor,
  normaliseRecipients,
  type OutboxRow,
} from './outbox.ts'
import { interpretation, pct, reasonCodes, type AlertRow } from './reasons.ts'
import { composeMessage, sendRaw } from './send.ts'
import { recordRun } from '../runs.ts'

export const ALERT_TYPE = 'hotspot'
const SELECT_SQL = sqlFile(import.meta.url, 'select.sql')

/** The shape `scv alert --json` prints (SPEC 7). */
export interface AlertJson {
  as_of: string
  talukas: {
    state: string
    district: string
    taluka: string
    hotspot_status: string
    priority: number
    reasons: string[]
  }[]
}

export interface AlertContent {
  as_of: string
  subject: string
  html: string
  text: string
  json: AlertJson
  rows: AlertRow[]
  /** the configured recipients (a run may override them) */
  recipients: string[]
  sender: string
}

/** The alert of an as-of date, or null when it has no HOTSPOT or EMERGING taluka (no email then). */
export async function buildAlert(
  conn: DuckDBConnection,
  config: Config,
  asOf: string,
): Promise<AlertContent | null> {
  const candidates = await rows<AlertRow>(conn, SELECT_SQL, {
    as_of: asOf,
    top_n: config.alert.top_n,
  })
  if (!candidates.length) return null
  const windowDays = config.hotspots.window_days
  const subject = `🚨 Macro Market Hotspot Alert | Top ${config.alert.top_n} Talukas | ${dateLabel(asOf)}`
  const detailed = candidates.map((r) => ({
    ...r,
    reasons: reasonCodes(r, windowDays),
    interpretation: interpretation(r, windowDays),
  }))
  const model: AlertEmailModel = {
    subject,
    asOfLabel: dateLabel(asOf),
    windowDays,
    rows: detailed.map((r) => ({
      rank: r.rank,
      state: r.state,
      district: r.district,
      taluka: r.taluka,
      hotspot_status: r.hotspot_status,
      priority: r.priority,
      leads_5d: r.leads_5d,
      lead_growth: pct(r.lead_growth_pct),
      intent_5d: r.intent_5d,
      intent_growth: pct(r.intent_growth_pct),
      retail_5d: r.retail_5d,
      saleable_stock: r.saleable_stock,
      reasons: r.reasons,
      interpretation: r.interpretation,
    })),
  }
  return {
    as_of: asOf,
    subject,
    html: renderAlertHtml(model),
    text: renderAlertText(model),
    json: {
      as_of: asOf,
      talukas: detailed.map((r) => ({
        state: r.state,
        district: r.district,
        taluka: r.taluka,
        hotspot_status: r.hotspot_status,
        priority: r.priority,
        reasons: r.reasons,
      })),
    },
    rows: candidates,
    recipients: [...config.alert.recipients],
    sender: config.alert.sender,
  }
}

export type AlertStatus =
  'no-candidates' | 'dry-run' | 'sent' | 'pending' | 'failed' | 'already-sent'

export interface AlertResult extends Record<string, unknown> {
  status: AlertStatus
  as_of: string
  /** one line for the operator */
  message: string
  alert_key?: string
  recipients?: string[]
  attempts?: number
  last_error?: string | null
  next_attempt_at?: string | null
  accepted?: string[] | null
  rejected?: string[] | null
  out?: string
  /** for no-candidates: whether the hotspots of the date were computed at all */
  hotspots_computed?: boolean
  json?: AlertJson
  /** the plain-text email, for a dry run */
  text?: string
}

export interface RunAlertOptions {
  asOf: string
  /** overrides config.alert.recipients */
  to?: string[]
  dryRun?: boolean
  /** write the email to this file: .eml (full MIME) or .html */
  out?: string
  smtpUrl?: string
}

const EMAIL = /^[^\s@<>,]+@[^\s@<>,]+\.[^\s@<>,]+$/

/**
 * Builds and (unless a dry run) delivers the alert of an as-of date. The message is committed to
 * alert_outbox before any SMTP traffic; a key already sent is never sent again.
 */
export async function runAlert(
  db: Warehouse,
  config: Config,
  options: RunAlertOptions,
): Promise<AlertResult> {
  const asOf = options.asOf
  const recipients = normaliseRecipients(options.to?.length ? options.to : config.alert.recipients)
  const bad = recipients.filter((r) => !EMAIL.test(r))
  if (bad.length) throw new UserError(`not an email address: ${bad.join(', ')}`)
  if (!recipients.length) throw new UserError('no recipients: set alert.recipients or give --to')
  if (options.out && !/\.(eml|html?)$/i.test(options.out))
    throw new UserError(`--out ${options.out}: the file name must end in .eml or .html`)
  const key = alertKey(ALERT_TYPE, asOf, recipients)
  const messageId = messageIdFor(key, config.alert.sender)

  if (!options.dryRun) {
    const existing = await db.write((conn) => getOutbox(conn, key))
    if (existing?.status === 'sent') return outcome(existing, 'already-sent', asOf)
    if (existing) {
      if (!options.smtpUrl) throw noSmtp()
      return deliver(db, config, existing, options.smtpUrl)
    }
  }

  const content = await db.withConnection((conn) => buildAlert(conn, config, asOf))
  if (!content) return { status: 'no-candidates', as_of: asOf, ...(await noCandidates(db, asOf)) }
  if (!options.dryRun && !options.smtpUrl) throw noSmtp()

  const raw = await composeMessage({
    from: config.alert.sender,
    to: recipients,
    subject: content.subject,
    html: content.html,
    text: content.text,
    messageId,
    date: new Date(),
    alertKey: key,
  })
  if (options.out) writeFileSync(options.out, /\.eml$/i.test(options.out) ? raw : content.html)
  if (options.dryRun)
    return {
      status: 'dry-run',
      as_of: asOf,
      message: `dry run: ${content.rows.length} talukas, not sent${options.out ? `; written to ${options.out}` : ''}`,
      recipients,
      out: options.out,
      json: content.json,
      text: content.text,
    }

  const row = await db.write((conn) =>
    insertOutbox(conn, {
      alert_key: key,
      alert_type: ALERT_TYPE,
      as_of_date: asOf,
      recipients,
      sender: config.alert.sender,
      subject: content.subject,
      message_id: messageId,
      raw,
    }),
  )
  return { ...(await deliver(db, config, row, options.smtpUrl!)), json: content.json }
}

/** Sends every pending message whose next attempt is due (after a restart, or by the scheduler). */
export async function resumePending(
  db: Warehouse,
  config: Config,
  smtpUrl?: string,
  options: { now?: Date } = {},
): Promise<AlertResult[]> {
  const due = await db.write((conn) => dueMessages(conn, nowIST(options.now)))
  if (!due.length) return []
  if (!smtpUrl) throw noSmtp(`${due.length} alert email(s) are waiting to be sent`)
  const results: AlertResult[] = []
  for (const row of due) results.push(await deliver(db, config, row, smtpUrl))
  return results
}

/** Keys being sent by this process right now: a second caller waits for the next turn instead. */
const inFlight = new Set<string>()

async function deliver(
  db: Warehouse,
  config: Config,
  row: OutboxRow,
  smtpUrl: string,
): Promise<AlertResult> {
  const key = row.alert_key
  if (inFlight.has(key)) return outcome(row, 'pending', row.as_of_date, 'already being sent')
  inFlight.add(key)
  try {
    const current = await db.write((conn) => getOutbox(conn, key))
    if (!current) throw new Error(`alert_outbox has no row ${key}`)
    if (current.status === 'sent') return outcome(current, 'already-sent', current.as_of_date)
    let sent: { accepted: string[]; rejected: string[] }
    try {
      sent = await sendRaw(smtpUrl, current)
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e)
      const after = await db.write((conn) =>
        markFailedAttempt(conn, key, error, {
          maxAttempts: config.alert.max_attempts,
          baseMs: config.alert.retry_base_ms,
        }),
      )
      return outcome(after, after.status === 'failed' ? 'failed' : 'pending', after.as_of_date)
    }
    // the server has accepted the message: from here on it must be recorded as sent
    await db.write((conn) => markSent(conn, key, sent))
    const done = await db.write((conn) => getOutbox(conn, key))
    return outcome(done!, 'sent', done!.as_of_date)
  } finally {
    inFlight.delete(key)
  }
}

function outcome(row: OutboxRow, status: AlertStatus, asOf: string, note?: string): AlertResult {
  const to = row.recipients.join(', ')
  const messages: Record<AlertStatus, string> = {
    sent: `sent to ${to} (accepted ${row.accepted?.length ?? 0}, rejected ${row.rejected?.length ?? 0})`,
    'already-sent': `already sent to ${to} at ${row.sent_at}; not sent again`,
    pending: note
      ? `${note}: ${to}`
      : `not sent yet (attempt ${row.attempts} failed: ${row.last_error}); next attempt at ${row.next_attempt_at}`,
    failed: `gave up after ${row.attempts} attempts: ${row.last_error}`,
    'dry-run': 'dry run',
    'no-candidates': 'no candidates',
  }
  return {
    status,
    as_of: asOf,
    message: messages[status],
    alert_key: row.alert_key,
    recipients: row.recipients,
    attempts: row.attempts,
    last_error: row.last_error,
    next_attempt_at: row.next_attempt_at,
    accepted: row.accepted,
    rejected: row.rejected,
  }
}

async function noCandidates(
  db: Warehouse,
  asOf: string,
): Promise<{ message: string; hotspots_computed: boolean }> {
  // computed: talukas of the date are stored, or a hotspots run of the date succeeded (with none)
  const [{ n, ran }] = await db.withConnection((conn) =>
    rows<{ n: number; ran: boolean }>(
      conn,
      `select
         (select count(*) from macro_market_hotspot_taluka_5d where as_of_date = $1::DATE) as n,
         exists (select 1 from pipeline_runs where pipeline = 'hotspots'
                 and as_of_date = $1::DATE and status = 'succeeded') as ran`,
      [asOf],
    ),
  )
  if (n || ran)
    return {
      message: `no HOTSPOT or EMERGING taluka on ${asOf} (${n} talukas checked): no email`,
      hotspots_computed: true,
    }
  return {
    message: `no hotspots computed for ${asOf} (run scv hotspots --as-of ${asOf}): no email`,
    hotspots_computed: false,
  }
}

function noSmtp(what = 'cannot send the alert'): UserError {
  return new UserError(
    `${what}: SCV_SMTP_URL is not set (e.g. smtp://user:pass@host:587); use --dry-run to preview`,
  )
}

/** A delivery that did not go through yet: the step fails, the outbox keeps the message for a retry. */
export class AlertNotSentError extends Error {
  override name = 'AlertNotSentError'
  constructor(readonly result: AlertResult) {
    super(`alert for ${result.as_of} ${result.message}`)
  }
}

/**
 * runAlert recorded as the 'alert' step in pipeline_runs. The run row is written on its own
 * connection because delivery itself queues on the writer (and must not hold it during SMTP).
 * A message left pending or failed makes the step fail with AlertNotSentError; a date without
 * computed hotspots makes it fail with a UserError (then catch-up on start runs it again).
 */
export async function runAlertRecorded(
  db: Warehouse,
  config: Config,
  options: RunAlertOptions & { triggeredBy?: string },
): Promise<AlertResult> {
  let result: AlertResult | undefined
  await db.withConnection((conn) =>
    recordRun(
      conn,
      { pipeline: 'alert', asOf: options.asOf, triggeredBy: options.triggeredBy ?? 'cli' },
      async () => {
        result = await runAlert(db, config, options)
        if (result.status === 'pending' || result.status === 'failed')
          throw new AlertNotSentError(result)
        // no hotspots for the date (the morning run failed) is not "nothing to say": fail the
        // step, so that a catch-up or a rerun sends the alert once the hotspots are there
        if (result.status === 'no-candidates' && !result.hotspots_computed)
          throw new UserError(`alert for ${result.as_of}: ${result.message}`)
        return {
          status: result.status,
          talukas: result.json?.talukas.length ?? 0,
          recipients: result.recipients?.length ?? 0,
        }
      },
    ),
  )
  return result!
}
