// Password hashing: a round trip, a wrong password, and a malformed stored hash.
import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from './passwords.ts'

describe('passwords', () => {
  it('hashes with scrypt N=2^17 r=8 p=1 and verifies the same password', async () => {
    const hash = await hashPassword('correct horse battery')
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/)
    expect(await verifyPassword('correct horse battery', hash)).toBe(true)
  })

  it('refuses a wrong password, and salts every hash differently', async () => {
    const a = await hashPassword('same password')
    const b = await hashPassword('same password')
    expect(a).not.toBe(b)
    expect(await verifyPassword('same passwort', a)).toBe(false)
    expect(await verifyPassword('', a)).toBe(false)
  })

  it('refuses a malformed stored hash instead of throwing', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false)
    expect(await verifyPassword('x', 'scrypt$1$2$3$$')).toBe(false)
  })
})
