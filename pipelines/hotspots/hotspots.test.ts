import type { DuckDBConnection } from '@duckdb/node-api'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../app/config.ts'
import { rows } from '../../data/warehouse.ts'
import { withWarehouse } from '../../test/warehouse.ts'
import { computeHotspots, hotspotModels, withHotspotSession } from './hotspots.ts'
import { insertDealers, insertOpps, insertRetail, insertStock, leads } from './fixtures.ts'

const config = parseConfig({})
const D = '2026-11-23' // current window 19–23 Nov, previous 14–18 Nov
const CUR = '2026-11-21'
const CUR_FIRST = '2026-11-19'
const PREV = '2026-11-16'
const PREV_LAST = '2026-11-18'
const OLD = '2026-11-13'
const AFTER = '2026-11-24'

/** Six talukas of one district, each built to hit one rule; the expected numbers are worked out by hand. */
async function market(conn: DuckDBConnection) {
  await insertDealers(conn, [
    ['A', 'S', 'D', 'T1', 'Alpha Motors'],
    ['B', 'S', 'D', 'T1', 'Beta Motors'],
    ['C', 'S', 'D', 'T2'],
    ['Dd', 'S', 'D', 'T2'],
    ['E', 'S', 'D', 'T3'],
    ['F', 'S', 'D', 'T3'],
    ['G', 'S', 'D', 'T4'],
    ['H', 'S', 'D', 'T4'],
    ['I', 'S', 'D', 'T5'],
    ['J', 'S', 'D', 'T6'],
    ['K', 'S', 'D', 'T6'],
  ])
  await insertOpps(conn, [
    // T1 HOTSPOT: leads 6 vs 4 (+50 %), intent 4 vs 2 (+100 %), retail 3 vs 2 (+50 %)
    ...leads('A', CUR, 3, 2),
    ...leads('A', CUR_FIRST, 1, 1),
    ...leads('A', PREV, 2, 1),
    ...leads('B', D, 2, 1),
    ...leads('B', PREV_LAST, 2, 1),
    ...leads('A', OLD, 7, 7), // before the previous window
    ...leads('A', AFTER, 9, 9), // after the as-of date
    // T2 EMERGING: leads 5 vs 4 (+25 %, the threshold), no intent, no retail
    ...leads('C', CUR, 5),
    ...leads('Dd', PREV, 4),
    // T3 STABLE: +300 % but only 4 leads
    ...leads('E', CUR, 4, 4),
    ...leads('F', PREV, 1),
    // T4 EMERGING: previous window 0 → growth 100; H has no leads at all but still counts as a dealer
    ...leads('G', CUR, 5, 2),
    // T5 NOISE: a single dealer, however hot
    ...leads('I', CUR, 10, 10),
    ...leads('I', PREV, 1),
    // T6 STABLE: J 1 → 3 (+200 %), K 10 → 10: summed 13 vs 11 = +18.2 %, not the +100 % of averaged percentages
    ...leads('J', CUR, 3),
    ...leads('J', PREV, 1),
    ...leads('K', CUR, 10),
    ...leads('K', PREV, 10),
  ])
  await insertRetail(conn, [
    ['A', CUR, 2],
    ['A', D, 1],
    ['A', PREV, 1],
    ['B', PREV_LAST, 1],
    ['A', OLD, 5],
    ['A', AFTER, 5],
    ['E', CUR, 2],
    ['I', CUR, 5],
    ['I', PREV, 1],
  ])
}

async function taluka(conn: DuckDBConnection, name: string, asOf = D) {
  const [row] = await rows(
    conn,
    'select * exclude (as_of_date, state, district) from macro_market_hotspot_taluka_5d where taluka = $1 and as_of_date = $2::DATE',
    [name, asOf],
  )
  return row
}

/** Every hotspot output table's rows, of one as-of date or of all, in a stable order. */
async function outputs(conn: DuckDBConnection, asOf?: string) {
  const out: Record<string, unknown[]> = {}
  for (const t of hotspotModels)
    out[t] = asOf
      ? await rows(conn, `select * from ${t} where as_of_date = $1::DATE order by all`, [asOf])
      : await rows(conn, `select * from ${t} order by all`)
  return out
}

