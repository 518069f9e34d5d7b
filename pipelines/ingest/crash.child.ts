// Test helper for crash.test.ts: ingests the given files into the given warehouse, saying when it starts.
import { openWarehouse } from '../../data/warehouse.ts'
import { ingestPaths } from './ingest.ts'

const [dbPath, ...files] = process.argv.slice(2)
const db = await openWarehouse(dbPath)
process.stdout.write('start\n')
const results = await ingestPaths(db, files)
process.stdout.write(`loaded ${JSON.stringify(results)}\n`)
await db.close() // a kill from here on lands in the checkpoint: the committed file must survive it
