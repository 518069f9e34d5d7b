// `scv ingest PATH…`: loads CSV/Parquet files or folders into the warehouse (SPEC 3), one line per file.
import { UserError } from '../../data/errors.ts'
import { openWarehouse } from '../../data/warehouse.ts'
import { tableNames } from '../../pipelines/ingest/contract.ts'
import {
  expandPaths,
  ingestOrRefuse,
  totals,
  type FileResult,
} from '../../pipelines/ingest/ingest.ts'
import { recordRun } from '../../pipelines/runs.ts'
import { str, type Command } from './command.ts'

const command: Command = {
  summary: 'load CSV or Parquet files (or folders of them) into the warehouse',
  help: `Usage: scv ingest PATH… [--table T] [--json]
  PATH          a .csv or .parquet file, or a folder (its .csv/.parquet files, in name order)
  --table T     load every file into table T (${tableNames.join(', ')});
                otherwise the table is the file name's prefix, e.g. call_log_2026-11-20.csv
  --json        print the per-file results as a JSON array
Each file loads in one transaction. A file already loaded (same SHA-256) is skipped. Rows that do
not parse go to rejected_rows (see: scv query "select * from rejected_rows"). A file missing a
required column is refused whole. Exit 2 when a file was refused or a path does not exist.`,
  options: { table: { type: 'string' } },
  positionals: true,
  async run(ctx) {
    if (!ctx.positionals.length)
      throw new UserError('give the files or folders to load, e.g. scv ingest data/inbox')
    const table = str(ctx, 'table')
    if (table !== undefined && !(tableNames as readonly string[]).includes(table))
      throw new UserError(`--table must be one of ${tableNames.join(', ')}, got "${table}"`)
    const files = expandPaths(ctx.positionals) // a missing path stops here, before the warehouse is touched
    const db = await openWarehouse(ctx.config.db, { purpose: 'scv ingest' })
    const results: FileResult[] = []
    try {
      // one pipeline_runs row for the command; each file still commits on its own
      await db.write((conn) =>
        recordRun(conn, { pipeline: 'ingest', triggeredBy: 'cli' }, async () => {
          for (const file of files) {
            const r = await ingestOrRefuse(conn, file, { table })
            results.push(r)
            if (!ctx.json) ctx.print(describe(r))
          }
          return totals(results)
        }),
      )
    } finally {
      await db.close()
    }
    if (ctx.json) ctx.print(JSON.stringify(results, null, 2))
    else if (!results.length) ctx.print('no .csv or .parquet files found')
    const refused = results.filter((r) => r.status === 'refused')
    if (refused.length) {
      console.error(
        `scv ingest: ${refused.length} of ${results.length} file${results.length > 1 ? 's' : ''} refused: ${refused[0].message}`,
      )
      return 2
    }
    return 0
  },
}
export default command

/** One line per file: what happened and the counts (rows_read = loaded + rejected + superseded). */
export function describe(r: FileResult): string {
  if (r.status === 'refused') return `refused  ${r.message}`
  if (r.status === 'skipped') return `skipped  ${r.file}: ${r.message}`
  return `loaded   ${r.file} -> ${r.table}: read ${r.rows_read}, loaded ${r.rows_loaded}, rejected ${r.rows_rejected}, superseded ${r.rows_superseded}`
}
