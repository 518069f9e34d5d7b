import { describe, expect, it } from 'vitest'
import { withWarehouse } from '../../test/warehouse.ts'
import type { User } from '../auth/scope.ts'
import { parseFilters } from './filters.ts'
import { AS_OF, OPEN, OPTYS, RETAIL, seedDashboard } from './fixture.ts'
import { districtTop3, talukaTable, talukaTrend } from './hotspotQueries.ts'
import {
  dailyTrend,
  filterOptions,
  funnel,
  latestAsOf,
  pplByClass,
  scoreBins,
  topByEnquiry,
  topLeads,
} from './queries.ts'
import { addDays } from '../../data/dates.ts'

const base = { dealer_codes: [], dse_id: null, states: [], districts: [], lang: 'en' as const }
const leader: User = { ...base, username: 'lead', role: 'leadership' }
const gujarat: User = { ...base, username: 'guj', role: 'regional', states: ['Gujarat'] }
const pune: User = { ...base, username: 'pune', role: 'regional', districts: ['Pune'] }
const allTime = parseFilters({ from: '2020-01-01', to: AS_OF }, AS_OF)

const byScore = (a: { total_score: number; opty_id: string }, b: typeof a) =>
  b.total_score - a.total_score || (a.opty_id < b.opty_id ? -1 : 1)

describe('dashboard queries', () => {
  it('top leads: the 20 highest open scores in order, ranked from 1', async () => {
    await withWarehouse(async (db) => {
      await db.write(seedDashboard)
      await db.withConnection(async (conn) => {
        expect(await latestAsOf(conn)).toBe(AS_OF)
        const top = await topLeads(conn, leader, allTime)
        const expected = [...OPEN].sort(byScore).slice(0, 20)
        expect(top.map((r) => r.opty_id)).toEqual(expected.map((o) => o.opty_id))
        expect(top.map((r) => r.rank)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
        expect(top[0].customer_name).toBe(expected[0].customer_name)
      })
    })
  })

  it('a regional user sees only leads of dealers in their region', async () => {
    await withWarehouse(async (db) => {
      await db.write(seedDashboard)
      await db.withConnection(async (conn) => {
        const top = await topLeads(conn, gujarat, allTime, 100)
        expect(top.length).toBe(OPEN.filter((o) => o.state === 'Gujarat').length)
        expect(new Set(top.map((r) => r.dealer_code))).toEqual(new Set(['D3']))
        const ppl = await pplByClass(conn, pune, allTime)
        const total = ppl.reduce((s, r) => s + r.leads, 0)
        expect(total).toBe(OPEN.filter((o) => o.district === 'Pune').length)
        const f = await funnel(conn, gujarat, allTime)
        expect(f[0].leads).toBe(OPTYS.filter((o) => o.state === 'Gujarat').length)
        const opts = await filterOptions(conn, gujarat)
        expect(opts.dealers.map((d) => d.dealer_code)).toEqual(['D3'])
        expect(opts.states).toEqual(['Gujarat'])
      })
    })
  })

  it('filters by state, dealer, PPL and created date', async () => {
    await withWarehouse(async (db) => {
      await db.write(seedDashboard)
      await db.withConnection(async (conn) => {
        const f = parseFilters(
          { state: 'Maharashtra', ppl: 'ACE', from: addDays(AS_OF, -29), to: AS_OF },
          AS_OF,
        )
        const rows = await topLeads(conn, leader, f, 100)
        const expected = OPEN.filter(
          (o) =>
            o.state === 'Maharashtra' && o.ppl === 'ACE' && o.created_at >= addDays(AS_OF, -29),
        ).sort(byScore)
        expect(rows.map((r) => r.opty_id)).toEqual(expected.map((o) => o.opty_id))
        const d2 = await topLeads(
          conn,
          leader,
          parseFilters({ dealer: 'D2', from: '2020-01-01' }, AS_OF),
          100,
        )
        expect(d2.every((r) => r.dealer_code === 'D2')).toBe(true)
        expect(d2.length).toBe(OPEN.filter((o) => o.dealer_code === 'D2').length)
      })
    })
  })

  it('top 5 per enquiry type', async () => {
    await withWarehouse(async (db) => {
      await db.write(seedDashboard)
      await db.withConnection(async (conn) => {
        const rows = await topByEnquiry(conn, leader, allTime)
        for (const t of ['Digital', 'Referral', 'Walk-in']) {
          const mine = rows.filter((r) => r.enquiry_type === t)
          const expected = OPEN.filter((o) => o.enquiry_type === t)
            .sort(byScore)
            .slice(0, 5)
          expect(mine.map((r) => r.opty_id)).toEqual(expected.map((o) => o.opty_id))
          expect(mine.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5])
        }
      })
    })
  })

  it('the funnel counts every opportunity at or beyond each stage (hand count)', async () => {
    await withWarehouse(async (db) => {
      await db.write(async (conn) => {
        await seedDashboard(conn)
        // a small dealer of its own: 3 at C0, 2 at C1 (one lost), 1 at C2 -> 6, 3, 1, 1, 0
        await conn.run(`INSERT INTO customer_pipeline (opty_id, dealer_code, created_at, updated_at, stage, status) VALUES
          ('F1','DF','2026-11-20','2026-11-20','C0','Open'), ('F2','DF','2026-11-20','2026-11-20','C0','Open'),
          ('F3','DF','2026-11-20','2026-11-20','C0','Lost'), ('F4','DF','2026-11-20','2026-11-20','C1','Open'),
          ('F5','DF','2026-11-20','2026-11-20','C1','Lost'), ('F6','DF','2026-11-20','2026-11-20','C2','Open')`)
      })
      await db.withConnection(async (conn) => {
        const f = await funnel(conn, leader, parseFilters({ dealer: 'DF' }, AS_OF))
        expect(f).toEqual([
          { stage: 'C0', leads: 6, conversion_pct: null },
          { stage: 'C1', leads: 3, conversion_pct: 50 },
          { stage: 'C1A', leads: 1, conversion_pct: 33.3 },
          { stage: 'C2', leads: 1, conversion_pct: 100 },
          { stage: 'C3', leads: 0, conversion_pct: 0 },
        ])
        const all = await funnel(
          conn,
          leader,
          parseFilters({ dealer: 'D1', from: '2020-01-01' }, AS_OF),
        )
        const order = ['C0', 'C1', 'C1A', 'C2', 'C3']
        const d1 = OPTYS.filter((o) => o.dealer_code === 'D1')
        expect(all.map((r) => r.leads)).toEqual(
          order.map((_, k) => d1.filter((o) => order.indexOf(o.stage) >= k).length),
        )
      })
    })
  })

  it('score bins: 20 bands of 5 points that add up to the open leads', async () => {
    await withWarehouse(async (db) => {
      await db.write(seedDashboard)
      await db.withConnection(async (conn) => {
        const bins = await scoreBins(conn, leader, allTime)
        expect(bins.length).toBe(20)
        expect(bins[0]).toMatchObject({ bin_start: 0, bin_end: 5 })
        expect(bins.reduce((s, b) => s + b.leads, 0)).toBe(OPEN.length)
        for (const b of bins)
          expect(b.leads).toBe(
            OPEN.filter((o) => o.total_score >= b.bin_start && o.total_score < b.bin_end).length,
          )
      })
    })
  })

  it('daily trend: 30 days to the end date, with leads created and retail units', async () => {
    await withWarehouse(async (db) => {
      await db.write(seedDashboard)
      await db.withConnection(async (conn) => {
        const days = await dailyTrend(conn, leader, allTime)
        expect(days.length).toBe(30)
        expect(days[29].date).toBe(AS_OF)
        expect(days[0].date).toBe(addDays(AS_OF, -29))
        expect(days.reduce((s, d) => s + d.retail, 0)).toBe(RETAIL.reduce((s, r) => s + r.qty, 0))
        const created = OPTYS.filter((o) => o.created_at.slice(0, 10) >= addDays(AS_OF, -29))
        expect(days.reduce((s, d) => s + d.leads, 0)).toBe(created.length)
        const guj = await dailyTrend(conn, gujarat, allTime)
        expect(guj.reduce((s, d) => s + d.retail, 0)).toBe(
          RETAIL.filter((r) => r.dealer_code === 'D3').reduce((s, r) => s + r.qty, 0),
        )
      })
    })
  })
})

