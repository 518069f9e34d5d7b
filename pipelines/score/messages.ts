// The message library (data/reference/messages.json): what a rep sends for each next best action, per PPL, in English and Hindi.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export type Lang = 'en' | 'hi'
export interface MessageValues {
  customer?: string
  model?: string
  dealer?: string
  alternative?: string
  date?: string
}
export interface MessageLibrary {
  version: string
  ppls: string[]
  languages: string[]
  messages: Record<string, Record<string, Partial<Record<Lang, string>>>>
}

export const ACTIONS = [
  'FOLLOWUP_DUE',
  'FIRST_CONTACT',
  'TEST_DRIVE',
  'CLOSE',
  'STOCK_ALT',
  'REENGAGE',
  'NURTURE',
] as const

const LIBRARY_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'data',
  'reference',
  'messages.json',
)

let library: MessageLibrary | undefined
/** The shipped library, read once. */
export function messageLibrary(): MessageLibrary {
  library ??= JSON.parse(readFileSync(LIBRARY_PATH, 'utf8')) as MessageLibrary
  return library
}

/** The message for an action and PPL in a language, placeholders filled (see `renderMessage`). */
export function messageFor(
  action: string,
  ppl: string | null,
  lang: 'en' | 'hi',
  values: MessageValues,
): string {
  return renderMessage(messageLibrary(), action, ppl, lang, values)
}

/**
 * Picks the template (the PPL's, else the default; the language asked, else English) and fills it.
 * `[[ … ]]` is an optional part, dropped whole when a placeholder in it has no value; a bare
 * placeholder without a value is dropped with the space before it, so no raw braces ever show.
 * An unknown action gives ''.
 */
export function renderMessage(
  lib: MessageLibrary,
  action: string,
  ppl: string | null,
  lang: Lang,
  values: MessageValues,
): string {
  const byPpl = lib.messages[action]
  if (!byPpl) return ''
  const key = ppl?.trim().toUpperCase() ?? ''
  const forPpl = byPpl[key] ?? {}
  const fallback = byPpl.default ?? {}
  const template = forPpl[lang] ?? fallback[lang] ?? forPpl.en ?? fallback.en ?? ''
  return fill(template, values)
}

const PLACEHOLDER = /\{(\w+)\}/g

function fill(template: string, values: MessageValues): string {
  const value = (name: string) => {
    const v = (values as Record<string, string | undefined>)[name]
    return v === undefined || v === null || String(v).trim() === '' ? undefined : String(v).trim()
  }
  const withOptional = template.replace(/\[\[(.*?)\]\]/gs, (_, part: string) =>
    [...part.matchAll(PLACEHOLDER)].every((m) => value(m[1]) !== undefined) ? part : '',
  )
  return withOptional
    .replace(/\s?\{(\w+)\}/g, (whole, name: string) => {
      const v = value(name)
      return v === undefined ? '' : whole.replace(`{${name}}`, v)
    })
    .replace(/[{}]/g, '')
    .replace(/\s+([,.!?।])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim()
}
