// `scv run [--as-of D]`: ingest the inbox, score, hotspots, alert — each step recorded; the first failure stops the rest.
import { parseDate, todayIST } from '../../data/dates.ts'
import { openWarehouse } from '../../data/warehouse.ts'
import { runAll } from '../../pipelines/run.ts'
import { secrets } from '../config.ts'
import { str, type Command } from './command.ts'

const command: Command = {
  summary: 'run the daily pipeline: ingest the inbox, score, hotspots, alert',
  help: `Usage: scv run [--as-of D]
  --as-of D   the as-of date YYYY-MM-DD (default: today in Asia/Kolkata)
Steps, in order, each recorded in pipeline_runs: inbox (files in inbox_dir are loaded and moved to
archive_dir/<date>/, refused ones to refused_dir/ with a .error.txt), score, hotspots, alert (needs
SCV_SMTP_URL when there is something to send). A failed step stops the later ones.`,
  options: { 'as-of': { type: 'string' } },
  async run(ctx) {
    const asOf = str(ctx, 'as-of') ? parseDate(str(ctx, 'as-of')!, '--as-of') : todayIST()
    const db = await openWarehouse(ctx.config.db, { purpose: 'scv run' })
    let steps
    try {
      steps = await runAll(db, ctx.config, { asOf, triggeredBy: 'cli', smtpUrl: secrets().smtpUrl })
    } finally {
      await db.close()
    }
    if (ctx.json) ctx.print(JSON.stringify({ as_of: asOf, steps }))
    else
      for (const s of steps)
        ctx.print(
          `${s.step.padEnd(8)} ${s.status}${s.counts ? ` ${JSON.stringify(s.counts)}` : ''}${s.error ? `: ${s.error}` : ''}`,
        )
    const failed = steps.find((s) => s.status === 'failed')
    if (!failed) return 0
    console.error(`scv run: step ${failed.step} failed: ${failed.error}`)
    return failed.userError ? 2 : 1
  },
}
export default command
