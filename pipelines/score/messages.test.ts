// Message library tests: every action × PPL × language exists, placeholders fill, fallbacks work, no raw braces.
import { describe, expect, it } from 'vitest'
import {
  ACTIONS,
  messageFor,
  messageLibrary,
  renderMessage,
  type MessageLibrary,
} from './messages.ts'

const PPLS = ['ACE', 'INTRA', 'YODHA', 'MAGIC', 'default']
const LANGS = ['en', 'hi'] as const
const devanagari = /[\u0900-\u097F]/

describe('message library', () => {
  it('is versioned', () => {
    expect(messageLibrary().version).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/)
  })

  for (const action of ACTIONS)
    for (const ppl of PPLS)
      for (const lang of LANGS)
        it(`has ${action} for ${ppl} in ${lang}`, () => {
          const text = messageLibrary().messages[action]?.[ppl]?.[lang]
          expect(text, `${action}/${ppl}/${lang}`).toBeTruthy()
          if (lang === 'hi') expect(text).toMatch(devanagari)
          else expect(text).not.toMatch(devanagari)
        })

  it('fills every placeholder it is given', () => {
    const text = messageFor('STOCK_ALT', 'INTRA', 'en', {
      customer: 'Ravi',
      model: 'Intra V30',
      alternative: 'Intra V50 at Shree Motors',
    })
    expect(text).toBe(
      'Namaste Ravi, the model you asked for (Intra V30) is not in stock right now, but Intra V50 at Shree Motors is available immediately. Shall I send you the details? The Intra carries bigger loads in comfort on long routes.',
    )
    const hi = messageFor('TEST_DRIVE', 'ACE', 'hi', {
      customer: 'रवि',
      model: 'Ace Gold',
      date: '26 Nov',
    })
    expect(hi).toContain('नमस्ते रवि जी')
    expect(hi).toContain('26 Nov को')
  })

  it('drops a placeholder without a value gracefully: no braces, no dangling words', () => {
    for (const action of ACTIONS)
      for (const ppl of PPLS)
        for (const lang of LANGS) {
          const text = messageFor(action, ppl, lang, {})
          expect(text).not.toMatch(/[{}[\]]/)
          expect(text).not.toMatch(/\s[,.।]/)
          expect(text).not.toMatch(/ {2}/)
        }
    expect(messageFor('FOLLOWUP_DUE', null, 'en', {})).toBe(
      'Namaste, as promised I am following up on your enquiry. When can we talk today?',
    )
    expect(messageFor('CLOSE', null, 'en', { customer: 'Asha', model: ' ' })).toBe(
      'Namaste Asha, your vehicle is ready. Let us complete the booking so that delivery is on time.',
    )
    expect(messageFor('STOCK_ALT', null, 'hi', { model: 'Intra V30' })).toBe(
      'नमस्ते, आपका चुना हुआ मॉडल (Intra V30) अभी स्टॉक में नहीं है। क्या मैं आपको जानकारी भेजूँ?',
    )
  })

  it('uses the default for an unknown or missing PPL, matched case-insensitively', () => {
    const lib = messageLibrary()
    expect(messageFor('NURTURE', 'WINGER', 'en', {})).toBe(
      renderMessage(lib, 'NURTURE', null, 'en', {}),
    )
    expect(messageFor('NURTURE', 'ace', 'en', {})).toBe(messageFor('NURTURE', 'ACE', 'en', {}))
  })

  it('falls back to English when a translation is missing, and to the default PPL before that', () => {
    const lib: MessageLibrary = {
      version: 't',
      ppls: ['ACE'],
      languages: ['en', 'hi'],
      messages: {
        CLOSE: {
          default: { en: 'Close {model}', hi: '{model} बुक करें' },
          ACE: { en: 'Ace close {model}' },
        },
        NURTURE: { default: { en: 'Stay in touch' } },
      },
    }
    expect(renderMessage(lib, 'CLOSE', 'ACE', 'hi', { model: 'Ace Gold' })).toBe('Ace Gold बुक करें')
    expect(renderMessage(lib, 'CLOSE', 'ACE', 'en', { model: 'Ace Gold' })).toBe(
      'Ace close Ace Gold',
    )
    expect(renderMessage(lib, 'NURTURE', 'ACE', 'hi', {})).toBe('Stay in touch')
    expect(renderMessage(lib, 'UNKNOWN', 'ACE', 'en', {})).toBe('')
  })
})
