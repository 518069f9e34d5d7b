// Recording what a rep did (called, visited, test drive, follow-up, booked, lost): validate, then write and rescore with the actions waiting beside it.
import { addDays, nowIST } from '../data/dates.ts'
import { kysely } from '../data/kysely.ts'
import type { DuckDBConnection } from '@duckdb/node-api'
import { transaction, type Warehouse } from '../data/warehouse.ts'
import { scopedOpportunity, type User } from './auth/scope.ts'
import type { Config } from './config.ts'
import type { Scoring } from './scoring.ts'
import type { T } from '../views/i18n.ts'
import { actionTypes, lostReasons } from '../views/lead.tsx'

export type ActionType = (typeof actionTypes)[number]

export interface ActionInput {
  action_type: ActionType
  connected: boolean | null
  duration_sec: number | null
  next_followup_date: string | null
  lost_reason: string | null
  note: string | null
}

export const MAX_FOLLOWUP_DAYS = 180
const MAX_DURATION_MIN = 240
const MAX_NOTE = 500

/** Validates the posted form; errors are keyed by field and say what to fix, in the user's language. */
export function parseActionForm(
  body: Record<string, unknown>,
  t: T,
  today: string,
): {
  input?: ActionInput
  action: string
  values: Record<string, string>
  errors: Record<string, string>
} {
  const values: Record<string, string> = {}
  for (const [k, v] of Object.entries(body))
    if (typeof v === 'string' && k !== '_csrf') values[k] = v
  const errors: Record<string, string> = {}
  const action = values.action_type ?? ''
  if (!(actionTypes as readonly string[]).includes(action)) {
    errors.action_type = t('error.choice', { field: 'action_type' })
    return { action, values, errors }
  }
  const type = action as ActionType

  let next_followup_date: string | null = null
  const dateText = (values.next_followup_date ?? '').trim()
  const dateLabel = t('form.next_followup')
  if (dateText) {
    if (!isDate(dateText)) errors.next_followup_date = t('error.date', { field: dateLabel })
    else if (dateText < today)
      errors.next_followup_date = t('error.date_past', { field: dateLabel })
    else if (dateText > addDays(today, MAX_FOLLOWUP_DAYS))
      errors.next_followup_date = t('error.date_far', { field: dateLabel, days: MAX_FOLLOWUP_DAYS })
    else next_followup_date = dateText
  } else if (type === 'followup') {
    errors.next_followup_date = t('error.required', { field: dateLabel })
  }

  let connected: boolean | null = null
  let duration_sec: number | null = null
  if (type === 'called') {
    const c = values.connected ?? ''
    if (c !== 'yes' && c !== 'no')
      errors.connected = t('error.choice', { field: t('form.connected') })
    connected = c === 'yes'
    const durLabel = t('form.duration')
    const durText = (values.duration_min ?? '').trim().replace(',', '.')
    const minutes = durText === '' ? 0 : Number(durText)
    if (
      !/^\d{1,3}(\.\d{1,2})?$/.test(durText || '0') ||
      !(minutes >= 0) ||
      minutes > MAX_DURATION_MIN
    )
      errors.duration_min = t('error.duration', { field: durLabel, max: MAX_DURATION_MIN })
    else if (connected && minutes <= 0)
      errors.duration_min = t('error.duration_connected', { field: durLabel })
    else duration_sec = connected ? Math.round(minutes * 60) : 0
  }

  let lost_reason: string | null = null
  if (type === 'lost') {
    const r = values.lost_reason ?? ''
    if (!r) errors.lost_reason = t('error.required', { field: t('form.lost_reason') })
    else if (!lostReasons.includes(r))
      errors.lost_reason = t('error.choice', { field: t('form.lost_reason') })
    else lost_reason = r
  }

  const note = (values.note ?? '').trim()
  if (note.length > MAX_NOTE)
    errors.note = t('error.too_long', { field: t('form.note'), max: MAX_NOTE })

  if (Object.keys(errors).length) return { action, values, errors }
  return {
    action,
    values,
    errors,
    input: {
      action_type: type,
      connected,
      duration_sec,
      next_followup_date,
      lost_reason,
      note: note || null,
    },
  }
}

function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

export interface RecordResult {
  /** false: the lead is outside the user's scope (or does not exist); nothing was written */
  found: boolean
  oldScore: number | null
  newScore: number | null
  /** the warehouse generation (Warehouse.generation) that the write recording it made */
  generation: number
}
type Recorded = Omit<RecordResult, 'generation'>

interface Job {
  user: User
  optyId: string
  input: ActionInput
  asOf: string
  done: (outcome: Outcome, generation: number) => void
}
type Outcome = { value: Recorded } | { error: unknown }

/** The most actions recorded in one transaction. */
const MAX_BATCH = 32

