/**
 * fastify's request serializer (lib/logger-pino.js: method, url, host, address, port; no headers), changed so
 * that no credentials id reaches a log: it is a bearer secret in RELATIVE_URI mode (agent PR #2705 logs the
 * task ARN instead). Query strings are dropped (/v1/credentials?id=...), the id after `credentials` is
 * redacted, and a URL no route knows keeps only its first segment: a misconfigured container may put its
 * id anywhere. `version` (from a header) is dropped too.
 */
export function safeUrl(url: string, is404 = false): string {
  const path = url.split('?', 1)[0] ?? ''
  const at = path.toLowerCase().indexOf('credentials')
  if (at >= 0) {
    const end = at + 'credentials'.length
    return end < path.length ? `${path.slice(0, end)}/[redacted]` : path
  }
  if (!is404) return path
  const first = /^\/*[^/]*/.exec(path)?.[0] ?? ''
  return first.length < path.length ? `${first}/[redacted]` : path
}

export interface SerializableRequest {
  method: string
  url: string
  host?: string
  ip: string
  is404?: boolean
  socket?: { remotePort?: number }
}

export function serializeRequest(req: SerializableRequest) {
  return {
    method: req.method,
    url: safeUrl(req.url, req.is404),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }
}
