import { randomBytes } from 'node:crypto'

// AWS key ids and unique ids use upper-case base32 after a 4-letter prefix that names the kind.
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** e.g. randomId('ASIA', 16) -> 'ASIA' + 16 characters, 20 in all like a real access key id. */
export function randomId(prefix: string, length: number): string {
  const bytes = randomBytes(length)
  let out = prefix
  for (const b of bytes) out += BASE32[b % 32]
  return out
}

/** 40 characters, the length of a real secret access key. */
export function randomSecret(): string {
  return randomBytes(30).toString('base64')
}

export function randomSessionToken(): string {
  return randomBytes(96).toString('base64')
}
