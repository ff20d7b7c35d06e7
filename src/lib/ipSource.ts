import { isIPv4, isIPv6 } from 'node:net'

/**
 * The address family of a fault's source as the agent tells them apart (ecs-agent/tmds/utils/utils.go: IsIPv4,
 * IsIPv6, IsIPv4CIDR, IsIPv6CIDR over Go's net.ParseIP / net.ParseCIDR): 4, 6, or undefined when it is neither
 * an address nor a CIDR block. Go has no zones in either, and counts an IPv4-mapped IPv6 address as IPv4.
 */
export function sourceFamily(source: string): 4 | 6 | undefined {
  const slash = source.indexOf('/')
  const address = slash < 0 ? source : source.slice(0, slash)
  const family = addressFamily(address)
  if (!family || slash < 0) return family
  // ParseCIDR's prefix: decimal digits (leading zeros allowed), at most the full length of a 16-byte form for
  // IPv6 (an IPv4-mapped one included), of a 4-byte one for IPv4.
  const prefix = source.slice(slash + 1)
  const bits = family === 4 && isIPv4(address) ? 32 : 128
  return /^[0-9]+$/.test(prefix) && Number(prefix) <= bits ? family : undefined
}

function addressFamily(address: string): 4 | 6 | undefined {
  if (isIPv4(address)) return 4
  if (!isIPv6(address) || address.includes('%')) return undefined
  // The WHATWG serialiser compresses the zeros, so an IPv4-mapped address always reads ::ffff:x:y.
  const canonical = new URL(`http://[${address}]/`).hostname
  return /^\[::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}\]$/.test(canonical) ? 4 : 6
}
