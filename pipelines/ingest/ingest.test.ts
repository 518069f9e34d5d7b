// Every rule of SPEC 3, on small CSV/Parquet fixtures written inline and real DuckDB files.
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { rows, type Warehouse } from '../../data/warehouse.ts'
import { withWarehouse } from '../../test/warehouse.ts'
import { RefusedFileError, ingestFile, ingestPaths, type FileResult } from './ingest.ts'

const PIPELINE_HEADER = 'opty_id,dealer_code,created_at,stage,status'

async function ingest(db: Warehouse, dir: string, name: string, text: string, table?: string) {
  const path = join(dir, name)
  writeFileSync(path, text)
  const [result] = await ingestPaths(db, [path], { table })
  return result
}

const query = (db: Warehouse, sql: string) => db.withConnection((c) => rows(c, sql))

function expectAccounted(r: FileResult) {
  expect(r.rows_read).toBe(r.rows_loaded + r.rows_rejected + r.rows_superseded)
}

describe('ingest: tables and columns', () => {
  it('takes the table from the file-name prefix, matches headers case-insensitively, keeps extra columns', () =>
    withWarehouse(async (db, dir) => {
      const r = await ingest(
        db,
        dir,
        'call_log_2026-11-20.csv',
        'CALL_ID,Opty_Id,Called_At,duration_SEC,Campaign,Agent Note\n' +
          'K1,O1,2026-11-20 10:15:00,95,diwali,"said ""call back"", maybe"\n',
      )
      expect(r).toMatchObject({ table: 'call_log', status: 'loaded', rows_read: 1, rows_loaded: 1 })
      const [row] = await query(db, 'select * from call_log')
      expect(row).toMatchObject({
        call_id: 'K1',
        opty_id: 'O1',
        called_at: '2026-11-20 10:15:00',
        duration_sec: 95,
      })
      expect(JSON.parse(row.extra as string)).toEqual({
        Campaign: 'diwali',
        'Agent Note': 'said "call back", maybe',
      })
    }))

  it('trims spaces around values and treats a quoted empty value as empty', () =>
    withWarehouse(async (db, dir) => {
      const r = await ingest(
        db,
        dir,
        'retail.csv',
        'invoice_id , dealer_code,retail_date,opty_id,qty\n I1 , D1 ,2026-11-20,"", 2 \nI2,D1,2026-11-20,O9,\n',
      )
      expect(r).toMatchObject({ rows_loaded: 2, rows_rejected: 0 })
      expect(
        await query(db, 'select invoice_id, dealer_code, opty_id, qty from retail order by 1'),
      ).toEqual([
        { invoice_id: 'I1', dealer_code: 'D1', opty_id: null, qty: 2 },
        { invoice_id: 'I2', dealer_code: 'D1', opty_id: 'O9', qty: 1 },
      ])
    }))

  it('uses --table over the file name', () =>
    withWarehouse(async (db, dir) => {
      const r = await ingest(
        db,
        dir,
        'export.csv',
        'dealer_code,dealer_name\nD1,Sharma Motors\n',
        'dealers',
      )
      expect(r).toMatchObject({ table: 'dealers', status: 'loaded', rows_loaded: 1 })
      expect(await query(db, 'select dealer_code, dealer_name from dealers')).toEqual([
        { dealer_code: 'D1', dealer_name: 'Sharma Motors' },
      ])
    }))

  it('refuses a file whose name names no table, and records the refusal', () =>
    withWarehouse(async (db, dir) => {
      const r = await ingest(db, dir, 'leads.csv', 'dealer_code\nD1\n')
      expect(r.status).toBe('refused')
      expect(r.message).toContain('leads.csv')
      const runs = await query(db, 'select status, table_name from ingest_runs')
      expect(runs).toEqual([{ status: 'refused', table_name: null }])
    }))

  it('refuses a file missing required columns, naming the file and every missing column, loading nothing', () =>
    withWarehouse(async (db, dir) => {
      const path = join(dir, 'customer_pipeline_nov.csv')
      writeFileSync(path, 'opty_id,Dealer_Code,updated_at\nO1,D1,2026-11-20\n')
      const error = await db.write((conn) => ingestFile(conn, path)).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(RefusedFileError)
      const message = (error as RefusedFileError).message
      expect(message).toContain('customer_pipeline_nov.csv')
      for (const col of ['created_at', 'stage', 'status']) expect(message).toContain(col)
      expect(message).not.toContain('dealer_code')
      expect((error as RefusedFileError).result).toMatchObject({
        status: 'refused',
        rows_loaded: 0,
      })
      expect(await query(db, 'select count(*) as n from customer_pipeline')).toEqual([{ n: 0 }])
      expect(await query(db, 'select count(*) as n from rejected_rows')).toEqual([{ n: 0 }])
      expect(await query(db, 'select status, table_name from ingest_runs')).toEqual([
        { status: 'refused', table_name: 'customer_pipeline' },
      ])
    }))

  it('refuses an empty file and loads a header-only file as zero rows', () =>
    withWarehouse(async (db, dir) => {
      const empty = await ingest(db, dir, 'stock_empty.csv', '')
      expect(empty.status).toBe('refused')
      expect(empty.message).toMatch(
        /stock_empty\.csv.*dealer_code, pl, as_of_date, total_qty, saleable_qty/,
      )
      const header = await ingest(
        db,
        dir,
        'stock_header.csv',
        'dealer_code,pl,as_of_date,total_qty,saleable_qty\n',
      )
      expect(header).toMatchObject({ status: 'loaded', rows_read: 0, rows_loaded: 0 })
    }))

  it('applies the defaults: updated_at = created_at, retail qty = 1', () =>
    withWarehouse(async (db, dir) => {
      await ingest(
        db,
        dir,
        'customer_pipeline.csv',
        `${PIPELINE_HEADER}\nO1,D1,2026-11-01 09:30:00,C0,Open\n`,
      )
      expect(await query(db, 'select created_at, updated_at from customer_pipeline')).toEqual([
        { created_at: '2026-11-01 09:30:00', updated_at: '2026-11-01 09:30:00' },
      ])
      await ingest(
        db,
        dir,
        'retail.csv',
        'invoice_id,dealer_code,retail_date,qty\nI1,D1,2026-11-02,\nI2,D1,2026-11-02,3\n',
      )
      expect(await query(db, 'select invoice_id, qty from retail order by 1')).toEqual([
        { invoice_id: 'I1', qty: 1 },
        { invoice_id: 'I2', qty: 3 },
      ])
    }))
})

