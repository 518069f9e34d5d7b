// `scv demo` (what `npm start` runs): generate the demo data if absent, load it, run every pipeline, print logins, serve.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { todayIST } from '../../data/dates.ts'
import { openWarehouse } from '../../data/warehouse.ts'
import { buildAlert } from '../../pipelines/alert/alert.ts'
import { generate } from '../../pipelines/generate/generate.ts'
import { computeHotspots } from '../../pipelines/hotspots/hotspots.ts'
import { ingestPaths } from '../../pipelines/ingest/ingest.ts'
import { scoreAll } from '../../pipelines/score/score.ts'
import { createDemoUsers } from '../users.ts'
import { serveUntilSignal } from './serve.ts'
import { type Command, str } from './command.ts'

interface DemoManifest {
  asOf: string
  seed: number
  opportunities: number
}

const command: Command = {
  summary: 'generate and load the demo data, run every pipeline, print the demo logins and serve',
  help: `Usage: scv demo [--opportunities N] [--seed S] [--port P] [--no-serve]
  --opportunities N  size of the demo data set when it is generated (default 20000)
  --seed S           generator seed (default 42)
  --port P           HTTP port (default from configuration, 3000)
  --no-serve         stop after loading and scoring (no server)
The demo data is generated once into the configured demo folder (data/demo) with today's date as
its as-of date; later starts reuse it (delete the folder to regenerate).`,
  options: {
    opportunities: { type: 'string' },
    seed: { type: 'string' },
    port: { type: 'string' },
    'no-serve': { type: 'boolean', default: false },
  },
  async run(ctx) {
    const { config, print } = ctx
    const dir = config.demo_dir
    const manifestPath = join(dir, 'demo.json')
    let manifest: DemoManifest
    if (existsSync(manifestPath)) {
      manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
      print(`demo data: ${dir} (as of ${manifest.asOf}, ${manifest.opportunities} opportunities)`)
    } else {
      manifest = {
        asOf: todayIST(),
        seed: Number(str(ctx, 'seed') ?? 42),
        opportunities: Number(str(ctx, 'opportunities') ?? 20_000),
      }
      print(`generating ${manifest.opportunities} demo opportunities into ${dir} …`)
      const generated = await generate({ ...manifest, outDir: dir })
      writeFileSync(manifestPath, JSON.stringify(manifest, null, 2))
      print(`generated in ${generated.seconds.toFixed(1)} s: ${formatCounts(generated.files)}`)
    }

    const db = await openWarehouse(config.db, { purpose: 'scv demo' })
    try {
      const files = await ingestPaths(db, [dir])
      for (const f of files) {
        print(
          `  ${f.status.padEnd(7)} ${f.table ?? '?'}: read ${f.rows_read}, loaded ${f.rows_loaded}, rejected ${f.rows_rejected}, superseded ${f.rows_superseded}${f.message ? ` (${f.message})` : ''}`,
        )
      }
      const scored = await db.write((conn) =>
        scoreAll(conn, config.score, { asOf: manifest.asOf, triggeredBy: 'demo' }),
      )
      print(
        `scored as of ${manifest.asOf}: ${scored.inserted} new, ${scored.updated} updated, ${scored.closed} closed, ${scored.unchanged} unchanged`,
      )
      const hot = await db.write((conn) => computeHotspots(conn, config, manifest.asOf))
      print(`hotspots: ${hot.talukas} talukas, ${hot.hotspots} HOTSPOT, ${hot.emerging} EMERGING`)
      const alert = await db.withConnection((conn) => buildAlert(conn, config, manifest.asOf))
      if (alert) {
        print(`alert (dry run): ${alert.subject}`)
        for (const line of alert.text.split('\n').slice(0, 12)) print(`  ${line}`)
      } else print('alert (dry run): no HOTSPOT or EMERGING talukas, no email')
      const users = await createDemoUsers(db)
      print('demo logins:')
      for (const u of users)
        print(`  ${u.role.padEnd(10)} ${u.username} / ${u.password}   ${u.scope}`)
    } catch (e) {
      await db.close()
      throw e
    }
    if (ctx.values['no-serve']) {
      await db.close()
      return 0
    }
    await serveUntilSignal(db, config, { port: str(ctx, 'port'), print })
    return 0
  },
}
export default command

function formatCounts(files: Record<string, number>): string {
  return Object.entries(files)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ')
}