/**
 * Records what reps did through the warehouse's writer. Actions that arrive while the writer is
 * busy wait and are then recorded together, in ONE transaction with one rescore of their
 * opportunities (group commit: the rescore costs about the same for one key or thirty), so the
 * time a rep waits does not grow with how many others are saving at that moment. Should that
 * transaction fail, each of its actions is recorded again alone, so that one bad action fails only
 * its own request. Every action is checked against its user's scope inside the transaction: one
 * outside the scope writes nothing.
 */
export function createActionRecorder(
  db: Warehouse,
  config: Config,
  scoring: () => Promise<Scoring>,
) {
  const pending: Job[] = []
  let scheduled = false

  const schedule = () => {
    scheduled = true
    let batch: Job[] = []
    let outcomes: Outcome[] = []
    let generation = 0
    db.write(async (conn) => {
      scheduled = false
      generation = db.generation + 1
      batch = pending.splice(0, MAX_BATCH)
      if (pending.length) schedule()
      outcomes = await recordBatch(conn, config, await scoring(), batch)
    })
      // answered once the write has finished, so that readers see the new warehouse generation
      .then(
        () => batch.forEach((job, i) => job.done(outcomes[i], generation)),
        (error: unknown) => batch.forEach((job) => job.done({ error }, generation)),
      )
  }

  return {
    /** Records `input` on `optyId` for `user` and rescores it as of `asOf`. */
    record(user: User, optyId: string, input: ActionInput, asOf: string): Promise<RecordResult> {
      return new Promise((resolve, reject) => {
        pending.push({
          user,
          optyId,
          input,
          asOf,
          done: (o, generation) =>
            'value' in o ? resolve({ ...o.value, generation }) : reject(o.error),
        })
        if (!scheduled) schedule()
      })
    },
  }
}

/** The batch in one transaction; should it fail, each action alone in its own. */
async function recordBatch(
  conn: DuckDBConnection,
  config: Config,
  scoring: Scoring,
  batch: Job[],
): Promise<Outcome[]> {
  try {
    const results = await transaction(conn, () => recordAll(conn, config, scoring, batch))
    return results.map((value) => ({ value }))
  } catch (error) {
    if (batch.length === 1) return [{ error }]
    const outcomes: Outcome[] = []
    for (const job of batch) outcomes.push(...(await recordBatch(conn, config, scoring, [job])))
    return outcomes
  }
}

/**
 * Writes the actions in order (each checked against its user's scope, as if alone: a later action
 * on the same lead sees what an earlier one changed), then rescores their opportunities. Booked
 * moves the opportunity to stage C2 and lost closes it (status Lost with the reason), stamped
 * with the action time as updated_at, so a later CRM export only overrides it with newer data.
 * Each result's scores are the lead's before and after the batch.
 */
async function recordAll(
  conn: DuckDBConnection,
  config: Config,
  scoring: Scoring,
  jobs: Job[],
): Promise<Recorded[]> {
  const k = kysely(conn)
  const keys = [...new Set(jobs.map((j) => j.optyId))]
  const scores = async () =>
    new Map(
      (
        await k
          .selectFrom('lead_list')
          .select(['opty_id', 'total_score'])
          .where('opty_id', 'in', keys)
          .execute()
      ).map((r) => [r.opty_id, r.total_score]),
    )
  const before = await scores()
  const found: boolean[] = []
  // each opportunity is rescored as of the date of its last action here
  const asOfs = new Map<string, string>()
  for (const job of jobs) {
    const opp = await scopedOpportunity(k, job.user, job.optyId)
      .select(['dse_id', 'stage', 'status'])
      .executeTakeFirst()
    found.push(Boolean(opp))
    if (!opp) continue
    const now = nowIST()
    await k
      .insertInto('lead_actions')
      .values({
        opty_id: job.optyId,
        dse_id: opp.dse_id,
        user_name: job.user.username,
        ...job.input,
        acted_at: now,
      })
      .execute()
    if (job.input.action_type === 'booked' && ['C0', 'C1', 'C1A'].includes(opp.stage)) {
      await k
        .updateTable('customer_pipeline')
        .set({ stage: 'C2', updated_at: now })
        .where('opty_id', '=', job.optyId)
        .execute()
    }
    if (job.input.action_type === 'lost' && opp.status === 'Open') {
      await k
        .updateTable('customer_pipeline')
        .set({ status: 'Lost', lost_reason: job.input.lost_reason, updated_at: now })
        .where('opty_id', '=', job.optyId)
        .execute()
    }
    asOfs.delete(job.optyId)
    asOfs.set(job.optyId, job.asOf)
  }
  const byDate = new Map<string, string[]>()
  for (const [optyId, asOf] of asOfs) byDate.set(asOf, [...(byDate.get(asOf) ?? []), optyId])
  for (const [asOf, ids] of byDate)
    await scoring.rescoreOpportunities(conn, config.score, ids, asOf)
  const after = asOfs.size ? await scores() : before
  return jobs.map((job, i) =>
    found[i]
      ? {
          found: true,
          oldScore: before.get(job.optyId) ?? null,
          newScore: after.get(job.optyId) ?? null,
        }
      : { found: false, oldScore: null, newScore: null },
  )
}