describe('computeHotspots', () => {
  it('classifies every taluka by the rules of SPEC 6, on summed counts', async () => {
    await withWarehouse(async (db) => {
      await db.write(async (conn) => {
        await market(conn)
        expect(await computeHotspots(conn, config, D)).toEqual({
          talukas: 6,
          hotspots: 1,
          emerging: 2,
        })
        expect(await taluka(conn, 'T1')).toEqual({
          taluka: 'T1',
          dealer_count: 2,
          leads_5d: 6,
          leads_prev_5d: 4,
          intent_5d: 4,
          intent_prev_5d: 2,
          retail_5d: 3,
          retail_prev_5d: 2,
          total_stock: 0,
          saleable_stock: 0,
          lead_growth_pct: 50,
          intent_growth_pct: 100,
          retail_growth_pct: 50,
          hotspot_status: 'HOTSPOT',
        })
        expect(await taluka(conn, 'T2')).toMatchObject({
          leads_5d: 5,
          lead_growth_pct: 25,
          intent_growth_pct: 0,
          retail_growth_pct: 0,
          hotspot_status: 'EMERGING',
        })
      })
    })
  })

  it('needs at least 5 leads in the window, whatever the growth', async () => {
    await withWarehouse(async (db) => {
      await db.write(async (conn) => {
        await market(conn)
        await computeHotspots(conn, config, D)
        expect(await taluka(conn, 'T3')).toMatchObject({
          leads_5d: 4,
          leads_prev_5d: 1,
          lead_growth_pct: 300,
          intent_growth_pct: 100,
          retail_growth_pct: 100,
          hotspot_status: 'STABLE',
        })
      })
    })
  })

  it('gives growth 100 when the previous window is 0, and 0 when both are 0', async () => {
    await withWarehouse(async (db) => {
      await db.write(async (conn) => {
        await market(conn)
        await computeHotspots(conn, config, D)
        expect(await taluka(conn, 'T4')).toMatchObject({
          dealer_count: 2,
          leads_5d: 5,
          leads_prev_5d: 0,
          intent_5d: 2,
          lead_growth_pct: 100,
          intent_growth_pct: 100,
          retail_growth_pct: 0,
          hotspot_status: 'EMERGING',
        })
        const [h] = await rows(
          conn,
          "select * exclude (as_of_date) from dealer_leads_5d where dealer_code = 'H'",
        )
        expect(h).toEqual({
          dealer_code: 'H',
          leads_5d: 0,
          leads_prev_5d: 0,
          intent_5d: 0,
          intent_prev_5d: 0,
          lead_growth_pct: 0,
          intent_growth_pct: 0,
        })
      })
    })
  })

  it('gives dealer_retail_5d one row per dealer of dealer_leads_5d, dealers known only from stock or retail too', async () => {
    await withWarehouse(async (db) => {
      await db.write(async (conn) => {
        await market(conn)
        await insertStock(conn, [['S_ONLY', 'PL1', CUR, 4, 3]])
        await insertRetail(conn, [['R_ONLY', CUR, 2]])
        await computeHotspots(conn, config, D)
        await computeHotspots(conn, config, OLD)
        const codes = (table: string, asOf: string) =>
          rows<{ dealer_code: string }>(
            conn,
            `select dealer_code from ${table} where as_of_date = $1::DATE order by 1`,
            [asOf],
          ).then((r) => r.map((x) => x.dealer_code))
        const dealers = await codes('dealer_leads_5d', D)
        expect(dealers).toContain('S_ONLY')
        expect(dealers).toContain('R_ONLY')
        expect(dealers).toContain('H')
        expect(await codes('dealer_retail_5d', D)).toEqual(dealers)
        expect(await codes('dealer_retail_5d', OLD)).toEqual(await codes('dealer_leads_5d', OLD))
        const [r] = await rows(
          conn,
          "select retail_5d, retail_prev_5d from dealer_retail_5d where dealer_code = 'R_ONLY' and as_of_date = $1::DATE",
          [D],
        )
        expect(r).toEqual({ retail_5d: 2, retail_prev_5d: 0 })
      })
    })
  })

  it('marks a taluka with one dealer as NOISE', async () => {
    await withWarehouse(async (db) => {
      await db.write(async (conn) => {
        await market(conn)
        await computeHotspots(conn, config, D)
        expect(await taluka(conn, 'T5')).toMatchObject({
          dealer_count: 1,
          leads_5d: 10,
          lead_growth_pct: 900,
          retail_growth_pct: 400,
          hotspot_status: 'NOISE',
        })
      })
    })
  })

  it('computes taluka growth on summed counts, not averaged dealer percentages', async () => {
    await withWarehouse(async (db) => {
      await db.write(async (conn) => {
        await market(conn)
        await computeHotspots(conn, config, D)
        const dealers = await rows(
          conn,
          "select dealer_code, lead_growth_pct from dealer_leads_5d where dealer_code in ('J', 'K') order by 1",
        )
        expect(dealers).toEqual([
          { dealer_code: 'J', lead_growth_pct: 200 },
          { dealer_code: 'K', lead_growth_pct: 0 },
        ])
        expect(await taluka(conn, 'T6')).toMatchObject({
          leads_5d: 13,
          leads_prev_5d: 11,
          lead_growth_pct: 18.2,
          hotspot_status: 'STABLE',
        })
      })
    })
  })

  it('ranks the top 3 talukas of a district by status, then leads, then name', async () => {
    await withWarehouse(async (db) => {
      await db.write(async (conn) => {
        await market(conn)
        await computeHotspots(conn, config, D)
        expect(
          await rows(
            conn,
            'select * exclude (as_of_date) from district_top3_talukas order by rank',
          ),
        ).toEqual([
          {
            state: 'S',
            district: 'D',
            taluka: 'T1',
            rank: 1,
            hotspot_status: 'HOTSPOT',
            leads_5d: 6,
          },
          {
            state: 'S',
            district: 'D',
            taluka: 'T2',
            rank: 2,
            hotspot_status: 'EMERGING',
            leads_5d: 5,
          },
          {
            state: 'S',
            district: 'D',
            taluka: 'T4',
            rank: 3,
            hotspot_status: 'EMERGING',
            leads_5d: 5,
          },
        ])
      })
    })
  })

  it('places dealers by a dealers row first, else by their latest opportunity, never by customer geography', async () => {
    await withWarehouse(async (db) => {
      await db.write(async (conn) => {
        await insertDealers(conn, [
          ['L', 'S', 'D', 'TL'],
          ['M', 'S', 'D', null], // no full geography: falls back to its opportunities
        ])
        const at = (d: string) => `2026-11-${d} 10:00:00`
        await insertOpps(conn, [
          // L's customers live elsewhere; L stays in TL and its leads count there
          ...['l1', 'l2', 'l3'].map((id) => ({
            id,
            dealer: 'L',
            created: CUR,
            updated: at('22'),
            state: 'S',
            district: 'D',
            taluka: 'Other',
          })),
          {
            id: 'm1',
            dealer: 'M',
            created: PREV,
            updated: at('20'),
            state: 'S',
            district: 'D',
            taluka: 'TA',
          },
          {
            id: 'm2',
            dealer: 'M',
            created: PREV,
            updated: at('22'),
            state: 'S',
            district: 'D',
            taluka: 'TB',
          },
          // tie on updated_at: the higher stage wins over the larger opty_id
          {
            id: 'n1',
            dealer: 'N',
            created: PREV,
            updated: at('21'),
            stage: 'C2',
            state: 'S',
            district: 'D',
            taluka: 'TC',
          },
          {
            id: 'n2',
            dealer: 'N',
            created: PREV,
            updated: at('21'),
            stage: 'C1',
            state: 'S',
            district: 'D',
            taluka: 'TD',
          },
          // tie on updated_at and stage: the larger opty_id wins
          {
            id: 'p1',
            dealer: 'P',
            created: PREV,
            updated: at('21'),
            stage: 'C1A',
            state: 'S',
            district: 'D',
            taluka: 'TE',
          },
          {
            id: 'p2',
            dealer: 'P',
            created: PREV,
            updated: at('21'),
            stage: 'C1A',
            state: 'S',
            district: 'D',
            taluka: 'TF',
          },
          // the latest opportunity has no geography: the latest one that has it places the dealer
          {
            id: 'q1',
            dealer: 'Q',
            created: PREV,
            updated: at('20'),
            state: 'S',
            district: 'D',
            taluka: 'TG',
          },
          { id: 'q2', dealer: 'Q', created: PREV, updated: at('22') },
          // no geography anywhere: not in dealer_geo, kept in the features with no taluka
          { id: 'r1', dealer: 'R', created: CUR },
        ])
        await computeHotspots(conn, config, D)
        expect(await rows(conn, 'select dealer_code, taluka from dealer_geo order by 1')).toEqual([
          { dealer_code: 'L', taluka: 'TL' },
          { dealer_code: 'M', taluka: 'TB' },
          { dealer_code: 'N', taluka: 'TC' },
          { dealer_code: 'P', taluka: 'TF' },
          { dealer_code: 'Q', taluka: 'TG' },
        ])
        expect(
          await rows(
            conn,
            "select taluka, leads_5d from dealer_market_features_5d where dealer_code in ('L', 'R') order by dealer_code",
          ),
        ).toEqual([
          { taluka: 'TL', leads_5d: 3 },
          { taluka: null, leads_5d: 1 },
        ])
        expect(await taluka(conn, 'TL')).toMatchObject({ leads_5d: 3, dealer_count: 1 })
        expect(await taluka(conn, 'Other')).toBeUndefined()
      })
    })
  })

  it('uses the latest stock snapshot on or before the as-of date, ignoring later ones', async () => {
    await withWarehouse(async (db) => {
      await db.write(async (conn) => {
        await market(conn)
        await insertStock(conn, [
          ['A', 'Ace Gold', '2026-11-15', 50, 50],
          ['A', 'Ace Gold', '2026-11-20', 10, 6],
          ['A', 'Intra V30', '2026-11-20', 4, 4],
          ['A', 'Ace Gold', AFTER, 99, 99],
          ['B', 'Ace Gold', '2026-11-22', 3, 1],
        ])
        await computeHotspots(conn, config, D)
        expect(
          await rows(
            conn,
            'select dealer_code, total_stock, saleable_stock from dealer_stock order by 1',
          ),
        ).toEqual([
          { dealer_code: 'A', total_stock: 14, saleable_stock: 10 },
          { dealer_code: 'B', total_stock: 3, saleable_stock: 1 },
        ])
        expect(await taluka(conn, 'T1')).toMatchObject({ total_stock: 17, saleable_stock: 11 })
      })
    })
  })

  it('keeps the history of every as-of date, and a rerun replaces only its own date', async () => {
    await withWarehouse(async (db) => {
      await db.write(async (conn) => {
        await market(conn)
        await computeHotspots(conn, config, '2026-11-22')
        await computeHotspots(conn, config, D)
        // 22 Nov: windows 18–22 and 13–17: T1 has A 3+1 and B 2 (PREV_LAST) = 6 vs A 2 + OLD 7 = 9
        expect(await taluka(conn, 'T1', '2026-11-22')).toMatchObject({
          leads_5d: 6,
          leads_prev_5d: 9,
        })
        const before22 = await outputs(conn, '2026-11-22')
        const before23 = await outputs(conn, D)
        await insertOpps(conn, leads('B', D, 4, 4))
        await computeHotspots(conn, config, D)
        expect(await outputs(conn, '2026-11-22')).toEqual(before22)
        const after23 = await outputs(conn, D)
        expect(after23.dealer_geo).toEqual(before23.dealer_geo)
        expect(await taluka(conn, 'T1')).toMatchObject({ leads_5d: 10, intent_5d: 8 })
        const counts = await rows(
          conn,
          'select as_of_date, count(*) as n from macro_market_hotspot_taluka_5d group by 1 order by 1',
        )
        expect(counts).toEqual([
          { as_of_date: '2026-11-22', n: 6 },
          { as_of_date: D, n: 6 },
        ])
      })
    })
  })

  it('gives a backfill session the same rows as computing each date alone', async () => {
    await withWarehouse(async (db) => {
      await db.write(async (conn) => {
        await market(conn)
        const dates = ['2026-11-21', '2026-11-22', D]
        const counts = await withHotspotSession(conn, config, async (compute) => {
          const c = []
          for (const d of dates) c.push(await compute(d))
          return c
        })
        expect(counts.at(-1)).toEqual({ talukas: 6, hotspots: 1, emerging: 2 })
        const session = await outputs(conn)
        for (const d of dates) await computeHotspots(conn, config, d)
        expect(await outputs(conn)).toEqual(session)
        expect(session.dealer_geo.length).toBe(33)
      })
    })
  })

  it('leaves the earlier rows in place when a rebuild fails half-way', async () => {
    await withWarehouse(async (db) => {
      await db.write(async (conn) => {
        await market(conn)
        await computeHotspots(conn, config, D)
        await insertDealers(conn, [['Z', 'S', 'D', 'T9']])
        await conn.run('drop table district_top3_talukas')
        await expect(computeHotspots(conn, config, D)).rejects.toThrow(/district_top3_talukas/)
        const [{ n }] = await rows(conn, 'select count(*) as n from dealer_geo')
        expect(n).toBe(11)
      })
    })
  })
})
