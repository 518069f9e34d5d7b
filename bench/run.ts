// `npm run bench`: builds the 1M-opportunity warehouse once, runs each area's measurements, prints one table.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseConfig } from '../app/config.ts'
import type { BenchContext, BenchRow } from './types.ts'

/** Areas in dependency order: each may rely on what the earlier ones left in the warehouse. */
const areas = ['foundation', 'score', 'hotspots', 'app', 'dashboard']

const only = process.argv.slice(2)
const dir = process.env.SCV_BENCH_DIR ?? join(process.cwd(), 'data', 'bench')
mkdirSync(dir, { recursive: true })
const ctx: BenchContext = {
  dir,
  dbPath: join(dir, 'bench.duckdb'),
  config: parseConfig({ db: join(dir, 'bench.duckdb') }),
  opportunities: Number(process.env.SCV_BENCH_OPPORTUNITIES ?? 1_000_000),
  state: {},
}

const results: BenchRow[] = []
for (const area of areas) {
  if (only.length && !only.includes(area)) continue
  let mod: { default: (ctx: BenchContext) => Promise<BenchRow[]> }
  try {
    mod = await import(`./${area}.ts`)
  } catch {
    continue // that area has no benchmark yet
  }
  process.stderr.write(`bench: ${area}…\n`)
  const rows = await mod.default(ctx)
  results.push(...rows)
}

const table = [
  ['area', 'measure', 'value', 'budget', 'ok'],
  ...results.map((r) => [
    r.area,
    r.measure,
    `${r.value} ${r.unit}`,
    r.budget ?? '',
    r.ok === undefined ? '' : r.ok ? 'yes' : 'NO',
  ]),
]
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)))
const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
console.log(line(table[0]))
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
for (const row of table.slice(1)) console.log(line(row))
process.exit(results.some((r) => r.ok === false) ? 1 : 0)
