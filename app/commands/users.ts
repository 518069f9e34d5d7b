// `scv users add|list|passwd|remove`: accounts, roles and scopes (SPEC 8).
import { UserError } from '../../data/errors.ts'
import { openWarehouse } from '../../data/warehouse.ts'
import { describeScope } from '../auth/scope.ts'
import { addUser, listUsers, removeUser, setPassword, validatePassword } from '../users.ts'
import { type Command, type CommandContext, list, str } from './command.ts'

/** The password from --password, else the first line of standard input (so it stays out of shell history). */
async function readPassword(
  ctx: CommandContext,
  stdin: NodeJS.ReadStream = process.stdin,
): Promise<string> {
  const given = str(ctx, 'password')
  if (given !== undefined) return validatePassword(given)
  if (stdin.isTTY)
    throw new UserError(
      'give the password with --password, or on standard input (echo PW | scv users …)',
    )
  let text = ''
  for await (const chunk of stdin) text += chunk
  const line = text.split(/\r?\n/)[0] ?? ''
  if (!line) throw new UserError('no password on standard input')
  return validatePassword(line)
}

const command: Command = {
  summary: 'manage accounts: add, list, passwd, remove',
  help: `Usage:
  scv users add NAME --role ROLE [--dealer CODE…] [--dse ID] [--state S…] [--district D…]
                [--lang en|hi] [--password PW]     (password on stdin when --password is absent)
  scv users list
  scv users passwd NAME [--password PW]
  scv users remove NAME
Roles and the scope each needs:
  rep         --dealer (one or more) and --dse: own leads at own dealer(s)
  manager     --dealer: every lead of those dealers
  regional    --state and/or --district: dealers located there
  leadership  everything (read)
  admin       everything, and administration
Repeat an option or separate values with commas: --dealer D1,D2.`,
  options: {
    role: { type: 'string' },
    dealer: { type: 'string', multiple: true },
    dse: { type: 'string' },
    state: { type: 'string', multiple: true },
    district: { type: 'string', multiple: true },
    lang: { type: 'string' },
    password: { type: 'string' },
  },
  positionals: true,
  async run(ctx) {
    const [sub, name, ...extra] = ctx.positionals
    if (!sub) throw new UserError('give a subcommand: add, list, passwd or remove')
    if (extra.length) throw new UserError(`unexpected argument "${extra[0]}"`)
    const needName = () => {
      if (!name) throw new UserError(`scv users ${sub} needs a user name`)
      return name
    }
    switch (sub) {
      case 'add': {
        const username = needName()
        if (!str(ctx, 'role'))
          throw new UserError('--role is required (rep, manager, regional, leadership, admin)')
        const password = await readPassword(ctx)
        const db = await openWarehouse(ctx.config.db, { purpose: 'scv users' })
        try {
          const user = await db.write((conn) =>
            addUser(conn, {
              username,
              role: str(ctx, 'role') as string,
              dealer_codes: list(ctx, 'dealer'),
              dse_id: str(ctx, 'dse') ?? null,
              states: list(ctx, 'state'),
              districts: list(ctx, 'district'),
              lang: str(ctx, 'lang'),
              password,
            }),
          )
          if (ctx.json) ctx.print(JSON.stringify({ added: user }))
          else ctx.print(`added ${user.username} (${user.role}: ${describeScope(user)})`)
        } finally {
          await db.close()
        }
        return 0
      }
      case 'list': {
        if (name) throw new UserError(`unexpected argument "${name}"`)
        const db = await openWarehouse(ctx.config.db, { readOnly: true })
        try {
          const users = await db.withConnection((conn) => listUsers(conn))
          if (ctx.json) ctx.print(JSON.stringify(users))
          else if (!users.length) ctx.print('(no users)')
          else
            for (const u of users)
              ctx.print(
                `${u.username.padEnd(20)} ${u.role.padEnd(10)} ${u.lang}  ${describeScope(u)}`,
              )
        } finally {
          await db.close()
        }
        return 0
      }
      case 'passwd': {
        const username = needName()
        const password = await readPassword(ctx)
        const db = await openWarehouse(ctx.config.db, { purpose: 'scv users' })
        try {
          await db.write((conn) => setPassword(conn, username, password))
        } finally {
          await db.close()
        }
        ctx.print(
          ctx.json
            ? JSON.stringify({ passwd: username })
            : `password of ${username} changed; its sessions ended`,
        )
        return 0
      }
      case 'remove': {
        const username = needName()
        const db = await openWarehouse(ctx.config.db, { purpose: 'scv users' })
        try {
          await db.write((conn) => removeUser(conn, username))
        } finally {
          await db.close()
        }
        ctx.print(ctx.json ? JSON.stringify({ removed: username }) : `removed ${username}`)
        return 0
      }
      default:
        throw new UserError(`unknown subcommand "${sub}": use add, list, passwd or remove`)
    }
  },
}
export default command
