// The admin console: run the pipeline now (with progress), load a file, preview and test-send the
// alert, and see pipeline runs, loaded files with their rejected rows, and users.
import { CsrfField, Layout, type PageContext } from './layout.tsx'
import type { T } from './i18n.ts'
import { DataTable } from './dashboard.tsx'

export interface RunStatusModel {
  state: 'idle' | 'running' | 'done'
  startedAt?: string
  asOf?: string
  /** overall outcome when done: succeeded / failed */
  outcome?: string
  steps: { pipeline: string; status: string; duration_s: number | null; error: string | null }[]
}

export interface UploadResult {
  ok: boolean
  message: string
  file?: string
  table?: string | null
  status?: string
  rows_read?: number
  rows_loaded?: number
  rows_rejected?: number
  rows_superseded?: number
  rejectedHref?: string
}

export interface AlertPreviewModel {
  asOf: string
  subject: string | null
  text: string | null
  previewHref: string
  sent?: string
}

export interface AdminModel {
  today: string
  tables: readonly string[]
  uploadMaxMb: number
  run: RunStatusModel
  upload?: UploadResult
  /** why "Run now" refused the posted form */
  runError?: string
  alert?: AlertPreviewModel
  runs: Record<string, unknown>[]
  ingests: (Record<string, unknown> & { rejectedHref?: string })[]
  users: Record<string, unknown>[]
  cssHref: string
}

