import { randomInt } from 'node:crypto'

/**
 * Picks a free IPv4 address in a /24 for a task's container before it starts, so its address is bound to the
 * task before its first credentials request. Low addresses are left to Docker's own allocator and compose.
 */
export function pickAddress(prefix: string, taken: Iterable<string>, first = 32, last = 254): string {
  const used = new Set(taken)
  const free: string[] = []
  for (let i = first; i <= last; i++) if (!used.has(`${prefix}.${i}`)) free.push(`${prefix}.${i}`)
  if (free.length === 0) throw new Error(`no free address left in ${prefix}.${first}-${last}`)
  return free[randomInt(free.length)] as string
}

/** The first three octets of a /24 subnet such as 169.254.170.0/24. */
export function subnetPrefix(subnet: string): string {
  const m = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(subnet)
  if (!m?.[1]) throw new Error(`subnet ${subnet} must be a /24 ending in .0`)
  return m[1]
}
