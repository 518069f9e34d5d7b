// Business dates: the as-of date is a calendar date in Asia/Kolkata; timestamps are stored as IST wall-clock time.
import { UserError } from './errors.ts'

const IST_OFFSET_MS = 5.5 * 3600 * 1000

/** Today's date in Asia/Kolkata, 'YYYY-MM-DD'. */
export function todayIST(now = new Date()): string {
  return new Date(now.getTime() + IST_OFFSET_MS).toISOString().slice(0, 10)
}

/** Now as an IST wall-clock timestamp, 'YYYY-MM-DD HH:MM:SS.mmm' (how TIMESTAMP columns are stored). */
export function nowIST(now = new Date()): string {
  return new Date(now.getTime() + IST_OFFSET_MS).toISOString().replace('T', ' ').replace('Z', '')
}

/** Validates a 'YYYY-MM-DD' date given by a user; `what` names it in the error (e.g. "--as-of"). */
export function parseDate(value: string, what = 'date'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  const d = m ? new Date(`${value}T00:00:00Z`) : null
  if (!m || !d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw new UserError(`${what} must be a date YYYY-MM-DD, got "${value}"`)
  }
  return value
}

/** Adds days to a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}
