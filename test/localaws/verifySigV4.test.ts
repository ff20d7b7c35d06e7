import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import { SignatureV4 } from '@smithy/signature-v4'
import type { HttpRequest, SourceData } from '@smithy/types'
import t from 'tap'
import { KeyStore } from '../../src/localaws/keys.js'
import { canonicalHeaderMap } from '../../src/localaws/sigv4/canonical.js'
import { parseAuth } from '../../src/localaws/sigv4/parseAuth.js'
import { verifySigV4, type WireRequest } from '../../src/localaws/sigv4/verify.js'

// The SDK's own signer, so these cases cover the signing variants no SDK client sends us yet: bodies without
// x-amz-content-sha256, S3's single-encoded paths, presigned URLs, odd paths and repeated query keys.

class NodeSha256 {
  readonly #h: Hash | Hmac
  constructor(secret?: SourceData) {
    const key = ArrayBuffer.isView(secret)
      ? Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength)
      : secret instanceof ArrayBuffer
        ? Buffer.from(secret)
        : secret
    this.#h = key === undefined ? createHash('sha256') : createHmac('sha256', key)
  }
  update(data: string | Uint8Array): void {
    this.#h.update(data)
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#h.digest())
  }
  reset(): void {}
}

const principal = {
  kind: 'user' as const,
  arn: 'arn:aws:iam::000000000000:user/u',
  userId: 'AIDA1',
  partition: 'aws' as const,
  accountId: '0',
}

/** What would arrive on the wire: the query built the way the SDK's HTTP handlers build it. */
function onTheWire(r: HttpRequest, body = String(r.body ?? '')): WireRequest {
  const q = Object.entries(r.query ?? {}).flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v ?? '']).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`),
  )
  const raw = Object.entries(r.headers).flat()
  return {
    method: r.method,
    wirePath: r.path,
    wireQuery: q.join('&'),
    headers: canonicalHeaderMap(raw),
    body: Buffer.from(body),
  }
}

function check(keys: KeyStore, wire: WireRequest, now?: number) {
  const claims = parseAuth(wire.headers, new URLSearchParams(wire.wireQuery))
  if (!claims) throw new Error('no claims')
  return verifySigV4(keys, claims, wire, now)
}

function request(path: string, body?: string): HttpRequest {
  return {
    method: 'POST',
    protocol: 'http:',
    hostname: 'localhost',
    port: 4566,
    path,
    query: { b: ['2', '1'], 'a key': "it's (x)*" },
    headers: { host: 'localhost:4566', 'content-type': 'application/x-amz-json-1.1', 'x-custom': '  two   spaces ' },
    body,
  }
}

t.test('verifySigV4 hashes the body itself when no x-amz-content-sha256 is sent', async (t) => {
  const keys = new KeyStore()
  const key = keys.addLongTerm(principal)
  const signer = new SignatureV4({
    service: 'logs',
    region: 'eu-west-1',
    credentials: key,
    sha256: NodeSha256,
    applyChecksum: false,
  })
  const signed = await signer.sign(request('/a%20b/./c/../d/', '{"x":1}'))
  t.notOk(signed.headers['x-amz-content-sha256'])
  t.equal(check(keys, onTheWire(signed)).accessKeyId, key.accessKeyId)
  t.throws(() => check(keys, onTheWire(signed, '{"x":2}')), { name: 'AuthFailure', kind: 'badSignature' })
})

t.test('verifySigV4 signs S3 paths as sent, without a second encoding', async (t) => {
  const keys = new KeyStore()
  const key = keys.addLongTerm(principal)
  const signer = new SignatureV4({
    service: 's3',
    region: 'us-east-1',
    credentials: key,
    sha256: NodeSha256,
    uriEscapePath: false,
  })
  const signed = await signer.sign(request('/bucket/dir/my%20file.env', 'A=1'))
  t.equal(check(keys, onTheWire(signed)).accessKeyId, key.accessKeyId)
})

t.test('verifySigV4 accepts presigned URLs until they expire', async (t) => {
  const keys = new KeyStore()
  const key = keys.issueSession(principal, 900)
  const signer = new SignatureV4({ service: 'sts', region: 'us-east-1', credentials: key, sha256: NodeSha256 })
  const presigned = await signer.presign({ ...request('/'), method: 'GET', body: undefined }, { expiresIn: 60 })
  t.ok(presigned.query?.['X-Amz-Security-Token'], 'the session token travels in the query')
  t.equal(check(keys, onTheWire(presigned)).accessKeyId, key.accessKeyId)
  t.throws(() => check(keys, onTheWire(presigned), Date.now() + 120_000), {
    kind: 'staleSignature',
    message: 'Request has expired',
  })
})
