// The sign-in page: username and password, the reason a sign-in failed, a language link.
import { Field, Layout, type PageContext } from './layout.tsx'

export function LoginPage(props: { ctx: PageContext; error?: string; username?: string }) {
  const { t } = props.ctx
  return (
    <Layout ctx={props.ctx} title={t('login.title')}>
      <form method="post" action="/login" class="login card">
        <h1>{t('login.title')}</h1>
        {props.error ? (
          <p class="error" role="alert">
            {props.error}
          </p>
        ) : null}
        <input type="hidden" name="lang" value={props.ctx.lang} />
        <Field for="username" label={t('login.username')}>
          <input
            id="username"
            name="username"
            autocomplete="username"
            autocapitalize="none"
            required
            maxlength={64}
            value={props.username ?? ''}
          />
        </Field>
        <Field for="password" label={t('login.password')}>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            maxlength={200}
          />
        </Field>
        <button type="submit">{t('login.submit')}</button>
      </form>
    </Layout>
  )
}

/** A short page for 403 / 404 answers. */
export function MessagePage(props: { ctx: PageContext; title: string; text: string }) {
  return (
    <Layout ctx={props.ctx} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.text}</p>
      <p>
        <a href="/">{props.ctx.t('lead.back')}</a>
      </p>
    </Layout>
  )
}
