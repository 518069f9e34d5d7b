// `scv calibrate [--out FILE]`: proposes score points and weights from closed opportunities and writes them as a config file.
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { parseConfig } from '../config.ts'
import { openWarehouse } from '../../data/warehouse.ts'
import { calibrate, formatEvaluations } from '../../pipelines/score/calibrate.ts'
import { str, type Command } from './command.ts'

const command: Command = {
  summary: 'propose score points and weights from Won/Lost outcomes, checked on a holdout',
  help: `Usage: scv calibrate [--out FILE]
  --out FILE  where to write the proposed configuration (default: score-calibrated.json beside
              the warehouse file)
Every closed opportunity (Won or Lost) is scored as of the day before it closed, with the same SQL
as \`scv score\`. The oldest 80 % of closures fit the proposal: each band's smoothed win log-odds,
scaled to 0–10 points per component, and weights proportional to each component's information
value (summing to 100); band edges stay as configured. The newest 20 % test it: ROC AUC and
top-decile lift of the current configuration, the proposal and each component alone.
The file written is your whole configuration with the score section replaced (db left out);
adopt it with --config FILE (or SCV_CONFIG) after reviewing it.`,
  options: { out: { type: 'string' } },
  async run(ctx) {
    const out = str(ctx, 'out') ?? join(dirname(ctx.config.db), 'score-calibrated.json')
    const db = await openWarehouse(ctx.config.db, { readOnly: true, purpose: 'scv calibrate' })
    let result
    try {
      const started = performance.now()
      result = await db.withConnection((conn) => calibrate(conn, ctx.config.score))
      const seconds = (performance.now() - started) / 1000
      if (!ctx.json) {
        ctx.print(
          `fit: ${result.fit.closures} closures (${result.fit.won} won); test: newest ${result.test.closures} (${result.test.won} won); ${seconds.toFixed(1)} s`,
        )
        ctx.print(formatEvaluations(result))
      }
    } finally {
      await db.close()
    }
    const file: Record<string, unknown> = { ...ctx.config, score: result.proposal }
    delete file.db // the warehouse path stays with --db / SCV_DB
    parseConfig(file, 'the proposal') // refuse to write a file that --config would reject
    writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`)
    if (ctx.json) ctx.print(JSON.stringify({ out, ...result }))
    else ctx.print(`proposal written to ${out} (adopt it with --config ${out})`)
  },
}
export default command