/** The run's progress; while running it asks again every second (htmx), and stops once done. */
export function RunStatus({ t, run }: { t: T; run: RunStatusModel }) {
  const polling =
    run.state === 'running'
      ? { 'hx-get': '/admin/run/status', 'hx-trigger': 'every 1s', 'hx-swap': 'outerHTML' }
      : {}
  return (
    <div id="run-status" role="status" aria-live="polite" {...polling}>
      {run.state === 'idle' ? <p class="meta">{t('admin.run.idle')}</p> : null}
      {run.state === 'running' ? (
        <p class="notice">{t('admin.run.running', { time: run.startedAt ?? '' })}</p>
      ) : null}
      {run.state === 'done' ? (
        <p class={run.outcome === 'succeeded' ? 'ok' : 'notice error'}>
          {t('admin.run.done', { status: run.outcome ?? '' })}
        </p>
      ) : null}
      {run.steps.length ? (
        <ul>
          {run.steps.map((s) => (
            <li>
              {`${s.pipeline}: ${s.status}${s.duration_s !== null ? ` (${s.duration_s} s)` : ''}`}
              {s.error ? <span class="error">{` — ${s.error}`}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

function Upload({ ctx, model }: { ctx: PageContext; model: AdminModel }) {
  const { t } = ctx
  const u = model.upload
  return (
    <section class="chart" aria-labelledby="h-upload" id="upload">
      <h2 id="h-upload">{t('admin.upload')}</h2>
      <p class="meta">{t('admin.upload.help', { mb: model.uploadMaxMb })}</p>
      {u ? (
        <div class={u.ok ? 'ok' : 'notice'} role="alert">
          {u.ok ? null : <strong>{`${t('admin.upload.refused')} `}</strong>}
          <span>{u.message}</span>
          {u.rows_read !== undefined ? (
            <dl class="facts">
              <dt>{t('col.read')}</dt>
              <dd>{u.rows_read}</dd>
              <dt>{t('col.loaded')}</dt>
              <dd>{u.rows_loaded}</dd>
              <dt>{t('col.rejected')}</dt>
              <dd>{u.rows_rejected}</dd>
              <dt>{t('col.superseded')}</dt>
              <dd>{u.rows_superseded}</dd>
            </dl>
          ) : null}
          {u.rejectedHref ? <a href={u.rejectedHref}>{t('admin.rejected.csv')}</a> : null}
        </div>
      ) : null}
      <form method="post" action="/admin/upload" enctype="multipart/form-data">
        <CsrfField token={ctx.csrf} />
        <label class="field">
          <span>{t('admin.file')}</span>
          <input type="file" name="file" accept=".csv,.parquet,text/csv" required />
        </label>
        <label class="field">
          <span>{t('admin.table')}</span>
          <select name="table">
            <option value="">{t('admin.table.auto')}</option>
            {model.tables.map((x) => (
              <option value={x}>{x}</option>
            ))}
          </select>
        </label>
        <button type="submit">{t('admin.upload.submit')}</button>
      </form>
    </section>
  )
}

function AlertPreview({ ctx, model }: { ctx: PageContext; model: AdminModel }) {
  const { t } = ctx
  const a = model.alert
  const asOf = a?.asOf ?? model.today
  return (
    <section class="chart" aria-labelledby="h-alert" id="alert">
      <h2 id="h-alert">{t('admin.alert')}</h2>
      <p class="meta">{t('admin.alert.help')}</p>
      <form method="get" action="/admin" class="filterbar">
        <label class="field">
          <span>{t('hot.asof')}</span>
          <input type="date" name="alert" value={asOf} required />
        </label>
        <div class="field">
          <button type="submit">{t('admin.alert.preview')}</button>
        </div>
      </form>
      {a ? (
        a.subject === null ? (
          <p class="notice">{t('admin.alert.none', { date: a.asOf })}</p>
        ) : (
          <div class="stack">
            {a.sent ? (
              <p class="ok" role="alert">
                {t('admin.alert.sent', { message: a.sent })}
              </p>
            ) : null}
            <p>
              <strong>{`${t('admin.alert.subject')}: `}</strong>
              {a.subject}
            </p>
            <p>
              <a href={a.previewHref} target="_blank" rel="noopener">
                {t('admin.alert.open')}
              </a>
            </p>
            <details>
              <summary>{t('admin.alert.text')}</summary>
              <pre class="mail">{a.text}</pre>
            </details>
            <form method="post" action="/admin/alert/send" class="filterbar">
              <CsrfField token={ctx.csrf} />
              <input type="hidden" name="date" value={a.asOf} />
              <label class="field">
                <span>{t('admin.alert.to')}</span>
                <input type="email" name="to" required autocomplete="email" />
              </label>
              <div class="field">
                <button type="submit">{t('admin.alert.send')}</button>
              </div>
            </form>
          </div>
        )
      ) : null}
    </section>
  )
}

export function AdminPage({ ctx, model }: { ctx: PageContext; model: AdminModel }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('admin.title')}>
      <link rel="stylesheet" href={model.cssHref} />
      <div class="wide stack">
        <h1>{t('admin.title')}</h1>
        <div class="grid">
          <section class="chart" aria-labelledby="h-run" id="run">
            <h2 id="h-run">{t('admin.run')}</h2>
            <p class="meta">{t('admin.run.help')}</p>
            <form method="post" action="/admin/run" class="filterbar">
              <CsrfField token={ctx.csrf} />
              <label class="field">
                <span>{t('hot.asof')}</span>
                <input type="date" name="date" value={model.today} required />
              </label>
              <div class="field">
                <button type="submit">{t('admin.run.submit')}</button>
              </div>
            </form>
            {model.runError ? (
              <p class="notice error" role="alert">
                {model.runError}
              </p>
            ) : null}
            <RunStatus t={t} run={model.run} />
          </section>
          <Upload ctx={ctx} model={model} />
        </div>
        <AlertPreview ctx={ctx} model={model} />
        <section class="chart" aria-labelledby="h-runs">
          <h2 id="h-runs">{t('admin.runs')}</h2>
          <DataTable
            t={t}
            caption={t('admin.runs')}
            columns={[
              { key: 'pipeline', label: 'col.pipeline' },
              { key: 'as_of_date', label: 'col.asof' },
              { key: 'status', label: 'col.status' },
              { key: 'started_at', label: 'col.started' },
              { key: 'duration_s', label: 'col.duration', num: true },
              { key: 'row_counts', label: 'col.counts' },
              { key: 'error', label: 'col.error' },
            ]}
            rows={model.runs}
          />
        </section>
        <section class="chart" aria-labelledby="h-ingests">
          <h2 id="h-ingests">{t('admin.ingests')}</h2>
          <DataTable
            t={t}
            caption={t('admin.ingests')}
            columns={[
              { key: 'file', label: 'col.file' },
              { key: 'table_name', label: 'admin.table' },
              { key: 'status', label: 'col.status' },
              { key: 'rows_read', label: 'col.read', num: true },
              { key: 'rows_loaded', label: 'col.loaded', num: true },
              { key: 'rows_rejected', label: 'col.rejected', num: true },
              { key: 'rows_superseded', label: 'col.superseded', num: true },
              { key: 'message', label: 'col.message' },
            ]}
            rows={model.ingests}
            render={(key, r) =>
              key === 'rows_rejected' && r.rejectedHref ? (
                <a
                  href={String(r.rejectedHref)}
                  aria-label={`${t('admin.rejected.csv')}: ${r.file}`}
                >
                  {String(r.rows_rejected)}
                </a>
              ) : (
                String(r[key] ?? '')
              )
            }
          />
        </section>
        <section class="chart" aria-labelledby="h-users">
          <h2 id="h-users">{t('admin.users')}</h2>
          <DataTable
            t={t}
            caption={t('admin.users')}
            columns={[
              { key: 'username', label: 'col.username' },
              { key: 'role', label: 'col.role' },
              { key: 'scope', label: 'col.scope' },
              { key: 'lang', label: 'col.lang' },
            ]}
            rows={model.users}
          />
        </section>
      </div>
    </Layout>
  )
}
