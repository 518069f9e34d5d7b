// Accounts: validation names the field, scopes are stored, `scv users` works end to end, demo users are idempotent.
import { describe, expect, it } from 'vitest'
import { rows } from '../data/warehouse.ts'
import { withWarehouse } from '../test/warehouse.ts'
import { main } from './cli.ts'
import { createDemoUsers, listUsers, validateUser } from './users.ts'
import { loadFixture } from '../test/e2e/app-fixture.ts'
import { parseConfig } from './config.ts'
import { getPasswordHash } from './users.ts'
import { verifyPassword } from './auth/passwords.ts'

const pw = 'long-enough-1'

describe('validateUser', () => {
  it.each([
    [{ role: 'rep', dse_id: 'E1' }, '--dealer is required for role rep'],
    [{ role: 'rep', dealer_codes: ['D1'] }, '--dse is required for role rep'],
    [{ role: 'manager' }, '--dealer is required for role manager'],
    [{ role: 'manager', dealer_codes: ['D1'], dse_id: 'E1' }, '--dse is not used for role manager'],
    [{ role: 'regional' }, '--state or --district is required for role regional'],
    [{ role: 'leadership', states: ['Goa'] }, '--state is not used for role leadership'],
    [{ role: 'boss' }, '--role must be one of rep, manager, regional, leadership, admin'],
    [{ role: 'admin', lang: 'fr' }, '--lang must be en or hi'],
    [{ role: 'admin', password: 'short' }, 'password must be at least 8 characters'],
    [{ role: 'admin', username: 'a b' }, 'username must be'],
  ])('refuses %j: %s', (input, message) => {
    expect(() => validateUser({ username: 'u1', password: pw, ...input })).toThrow(message)
  })
})

describe('scv users', () => {
  it('adds, lists, changes the password of and removes accounts', async () => {
    await withWarehouse(async (db, dir) => {
      const path = db.path
      await db.close()
      const out: string[] = []
      const run = (...args: string[]) => main([...args, '--db', path], (l) => out.push(l))
      expect(
        await run(
          'users',
          'add',
          'asha',
          '--role',
          'rep',
          '--dealer',
          'D1,D2',
          '--dse',
          'E7',
          '--password',
          pw,
        ),
      ).toBe(0)
      expect(await run('users', 'add', 'asha', '--role', 'admin', '--password', pw)).toBe(2)
      expect(await run('users', 'add', 'ravi', '--role', 'regional', '--password', pw)).toBe(2)
      expect(
        await run(
          'users',
          'add',
          'ravi',
          '--role',
          'regional',
          '--state',
          'Goa',
          '--district',
          'Pune',
          '--lang',
          'hi',
          '--password',
          pw,
        ),
      ).toBe(0)
      out.length = 0
      expect(await run('users', 'list', '--json')).toBe(0)
      expect(JSON.parse(out[0])).toEqual([
        {
          username: 'asha',
          role: 'rep',
          dealer_codes: ['D1', 'D2'],
          dse_id: 'E7',
          states: [],
          districts: [],
          lang: 'en',
        },
        {
          username: 'ravi',
          role: 'regional',
          dealer_codes: [],
          dse_id: null,
          states: ['Goa'],
          districts: ['Pune'],
          lang: 'hi',
        },
      ])
      expect(await run('users', 'passwd', 'asha', '--password', 'another-pass-2')).toBe(0)
      expect(await run('users', 'passwd', 'nobody', '--password', 'another-pass-2')).toBe(2)
      expect(await run('users', 'remove', 'ravi')).toBe(0)
      expect(await run('users', 'remove', 'ravi')).toBe(2)
      expect(await run('users', 'frobnicate')).toBe(2)
      const { openWarehouse } = await import('../data/warehouse.ts')
      const again = await openWarehouse(path)
      try {
        const hash = await again.withConnection((c) => getPasswordHash(c, 'asha'))
        expect(await verifyPassword('another-pass-2', hash!)).toBe(true)
        expect((await again.withConnection((c) => listUsers(c))).map((u) => u.username)).toEqual([
          'asha',
        ])
      } finally {
        await again.close()
      }
      expect(dir).toBeTruthy()
    })
  }, 60_000)
})

describe('createDemoUsers', () => {
  it('creates one account per role from the data, idempotently', async () => {
    await withWarehouse(async (db) => {
      await loadFixture(db, parseConfig({}), { users: false })
      const first = await createDemoUsers(db)
      const second = await createDemoUsers(db)
      expect(second).toEqual(first)
      expect(first.map((u) => u.role)).toEqual([
        'rep',
        'manager',
        'regional',
        'leadership',
        'admin',
      ])
      // the rep is the DSE with the most open leads (E1 at D1), the regional user covers D1's state
      expect(first[0].scope).toBe('dse E1 at D1')
      expect(first[1].scope).toBe('dealers D1')
      expect(first[2].scope).toBe('states Maharashtra')
      const n = await db.withConnection((c) => rows(c, 'select count(*) as n from users'))
      expect(n[0].n).toBe(5)
    })
  }, 60_000)
})
