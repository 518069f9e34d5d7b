// The admin console (`/admin`, admin only): pipeline runs, loaded files and their rejected rows, file
// upload through the CLI's ingestion, run-now with progress, alert preview and test send, users.
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { Hono, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { nowIST, todayIST } from '../../data/dates.ts'
import { isUserError } from '../../data/errors.ts'
import { buildAlert, runAlert } from '../../pipelines/alert/alert.ts'
import { tableNames } from '../../pipelines/ingest/contract.ts'
import { ingestFile, RefusedFileError, type FileResult } from '../../pipelines/ingest/ingest.ts'
import { runAll } from '../../pipelines/run.ts'
import { refreshScoreFacts } from '../../pipelines/score/score.ts'
import {
  AdminPage,
  RunStatus,
  type AdminModel,
  type RunStatusModel,
  type UploadResult,
} from '../../views/admin.tsx'
import type { T } from '../../views/i18n.ts'
import { describeScope } from '../auth/scope.ts'
import { secrets, type Config } from '../config.ts'
import { listUsers } from '../users.ts'
import { dashboardCss } from '../dashboard/assets.ts'
import { ADMIN_ROLES, csvResponse, onlyRoles } from '../dashboard/access.ts'
import {
  ingestRuns,
  lastIngestOf,
  pipelineRuns,
  rejectedColumns,
  rejectedRows,
  runsSince,
} from '../dashboard/adminQueries.ts'
import { toCsv } from '../dashboard/csv.ts'
import { validDate } from '../dashboard/filters.ts'
import { externaliseStyles, previewSheet } from '../dashboard/emailPreview.ts'
import { isHtmx, pageContext, userOf, type AppContext, type AppEnv, type Deps } from './context.ts'

const EMAIL = /^[^\s@<>,]+@[^\s@<>,]+\.[^\s@<>,]+$/

/**
 * The upload size limit, applied before anything reads the body (mounted in server.ts ahead of the
 * session and CSRF middleware, which parse form bodies): a larger request is refused with 413.
 */
export function uploadLimit(config: Config): MiddlewareHandler {
  const mb = config.server.upload_max_mb
  return bodyLimit({
    maxSize: Math.round(mb * 1024 * 1024),
    onError: (c) =>
      c.html(
        `<!doctype html><title>413</title><p role="alert">The file is larger than ${mb} MB: nothing was loaded. <a href="/admin">Back</a></p>`,
        413,
      ),
  })
}

/** A file name safe to write: the base name with anything unusual replaced, at most 120 characters. */
export function safeFileName(name: string): string {
  const base = basename(name.replace(/\\/g, '/'))
    .replace(/[^\w.-]/g, '_')
    .replace(/^\.+/, '')
  return base.slice(-120) || 'upload'
}

interface RunJob {
  startedAt: string
  asOf: string
  done: boolean
  outcome?: string
  error?: string
}

export function adminRoutes(deps: Deps) {
  const app = new Hono<AppEnv>()
  const gate = onlyRoles(ADMIN_ROLES)
  let job: RunJob | undefined

  async function runStatus(): Promise<RunStatusModel> {
    if (!job) return { state: 'idle', steps: [] }
    const since = job.startedAt
    const steps = await deps.pool.use((_k, conn) => runsSince(conn, since))
    return {
      state: job.done ? 'done' : 'running',
      startedAt: job.startedAt,
      asOf: job.asOf,
      outcome: job.outcome,
      steps: [
        ...steps.map((s) => ({
          pipeline: s.pipeline,
          status: s.status,
          duration_s: s.duration_s,
          error: s.error,
        })),
        ...(job.error
          ? [{ pipeline: 'run', status: 'failed', duration_s: null, error: job.error }]
          : []),
      ],
    }
  }

  async function page(
    c: AppContext,
    extra: { upload?: UploadResult; alert?: AdminModel['alert']; runError?: string } = {},
    status: 200 | 413 | 422 = 200,
  ) {
    const [runs, ingests, users, run] = await Promise.all([
      deps.pool.use((_k, conn) => pipelineRuns(conn)),
      deps.pool.use((_k, conn) => ingestRuns(conn)),
      deps.pool.use((_k, conn) => listUsers(conn)),
      runStatus(),
    ])
    let alert = extra.alert
    const asked = validDate(c.req.query('alert'))
    if (!alert && asked) alert = await alertPreview(asked)
    const model: AdminModel = {
      today: todayIST(),
      tables: tableNames,
      uploadMaxMb: deps.config.server.upload_max_mb,
      run,
      upload: extra.upload,
      runError: extra.runError,
      alert,
      runs: runs.map((r) => ({
        ...r,
        duration_s: r.duration_s ?? (r.status === 'running' ? '…' : ''),
      })),
      ingests: ingests.map((r) => ({
        ...r,
        file: basename(r.file_name),
        // the server's folders are not shown: the file's own name stands for its path
        message: r.message?.replaceAll(r.file_name, basename(r.file_name)) ?? null,
        rejectedHref: r.rows_rejected > 0 ? `/admin/rejected/${r.run_id}` : undefined,
      })),
      users: users.map((u) => ({ ...u, scope: describeScope(u) })),
      cssHref: dashboardCss,
    }
    return c.html(
      `<!doctype html>${String(AdminPage({ ctx: pageContext(c, deps), model }))}`,
      status,
    )
  }

  async function alertPreview(asOf: string, sent?: string): Promise<AdminModel['alert']> {
    const content = await deps.pool.use((_k, conn) => buildAlert(conn, deps.config, asOf))
    return {
      asOf,
      subject: content?.subject ?? null,
      text: content?.text ?? null,
      previewHref: `/admin/alert/preview?date=${asOf}`,
      sent,
    }
  }

  app.get('/admin', gate, (c) => page(c))

  app.get('/admin/run/status', gate, async (c) => {
    const t: T = c.get('t')
    const html = String(RunStatus({ t, run: await runStatus() }))
    if (isHtmx(c)) return c.html(html)
    return c.redirect('/admin#run', 302)
  })

  app.post('/admin/run', gate, async (c) => {
    const body = await c.req.parseBody()
    const date = typeof body.date === 'string' ? body.date.trim() : ''
    // no date: today; a date that is not one (2026-02-31, text) is refused rather than run for today
    if (date && !validDate(date))
      return page(c, { runError: c.get('t')('error.date', { field: c.get('t')('hot.asof') }) }, 422)
    const asOf = validDate(date) ?? todayIST()
    if (!job || job.done) {
      const current: RunJob = { startedAt: nowIST(), asOf, done: false }
      job = current
      const user = userOf(c).username
      // in the background: the page polls /admin/run/status for progress
      void runAll(deps.db, deps.config, {
        asOf,
        triggeredBy: `admin:${user}`,
        smtpUrl: secrets().smtpUrl,
      })
        .then((steps) => {
          current.outcome = steps.some((s) => s.status === 'failed') ? 'failed' : 'succeeded'
        })
        .catch((e: unknown) => {
          current.outcome = 'failed'
          current.error = e instanceof Error ? e.message : String(e)
        })
        .finally(() => {
          current.done = true
        })
    }
    return c.redirect('/admin#run', 303)
  })

  app.post('/admin/upload', gate, async (c) => {
    const t = c.get('t')
    const body = await c.req.parseBody()
    const file = body.file
    if (!(file instanceof File) || !file.name || file.size === 0)
      return page(c, { upload: { ok: false, message: t('admin.upload.none') } }, 422)
    const table =
      typeof body.table === 'string' &&
      body.table &&
      (tableNames as readonly string[]).includes(body.table)
        ? body.table
        : undefined
    const dir = join(
      dirname(resolve(deps.config.inbox_dir)),
      'uploads',
      `${nowIST().replace(/[: ]/g, '-')}-${randomBytes(3).toString('hex')}`,
    )
    mkdirSync(dir, { recursive: true })
    const name = safeFileName(file.name)
    const path = join(dir, name)
    writeFileSync(path, new Uint8Array(await file.arrayBuffer()))
    let result: FileResult
    try {
      result = await deps.db.write(async (conn) => {
        const loaded = await ingestFile(conn, path, { table })
        // loading scores nothing ("Run now" does), but single rescores read facts that follow it
        if (loaded.status === 'loaded') await refreshScoreFacts(conn, deps.config.score, todayIST())
        return loaded
      })
      if (result.status === 'loaded') await deps.db.checkpoint()
    } catch (e) {
      if (e instanceof RefusedFileError)
        return page(
          c,
          {
            upload: {
              ok: false,
              ...e.result,
              file: name,
              message: e.message.replaceAll(path, name),
            },
          },
          422,
        )
      if (isUserError(e))
        return page(
          c,
          { upload: { ok: false, file: name, message: e.message.replaceAll(path, name) } },
          422,
        )
      throw e
    }
    const runId = await deps.pool.use((_k, conn) => lastIngestOf(conn, resolve(path)))
    const upload: UploadResult = {
      ok: result.status !== 'refused',
      ...result,
      file: name,
      message:
        result.message?.replaceAll(path, name) ??
        t('admin.upload.loaded', { file: name, table: result.table ?? '' }),
      rejectedHref:
        result.rows_rejected > 0 && runId !== null ? `/admin/rejected/${runId}` : undefined,
    }
    return page(c, { upload })
  })

  app.get('/admin/rejected/:run', gate, async (c) => {
    const runId = Number.parseInt(c.req.param('run').replace(/\.csv$/, ''), 10)
    if (!Number.isSafeInteger(runId)) return c.notFound()
    const rows = await deps.pool.use((_k, conn) => rejectedRows(conn, runId))
    if (!rows.length) return c.notFound()
    return csvResponse(toCsv(rows, [...rejectedColumns]), `rejected_rows_${runId}.csv`)
  })

  app.get('/admin/alert/preview', gate, async (c) => {
    const asOf = c.req.query('date') ?? ''
    if (!validDate(asOf)) return c.notFound()
    const content = await deps.pool.use((_k, conn) => buildAlert(conn, deps.config, asOf))
    if (!content) return c.notFound()
    return c.html(externaliseStyles(content.html, (h) => `/admin/alert/style/${h}.css`))
  })

  app.get('/admin/alert/style/:file', gate, (c) => {
    const sheet = previewSheet(c.req.param('file').replace(/\.css$/, ''))
    if (sheet === undefined) return c.notFound()
    c.header('Content-Type', 'text/css; charset=utf-8')
    c.header('Cache-Control', 'private, max-age=3600')
    return c.body(sheet)
  })

  app.post('/admin/alert/send', gate, async (c) => {
    const body = await c.req.parseBody()
    const asOf = (typeof body.date === 'string' && validDate(body.date)) || todayIST()
    const to = typeof body.to === 'string' ? body.to.trim() : ''
    let message: string
    if (!EMAIL.test(to)) message = `not an email address: ${to}`
    else {
      try {
        const r = await runAlert(deps.db, deps.config, {
          asOf,
          to: [to],
          smtpUrl: secrets().smtpUrl,
        })
        message = r.message
      } catch (e) {
        if (!isUserError(e)) throw e
        message = e.message
      }
    }
    return page(c, { alert: await alertPreview(asOf, message) })
  })

  return app
}
