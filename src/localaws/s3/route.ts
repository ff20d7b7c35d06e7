import type { WireRequest } from '../sigv4/verify.js'
import { S3Error } from './s3Error.js'

export interface S3Route {
  /** Operation name, e.g. 'GetObject'; '' when not served. */
  action: string
  iamAction: string
  bucket: string
  key: string
  query: URLSearchParams
  /** Set when the request names something this local S3 does not do. */
  unsupported?: S3Error
}

/** Query keys that do not change the operation (the SDK adds x-id; presigned URLs carry X-Amz-*). */
const PLAIN_QUERY = /^(x-id|X-Amz-.*|response-.*|versionId)$/
/** ListObjects(V2)'s own parameters. */
const LIST_QUERY =
  /^(list-type|prefix|delimiter|max-keys|continuation-token|start-after|encoding-type|fetch-owner|marker)$/

/**
 * `bucket.s3.<region>.amazonaws.com`, `bucket.s3.localhost.localstack.cloud`, `bucket.localhost`: the bucket
 * is the first label. IP addresses and bare hosts mean path-style.
 */
function virtualHostBucket(host: string): string | undefined {
  const name = host.replace(/:\d+$/, '').toLowerCase()
  const m = /^(.+?)\.s3[.-]/.exec(name) ?? /^(.+)\.localhost$/.exec(name)
  return m?.[1]
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

const OBJECT_ACTIONS: Record<string, [string, string]> = {
  GET: ['GetObject', 's3:GetObject'],
  HEAD: ['HeadObject', 's3:GetObject'],
  PUT: ['PutObject', 's3:PutObject'],
  DELETE: ['DeleteObject', 's3:DeleteObject'],
}
const BUCKET_ACTIONS: Record<string, [string, string]> = {
  PUT: ['CreateBucket', 's3:CreateBucket'],
  HEAD: ['HeadBucket', 's3:ListBucket'],
  GET: ['ListObjects', 's3:ListBucket'],
}

/** Maps an S3 REST request (path-style or virtual-host-style) to its operation. */
export function routeS3(req: WireRequest): S3Route {
  const path = req.wirePath.replace(/^\//, '')
  const hosted = virtualHostBucket(req.headers.get('host') ?? '')
  const slash = path.indexOf('/')
  const bucket = hosted ?? decode(slash < 0 ? path : path.slice(0, slash))
  const key = decode(hosted !== undefined ? path : slash < 0 ? '' : path.slice(slash + 1))
  const method = req.method.toUpperCase()
  const query = new URLSearchParams(req.wireQuery)
  const [found, iamAction] = (key ? OBJECT_ACTIONS : BUCKET_ACTIONS)[method] ?? ['', '']
  const action = found === 'ListObjects' && query.get('list-type') === '2' ? 'ListObjectsV2' : found
  const served = (k: string) => PLAIN_QUERY.test(k) || (found === 'ListObjects' && LIST_QUERY.test(k))
  const extra = [...query.keys()].filter((k) => !served(k))
  const copy = req.headers.has('x-amz-copy-source')
  if (!action || !bucket || extra.length || copy) {
    const what = `${method} ${key ? 'object' : bucket ? 'bucket' : 'service'}${extra.length ? ` ?${extra.join('&')}` : ''}${copy ? ' with x-amz-copy-source' : ''}`
    const message = `ecs-local's S3 serves CreateBucket, HeadBucket, ListObjects(V2), PutObject, GetObject, HeadObject and DeleteObject; not ${what}`
    const unsupported = new S3Error('NotImplemented', message, 501)
    return { action: action || `${method}`, iamAction: iamAction || 's3:*', bucket, key, query, unsupported }
  }
  return { action, iamAction, bucket, key, query }
}
