// The alert outbox: one row per alert key, committed before any SMTP traffic, so a message is sent once.
import { createHash } from 'node:crypto'
import type { DuckDBConnection } from '@duckdb/node-api'
import { nowIST } from '../../data/dates.ts'
import { rows } from '../../data/warehouse.ts'

export type OutboxStatus = 'pending' | 'sent' | 'failed'

export type OutboxRow = {
  alert_key: string
  alert_type: string
  as_of_date: string
  recipients: string[]
  sender: string
  subject: string
  message_id: string
  raw: string
  status: OutboxStatus
  attempts: number
  last_error: string | null
  next_attempt_at: string | null
  accepted: string[] | null
  rejected: string[] | null
  created_at: string
  updated_at: string
  sent_at: string | null
}

/** Recipients as the key sees them: trimmed, lower-case, sorted, without duplicates. */
export function normaliseRecipients(recipients: string[]): string[] {
  return [...new Set(recipients.map((r) => r.trim().toLowerCase()).filter(Boolean))].sort()
}

/** The outbox key: alert type, as-of date and the sorted recipient list. */
export function alertKey(alertType: string, asOf: string, recipients: string[]): string {
  return `${alertType}|${asOf}|${normaliseRecipients(recipients).join(',')}`
}

/** A Message-ID fixed by the key, so a resend after an ambiguous failure is recognisably the same message. */
export function messageIdFor(key: string, sender: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(sender)?.[1] ?? 'scv.invalid'
  return `<alert-${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`
}

export async function getOutbox(
  conn: DuckDBConnection,
  key: string,
): Promise<OutboxRow | undefined> {
  const [row] = await rows<OutboxRow>(conn, 'select * from alert_outbox where alert_key = $1', [
    key,
  ])
  return row
}

/** Inserts the message unless its key is already there (autocommit: committed when this returns). */
export async function insertOutbox(
  conn: DuckDBConnection,
  m: Pick<
    OutboxRow,
    | 'alert_key'
    | 'alert_type'
    | 'as_of_date'
    | 'recipients'
    | 'sender'
    | 'subject'
    | 'message_id'
    | 'raw'
  >,
): Promise<OutboxRow> {
  const now = nowIST()
  await conn.run(
    `insert into alert_outbox (alert_key, alert_type, as_of_date, recipients, sender, subject,
       message_id, raw, status, attempts, next_attempt_at, created_at, updated_at)
     select $1, $2, $3::DATE, string_split($4, ','), $5, $6, $7, $8, 'pending', 0, $9::TIMESTAMP,
       $9::TIMESTAMP, $9::TIMESTAMP
     where not exists (select 1 from alert_outbox where alert_key = $1)`,
    [
      m.alert_key,
      m.alert_type,
      m.as_of_date,
      m.recipients.join(','),
      m.sender,
      m.subject,
      m.message_id,
      m.raw,
      now,
    ],
  )
  return (await getOutbox(conn, m.alert_key))!
}

/** Pending messages whose next attempt is due at `now` (IST wall clock), oldest first. */
export async function dueMessages(conn: DuckDBConnection, now: string): Promise<OutboxRow[]> {
  return rows<OutboxRow>(
    conn,
    `select * from alert_outbox
     where status = 'pending' and (next_attempt_at is null or next_attempt_at <= $1::TIMESTAMP)
     order by created_at, alert_key`,
    [now],
  )
}

export async function markSent(
  conn: DuckDBConnection,
  key: string,
  result: { accepted: string[]; rejected: string[] },
  now = nowIST(),
): Promise<void> {
  await conn.run(
    `update alert_outbox set status = 'sent', attempts = attempts + 1, sent_at = $2::TIMESTAMP,
       updated_at = $2::TIMESTAMP, next_attempt_at = null, last_error = null,
       accepted = string_split(nullif($3, ''), ','), rejected = string_split(nullif($4, ''), ',')
     where alert_key = $1`,
    [key, now, result.accepted.join(','), result.rejected.join(',')],
  )
}

/**
 * Records a failed attempt: the error, and the next attempt after an exponential back-off
 * (base, 2×base, 4×base …), or status 'failed' once `maxAttempts` attempts have been made.
 */
export async function markFailedAttempt(
  conn: DuckDBConnection,
  key: string,
  error: string,
  options: { maxAttempts: number; baseMs: number; now?: Date },
): Promise<OutboxRow> {
  const current = (await getOutbox(conn, key))!
  const attempts = current.attempts + 1
  const now = options.now ?? new Date()
  const giveUp = attempts >= options.maxAttempts
  const next = giveUp
    ? null
    : nowIST(new Date(now.getTime() + options.baseMs * 2 ** (attempts - 1)))
  await conn.run(
    `update alert_outbox set attempts = $2, last_error = $3, status = $4,
       next_attempt_at = $5::TIMESTAMP, updated_at = $6::TIMESTAMP
     where alert_key = $1`,
    [key, attempts, error, giveUp ? 'failed' : 'pending', next, nowIST(now)],
  )
  return (await getOutbox(conn, key))!
}
