// `scv score [--as-of D] [--full]`: scores every open opportunity (SPEC 5) and prints what changed.
import { parseDate, todayIST } from '../../data/dates.ts'
import { openWarehouse } from '../../data/warehouse.ts'
import { scoreAll } from '../../pipelines/score/score.ts'
import { str, type Command } from './command.ts'

const command: Command = {
  summary: 'score every open opportunity: components, total, next best action (SPEC 5)',
  help: `Usage: scv score [--as-of D] [--full]
  --as-of D   the business date to score as of, YYYY-MM-DD (default: today in Asia/Kolkata)
  --full      rewrite every open row and stamp its scored_at, even where no value changed
Every run scores the open opportunities whose inputs changed since a run last scored them (all of
them on a new day, with a new configuration, or when more than a quarter changed) and writes them
with one MERGE into scv_customer_score: new open opportunities are inserted, a row is updated
only when one of its values changed (so a rerun with the same data and date changes nothing,
scored_at included), and rows of opportunities no longer open are kept with is_open = false.
score_version is a hash of the score configuration: a changed configuration rescores every row.
--full is for re-baselining: every open row is scored and rewritten with a new scored_at. The
rep app's read table lead_list is updated in the same transaction.`,
  options: {
    'as-of': { type: 'string' },
    full: { type: 'boolean', default: false },
  },
  async run(ctx) {
    const asOfOption = str(ctx, 'as-of')
    const asOf = asOfOption ? parseDate(asOfOption, '--as-of') : todayIST()
    const db = await openWarehouse(ctx.config.db, { purpose: 'scv score' })
    try {
      const started = performance.now()
      const counts = await db.write((conn) =>
        scoreAll(conn, ctx.config.score, {
          asOf,
          full: Boolean(ctx.values.full),
          triggeredBy: 'cli',
        }),
      )
      const seconds = (performance.now() - started) / 1000
      if (ctx.json) ctx.print(JSON.stringify({ as_of: asOf, ...counts, seconds: round1(seconds) }))
      else
        ctx.print(
          `scored as of ${asOf} (version ${counts.score_version}): ${counts.inserted} new, ${counts.updated} updated, ${counts.closed} closed, ${counts.unchanged} unchanged in ${seconds.toFixed(1)} s`,
        )
    } finally {
      await db.close()
    }
  },
}
export default command

const round1 = (x: number) => Math.round(x * 10) / 10
