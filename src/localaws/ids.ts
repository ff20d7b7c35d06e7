import { createHash, randomBytes } from 'node:crypto'

// AWS key ids and unique ids use upper-case base32 after a 4-letter prefix that names the kind.
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** e.g. randomId('ASIA', 16) -> 'ASIA' + 16 characters, 20 in all like a real access key id. */
export function randomId(prefix: string, length: number): string {
  const bytes = randomBytes(length)
  let out = prefix
  for (const b of bytes) out += BASE32[b % 32]
  return out
}

/**
 * The same id for the same input, in the shape randomId gives: for what AWS fixes once and a restarted local AWS
 * must give again (a role's AROA id, a seeded secret's ARN suffix).
 */
export function stableId(prefix: string, length: number, from: string, alphabet = BASE32): string {
  const bytes = createHash('sha256').update(from).digest()
  let out = prefix
  for (let i = 0; i < length; i++) out += alphabet[(bytes[i % bytes.length] ?? 0) % alphabet.length]
  return out
}

/** 40 characters, the length of a real secret access key. */
export function randomSecret(): string {
  return randomBytes(30).toString('base64')
}

export function randomSessionToken(): string {
  return randomBytes(96).toString('base64')
}
