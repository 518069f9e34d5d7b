// Accounts: validated creation, password changes, removal, language, and the demo accounts of every role.
import type { DuckDBConnection } from '@duckdb/node-api'
import { nowIST } from '../data/dates.ts'
import { UserError } from '../data/errors.ts'
import { kysely } from '../data/kysely.ts'
import type { UsersTable } from '../data/schema.ts'
import { rows, type Warehouse } from '../data/warehouse.ts'
import { hashPassword } from './auth/passwords.ts'
import { describeScope, langs, roles, type Lang, type Role, type User } from './auth/scope.ts'

export interface NewUser {
  username: string
  role: string
  dealer_codes?: string[]
  dse_id?: string | null
  states?: string[]
  districts?: string[]
  lang?: string
  password: string
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/

export function validateUsername(name: string): string {
  if (!USERNAME.test(name))
    throw new UserError(
      `username must be 2–64 letters, digits or . _ @ - (starting with a letter or digit), got "${name}"`,
    )
  return name
}

export function validatePassword(password: string): string {
  if (password.length < 8) throw new UserError('password must be at least 8 characters')
  if (password.length > 200) throw new UserError('password must be at most 200 characters')
  return password
}

/** Checks role and scope together; every message names the option to fix. */
export function validateUser(input: NewUser): Omit<User, 'username'> & { username: string } {
  const username = validateUsername(input.username)
  if (!roles.includes(input.role as Role))
    throw new UserError(`--role must be one of ${roles.join(', ')}, got "${input.role}"`)
  const role = input.role as Role
  const lang = (input.lang ?? 'en') as Lang
  if (!langs.includes(lang)) throw new UserError(`--lang must be en or hi, got "${input.lang}"`)
  const dealer_codes = input.dealer_codes ?? []
  const dse_id = input.dse_id || null
  const states = input.states ?? []
  const districts = input.districts ?? []
  const refuse = (option: string, given: boolean) => {
    if (given) throw new UserError(`${option} is not used for role ${role}`)
  }
  switch (role) {
    case 'rep':
      if (!dealer_codes.length) throw new UserError('--dealer is required for role rep')
      if (!dse_id) throw new UserError('--dse is required for role rep')
      refuse('--state', states.length > 0)
      refuse('--district', districts.length > 0)
      break
    case 'manager':
      if (!dealer_codes.length) throw new UserError('--dealer is required for role manager')
      refuse('--dse', Boolean(dse_id))
      refuse('--state', states.length > 0)
      refuse('--district', districts.length > 0)
      break
    case 'regional':
      if (!states.length && !districts.length)
        throw new UserError('--state or --district is required for role regional')
      refuse('--dealer', dealer_codes.length > 0)
      refuse('--dse', Boolean(dse_id))
      break
    default:
      refuse('--dealer', dealer_codes.length > 0)
      refuse('--dse', Boolean(dse_id))
      refuse('--state', states.length > 0)
      refuse('--district', districts.length > 0)
  }
  validatePassword(input.password)
  return { username, role, dealer_codes, dse_id, states, districts, lang }
}

function toUser(r: Pick<UsersTable, keyof User>): User {
  return {
    username: r.username,
    role: r.role as Role,
    dealer_codes: r.dealer_codes ?? [],
    dse_id: r.dse_id,
    states: r.states ?? [],
    districts: r.districts ?? [],
    lang: (langs.includes(r.lang as Lang) ? r.lang : 'en') as Lang,
  }
}

const userColumns = [
  'username',
  'role',
  'dealer_codes',
  'dse_id',
  'states',
  'districts',
  'lang',
] as const

export async function getUser(conn: DuckDBConnection, username: string): Promise<User | null> {
  const r = await kysely(conn)
    .selectFrom('users')
    .select(userColumns)
    .where('username', '=', username)
    .executeTakeFirst()
  return r ? toUser(r) : null
}

/** The stored hash of an account, or null. */
export async function getPasswordHash(
  conn: DuckDBConnection,
  username: string,
): Promise<string | null> {
  const r = await kysely(conn)
    .selectFrom('users')
    .select('password_hash')
    .where('username', '=', username)
    .executeTakeFirst()
  return r?.password_hash ?? null
}

export async function listUsers(conn: DuckDBConnection): Promise<User[]> {
  const all = await kysely(conn)
    .selectFrom('users')
    .select(userColumns)
    .orderBy('username')
    .execute()
  return all.map(toUser)
}

/** Creates an account (`replace`: update it if it exists). Must run on the writer connection. */
export async function addUser(
  conn: DuckDBConnection,
  input: NewUser,
  options: { replace?: boolean } = {},
): Promise<User> {
  const user = validateUser(input)
  const password_hash = await hashPassword(input.password)
  const k = kysely(conn)
  const existing = await getUser(conn, user.username)
  if (existing && !options.replace)
    throw new UserError(
      `user "${user.username}" already exists (use passwd to change the password)`,
    )
  const now = nowIST()
  if (existing) {
    await k
      .updateTable('users')
      .set({ ...user, password_hash, updated_at: now })
      .where('username', '=', user.username)
      .execute()
  } else {
    await k
      .insertInto('users')
      .values({ ...user, password_hash, created_at: now, updated_at: now })
      .execute()
  }
  return user
}

export async function setPassword(
  conn: DuckDBConnection,
  username: string,
  password: string,
): Promise<void> {
  validatePassword(password)
  if (!(await getUser(conn, username))) throw new UserError(`no user "${username}"`)
  const password_hash = await hashPassword(password)
  const k = kysely(conn)
  await k
    .updateTable('users')
    .set({ password_hash, updated_at: nowIST() })
    .where('username', '=', username)
    .execute()
  // a new password signs the account out everywhere
  await k.deleteFrom('sessions').where('username', '=', username).execute()
}

export async function removeUser(conn: DuckDBConnection, username: string): Promise<void> {
  if (!(await getUser(conn, username))) throw new UserError(`no user "${username}"`)
  const k = kysely(conn)
  await k.deleteFrom('sessions').where('username', '=', username).execute()
  await k.deleteFrom('users').where('username', '=', username).execute()
}

export async function setLang(conn: DuckDBConnection, username: string, lang: Lang): Promise<void> {
  await kysely(conn)
    .updateTable('users')
    .set({ lang, updated_at: nowIST() })
    .where('username', '=', username)
    .execute()
}

/** Fixed, documented demo passwords: `<role>-demo-2026`. Demo data only. */
export const demoPassword = (role: Role) => `${role}-demo-2026`

/**
 * One account per role built from the warehouse's data (idempotent: re-running refreshes them):
 * the rep is the DSE with the most open leads, the manager runs that DSE's dealer, the regional user
 * covers that dealer's state.
 */
export async function createDemoUsers(
  db: Warehouse,
): Promise<{ username: string; password: string; role: string; scope: string }[]> {
  return db.write(async (conn) => {
    const hasLeadList =
      (
        await rows(
          conn,
          "select count(*) as n from information_schema.tables where table_name = 'lead_list'",
        )
      )[0].n === 1
    const source = hasLeadList
      ? 'lead_list'
      : "customer_pipeline where status = 'Open' and dse_id is not null"
    const [top] = await rows<{ dse_id: string; dealer_code: string }>(
      conn,
      `select dse_id, dealer_code from ${source}${hasLeadList ? ' where dse_id is not null' : ''}
       group by dse_id, dealer_code order by count(*) desc, dse_id limit 1`,
    )
    if (!top)
      throw new UserError('no open leads with a DSE in the warehouse: load and score data first')
    const [geo] = await rows<{ state: string | null }>(
      conn,
      `select coalesce(
         (select state from dealers where dealer_code = $1 and state is not null limit 1),
         (select state from customer_pipeline where dealer_code = $1 and state is not null
          order by updated_at desc limit 1)) as state`,
      [top.dealer_code],
    )
    const specs: NewUser[] = [
      {
        username: 'demo-rep',
        role: 'rep',
        dealer_codes: [top.dealer_code],
        dse_id: top.dse_id,
        password: '',
      },
      { username: 'demo-manager', role: 'manager', dealer_codes: [top.dealer_code], password: '' },
      {
        username: 'demo-regional',
        role: 'regional',
        states: [geo?.state ?? 'unknown'],
        password: '',
      },
      { username: 'demo-leadership', role: 'leadership', password: '' },
      { username: 'demo-admin', role: 'admin', password: '' },
    ]
    const out = []
    for (const spec of specs) {
      const password = demoPassword(spec.role as Role)
      const user = await addUser(conn, { ...spec, password }, { replace: true })
      out.push({
        username: user.username,
        password,
        role: user.role,
        scope: describeScope({ ...user }),
      })
    }
    return out
  })
}
