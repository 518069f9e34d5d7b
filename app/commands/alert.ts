// `scv alert`: the hotspot alert email of an as-of date — preview it, write it to a file, or send it once.
import { parseDate, todayIST } from '../../data/dates.ts'
import { openWarehouse } from '../../data/warehouse.ts'
import {
  AlertNotSentError,
  buildAlert,
  resumePending,
  runAlert,
  runAlertRecorded,
  type AlertResult,
} from '../../pipelines/alert/alert.ts'
import { secrets } from '../config.ts'
import { list, str, type Command } from './command.ts'

const command: Command = {
  summary: 'build the hotspot alert email (SPEC 7) and send it once, or preview it',
  help: `Usage: scv alert [--as-of D] [--to a@x,b@y] [--dry-run] [--out FILE] [--json]
  --as-of D     the as-of date YYYY-MM-DD (default: today in Asia/Kolkata)
  --to LIST     recipients, comma-separated (default: alert.recipients in the configuration)
  --dry-run     do not send; print the plain-text email (or write it with --out)
  --out FILE    write the email to FILE: .eml (complete MIME message) or .html
  --json        print {"as_of", "talukas": [{state, district, taluka, hotspot_status, priority, reasons}]}
Sending needs SCV_SMTP_URL (e.g. smtp://user:pass@mail.example:587). Each alert key (type, date,
recipients) is sent once: a rerun after success sends nothing; a failed send is retried with back-off.`,
  options: {
    'as-of': { type: 'string' },
    to: { type: 'string', multiple: true },
    'dry-run': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
  async run(ctx) {
    const asOf = str(ctx, 'as-of') ? parseDate(str(ctx, 'as-of')!, '--as-of') : todayIST()
    const dryRun = Boolean(ctx.values['dry-run'])
    const to = list(ctx, 'to')
    const db = await openWarehouse(ctx.config.db, { purpose: 'scv alert' })
    let result: AlertResult
    try {
      const options = { asOf, to, dryRun, out: str(ctx, 'out'), smtpUrl: secrets().smtpUrl }
      try {
        result = dryRun
          ? await runAlert(db, ctx.config, options)
          : await runAlertRecorded(db, ctx.config, options)
      } catch (e) {
        if (!(e instanceof AlertNotSentError)) throw e
        console.error(`scv alert: ${e.message}`)
        return 1
      }
      if (ctx.json) {
        const json = result.json ??
          (await db.withConnection((conn) => buildAlert(conn, ctx.config, asOf)))?.json ?? {
            as_of: asOf,
            talukas: [],
          }
        ctx.print(JSON.stringify(json))
        if (result.status !== 'dry-run') console.error(`scv alert: ${result.message}`)
        return 0
      }
      if (result.status === 'dry-run' && !result.out && result.text) ctx.print(result.text)
      ctx.print(`alert ${asOf}: ${result.message}`)
      // a later run resumes what earlier ones left pending (other dates or recipient lists)
      if (!dryRun && options.smtpUrl)
        for (const r of await resumePending(db, ctx.config, options.smtpUrl))
          ctx.print(`alert ${r.as_of}: ${r.message}`)
    } finally {
      await db.close()
    }
  },
}
export default command
