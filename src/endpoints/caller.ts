import { createHash, timingSafeEqual } from 'node:crypto'
import { unmapIPv4 } from '../lib/address.js'

/**
 * The caller's source address as the registry keys it, for lookups, logs and error texts alike.
 * trustProxy stays off: X-Forwarded-For is the caller's to forge.
 */
export const callerAddress = (ip: string): string => unmapIPv4(ip)

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest()

/**
 * FULL_URI mode: does the Authorization header equal the task's token? Compared in constant time
 * (hashing first gives timingSafeEqual equal lengths and hides the token's length).
 */
export function authorizationMatches(expected: string, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false
  return timingSafeEqual(digest(expected), digest(header))
}
