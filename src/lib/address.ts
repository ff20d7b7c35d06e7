/**
 * An IPv4 peer of a dual-stack socket as plain IPv4: fastify reports it as `::ffff:a.b.c.d`, Docker hands out
 * `a.b.c.d`, and the registry must key both the same. Other addresses are returned as they are.
 */
export function unmapIPv4(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address
}