describe('hotspot queries', () => {
  it('the taluka table is hottest first, in scope, with coordinates', async () => {
    await withWarehouse(async (db) => {
      await db.write(seedDashboard)
      await db.withConnection(async (conn) => {
        const rows = await talukaTable(conn, leader, AS_OF)
        expect(rows.map((r) => r.taluka)).toEqual(['Haveli', 'Mulshi', 'Nashik', 'Choryasi'])
        expect(rows[0]).toMatchObject({ lat: 18.5, lng: 73.9, leads_5d: 12 })
        // Mulshi has no dealer: placed from the geography packages, near Pune
        expect(rows[1].lat).toBeGreaterThan(17.5)
        expect(rows[1].lat).toBeLessThan(19.5)
        const guj = await talukaTable(conn, gujarat, AS_OF)
        expect(guj.map((r) => r.taluka)).toEqual(['Choryasi'])
        const top3 = await districtTop3(conn, pune, AS_OF)
        expect(top3.map((r) => `${r.rank}:${r.taluka}`)).toEqual(['1:Haveli', '2:Mulshi'])
        const trend = await talukaTrend(
          conn,
          leader,
          { state: 'Maharashtra', district: 'Pune', taluka: 'Haveli' },
          AS_OF,
        )
        expect(trend.map((r) => [r.as_of_date, r.leads_5d])).toEqual([
          [addDays(AS_OF, -1), 11],
          [AS_OF, 12],
        ])
        const hidden = await talukaTrend(
          conn,
          gujarat,
          { state: 'Maharashtra', district: 'Pune', taluka: 'Haveli' },
          AS_OF,
        )
        expect(hidden).toEqual([])
      })
    })
  })
})
