// The contract's pure helpers: table from a file name, required columns, the CSV header.
import { describe, expect, it } from 'vitest'
import { contracts, requiredColumns, tableForFileName } from './contract.ts'
import { parseHeader } from './source.ts'

describe('ingest contract', () => {
  it('names the table by the longest matching prefix of the file name, in any case', () => {
    expect(tableForFileName('Call_Log_2026-11-20.CSV')).toBe('call_log')
    expect(tableForFileName('customer_pipeline.parquet')).toBe('customer_pipeline')
    expect(tableForFileName('customer_journey_nov.csv')).toBe('customer_journey')
    expect(tableForFileName('dealers.csv')).toBe('dealers')
    expect(tableForFileName('dealer_list.csv')).toBeNull()
    expect(tableForFileName('my_stock.csv')).toBeNull()
  })

  it('requires the columns of SPEC 3 and nothing with a default', () => {
    expect(requiredColumns(contracts.customer_pipeline)).toEqual([
      'opty_id',
      'dealer_code',
      'created_at',
      'stage',
      'status',
    ])
    expect(requiredColumns(contracts.retail)).toEqual(['invoice_id', 'dealer_code', 'retail_date'])
    expect(requiredColumns(contracts.stock)).toEqual([
      'dealer_code',
      'pl',
      'as_of_date',
      'total_qty',
      'saleable_qty',
    ])
  })

  it('reads a header row with a BOM, quotes and CRLF', () => {
    expect(parseHeader('\ufeffopty_id,"Dealer, Code","say ""hi"""\r\nO1,D1,x\r\n')).toEqual([
      'opty_id',
      'Dealer, Code',
      'say "hi"',
    ])
    expect(parseHeader('')).toBeNull()
    expect(parseHeader('\n')).toBeNull()
  })
})
