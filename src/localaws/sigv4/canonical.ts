import { createHash } from 'node:crypto'

/** RFC 3986 encoding as SigV4 wants it: encodeURIComponent leaves !'()* alone, SigV4 does not. */
export function escapeUri(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

/**
 * Header name -> canonical value, from node's raw header list so nothing node merged or rewrote leaks in:
 * repeated headers join with ',', values are trimmed and inner runs of spaces collapse to one.
 */
export function canonicalHeaderMap(rawHeaders: readonly string[]): Map<string, string> {
  const map = new Map<string, string>()
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase()
    const value = (rawHeaders[i + 1] ?? '').trim().replace(/\s+/g, ' ')
    const prev = map.get(name)
    map.set(name, prev === undefined ? value : `${prev},${value}`)
  }
  return map
}

/**
 * The path as signed. Most services normalise it (drop empty and '.' segments, resolve '..') and encode the
 * already-encoded wire path a second time; S3 signs the wire path exactly as sent.
 */
export function canonicalUri(wirePath: string, doubleEncode: boolean): string {
  if (!doubleEncode) return wirePath || '/'
  const segments: string[] = []
  for (const segment of wirePath.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  const trailing = segments.length > 0 && wirePath.endsWith('/') ? '/' : ''
  return escapeUri(`/${segments.join('/')}${trailing}`).replace(/%2F/g, '/')
}

/** Query pairs decoded, re-encoded the SigV4 way and sorted; the signature itself is never part of it. */
export function canonicalQuery(wireQuery: string): string {
  const pairs: [string, string][] = []
  for (const part of wireQuery.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const key = escapeUri(decodeURIComponent(eq < 0 ? part : part.slice(0, eq)))
    const value = eq < 0 ? '' : escapeUri(decodeURIComponent(part.slice(eq + 1)))
    if (key.toLowerCase() !== 'x-amz-signature') pairs.push([key, value])
  }
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
  return pairs.map(([k, v]) => `${k}=${v}`).join('&')
}

export interface CanonicalInput {
  method: string
  wirePath: string
  wireQuery: string
  headers: Map<string, string>
  signedHeaders: readonly string[]
  payloadHash: string
  doubleEncode: boolean
}

export function canonicalRequest(r: CanonicalInput): string {
  return [
    r.method.toUpperCase(),
    canonicalUri(r.wirePath, r.doubleEncode),
    canonicalQuery(r.wireQuery),
    ...r.signedHeaders.map((h) => `${h}:${r.headers.get(h) ?? ''}`),
    '',
    r.signedHeaders.join(';'),
    r.payloadHash,
  ].join('\n')
}
