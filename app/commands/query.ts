// `scv query "SQL"`: read-only SQL over the warehouse, printed as a table, CSV or JSON.
import { inParallel } from '../../data/threads.ts'
import { openWarehouse, rows } from '../../data/warehouse.ts'
import { UserError } from '../../data/errors.ts'
import { type Command } from './command.ts'

const command: Command = {
  summary: 'run read-only SQL over the warehouse',
  help: `Usage: scv query "SQL" [--csv | --json]
  --csv    print CSV (header row, RFC 4180 quoting)
  --json   print a JSON array of rows
The warehouse is opened read-only: statements that write are refused by DuckDB.`,
  options: { csv: { type: 'boolean', default: false } },
  positionals: true,
  async run(ctx) {
    const sql = ctx.positionals.join(' ').trim()
    if (!sql)
      throw new UserError(
        'give the SQL to run, e.g. scv query "select count(*) from customer_pipeline"',
      )
    const db = await openWarehouse(ctx.config.db, { readOnly: true })
    try {
      const result = await db.withConnection(async (conn) => {
        try {
          // an ad-hoc query over whole tables: all of DuckDB's threads (data/threads.ts)
          return await inParallel(conn, () => rows(conn, sql))
        } catch (e) {
          throw new UserError(`query failed: ${(e as Error).message.split('\n')[0]}`)
        }
      })
      if (ctx.json) ctx.print(JSON.stringify(result))
      else if (ctx.values.csv) ctx.print(toCsv(result))
      else ctx.print(toTable(result))
    } finally {
      await db.close()
    }
  },
}
export default command

export function toCsv(data: Record<string, unknown>[]): string {
  if (!data.length) return ''
  const cols = Object.keys(data[0])
  const cell = (v: unknown) => {
    const s =
      v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return [cols.map(cell).join(','), ...data.map((r) => cols.map((c) => cell(r[c])).join(','))].join(
    '\n',
  )
}

export function toTable(data: Record<string, unknown>[]): string {
  if (!data.length) return '(no rows)'
  const cols = Object.keys(data[0])
  const text = (v: unknown) =>
    v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)
  const widths = cols.map((c) => Math.max(c.length, ...data.map((r) => text(r[c]).length)))
  const line = (cells: string[]) =>
    cells
      .map((s, i) => s.padEnd(widths[i]))
      .join('  ')
      .trimEnd()
  return [
    line(cols),
    line(widths.map((w) => '-'.repeat(w))),
    ...data.map((r) => line(cols.map((c) => text(r[c])))),
  ].join('\n')
}
