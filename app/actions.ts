// The action form of the lead page (called, visited, test drive, follow-up, booked, lost): what a rep may post, validated.
import { addDays } from '../data/dates.ts'
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
