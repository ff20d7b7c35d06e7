import { XMLBuilder } from 'fast-xml-parser'
import { S3Error } from './s3Error.js'
import type { Bucket } from './store.js'

export interface ListQuery {
  v2: boolean
  prefix: string
  delimiter?: string
  maxKeys: number
  /** Keys strictly after this one: V1's marker, V2's start-after or continuation token. */
  after?: string
  continuationToken?: string
  startAfter?: string
  marker?: string
  /** encoding-type=url (botocore always asks): keys and prefixes come back URL-encoded. */
  encode: boolean
}

const MAX_KEYS = 1000
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false })

function invalid(message: string, name: string, value: string): S3Error {
  return new S3Error('InvalidArgument', message, 400, { ArgumentName: name, ArgumentValue: value })
}

/** ListObjects / ListObjectsV2 query parameters, checked as S3 checks them. */
export function listQuery(q: URLSearchParams, v2: boolean): ListQuery {
  const rawMax = q.get('max-keys')
  const maxKeys = rawMax === null ? MAX_KEYS : Number(rawMax)
  if (rawMax !== null && (!/^\d+$/.test(rawMax) || !Number.isSafeInteger(maxKeys)))
    throw invalid('Provided max-keys not an integer or within integer range', 'max-keys', rawMax)
  const encoding = q.get('encoding-type')
  if (encoding !== null && encoding !== 'url')
    throw invalid('Invalid Encoding Method specified in Request', 'encoding-type', encoding)
  const token = q.get('continuation-token') ?? undefined
  let fromToken: string | undefined
  if (token !== undefined) {
    fromToken = Buffer.from(token, 'base64url').toString('utf8')
    if (Buffer.from(fromToken).toString('base64url') !== token)
      throw invalid('The continuation token provided is incorrect', 'continuation-token', token)
  }
  const startAfter = q.get('start-after') ?? undefined
  const marker = q.get('marker') ?? undefined
  const delimiter = q.get('delimiter') || undefined
  return {
    v2,
    prefix: q.get('prefix') ?? '',
    ...(delimiter !== undefined && { delimiter }),
    maxKeys: Math.min(maxKeys, MAX_KEYS),
    ...((v2 ? (fromToken ?? startAfter) : marker) !== undefined && { after: v2 ? (fromToken ?? startAfter) : marker }),
    ...(v2 && token !== undefined && { continuationToken: token }),
    ...(v2 && startAfter !== undefined && { startAfter }),
    ...(!v2 && marker !== undefined && { marker }),
    encode: encoding === 'url',
  }
}

/** S3 orders keys by their UTF-8 bytes, which is not JavaScript's UTF-16 order beyond the BMP. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b))

/** The ListBucketResult document: keys in UTF-8 binary order, common prefixes rolled up at the delimiter. */
export function listObjects(bucket: Bucket, q: ListQuery): string {
  const enc = (s: string) => (q.encode ? encodeURIComponent(s) : s)
  const keys = [...bucket.objects.keys()].filter((k) => k.startsWith(q.prefix)).sort(byBytes)
  const contents: object[] = []
  const prefixes: string[] = []
  let last: string | undefined
  let truncated = false
  for (const key of keys) {
    if (q.after !== undefined && byBytes(key, q.after) <= 0) continue
    // Resuming after a rolled-up prefix skips the keys it stood for.
    if (q.after !== undefined && q.delimiter !== undefined && q.after.endsWith(q.delimiter) && key.startsWith(q.after))
      continue
    const cut = q.delimiter === undefined ? -1 : key.indexOf(q.delimiter, q.prefix.length)
    const common = cut < 0 ? undefined : key.slice(0, cut + (q.delimiter?.length ?? 0))
    if (common !== undefined && common === prefixes.at(-1)) continue
    if (contents.length + prefixes.length >= q.maxKeys) {
      truncated = true
      break
    }
    if (common !== undefined) {
      prefixes.push(common)
      last = common
      continue
    }
    const o = bucket.objects.get(key)
    if (!o) continue
    contents.push({
      Key: enc(key),
      LastModified: new Date(o.lastModified).toISOString(),
      ETag: o.etag,
      Size: o.body.length,
      StorageClass: 'STANDARD',
    })
    last = key
  }
  const paging = q.v2
    ? {
        KeyCount: contents.length + prefixes.length,
        ...(q.continuationToken !== undefined && { ContinuationToken: q.continuationToken }),
        ...(truncated && last !== undefined && { NextContinuationToken: Buffer.from(last).toString('base64url') }),
        ...(q.startAfter !== undefined && { StartAfter: enc(q.startAfter) }),
      }
    : {
        Marker: enc(q.marker ?? ''),
        ...(truncated && q.delimiter !== undefined && last !== undefined && { NextMarker: enc(last) }),
      }
  const doc = {
    ListBucketResult: {
      '@_xmlns': 'http://s3.amazonaws.com/doc/2006-03-01/',
      Name: bucket.name,
      Prefix: enc(q.prefix),
      ...paging,
      MaxKeys: q.maxKeys,
      ...(q.delimiter !== undefined && { Delimiter: enc(q.delimiter) }),
      ...(q.encode && { EncodingType: 'url' }),
      IsTruncated: truncated,
      ...(contents.length && { Contents: contents }),
      ...(prefixes.length && { CommonPrefixes: prefixes.map((p) => ({ Prefix: enc(p) })) }),
    },
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(doc)}`
}
