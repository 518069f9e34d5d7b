// The lead page's timeline merge and its stock box.
import type { DuckDBConnection } from '@duckdb/node-api'
import { describe, expect, it } from 'vitest'
import { kysely } from '../data/kysely.ts'
import { rows } from '../data/warehouse.ts'
import { addOpty } from '../pipelines/score/fixtures.ts'
import { scoreAll } from '../pipelines/score/score.ts'
import { withWarehouse } from '../test/warehouse.ts'
import { parseConfig } from './config.ts'
import { dealerDistricts, reasonCodes, stockFor, timeline, type TimelineRow } from './leads.ts'
import { leadMessage } from './routes/today.ts'
import { loadScoring } from './scoring.ts'

/** The lead page's stock box for `lead` as of `asOf`, with the dealers' districts read afresh. */
const stockBox = async (
  c: DuckDBConnection,
  lead: { dealer_code: string; pl: string; ppl: string },
  asOf: string,
) => stockFor(kysely(c), lead, asOf, await dealerDistricts(kysely(c)))

const row = (at: string, kind: TimelineRow['kind'], type: string): TimelineRow => ({
  at,
  kind,
  type,
  detail: null,
  duration_sec: null,
  next_followup_date: null,
  user_name: null,
})

describe('the stored reason codes', () => {
  it('reads the JSON array as a list, and anything else as no codes', () => {
    expect(
      reasonCodes(
        '["FOLLOWUP_DUE 2026-11-20 (4d overdue)","+LEAD_CLASSIFICATION \\"Hot\\" 9/10 (+18.0)"]',
      ),
    ).toEqual(['FOLLOWUP_DUE 2026-11-20 (4d overdue)', '+LEAD_CLASSIFICATION "Hot" 9/10 (+18.0)'])
    expect(reasonCodes('[]')).toEqual([])
    expect(reasonCodes('not json')).toEqual([])
    expect(reasonCodes('{"code":1}')).toEqual([])
  })
})

describe('the lead timeline', () => {
  it('merges journey, calls and actions newest first, an action first at the same time, 40 at most', () => {
    const crm = [
      row('2026-11-30 10:00:00', 'call', 'connected'),
      row('2026-11-30 09:00:00', 'journey', 'enquiry'),
      row('2026-11-29 09:00:00', 'call', 'no answer'),
    ]
    const actions = [
      row('2026-11-30 10:00:00.5', 'action', 'visited'),
      row('2026-11-30 10:00:00', 'action', 'called'),
      row('2026-11-28 08:00:00', 'action', 'followup'),
    ]
    expect(timeline(crm, actions).map((e) => e.type)).toEqual([
      'visited',
      'called',
      'connected',
      'enquiry',
      'no answer',
      'followup',
    ])
    const many = Array.from({ length: 30 }, (_, i) =>
      row(`2026-11-${String(i + 1).padStart(2, '0')} 12:00:00`, 'call', `c${i + 1}`),
    )
    const merged = timeline(
      many,
      many.map((r) => ({ ...r, kind: 'action' as const })),
    )
    expect(merged).toHaveLength(40)
    expect(merged[0]).toMatchObject({ type: 'c30', kind: 'action' })
    expect(merged[1]).toMatchObject({ type: 'c30', kind: 'call' })
    expect(merged.at(-1)?.type).toBe('c11')
  })
})

