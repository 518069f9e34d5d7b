// Strings the user sees, in English and Hindi (views/i18n/*.json): one translator per request.
import { readFileSync } from 'node:fs'

export type Lang = 'en' | 'hi'
export type Vars = Record<string, string | number | null | undefined>
export type T = (key: string, vars?: Vars) => string

const load = (lang: Lang): Record<string, string> =>
  JSON.parse(readFileSync(new URL(`./i18n/${lang}.json`, import.meta.url), 'utf8'))
const dictionaries: Record<Lang, Record<string, string>> = { en: load('en'), hi: load('hi') }

/** Whether a key exists (e.g. a reason code or an action code the score job may add later). */
export function hasKey(key: string): boolean {
  return key in dictionaries.en
}

/** `t('today.count', { count: 3 })`: the user's language, falling back to English, then to the key. */
export function translator(lang: Lang): T {
  const dict = dictionaries[lang] ?? dictionaries.en
  return (key, vars) => {
    const text = dict[key] ?? dictionaries.en[key] ?? key
    return vars ? text.replace(/\{(\w+)\}/g, (m, name) => String(vars[name] ?? m)) : text
  }
}

const dateFormats: Record<Lang, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-IN', { day: 'numeric', month: 'short', timeZone: 'UTC' }),
  hi: new Intl.DateTimeFormat('hi-IN', { day: 'numeric', month: 'short', timeZone: 'UTC' }),
}

/** '2026-11-24' → '24 Nov' (English) or '24 नव॰' (Hindi): short dates for phones (formatters built once). */
export function shortDate(date: string | null | undefined, lang: Lang): string {
  if (!date) return ''
  return dateFormats[lang].format(new Date(`${date.slice(0, 10)}T00:00:00Z`))
}
