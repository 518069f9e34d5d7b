// Lead detail: the score and why, what to do next, stock, the timeline, and the forms to record what happened.
import { CsrfField, Field, Layout, type PageContext } from './layout.tsx'
import { hasKey, shortDate, type T } from './i18n.ts'
import { label_ } from './today.tsx'

export interface ScoreComponent {
  /** column name, e.g. followup_score */
  key: string
  points: number
  weight: number
  /** weight * points / 10: what it adds to total_score */
  contribution: number
  /** contribution / total_score, 0..1 */
  share: number
}

export interface TimelineItem {
  at: string
  kind: 'journey' | 'call' | 'action'
  text: string
}

export interface LeadDetail {
  opty_id: string
  customer_name: string | null
  phone: string | null
  tel: string | null
  whatsapp: string | null
  message: string | null
  pl: string | null
  ppl: string | null
  stage: string
  status: string
  lead_classification: string | null
  dealer_code: string
  dealer_name: string | null
  dse_id: string | null
  created_at: string
  expected_closure_date: string | null
  enquiry_type: string | null
  customer_type: string | null
  location: string
  total_score: number | null
  next_best_action: string | null
  reason_codes: string[]
  pending_followup_date: string | null
  open: boolean
  components: ScoreComponent[]
  stock: {
    wanted: { pl: string; saleable: number; total: number; as_of: string } | null
    alternatives: { pl: string; saleable: number }[]
    elsewhere: { dealer_code: string; pl: string; saleable: number }[]
  }
  timeline: TimelineItem[]
}

export interface LeadForm {
  action: string
  values: Record<string, string>
  errors: Record<string, string>
}

export interface LeadModel {
  lead: LeadDetail
  canAct: boolean
  today: string
  /** the latest follow-up date a form accepts */
  maxDate: string
  flash?: string
  form?: LeadForm
}

export const lostReasons = ['price', 'finance', 'competitor', 'postponed', 'unreachable', 'other']
export const actionTypes = [
  'called',
  'visited',
  'test_drive',
  'followup',
  'booked',
  'lost',
] as const

export function LeadPage({ ctx, model }: { ctx: PageContext; model: LeadModel }) {
  return (
    <Layout ctx={ctx} title={model.lead.customer_name ?? model.lead.opty_id}>
      <p class="back">
        <a href="/">← {ctx.t('lead.back')}</a>
      </p>
      <LeadView ctx={ctx} model={model} />
    </Layout>
  )
}

/** The swappable part: what an htmx request (a recorded action) gets back. */
export function LeadView({ ctx, model }: { ctx: PageContext; model: LeadModel }) {
  const { t, lang } = ctx
  const l = model.lead
  return (
    <article id="lead" aria-labelledby="lead-h">
      <h1 id="lead-h">{l.customer_name ?? l.opty_id}</h1>
      {model.flash ? (
        <p class="flash" role="status">
          {model.flash}
        </p>
      ) : null}
      {model.form && Object.keys(model.form.errors).length ? (
        <div class="error" role="alert">
          <p>{t('lead.errors')}</p>
          {model.form.errors.action_type ? <p>{model.form.errors.action_type}</p> : null}
        </div>
      ) : null}
      {!l.open ? <p class="closed">{t('lead.closed', { status: l.status })}</p> : null}
      <dl class="facts">
        <Fact label={t('lead.phone')}>{l.tel ? <a href={l.tel}>{l.phone}</a> : l.phone}</Fact>
        <Fact label={t('lead.model')}>{[l.ppl, l.pl].filter(Boolean).join(' · ')}</Fact>
        <Fact label={t('lead.classification')}>
          {l.lead_classification && label_(t, l.lead_classification)}
        </Fact>
        <Fact label={t('lead.stage')}>{`${l.stage} · ${l.status}`}</Fact>
        <Fact label={t('lead.created')}>{shortDate(l.created_at, lang)}</Fact>
        <Fact label={t('lead.closure')}>{shortDate(l.expected_closure_date, lang)}</Fact>
        <Fact label={t('lead.enquiry_type')}>{l.enquiry_type}</Fact>
        <Fact label={t('lead.customer_type')}>{l.customer_type}</Fact>
        <Fact label={t('lead.dealer')}>
          {l.dealer_name ? `${l.dealer_name} (${l.dealer_code})` : l.dealer_code}
        </Fact>
        <Fact label={t('lead.dse')}>{l.dse_id}</Fact>
        <Fact label={t('lead.location')}>{l.location}</Fact>
        <Fact label="ID">{l.opty_id}</Fact>
      </dl>
      <Score t={t} lead={l} />
      <p class="pending">
        {l.pending_followup_date
          ? t('lead.pending', { date: shortDate(l.pending_followup_date, lang) })
          : t('lead.no_pending')}
      </p>
      {model.canAct && l.open ? <Forms ctx={ctx} model={model} /> : null}
      <Stock t={t} lead={l} />
      <Timeline ctx={ctx} lead={l} />
    </article>
  )
}