describe('the lead page stock', () => {
  it('reads each dealer’s latest snapshot as the score does: a model missing from it has none', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        await c.run(`insert into dealers (dealer_code, dealer_name, state, district) values
          ('D1', 'One', 'MH', 'Pune'), ('D2', 'Two', 'MH', 'Pune'), ('D3', 'Three', 'MH', 'Pune')`)
        await c.run(`insert into stock (dealer_code, pl, as_of_date, total_qty, saleable_qty, ppl) values
          ('D1', 'Ace Gold', '2026-11-28', 4, 3, 'ACE'),
          ('D1', 'Ace Diesel', '2026-11-30', 2, 2, 'ACE'),
          ('D2', 'Ace Gold', '2026-11-29', 5, 5, 'ACE'),
          ('D3', 'Ace Gold', '2026-11-27', 9, 9, 'ACE'),
          ('D3', 'Intra', '2026-11-29', 1, 1, 'INTRA'),
          ('D2', 'Ace Gold', '2026-12-02', 7, 7, 'ACE')`)
        const lead = { dealer_code: 'D1', pl: 'Ace Gold', ppl: 'ACE' }
        const stock = await stockBox(c, lead, '2026-12-01')
        // D1's snapshot of 11-30 has no Ace Gold: none (the 11-28 row is older), Ace Diesel instead;
        // D3's latest snapshot has no Ace Gold either; D2's of 12-02 is after the as-of date
        expect(stock).toEqual({
          wanted: null,
          alternatives: [{ pl: 'Ace Diesel', saleable: 2 }],
          elsewhere: [{ dealer_code: 'D2', pl: 'Ace Gold', saleable: 5 }],
        })
        const earlier = await stockBox(c, lead, '2026-11-28')
        expect(earlier.wanted).toEqual({
          pl: 'Ace Gold',
          saleable: 3,
          total: 4,
          as_of: '2026-11-28',
        })
        expect(earlier.elsewhere).toEqual([{ dealer_code: 'D3', pl: 'Ace Gold', saleable: 9 }])
      }),
    )
  })
})

