// Password hashing: scrypt at OWASP's strength (N = 2^17, r = 8, p = 1), compared in constant time.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const N = 2 ** 17
const R = 8
const P = 1
const KEY_LENGTH = 32
/** scrypt needs 128 * N * r bytes (128 MiB here) plus headroom, or it throws */
const MAXMEM = 256 * 1024 * 1024

function derive(password: string, salt: Buffer, options: ScryptOptions, len: number) {
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, len, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  )
}

/** Hashes a password; the result names its parameters: `scrypt$N$r$p$salt$hash` (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, { N, r: R, p: P, maxmem: MAXMEM }, KEY_LENGTH)
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$')
}

/** True when `password` matches `stored`; false for a wrong password or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [n, r, p] = parts.slice(1, 4).map(Number)
  const salt = Buffer.from(parts[4], 'base64')
  const expected = Buffer.from(parts[5], 'base64')
  if (!n || !r || !p || !expected.length) return false
  const key = await derive(password, salt, { N: n, r, p, maxmem: MAXMEM }, expected.length)
  return timingSafeEqual(key, expected)
}

/** A hash of a random password, so that "no such user" costs as much time as a wrong password. */
let decoy: Promise<string> | undefined
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'))
  return decoy
}
