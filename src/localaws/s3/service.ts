import { AwsError } from '../awsError.js'
import type { AwsService, Reply } from '../service.js'
import { routeS3, type S3Route } from './route.js'
import { s3AuthError, s3ErrorReply } from './s3Error.js'
import type { ObjectStore, StoredObject } from './store.js'
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

/** S3 over REST + XML, path-style and virtual-host-style: buckets and whole objects, no listing or ranges. */
export function createS3Service(store: ObjectStore, region: string): AwsService {
  return {
    name: 's3',
    parse(req) {
      const route = routeS3(req)
      const resource = `arn:aws:s3:::${route.bucket}${route.key ? `/${route.key}` : ''}`
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
      return { action: route.action, iamAction: route.iamAction, resource, input, ...(invalid && { invalid }) }
    },

    async handle(call, ctx): Promise<Reply> {
      const { route, body, contentType, metadata } = call.input as S3Input
      const { bucket, key } = route
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
        case 'GetObject': {
          const o = store.get(bucket, key)
          return { status: 200, contentType: o.contentType, body: o.body, headers: objectHeaders(o) }
        }
        case 'HeadObject': {
          const o = store.get(bucket, key)
          const headers = { ...objectHeaders(o), 'Content-Length': String(o.body.length) }
          return { status: 200, contentType: o.contentType, body: '', headers }
        }
        case 'DeleteObject':
          store.bucket(bucket).objects.delete(key)
          return { status: 204, contentType: 'application/xml', body: '' }
        default:
          throw new AwsError('NotImplemented', `ecs-local's S3 does not serve ${route.action}`, 501)
      }
    },
    authError: s3AuthError,
    renderError: (err, requestId) => s3ErrorReply(err, requestId),
  }
}
