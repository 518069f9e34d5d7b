// The page frame shared by every page of the app: head, htmx configuration, header, navigation, language switch.
import type { Child } from 'hono/jsx'
import type { Lang, T } from './i18n.ts'

export interface Assets {
  css: string
  js: string
}

export interface NavItem {
  href: string
  /** i18n key */
  label: string
}

export interface PageContext {
  t: T
  lang: Lang
  assets: Assets
  /** the signed-in user, if any */
  user?: { username: string; role: string }
  /** CSRF token of the session, put into every form */
  csrf?: string
  /** the current path and query, for "back here" after a language switch */
  path: string
  nav?: NavItem[]
}

/**
 * htmx 4 under a strict CSP: only the extensions we list (none), no injected indicator stylesheet
 * (app.css has it), same-origin requests only (the default, kept explicit).
 */
const htmxConfig = JSON.stringify({
  extensions: 'none',
  includeIndicatorCSS: false,
  mode: 'same-origin',
  defaultTimeout: 20000,
})

export function CsrfField({ token }: { token?: string }) {
  return token ? <input type="hidden" name="_csrf" value={token} /> : null
}

/** A labelled form control: the label's text above the control it wraps (`for` names the control's id). */
export function Field(props: { for?: string; label: string; children: Child }) {
  return (
    <label class="field" for={props.for}>
      <span>{props.label}</span>
      {props.children}
    </label>
  )
}

export function Layout(props: { ctx: PageContext; title: string; children: Child }) {
  const { ctx } = props
  const { t } = ctx
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t('app.name')}`}</title>
        <meta name="htmx-config" content={htmxConfig} />
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={ctx.assets.css} />
        <script src={ctx.assets.js} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          {t('app.skip')}
        </a>
        <header class="top">
          <a class="brand" href="/">
            {t('app.name')}
          </a>
          {ctx.user && ctx.nav?.length ? (
            <nav aria-label={t('nav.menu')}>
              {ctx.nav.map((n) => (
                <a href={n.href} aria-current={isCurrent(ctx.path, n.href) ? 'page' : undefined}>
                  {t(n.label)}
                </a>
              ))}
            </nav>
          ) : null}
          <LangSwitch ctx={ctx} />
          {ctx.user ? (
            <form method="post" action="/logout" class="inline">
              <CsrfField token={ctx.csrf} />
              <button type="submit" class="link">
                {t('nav.logout')}
              </button>
            </form>
          ) : null}
        </header>
        <main id="main">{props.children}</main>
      </body>
    </html>
  )
}

function isCurrent(path: string, href: string): boolean {
  const p = path.split('?')[0]
  return href === '/' ? p === '/' : p.startsWith(href)
}

/** Switches language without JavaScript: a POST for a signed-in user (stored on the account), a link otherwise. */
function LangSwitch({ ctx }: { ctx: PageContext }) {
  const other: Lang = ctx.lang === 'en' ? 'hi' : 'en'
  const label = ctx.t('lang.switch')
  if (!ctx.user) {
    return (
      <a class="lang" href={`/login?lang=${other}`} lang={other} hreflang={other}>
        {label}
      </a>
    )
  }
  return (
    <form method="post" action="/lang" class="inline">
      <CsrfField token={ctx.csrf} />
      <input type="hidden" name="next" value={ctx.path} />
      <button type="submit" name="lang" value={other} class="link lang" lang={other}>
        {label}
      </button>
    </form>
  )
}
