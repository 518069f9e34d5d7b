// The inbox folder: every file dropped there is ingested, then moved to archive/<date>/ or, refused, to refused/.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { basename, extname, join } from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import type { Config } from '../app/config.ts'
import { todayIST } from '../data/dates.ts'
import { isUserError } from '../data/errors.ts'
import type { Warehouse } from '../data/warehouse.ts'
import { ingestFile, type FileResult } from './ingest/ingest.ts'
import { recordRun } from './runs.ts'
import { refreshScoreFacts } from './score/score.ts'

export type InboxFile = FileResult & { moved_to: string }

export type InboxResult = {
  files: number
  loaded: number
  skipped: number
  refused: number
  results: InboxFile[]
}

export interface InboxOptions {
  /** leave files modified less than this long ago (still being copied) for the next time */
  settleMs?: number
  triggeredBy?: string
  /** the archive folder's date (default today in Asia/Kolkata) */
  date?: string
  now?: Date
}

/** The files waiting in the inbox, oldest name first: regular files, not hidden, settled. */
function listInbox(dir: string, settleMs = 0, now = new Date()): string[] {
  mkdirSync(dir, { recursive: true })
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.'))
    .map((name) => join(dir, name))
    .filter((path) => {
      const s = statSync(path)
      return s.isFile() && now.getTime() - s.mtimeMs >= settleMs
    })
    .sort()
}

/**
 * Ingests every waiting file (call inside `db.write`): loaded or already-loaded files move to
 * archive_dir/<date>/, a refused one to refused_dir/ with `<name>.error.txt` beside it. Any other
 * error (the warehouse failing) stops here and leaves the file in the inbox for the next time.
 */
export async function ingestInbox(
  conn: DuckDBConnection,
  config: Config,
  options: InboxOptions = {},
): Promise<InboxResult> {
  const files = listInbox(config.inbox_dir, options.settleMs, options.now)
  const date = options.date ?? todayIST(options.now)
  const results: InboxFile[] = []
  for (const path of files) {
    let result: FileResult
    try {
      result = await ingestFile(conn, path)
    } catch (e) {
      if (!isUserError(e)) throw e
      const refused = (e as { result?: FileResult }).result
      const moved = moveInto(path, config.refused_dir)
      writeFileSync(`${moved}.error.txt`, `${e.message}\n`)
      results.push({
        ...(refused ?? emptyResult(path)),
        status: 'refused',
        message: e.message,
        moved_to: moved,
      })
      continue
    }
    results.push({ ...result, moved_to: moveInto(path, join(config.archive_dir, date)) })
  }
  return {
    files: results.length,
    loaded: results.filter((r) => r.status === 'loaded').length,
    skipped: results.filter((r) => r.status === 'skipped').length,
    refused: results.filter((r) => r.status === 'refused').length,
    results,
  }
}

/**
 * The scheduler's inbox job: nothing to do → nothing recorded; otherwise one 'inbox' run in
 * pipeline_runs, then, when a file was loaded, the score facts that single rescores read are
 * recomputed (nothing is scored) and a CHECKPOINT follows. A folder that cannot be read is
 * recorded as a failed run too.
 */
export async function processInbox(
  db: Warehouse,
  config: Config,
  options: InboxOptions = {},
): Promise<InboxResult & { facts_refreshed: boolean }> {
  const info = { pipeline: 'inbox', asOf: todayIST(options.now), triggeredBy: options.triggeredBy }
  let waiting: string[]
  try {
    waiting = listInbox(config.inbox_dir, options.settleMs, options.now)
  } catch (e) {
    await db.write((conn) =>
      recordRun(conn, info, async () => {
        throw e
      }),
    )
    throw e
  }
  if (!waiting.length)
    return { files: 0, loaded: 0, skipped: 0, refused: 0, results: [], facts_refreshed: false }
  const result = await db.write((conn) =>
    recordRun(conn, info, () => ingestInbox(conn, config, options)),
  )
  if (!result.loaded) return { ...result, facts_refreshed: false }
  const refreshed = await db.write((conn) =>
    refreshScoreFacts(conn, config.score, todayIST(options.now)),
  )
  await db.checkpoint()
  return { ...result, facts_refreshed: refreshed }
}

/** Moves a file into a folder, never overwriting: a second `x.csv` becomes `x-2.csv`. */
function moveInto(path: string, dir: string): string {
  mkdirSync(dir, { recursive: true })
  const ext = extname(path)
  const stem = basename(path, ext)
  let target = join(dir, basename(path))
  for (let i = 2; existsSync(target) || existsSync(`${target}.error.txt`); i++)
    target = join(dir, `${stem}-${i}${ext}`)
  try {
    renameSync(path, target)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e
    copyFileSync(path, target)
    unlinkSync(path)
  }
  return target
}

function emptyResult(path: string): FileResult {
  return {
    file: path,
    table: null,
    status: 'refused',
    rows_read: 0,
    rows_loaded: 0,
    rows_rejected: 0,
    rows_superseded: 0,
  }
}
