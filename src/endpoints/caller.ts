import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * The caller's source address as the registry keys it. fastify reports IPv4 peers of a dual-stack
 * socket as ::ffff:a.b.c.d. trustProxy stays off: X-Forwarded-For is the caller's to forge.
 */
export function callerAddress(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest()

/**
 * FULL_URI mode: does the Authorization header equal the task's token? Compared in constant time
 * (hashing first gives timingSafeEqual equal lengths and hides the token's length).
 */
export function authorizationMatches(expected: string, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false
  return timingSafeEqual(digest(expected), digest(header))
}