describe('ingest: rejected rows', () => {
  it('rejects each kind of bad value with file, line, raw line and a reason naming column and value; the rest loads', () =>
    withWarehouse(async (db, dir) => {
      const file = join(dir, 'customer_pipeline.csv')
      const text = [
        `${PIPELINE_HEADER},updated_at,expected_closure_date`,
        'O1,D1,2026-11-01 10:00:00,C1,Open,,2026-12-01', // good
        'O2,D1,yesterday,C1,Open,,', // bad timestamp
        'O3,D1,2026-11-01,C9,Open,,', // unknown stage
        'O4,D1,2026-11-01,C2,Pending,,', // unknown status
        ',D1,2026-11-01,C2,Open,,', // empty key
        'O5,D1,2026-11-01,C2,Open,,2026-13-45', // bad date
        'O6,D1,2026-11-01,c1a,open,,', // case-insensitive values are fine
      ].join('\n')
      writeFileSync(file, text)
      const [r] = await ingestPaths(db, [file])
      expect(r).toMatchObject({
        rows_read: 7,
        rows_loaded: 2,
        rows_rejected: 5,
        rows_superseded: 0,
      })
      expectAccounted(r)
      const rejected = await query(
        db,
        'select file_name, table_name, line_number, raw_line, reason from rejected_rows order by line_number',
      )
      expect(rejected.map((x) => x.line_number)).toEqual([3, 4, 5, 6, 7])
      expect(rejected[0]).toMatchObject({
        file_name: file,
        table_name: 'customer_pipeline',
        raw_line: 'O2,D1,yesterday,C1,Open,,',
      })
      expect(rejected[0].reason).toMatch(/created_at 'yesterday' is not a timestamp/)
      expect(rejected[1].reason).toMatch(/stage 'C9' is not one of C0, C1, C1A, C2, C3/)
      expect(rejected[2].reason).toMatch(/status 'Pending' is not one of Open, Won, Lost/)
      expect(rejected[3].reason).toMatch(/opty_id is empty/)
      expect(rejected[4].reason).toMatch(/expected_closure_date '2026-13-45' is not a date/)
      expect(
        await query(db, 'select opty_id, stage, status from customer_pipeline order by 1'),
      ).toEqual([
        { opty_id: 'O1', stage: 'C1', status: 'Open' },
        { opty_id: 'O6', stage: 'C1A', status: 'Open' },
      ])
    }))

  it('rejects a bad date, a non-numeric or negative duration and saleable_qty above total_qty', () =>
    withWarehouse(async (db, dir) => {
      const calls = await ingest(
        db,
        dir,
        'call_log.csv',
        'call_id,opty_id,called_at,duration_sec,next_followup_date\n' +
          'K1,O1,2026-11-20 10:00:00,60,2026-11-25\n' +
          'K2,O1,2026-11-20 11:00:00,abc,\n' +
          'K3,O1,2026-11-20 12:00:00,-5,\n' +
          'K4,O1,2026-11-20 13:00:00,12.5,\n' +
          'K5,O1,2026-11-20 14:00:00,30,25/11/2026\n',
      )
      expect(calls).toMatchObject({ rows_read: 5, rows_loaded: 1, rows_rejected: 4 })
      const stock = await ingest(
        db,
        dir,
        'stock.csv',
        'dealer_code,pl,as_of_date,total_qty,saleable_qty\nD1,Ace Gold,2026-11-20,5,3\nD1,Intra V30,2026-11-20,2,4\nD1,Yodha,2026-11-20,-1,0\n',
      )
      expect(stock).toMatchObject({ rows_read: 3, rows_loaded: 1, rows_rejected: 2 })
      const reasons = (
        await query(db, 'select reason from rejected_rows order by table_name, line_number')
      ).map((r) => r.reason)
      expect(reasons).toEqual([
        "duration_sec 'abc' is not a whole number",
        'duration_sec -5 is negative',
        "duration_sec '12.5' is not a whole number",
        "next_followup_date '25/11/2026' is not a date (YYYY-MM-DD)",
        'saleable_qty 4 > total_qty 2',
        'total_qty -1 is negative; saleable_qty 0 > total_qty -1',
      ])
    }))

  it('rejects ragged rows with their line, and counts lines across quoted fields holding commas and newlines', () =>
    withWarehouse(async (db, dir) => {
      const text =
        'event_id,opty_id,event_type,event_at,detail\n' + // 1
        'E1,O1,enquiry,2026-11-01 10:00:00,"walk-in, asked for\nAce Gold price"\n' + // 2-3
        'E2,O1,test_drive,2026-11-02 10:00:00\n' + // 4: one field short
        'E3,O1,quote,2026-11-03 10:00:00,"Rs 6,10,000",extra-field\n' + // 5: one field too many
        'E4,O1,quote,not-a-time,"multi\nline\nnote"\n' + // 6-8
        'E5,O1,booking,2026-11-04 10:00:00,ok\n' // 9
      const r = await ingest(db, dir, 'customer_journey.csv', text)
      expect(r).toMatchObject({
        rows_read: 5,
        rows_loaded: 2,
        rows_rejected: 3,
        rows_superseded: 0,
      })
      const rejected = await query(
        db,
        'select line_number, raw_line, reason from rejected_rows order by line_number',
      )
      expect(rejected.map((x) => x.line_number)).toEqual([4, 5, 6])
      expect(rejected[0].raw_line).toBe('E2,O1,test_drive,2026-11-02 10:00:00')
      expect(rejected[1].raw_line).toBe('E3,O1,quote,2026-11-03 10:00:00,"Rs 6,10,000",extra-field')
      expect(rejected[2]).toMatchObject({
        raw_line: 'E4,O1,quote,not-a-time,"multi\nline\nnote"',
        reason: "event_at 'not-a-time' is not a timestamp (YYYY-MM-DD HH:MM:SS)",
      })
      expect(await query(db, 'select event_id, detail from customer_journey order by 1')).toEqual([
        { event_id: 'E1', detail: 'walk-in, asked for\nAce Gold price' },
        { event_id: 'E5', detail: 'ok' },
      ])
    }))
})