describe('the lead page stock, where the CRM data has gaps', () => {
  it('finds the district and the PPL as the score does, and shows the alternative it names', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        const asOf = '2026-12-01'
        // D4 is missing from dealers: its district is that of its most recently created
        // opportunity (Pune); D5's Pune is in another state; D9 is missing too and has no stock
        await c.run(`insert into dealers (dealer_code, dealer_name, state, district) values
          ('D1', 'One', 'MH', 'Pune'), ('D2', 'Two', 'MH', 'Pune'), ('D5', 'Five', 'KA', 'Pune')`)
        await c.run(`insert into stock (dealer_code, pl, as_of_date, total_qty, saleable_qty, ppl) values
          ('D1', 'Ace Gold', '2026-11-30', 1, 0, 'ACE'),
          ('D1', 'Ace CNG', '2026-11-30', 2, 2, null),
          ('D2', 'Ace CNG', '2026-11-30', 1, 0, 'ACE'),
          ('D2', 'Ace Gold', '2026-11-30', 1, 1, 'ACE'),
          ('D4', 'Ace Gold', '2026-11-30', 6, 6, 'ACE'),
          ('D5', 'Ace Gold', '2026-11-30', 9, 9, 'ACE')`)
        const lead = (opty_id: string, dealer_code: string, created_at: string, district: string) =>
          addOpty(c, {
            opty_id,
            dealer_code,
            created_at,
            lead_classification: 'Warm',
            ppl: 'ACE',
            pl: 'Ace Gold',
            state: 'MH',
            district,
          })
        await lead('O1', 'D1', '2026-09-01 10:00:00', 'Pune')
        await lead('O4a', 'D4', '2026-08-01 10:00:00', 'Nashik')
        await lead('O4b', 'D4', '2026-08-02 10:00:00', 'Pune')
        await lead('O9', 'D9', '2026-09-01 10:00:00', 'Pune')
        await scoreAll(c, parseConfig({}).score, { asOf })
        // the ALT reason code, and the model lead_list keeps of it for the Today page's message
        const alternative = async (id: string) =>
          (
            await rows<{ next_best_action: string; alt: string; offered: string }>(
              c,
              `select s.next_best_action, list_filter(from_json(s.reason_codes, '["VARCHAR"]'), lambda r: r like 'ALT %')[1] as alt,
                 l.alternative as offered
               from scv_customer_score s join lead_list l using (opty_id) where opty_id = $1`,
              [id],
            )
          )[0]

        // the other dealers of MH's Pune with Ace Gold, D5 (KA) not among them
        const inPune = [
          { dealer_code: 'D4', pl: 'Ace Gold', saleable: 6 },
          { dealer_code: 'D2', pl: 'Ace Gold', saleable: 1 },
        ]
        const own = { dealer_code: 'D1', pl: 'Ace Gold', ppl: 'ACE' }
        expect(await stockBox(c, own, asOf)).toEqual({
          wanted: { pl: 'Ace Gold', saleable: 0, total: 1, as_of: '2026-11-30' },
          // Ace CNG has no PPL in D1's row: it takes ACE from D2's
          alternatives: [{ pl: 'Ace CNG', saleable: 2 }],
          elsewhere: inPune,
        })
        expect(await alternative('O1')).toEqual({
          next_best_action: 'STOCK_ALT',
          alt: 'ALT Ace CNG at D1 (2 saleable, same dealer)',
          offered: 'Ace CNG',
        })
        // the message names the model only, not the reason code's dealer and stock count
        const [o1] = await rows<Parameters<typeof leadMessage>[2]>(
          c,
          `select * from lead_list where opty_id = 'O1'`,
        )
        const message = leadMessage(await loadScoring(), 'en', o1, 'One')
        expect(message).toContain(', but Ace CNG is available immediately.')
        expect(message).not.toMatch(/saleable|D1/)

        const away = { dealer_code: 'D9', pl: 'Ace Gold', ppl: 'ACE' }
        expect(await stockBox(c, away, asOf)).toEqual({
          wanted: null,
          alternatives: [],
          elsewhere: inPune,
        })
        expect(await alternative('O9')).toEqual({
          next_best_action: 'STOCK_ALT',
          alt: 'ALT Ace Gold at D4 (6 saleable)',
          offered: 'Ace Gold',
        })
      }),
    )
  })

  it('shows up to three of each kind, so many dealers nearby do not crowd out the one here', async () => {
    await withWarehouse(async (db) =>
      db.write(async (c) => {
        const nearby = Array.from({ length: 12 }, (_, i) => `N${String(i + 1).padStart(2, '0')}`)
        await c.run(`insert into dealers (dealer_code, dealer_name, state, district) values
          ('D1', 'One', 'MH', 'Pune'),
          ${nearby.map((d) => `('${d}', '${d}', 'MH', 'Pune')`).join(', ')}`)
        await c.run(`insert into stock (dealer_code, pl, as_of_date, total_qty, saleable_qty, ppl) values
          ('D1', 'Ace Gold', '2026-11-30', 0, 0, 'ACE'),
          ('D1', 'Ace CNG', '2026-11-30', 2, 2, 'ACE'),
          ('D1', 'Ace EV', '2026-11-30', 1, 1, 'ACE'),
          ${nearby.map((d, i) => `('${d}', 'Ace Gold', '2026-11-30', 9, ${9 + (i % 3)}, 'ACE')`).join(', ')}`)
        const lead = { dealer_code: 'D1', pl: 'Ace Gold', ppl: 'ACE' }
        const stock = await stockBox(c, lead, '2026-12-01')
        expect(stock.wanted).toMatchObject({ pl: 'Ace Gold', saleable: 0 })
        expect(stock.alternatives).toEqual([
          { pl: 'Ace CNG', saleable: 2 },
          { pl: 'Ace EV', saleable: 1 },
        ])
        expect(stock.elsewhere).toEqual([
          { dealer_code: 'N03', pl: 'Ace Gold', saleable: 11 },
          { dealer_code: 'N06', pl: 'Ace Gold', saleable: 11 },
          { dealer_code: 'N09', pl: 'Ace Gold', saleable: 11 },
        ])
      }),
    )
  })
})
