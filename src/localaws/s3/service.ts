import type { Accounts } from '../accounts.js'
import type { Scope } from '../arn.js'
import { AccessDenied, AwsError } from '../awsError.js'
import type { AwsService, CallContext, CallKeys, Reply } from '../service.js'
import { s3ErrorReply } from './errorReply.js'
import { listObjects, listQuery } from './list.js'
import { routeS3, type S3Route } from './route.js'
import { S3Error, s3AuthError } from './s3Error.js'
import type { StoredObject } from './store.js'
import { uploadBody } from './uploadBody.js'

interface S3Input {
  route: S3Route
  /** PutObject only: the decoded bytes, or the error decoding them. */
  body?: Buffer
  contentType?: string
  metadata: Record<string, string>
}

const EMPTY = { status: 200, contentType: 'application/xml', body: '' }

function objectHeaders(o: StoredObject): Record<string, string> {
  const meta = Object.entries(o.metadata).map(([k, v]) => [`x-amz-meta-${k}`, v])
  return {
    ETag: o.etag,
    'Last-Modified': new Date(o.lastModified).toUTCString(),
    'Accept-Ranges': 'bytes',
    ...Object.fromEntries(meta),
  }
}

/** ListObjects(V2)'s condition keys: s3:prefix, s3:delimiter, s3:max-keys, when the request sends them. */
function listKeys(q: URLSearchParams): CallKeys {
  const keys: CallKeys = {}
  for (const [param, key] of [
    ['prefix', 's3:prefix'],
    ['delimiter', 's3:delimiter'],
    ['max-keys', 's3:max-keys'],
  ] as const) {
    const v = q.get(param)
    if (v !== null) keys[key] = v
  }
  return keys
}

/**
 * A missing key is NoSuchKey only to a caller who may list the bucket; to anyone else S3 answers AccessDenied,
 * so that a denied caller cannot probe which keys exist.
 */
function missingKey(ctx: CallContext, bucket: string, key: string): AwsError {
  const denied = ctx.authorize('s3:ListBucket', { resource: `arn:${ctx.scope.partition}:s3:::${bucket}` })
  return denied ?? new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key })
}

/** S3 over REST + XML, path-style and virtual-host-style: buckets, whole objects and listing; no ranges. */
export function createS3Service(accounts: Accounts, region: string): AwsService {
  return {
    name: 's3',
    parse(req) {
      const route = routeS3(req)
      const listing = route.action.startsWith('ListObjects')
      const target = (caller: Scope) => ({
        resource: `arn:${caller.partition}:s3:::${route.bucket}${route.key ? `/${route.key}` : ''}`,
        ...(listing && { keys: listKeys(route.query) }),
      })
      const metadata: Record<string, string> = {}
      for (const [name, value] of req.headers) if (name.startsWith('x-amz-meta-')) metadata[name.slice(11)] = value
      const input: S3Input = { route, metadata, contentType: req.headers.get('content-type') }
      let invalid: AwsError | undefined = route.unsupported
      if (!invalid && route.action === 'PutObject') {
        try {
          input.body = uploadBody(req)
        } catch (e) {
          if (!(e instanceof AwsError)) throw e
          invalid = e
        }
      }
      return { action: route.action, iamAction: route.iamAction, target, input, ...(invalid && { invalid }) }
    },

    async handle(call, ctx): Promise<Reply> {
      const { route, body, contentType, metadata } = call.input as S3Input
      const { bucket, key } = route
      const store = accounts.buckets
      switch (route.action) {
        case 'CreateBucket':
          store.createBucket(bucket, ctx.now, region === 'us-east-1')
          return { ...EMPTY, headers: { Location: `/${bucket}` } }
        case 'HeadBucket':
          store.bucket(bucket)
          return { ...EMPTY, headers: { 'x-amz-bucket-region': region } }
        case 'PutObject': {
          const o = store.put(
            bucket,
            key,
            body ?? Buffer.alloc(0),
            contentType ?? 'binary/octet-stream',
            metadata,
            ctx.now,
          )
          return { ...EMPTY, headers: { ETag: o.etag } }
        }
        case 'ListObjects':
        case 'ListObjectsV2': {
          const q = listQuery(route.query, route.action === 'ListObjectsV2')
          return { status: 200, contentType: 'application/xml', body: listObjects(store.bucket(bucket), q) }
        }
        case 'GetObject': {
          const o = store.bucket(bucket).objects.get(key)
          if (!o) throw missingKey(ctx, bucket, key)
          return { status: 200, contentType: o.contentType, body: o.body, headers: objectHeaders(o) }
        }
        case 'HeadObject': {
          const o = store.bucket(bucket).objects.get(key)
          if (!o) throw missingKey(ctx, bucket, key)
          const headers = { ...objectHeaders(o), 'Content-Length': String(o.body.length) }
          return { status: 200, contentType: o.contentType, body: '', headers }
        }
        case 'DeleteObject':
          store.delete(bucket, key)
          return { status: 204, contentType: 'application/xml', body: '' }
        default:
          throw new AwsError('NotImplemented', `ecs-local's S3 does not serve ${route.action}`, 501)
      }
    },
    authError: s3AuthError,
    // S3 quotes the resource in its AccessDenied message.
    translate: (err) => (err instanceof AccessDenied ? new S3Error('AccessDenied', err.quoted(), 403) : err),
    renderError: (err, requestId) => s3ErrorReply(err, requestId),
  }
}
