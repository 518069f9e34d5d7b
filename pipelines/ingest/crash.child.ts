// Test helper for crash.test.ts: ingests the given files into the given warehouse, saying when it starts.
import { openWarehouse } from '../../data/warehouse.ts'
import { ingestPaths } from './ingest.ts'

const [dbPath, ...files] = process.argv.slice(2)
const db = await openWarehouse(dbPath)
process.stdout.write('start\n')
const results = await ingestPaths(db, files)
await db.close()
process.stdout.write(`${JSON.stringify(results)}\n`)
