import { S3Error } from './s3Error.js'

/** A decoded aws-chunked body: the payload and the trailing headers (e.g. x-amz-checksum-crc32). */
export interface Unchunked {
  payload: Buffer
  trailers: Map<string, string>
}

function incomplete(why: string): S3Error {
  return new S3Error('IncompleteBody', `The request body is not valid aws-chunked encoding: ${why}`, 400)
}

/**
 * Decodes `Content-Encoding: aws-chunked`, as the SDKs send streaming uploads: chunks of
 * `<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n`, a zero-size chunk, then optional trailer lines and a blank
 * line. Chunk signatures (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) are read past, not verified.
 */
export function decodeAwsChunked(body: Buffer): Unchunked {
  const parts: Buffer[] = []
  const trailers = new Map<string, string>()
  let at = 0
  const line = (): string => {
    const end = body.indexOf('\r\n', at)
    if (end < 0) throw incomplete('a line does not end in CRLF')
    const text = body.toString('latin1', at, end)
    at = end + 2
    return text
  }
  for (;;) {
    const header = line()
    const size = parseInt(header.split(';')[0] ?? '', 16)
    if (!/^[0-9a-f]+$/i.test(header.split(';')[0] ?? '') || !Number.isSafeInteger(size))
      throw incomplete(`bad chunk size line ${JSON.stringify(header.slice(0, 40))}`)
    if (size === 0) break
    if (at + size + 2 > body.length) throw incomplete('a chunk is shorter than its size')
    parts.push(body.subarray(at, at + size))
    at += size
    if (line() !== '') throw incomplete('a chunk is longer than its size')
  }
  while (at < body.length) {
    const trailer = line()
    if (trailer === '') break
    const colon = trailer.indexOf(':')
    if (colon > 0) trailers.set(trailer.slice(0, colon).trim().toLowerCase(), trailer.slice(colon + 1).trim())
  }
  return { payload: Buffer.concat(parts), trailers }
}
