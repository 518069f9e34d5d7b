// The alert email as a page under our strict CSP (no inline styles): every style attribute and <style>
// block of the email becomes one same-origin stylesheet, so the browser shows the email as sent.
import { createHash } from 'node:crypto'
import { parseHTML } from 'linkedom'

const sheets = new Map<string, string>()

/** Stored stylesheets by hash (the newest 50), served by the admin routes. */
export function previewSheet(hash: string): string | undefined {
  return sheets.get(hash)
}

/**
 * Rewrites the email HTML: style="…" becomes class="sp-N" (one class per distinct declaration list,
 * with !important kept as written), <style> blocks move into the sheet, a <link> to `sheetUrl(hash)`
 * goes into <head>. Returns the page's HTML.
 */
export function externaliseStyles(html: string, sheetUrl: (hash: string) => string): string {
  const { document } = parseHTML(html)
  const classes = new Map<string, string>()
  const css: string[] = []
  for (const s of [...document.querySelectorAll('style')]) {
    css.push(s.textContent ?? '')
    s.remove()
  }
  for (const el of [...document.querySelectorAll('[style]')]) {
    const decl = (el.getAttribute('style') ?? '').trim()
    el.removeAttribute('style')
    if (!decl) continue
    let cls = classes.get(decl)
    if (!cls) {
      cls = `sp-${classes.size}`
      classes.set(decl, cls)
      // attribute styles beat sheet rules: raise each declaration to !important to keep that order
      const important = decl
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => (/!important$/i.test(d) ? d : `${d} !important`))
        .join('; ')
      css.push(`.${cls} { ${important} }`)
    }
    el.setAttribute('class', `${el.getAttribute('class') ?? ''} ${cls}`.trim())
  }
  const sheet = css.join('\n')
  const hash = createHash('sha256').update(sheet).digest('hex').slice(0, 16)
  sheets.set(hash, sheet)
  if (sheets.size > 50) sheets.delete(sheets.keys().next().value as string)
  const link = document.createElement('link')
  link.setAttribute('rel', 'stylesheet')
  link.setAttribute('href', sheetUrl(hash))
  const head = document.querySelector('head')
  if (head) head.appendChild(link)
  else document.documentElement.insertBefore(link, document.documentElement.firstChild)
  return `<!doctype html>${document.documentElement.outerHTML}`
}
