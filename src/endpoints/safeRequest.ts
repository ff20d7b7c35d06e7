/**
 * fastify's request serializer (lib/logger-pino.js: method, url, host, address, port; no headers), with two
 * changes: the credentials id never reaches a log (it is a bearer secret in RELATIVE_URI mode), and neither
 * does any query string (/v1/credentials?id=...). Also drops `version`, which came from a header.
 */
export function safeUrl(url: string): string {
  const path = url.split('?', 1)[0] ?? ''
  const at = path.toLowerCase().indexOf('credentials')
  if (at < 0) return path
  const end = at + 'credentials'.length
  return end < path.length ? `${path.slice(0, end)}/[redacted]` : path
}

export interface SerializableRequest {
  method: string
  url: string
  host?: string
  ip: string
  socket?: { remotePort?: number }
}

export function serializeRequest(req: SerializableRequest) {
  return {
    method: req.method,
    url: safeUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }
}
