import { createHash } from 'node:crypto'
import { crc32 } from 'node:zlib'
import type { WireRequest } from '../sigv4/verify.js'
import { decodeAwsChunked } from './chunked.js'
import { S3Error } from './s3Error.js'

/**
 * The object bytes of a PutObject: the body as sent, or decoded from aws-chunked (what the SDK sends for streams:
 * STREAMING-UNSIGNED-PAYLOAD-TRAILER with a CRC32 trailer). Content-MD5 and CRC32 checksums, in a header or a
 * trailer, are checked as S3 checks them; other checksum algorithms are accepted unchecked.
 */
export function uploadBody(req: WireRequest): Buffer {
  const sha = req.headers.get('x-amz-content-sha256') ?? ''
  const chunked =
    sha.startsWith('STREAMING-') || /(^|,)\s*aws-chunked\s*(,|$)/.test(req.headers.get('content-encoding') ?? '')
  const { payload, trailers } = chunked ? decodeAwsChunked(req.body) : { payload: req.body, trailers: new Map() }
  const declared = req.headers.get('x-amz-decoded-content-length')
  if (chunked && declared !== undefined && Number(declared) !== payload.length) {
    throw new S3Error(
      'IncompleteBody',
      `You did not provide the number of bytes specified by the x-amz-decoded-content-length header (${declared}, got ${payload.length})`,
      400,
    )
  }
  const md5 = req.headers.get('content-md5')
  if (md5 !== undefined && md5 !== createHash('md5').update(payload).digest('base64')) {
    throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400)
  }
  const crc = trailers.get('x-amz-checksum-crc32') ?? req.headers.get('x-amz-checksum-crc32')
  if (crc !== undefined) {
    const actual = Buffer.alloc(4)
    actual.writeUInt32BE(crc32(payload))
    if (crc !== actual.toString('base64')) {
      throw new S3Error('BadDigest', 'The CRC32 you specified did not match the calculated checksum.', 400)
    }
  }
  return payload
}
