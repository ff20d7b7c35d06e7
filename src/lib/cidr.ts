/**
 * IPv4 CIDR blocks (`169.254.170.0/24`), parsed and compared: Docker refuses a bridge network whose subnet
 * overlaps another's, so overlap is what decides whether `ecs-local` can be created. IPv6 blocks are not parsed
 * (undefined): the endpoint's subnet is IPv4, so they can never clash with it.
 */
export interface Ipv4Block {
  /** The network address as an unsigned 32-bit number (host bits cleared). */
  base: number
  bits: number
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/

const mask = (bits: number): number => (bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0)

export function parseIpv4Cidr(text: string): Ipv4Block | undefined {
  const m = IPV4_CIDR.exec(text.trim())
  if (!m) return undefined
  const [a, b, c, d, bits] = m.slice(1).map(Number) as [number, number, number, number, number]
  if ([a, b, c, d].some((o) => o > 255) || bits > 32) return undefined
  const address = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0
  return { base: (address & mask(bits)) >>> 0, bits }
}

/** True when the two blocks share an address; false when either is not an IPv4 CIDR block. */
export function ipv4CidrsOverlap(x: string, y: string): boolean {
  const a = parseIpv4Cidr(x)
  const b = parseIpv4Cidr(y)
  if (!a || !b) return false
  // Two blocks overlap exactly when one contains the other: compare them under the shorter prefix.
  const m = mask(Math.min(a.bits, b.bits))
  return (a.base & m) >>> 0 === (b.base & m) >>> 0
}