describe('ingest: keys, upsert and re-ingest', () => {
  it('lets a later row of the file supersede an earlier one with the same key', () =>
    withWarehouse(async (db, dir) => {
      const r = await ingest(
        db,
        dir,
        'stock.csv',
        'dealer_code,pl,as_of_date,total_qty,saleable_qty\n' +
          'D1,Ace,2026-11-20,5,3\nD1,Ace,2026-11-21,5,3\nD1,Ace,2026-11-20,9,8\nD1,Ace,2026-11-20,7,6\n',
      )
      expect(r).toMatchObject({
        rows_read: 4,
        rows_loaded: 2,
        rows_superseded: 2,
        rows_rejected: 0,
      })
      expect(await query(db, 'select as_of_date, total_qty from stock order by 1')).toEqual([
        { as_of_date: '2026-11-20', total_qty: 7 },
        { as_of_date: '2026-11-21', total_qty: 5 },
      ])
    }))

  it('keeps the newer updated_at for customer_pipeline, in the file and against the warehouse', () =>
    withWarehouse(async (db, dir) => {
      const header = `${PIPELINE_HEADER},updated_at`
      const first = await ingest(
        db,
        dir,
        'customer_pipeline_1.csv',
        `${header}\nO1,D1,2026-11-01,C1,Open,2026-11-05\nO1,D1,2026-11-01,C0,Open,2026-11-03\nO2,D1,2026-11-01,C0,Open,2026-11-01\n`,
      )
      expect(first).toMatchObject({ rows_loaded: 2, rows_superseded: 1 })
      expect(await query(db, "select stage from customer_pipeline where opty_id = 'O1'")).toEqual([
        { stage: 'C1' },
      ])
      // O1 older than stored: loses (superseded); O2 newer: wins; O3 new
      const second = await ingest(
        db,
        dir,
        'customer_pipeline_2.csv',
        `${header}\nO1,D1,2026-11-01,C3,Won,2026-11-04\nO2,D1,2026-11-01,C2,Open,2026-11-06\nO3,D2,2026-11-02,C0,Open,\n`,
      )
      expect(second).toMatchObject({
        rows_read: 3,
        rows_loaded: 2,
        rows_superseded: 1,
        rows_rejected: 0,
      })
      expect(
        await query(db, 'select opty_id, stage, updated_at from customer_pipeline order by 1'),
      ).toEqual([
        { opty_id: 'O1', stage: 'C1', updated_at: '2026-11-05 00:00:00' },
        { opty_id: 'O2', stage: 'C2', updated_at: '2026-11-06 00:00:00' },
        { opty_id: 'O3', stage: 'C0', updated_at: '2026-11-02 00:00:00' },
      ])
    }))

  it('skips a file already loaded (same SHA-256, any name) and changes nothing', () =>
    withWarehouse(async (db, dir) => {
      const text = 'dealer_code,dealer_name\nD1,Sharma Motors\nD2,Patel Auto\n'
      const first = await ingest(db, dir, 'dealers.csv', text)
      expect(first.status).toBe('loaded')
      const again = await ingest(db, dir, 'dealers_copy.csv', text)
      expect(again).toMatchObject({ status: 'skipped', rows_read: 0, rows_loaded: 0 })
      expect(again.message).toMatch(/already loaded \(same SHA-256\)/)
      expect(await query(db, 'select count(*) as n from dealers')).toEqual([{ n: 2 }])
      expect(await query(db, 'select status from ingest_runs order by run_id')).toEqual([
        { status: 'loaded' },
        { status: 'skipped' },
      ])
    }))

  it('reads a file again once its size or modification time changed, and skips it only for the same content', () =>
    withWarehouse(async (db, dir) => {
      const path = join(dir, 'dealers.csv')
      const load = async (text: string, mtime: number) => {
        writeFileSync(path, text)
        utimesSync(path, mtime, mtime)
        return (await ingestPaths(db, [path]))[0]
      }
      expect((await load('dealer_code,dealer_name\nD1,Alpha\n', 1_700_000_000)).status).toBe(
        'loaded',
      )
      // unchanged file: skipped without hashing; same bytes with a new mtime: skipped by its hash
      expect((await ingestPaths(db, [path]))[0].status).toBe('skipped')
      expect((await load('dealer_code,dealer_name\nD1,Alpha\n', 1_700_000_100)).status).toBe(
        'skipped',
      )
      // same size, new content, new mtime: loaded
      expect((await load('dealer_code,dealer_name\nD1,Omega\n', 1_700_000_200)).status).toBe(
        'loaded',
      )
      expect(await query(db, 'select dealer_name from dealers')).toEqual([{ dealer_name: 'Omega' }])
    }))

  it('upserts on the key: the same rows in a new file change nothing, a changed row is updated', () =>
    withWarehouse(async (db, dir) => {
      await ingest(
        db,
        dir,
        'dealers_a.csv',
        'dealer_code,dealer_name,lat\nD1,Sharma Motors,19.1\nD2,Patel Auto,\n',
      )
      const before = await query(db, 'select * from dealers order by 1')
      const same = await ingest(
        db,
        dir,
        'dealers_b.csv',
        'DEALER_CODE,dealer_name,lat\nD2,Patel Auto,\nD1,Sharma Motors,19.1\n',
      )
      expect(same).toMatchObject({ status: 'loaded', rows_loaded: 2 })
      expect(await query(db, 'select * from dealers order by 1')).toEqual(before)
      await ingest(
        db,
        dir,
        'dealers_c.csv',
        'dealer_code,dealer_name,lat\nD2,Patel Automobiles,21.5\n',
      )
      expect(
        await query(db, 'select dealer_code, dealer_name, lat from dealers order by 1'),
      ).toEqual([
        { dealer_code: 'D1', dealer_name: 'Sharma Motors', lat: 19.1 },
        { dealer_code: 'D2', dealer_name: 'Patel Automobiles', lat: 21.5 },
      ])
    }))

  it('reads Parquet files, with the same rules', () =>
    withWarehouse(async (db, dir) => {
      const path = join(dir, 'call_log_week.parquet')
      await db.write((conn) =>
        conn.run(
          `COPY (SELECT * FROM (VALUES
             ('K1', 'O1', TIMESTAMP '2026-11-20 10:00:00', 40, 'out'),
             ('K2', 'O1', TIMESTAMP '2026-11-20 11:00:00', -3, 'in'),
             ('K1', 'O2', TIMESTAMP '2026-11-20 12:00:00', 50, 'in')
           ) t(Call_Id, opty_id, called_at, duration_sec, channel)) TO '${path}' (FORMAT parquet)`,
        ),
      )
      const [r] = await ingestPaths(db, [path])
      expect(r).toMatchObject({
        table: 'call_log',
        rows_read: 3,
        rows_loaded: 1,
        rows_rejected: 1,
        rows_superseded: 1,
      })
      expect(await query(db, 'select call_id, opty_id, duration_sec, extra from call_log')).toEqual(
        [{ call_id: 'K1', opty_id: 'O2', duration_sec: 50, extra: '{"channel":"in"}' }],
      )
      expect(await query(db, 'select line_number, reason from rejected_rows')).toEqual([
        { line_number: 2, reason: 'duration_sec -3 is negative' },
      ])
    }))

  it('loads folders in name order, continues past a refused file, and stops before loading on a missing path', () =>
    withWarehouse(async (db, dir) => {
      const inbox = join(dir, 'inbox')
      mkdirSync(inbox)
      writeFileSync(
        join(inbox, 'retail.csv'),
        'invoice_id,dealer_code,retail_date\nI1,D1,2026-11-20\n',
      )
      writeFileSync(join(inbox, 'dealers.csv'), 'dealer_code\nD1\n')
      writeFileSync(join(inbox, 'call_log.csv'), 'call_id,opty_id\nK1,O1\n')
      writeFileSync(join(inbox, 'notes.txt'), 'not data')
      const seen: string[] = []
      const results = await ingestPaths(db, [inbox], { onFile: (r) => seen.push(r.status) })
      expect(results.map((r) => [r.table, r.status])).toEqual([
        ['call_log', 'refused'],
        ['dealers', 'loaded'],
        ['retail', 'loaded'],
      ])
      expect(seen).toEqual(['refused', 'loaded', 'loaded'])
      results.forEach(expectAccounted)
      await expect(
        ingestPaths(db, [join(inbox, 'dealers.csv'), join(dir, 'nope.csv')]),
      ).rejects.toThrow(/nope\.csv/)
      expect(await query(db, 'select count(*) as n from ingest_runs')).toEqual([{ n: 3 }])
    }))

  it('stores each file’s counts in ingest_runs, matching what the tables hold', () =>
    withWarehouse(async (db, dir) => {
      const r = await ingest(
        db,
        dir,
        'call_log.csv',
        'call_id,opty_id,called_at,duration_sec\nK1,O1,2026-11-20,1\nK1,O1,2026-11-20,2\nK2,,2026-11-20,3\nK3,O3,2026-11-20,4,9\nK4,O4,2026-11-20,5\n',
      )
      expectAccounted(r)
      const [run] = await query(
        db,
        'select run_id, rows_read, rows_loaded, rows_rejected, rows_superseded from ingest_runs',
      )
      expect(run).toMatchObject({
        rows_read: 5,
        rows_loaded: 2,
        rows_rejected: 2,
        rows_superseded: 1,
      })
      expect(await query(db, 'select count(*) as n from call_log')).toEqual([
        { n: run.rows_loaded },
      ])
      expect(
        await query(db, `select count(*) as n from rejected_rows where run_id = ${run.run_id}`),
      ).toEqual([{ n: run.rows_rejected }])
    }))
})
