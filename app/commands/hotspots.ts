// `scv hotspots [--as-of D] [--from D1 --to D2]`: market hotspots for one as-of date, or a backfill of a range.
import { addDays, parseDate, todayIST } from '../../data/dates.ts'
import { UserError } from '../../data/errors.ts'
import { openWarehouse } from '../../data/warehouse.ts'
import { withHotspotSession } from '../../pipelines/hotspots/hotspots.ts'
import { recordRun } from '../../pipelines/runs.ts'
import { str, type Command } from './command.ts'

const MAX_RANGE_DAYS = 3660

const command: Command = {
  summary: 'compute market hotspots (SPEC 6) for an as-of date or backfill a range',
  help: `Usage: scv hotspots [--as-of D] [--from D1 --to D2]
  --as-of D        the as-of date YYYY-MM-DD (default: today in Asia/Kolkata)
  --from D1 --to D2  backfill every date of the range, inclusive, one transaction per date
Re-running a date replaces that date's rows only; other dates' history is kept.`,
  options: {
    'as-of': { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
  },
  async run(ctx) {
    const dates = datesToCompute(str(ctx, 'as-of'), str(ctx, 'from'), str(ctx, 'to'))
    const db = await openWarehouse(ctx.config.db, { purpose: 'scv hotspots' })
    const results: { as_of: string; talukas: number; hotspots: number; emerging: number }[] = []
    try {
      await db.write((conn) =>
        withHotspotSession(conn, ctx.config, async (compute) => {
          for (const asOf of dates) {
            const counts = await recordRun(
              conn,
              { pipeline: 'hotspots', asOf, triggeredBy: 'cli' },
              () => compute(asOf),
            )
            results.push({ as_of: asOf, ...counts })
            if (!ctx.json)
              ctx.print(
                `hotspots ${asOf}: ${counts.talukas} talukas, ${counts.hotspots} HOTSPOT, ${counts.emerging} EMERGING`,
              )
          }
        }),
      )
    } finally {
      await db.close()
    }
    if (ctx.json) ctx.print(JSON.stringify(results.length === 1 ? results[0] : results))
  },
}
export default command

/** The as-of dates a command line asks for: one date, or every date of --from … --to. */
export function datesToCompute(asOf?: string, from?: string, to?: string): string[] {
  if (from === undefined && to === undefined)
    return [asOf ? parseDate(asOf, '--as-of') : todayIST()]
  if (asOf !== undefined) throw new UserError('give either --as-of or --from/--to, not both')
  if (from === undefined || to === undefined)
    throw new UserError('a backfill needs both --from and --to')
  const start = parseDate(from, '--from')
  const end = parseDate(to, '--to')
  if (start > end) throw new UserError(`--from ${start} is after --to ${end}`)
  const dates: string[] = []
  for (let d = start; d <= end; d = addDays(d, 1)) {
    dates.push(d)
    if (dates.length > MAX_RANGE_DAYS)
      throw new UserError(`the range ${start} … ${end} is longer than ${MAX_RANGE_DAYS} days`)
  }
  return dates
}
