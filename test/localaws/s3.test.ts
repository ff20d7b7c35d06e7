import { Agent } from 'node:http'
import { Readable } from 'node:stream'
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import t from 'tap'
import { startLocalAws } from './helpers.js'

t.test('PutObject and GetObject, path-style, plain and aws-chunked bodies', async (t) => {
  const { client, local } = await startLocalAws(t)
  const s3 = client(S3Client, { forcePathStyle: true })
  await s3.send(new CreateBucketCommand({ Bucket: 'config' }))
  const put = await s3.send(new PutObjectCommand({ Bucket: 'config', Key: 'dir/app 1.env', Body: 'A=1\n' }))
  t.equal(put.ETag, '"7b9ee9647aa60af266c790de3f659403"')
  const got = await s3.send(new GetObjectCommand({ Bucket: 'config', Key: 'dir/app 1.env' }))
  t.equal(await got.Body?.transformToString(), 'A=1\n')
  t.equal(got.ETag, put.ETag)
  // a stream is sent aws-chunked with a CRC32 trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER)
  const Body = Readable.from([Buffer.from('B=2\n'), Buffer.from('C=3\n')])
  await s3.send(new PutObjectCommand({ Bucket: 'config', Key: 'streamed.env', Body, ContentLength: 8 }))
  const streamed = await s3.send(new GetObjectCommand({ Bucket: 'config', Key: 'streamed.env' }))
  t.equal(await streamed.Body?.transformToString(), 'B=2\nC=3\n')
  const head = await s3.send(new HeadObjectCommand({ Bucket: 'config', Key: 'streamed.env' }))
  t.equal(head.ContentLength, 8)
  t.match(local.calls().at(-1), { service: 's3', action: 'HeadObject', target: 'arn:aws:s3:::config/streamed.env' })
})

t.test('missing keys and buckets are NoSuchKey / NoSuchBucket, 404', async (t) => {
  const { client } = await startLocalAws(t, { seed: { objects: [{ bucket: 'seeded', key: 'a.env', body: 'X=1' }] } })
  const s3 = client(S3Client, { forcePathStyle: true })
  const got = await s3.send(new GetObjectCommand({ Bucket: 'seeded', Key: 'a.env' }))
  t.equal(await got.Body?.transformToString(), 'X=1')
  await t.rejects(s3.send(new GetObjectCommand({ Bucket: 'seeded', Key: 'b.env' })), {
    name: 'NoSuchKey',
    message: 'The specified key does not exist.',
    $metadata: { httpStatusCode: 404 },
  })
  await t.rejects(s3.send(new GetObjectCommand({ Bucket: 'nobucket', Key: 'a.env' })), {
    name: 'NoSuchBucket',
    $metadata: { httpStatusCode: 404 },
  })
  await t.rejects(s3.send(new HeadObjectCommand({ Bucket: 'seeded', Key: 'b.env' })), {
    name: 'NotFound',
    $metadata: { httpStatusCode: 404 },
  })
})

t.test('a role without s3:GetObject is AccessDenied, 403', async (t) => {
  const role = 'arn:aws:iam::000000000000:role/exec'
  const seed = { roles: [{ arn: role, allow: ['logs:*'] }], objects: [{ bucket: 'bk1', key: 'k', body: 'v' }] }
  const { client, assume } = await startLocalAws(t, { seed })
  const s3 = client(S3Client, { forcePathStyle: true, credentials: await assume(role, 'exec') })
  await t.rejects(s3.send(new GetObjectCommand({ Bucket: 'bk1', Key: 'k' })), {
    name: 'AccessDenied',
    // S3 quotes the resource; the rest is IAM's wording
    message:
      'User: arn:aws:sts::000000000000:assumed-role/exec/exec is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::bk1/k" because no identity-based policy allows the s3:GetObject action',
    $metadata: { httpStatusCode: 403 },
  })
})

t.test('virtual-host-style requests name the bucket in the host', async (t) => {
  const { client, endpoint, local } = await startLocalAws(t)
  // bucket.localhost:<port> resolved to the local server, as a wildcard DNS entry would
  const port = new URL(endpoint).port
  const hosts: string[] = []
  const lookup = (host: string, _opts: object, cb: (e: null, a: { address: string; family: number }[]) => void) => {
    hosts.push(host)
    cb(null, [{ address: '127.0.0.1', family: 4 }])
  }
  const httpAgent = new Agent({ lookup: lookup as never })
  const hosted = new S3Client({
    region: local.region,
    endpoint: `http://localhost:${port}`,
    credentials: local.rootCredentials,
    requestHandler: { httpAgent },
  })
  t.teardown(() => hosted.destroy())
  await hosted.send(new CreateBucketCommand({ Bucket: 'vhost' }))
  await hosted.send(new PutObjectCommand({ Bucket: 'vhost', Key: 'k.env', Body: 'V=1' }))
  const got = await client(S3Client, { forcePathStyle: true }).send(
    new GetObjectCommand({ Bucket: 'vhost', Key: 'k.env' }),
  )
  t.equal(await got.Body?.transformToString(), 'V=1')
  t.ok(hosts.includes('vhost.localhost'), 'the SDK addressed the bucket by host name')
})