function Fact(props: { label: string; children?: unknown }) {
  if (props.children === null || props.children === undefined || props.children === '') return null
  return (
    <div>
      <dt>{props.label}</dt>
      <dd>{props.children as string}</dd>
    </div>
  )
}

function Score({ t, lead }: { t: T; lead: LeadDetail }) {
  if (lead.total_score === null)
    return (
      <section id="score" class="card">
        <p>{t('lead.not_scored')}</p>
      </section>
    )
  return (
    <section id="score" class="card" aria-labelledby="score-h">
      <h2 id="score-h">
        {t('lead.score')} <span class="big">{lead.total_score.toFixed(1)}</span>
      </h2>
      {lead.next_best_action ? (
        <p class="nba">
          <strong>{t('lead.next_action')}:</strong> {t(`nba.${lead.next_best_action}`)}
        </p>
      ) : null}
      {lead.message ? <p class="message">{lead.message}</p> : null}
      {lead.tel || lead.whatsapp ? (
        <p class="acts">
          {lead.tel ? (
            <a class="btn" href={lead.tel}>
              {t('today.call')}
            </a>
          ) : null}
          {lead.whatsapp ? (
            <a class="btn wa" href={lead.whatsapp} rel="noopener noreferrer">
              {t('today.whatsapp')}
            </a>
          ) : null}
        </p>
      ) : null}
      <h3>{t('lead.breakdown')}</h3>
      <table class="breakdown">
        <thead>
          <tr>
            <th scope="col">{t('lead.component')}</th>
            <th scope="col">{t('lead.points')}</th>
            <th scope="col">{t('lead.weight')}</th>
            <th scope="col">{t('lead.share')}</th>
          </tr>
        </thead>
        <tbody>
          {lead.components.map((c) => (
            <tr>
              <th scope="row">{t(`component.${c.key}`)}</th>
              <td>{`${fmt(c.points)}/10`}</td>
              <td>{fmt(c.weight)}</td>
              <td>
                <ShareBar share={c.share} label={`+${fmt(c.contribution)}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {lead.reason_codes.length ? (
        <>
          <h3>{t('lead.reasons')}</h3>
          <ul class="reasons">
            {lead.reason_codes.map((r) => (
              <Reason t={t} code={r} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}

/** A small inline bar: the component's share of the total (SVG attributes, no style attribute, so CSP allows it). */
function ShareBar({ share, label }: { share: number; label: string }) {
  const w = 60
  const filled = Math.max(0, Math.min(1, share)) * w
  const pct = `${Math.round(share * 100)}%`
  return (
    <span class="share">
      <svg width={w} height="10" viewBox={`0 0 ${w} 10`} aria-hidden="true" focusable="false">
        <rect class="bg" width={w} height="10" rx="2" />
        <rect class="fg" width={filled.toFixed(1)} height="10" rx="2" />
      </svg>
      <span>{`${pct} ${label}`}</span>
    </span>
  )
}

/**
 * A reason code in words. Codes look like `+LEAD_CLASSIFICATION Hot 9/10 (+18.0)` or `ALT Intra V30 at D0042 (3 saleable)`:
 * an optional sign, a code, then the numbers; the code is translated, the numbers kept.
 */
export function Reason({ t, code }: { t: T; code: string }) {
  const m = /^([+-]?)([A-Z][A-Z0-9_]*)\s*(.*)$/.exec(code)
  if (!m) return <li>{code}</li>
  const [, sign, name, rest] = m
  const label = hasKey(`reason.${name}`)
    ? t(`reason.${name}`)
    : hasKey(`nba.${name}`)
      ? t(`nba.${name}`)
      : name
  return (
    <li class={sign === '+' ? 'up' : sign === '-' ? 'down' : undefined}>
      <strong>{label}</strong> {rest}
      {sign ? <span class="sr"> ({t(sign === '+' ? 'reason.up' : 'reason.down')})</span> : null}
    </li>
  )
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1))

function Forms({ ctx, model }: { ctx: PageContext; model: LeadModel }) {
  const { t } = ctx
  const l = model.lead
  const url = `/leads/${encodeURIComponent(l.opty_id)}/actions`
  const form = (action: string, children: unknown, open = false) => {
    const err = model.form?.action === action ? model.form.errors : {}
    const isOpen = open || model.form?.action === action
    return (
      <details class="action" open={isOpen}>
        <summary>{t(`action.${action}`)}</summary>
        <form
          method="post"
          action={url}
          hx-post={url}
          hx-target="#lead"
          hx-swap="outerHTML"
          hx-disable="find button"
          novalidate
        >
          <CsrfField token={ctx.csrf} />
          <input type="hidden" name="action_type" value={action} />
          {Object.values(err).length ? (
            <ul class="errors" role="alert">
              {Object.values(err).map((e) => (
                <li>{e}</li>
              ))}
            </ul>
          ) : null}
          {children as string}
          <button type="submit">{t('form.save')}</button>
        </form>
      </details>
    )
  }
  const v = (action: string, name: string, fallback = '') =>
    model.form?.action === action ? (model.form.values[name] ?? fallback) : fallback
  const invalid = (action: string, name: string) =>
    model.form?.action === action && model.form.errors[name] ? 'true' : undefined
  const dateField = (action: string, required = false) => (
    <Field for={`${action}-date`} label={t('form.next_followup')}>
      <input
        id={`${action}-date`}
        type="date"
        name="next_followup_date"
        min={model.today}
        max={model.maxDate}
        required={required}
        value={v(action, 'next_followup_date')}
        aria-invalid={invalid(action, 'next_followup_date')}
      />
    </Field>
  )
  const note = (action: string) => (
    <Field for={`${action}-note`} label={t('form.note')}>
      <textarea id={`${action}-note`} name="note" maxlength={500} rows={2}>
        {v(action, 'note')}
      </textarea>
    </Field>
  )
  const connected = v('called', 'connected', 'yes')
  return (
    <section class="record" aria-labelledby="record-h">
      <h2 id="record-h">{t('lead.record')}</h2>
      {form(
        'called',
        <>
          <fieldset>
            <legend>{t('form.connected')}</legend>
            <label>
              <input type="radio" name="connected" value="yes" checked={connected === 'yes'} />{' '}
              {t('form.connected_yes')}
            </label>
            <label>
              <input type="radio" name="connected" value="no" checked={connected === 'no'} />{' '}
              {t('form.connected_no')}
            </label>
          </fieldset>
          <Field for="called-duration" label={t('form.duration')}>
            <input
              id="called-duration"
              type="number"
              name="duration_min"
              min="0"
              max="240"
              step="0.5"
              inputmode="decimal"
              value={v('called', 'duration_min')}
              aria-invalid={invalid('called', 'duration_min')}
            />
          </Field>
          {dateField('called')}
          {note('called')}
        </>,
        true,
      )}
      {form('followup', <>{dateField('followup', true)}</>)}
      {form(
        'visited',
        <>
          {dateField('visited')}
          {note('visited')}
        </>,
      )}
      {form(
        'test_drive',
        <>
          {dateField('test_drive')}
          {note('test_drive')}
        </>,
      )}
      {form('booked', <>{note('booked')}</>)}
      {form(
        'lost',
        <>
          <Field for="lost-reason" label={t('form.lost_reason')}>
            <select
              id="lost-reason"
              name="lost_reason"
              required
              aria-invalid={invalid('lost', 'lost_reason')}
            >
              <option value="">{t('form.choose')}</option>
              {lostReasons.map((r) => (
                <option value={r} selected={v('lost', 'lost_reason') === r}>
                  {t(`lost.${r}`)}
                </option>
              ))}
            </select>
          </Field>
          {note('lost')}
        </>,
      )}
    </section>
  )
}

function Stock({ t, lead }: { t: T; lead: LeadDetail }) {
  const s = lead.stock
  return (
    <section class="card" aria-labelledby="stock-h">
      <h2 id="stock-h">{t('lead.stock')}</h2>
      {s.wanted ? (
        <p>
          <strong>{t('lead.stock_wanted', { model: s.wanted.pl })}</strong>:{' '}
          {t('lead.stock_saleable', {
            saleable: s.wanted.saleable,
            total: s.wanted.total,
            date: s.wanted.as_of,
          })}
        </p>
      ) : (
        <p>{t('lead.stock_none')}</p>
      )}
      <h3>{t('lead.stock_alt')}</h3>
      {s.alternatives.length || s.elsewhere.length ? (
        <ul>
          {s.alternatives.map((a) => (
            <li>{`${a.pl}: ${a.saleable}`}</li>
          ))}
          {s.elsewhere.map((a) => (
            <li>
              {t('lead.stock_other_dealer', {
                model: a.pl,
                dealer: a.dealer_code,
                saleable: a.saleable,
              })}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('lead.stock_alt_none')}</p>
      )}
    </section>
  )
}

function Timeline({ ctx, lead }: { ctx: PageContext; lead: LeadDetail }) {
  const { t } = ctx
  return (
    <section class="card" aria-labelledby="timeline-h">
      <h2 id="timeline-h">{t('lead.timeline')}</h2>
      {lead.timeline.length ? (
        <ol class="timeline">
          {lead.timeline.map((i) => (
            <li class={i.kind}>
              <time datetime={i.at.replace(' ', 'T').slice(0, 19)}>{i.at.slice(0, 16)}</time>{' '}
              {i.text}
            </li>
          ))}
        </ol>
      ) : (
        <p>{t('lead.timeline_none')}</p>
      )}
    </section>
  )
}
