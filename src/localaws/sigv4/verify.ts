import { createHmac, timingSafeEqual } from 'node:crypto'
import { AuthFailure } from '../awsError.js'
import type { IssuedKey, KeyStore } from '../keys.js'
import { canonicalRequest, sha256Hex } from './canonical.js'
import type { SigV4Claims } from './parseAuth.js'

/** AWS rejects signatures dated more than 15 minutes from its clock, either way. */
const MAX_SKEW_MS = 15 * 60 * 1000
const INVALID_TOKEN = 'The security token included in the request is invalid.'
const BAD_SIGNATURE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

export interface WireRequest {
  method: string
  wirePath: string
  wireQuery: string
  headers: Map<string, string>
  body: Buffer
  /** The peer's address (aws:SourceIp), when the server knows it. */
  sourceIp?: string
}

function parseAmzDate(amzDate: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate)
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN
}

function basic(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function checkDate(claims: SigV4Claims, now: number, key: IssuedKey): void {
  const fail = (message: string) => new AuthFailure('staleSignature', message, key.accessKeyId, key.principal.arn)
  const t = parseAmzDate(claims.amzDate)
  if (Number.isNaN(t)) throw fail(`Invalid X-Amz-Date ${claims.amzDate}: expected YYYYMMDD'T'HHMMSS'Z'`)
  if (claims.presigned) {
    if (claims.expiresSeconds === undefined) throw fail('X-Amz-Expires must be a positive number of seconds')
    if (now > t + claims.expiresSeconds * 1000) throw fail('Request has expired')
    if (t > now + MAX_SKEW_MS) throw fail(`Signature not yet current: ${claims.amzDate}`)
    return
  }
  if (t < now - MAX_SKEW_MS) {
    throw fail(
      `Signature expired: ${claims.amzDate} is now earlier than ${basic(now - MAX_SKEW_MS)} (${basic(now)} - 15 min.)`,
    )
  }
  if (t > now + MAX_SKEW_MS) {
    throw fail(
      `Signature not yet current: ${claims.amzDate} is still later than ${basic(now + MAX_SKEW_MS)} (${basic(now)} + 15 min.)`,
    )
  }
}

/**
 * The payload hash the signer used. x-amz-content-sha256 wins when sent (S3 always sends it), but a hex value
 * must match the body actually received, or a tampered body would pass under an honest header.
 */
function payloadHash(req: WireRequest, claims: SigV4Claims, service: string): string | undefined {
  const declared = claims.presigned
    ? (new URLSearchParams(req.wireQuery).get('X-Amz-Content-Sha256') ??
      (service === 's3' ? 'UNSIGNED-PAYLOAD' : undefined))
    : req.headers.get('x-amz-content-sha256')
  const actual = sha256Hex(req.body)
  if (declared === undefined) return actual
  if (/^[0-9a-f]{64}$/i.test(declared)) return declared.toLowerCase() === actual ? declared : undefined
  return declared // UNSIGNED-PAYLOAD, STREAMING-*: the chunk signatures are the service's to check
}

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest()
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request')
}

/**
 * Checks a SigV4 request against the keys the local AWS issued and returns the key it was signed with.
 * Throws AuthFailure naming what is wrong; each service maps that to its own error code.
 */
export function verifySigV4(keys: KeyStore, claims: SigV4Claims, req: WireRequest, now = Date.now()): IssuedKey {
  const key = keys.get(claims.accessKeyId)
  if (!key) throw new AuthFailure('unknownKey', INVALID_TOKEN, claims.accessKeyId)
  const who = [key.accessKeyId, key.principal.arn] as const
  // A temporary key is only valid with its own session token; a long-term key with none.
  const tokenOk = key.sessionToken
    ? claims.securityToken !== undefined && sameSecret(claims.securityToken, key.sessionToken)
    : claims.securityToken === undefined
  if (!tokenOk) throw new AuthFailure('unknownKey', INVALID_TOKEN, ...who)
  if (!claims.signedHeaders.includes('host')) {
    throw new AuthFailure('incompleteSignature', "'Host' must be a 'SignedHeader' in the AWS Authorization.", ...who)
  }
  checkDate(claims, now, key)
  if (claims.scopeDate !== claims.amzDate.slice(0, 8)) {
    throw new AuthFailure(
      'badSignature',
      `Date in Credential scope does not match the request date ${claims.amzDate}`,
      ...who,
    )
  }
  const hash = payloadHash(req, claims, claims.service)
  // S3 calls this XAmzContentSHA256Mismatch; the other services answer as for any bad signature
  if (hash === undefined) throw new AuthFailure('contentHashMismatch', BAD_SIGNATURE, ...who)
  let canonical: string
  try {
    canonical = canonicalRequest({
      ...req,
      signedHeaders: claims.signedHeaders,
      payloadHash: hash,
      doubleEncode: claims.service !== 's3',
    })
  } catch (e) {
    // decodeURIComponent rejects malformed escapes: such a query cannot have been signed by an SDK
    throw new AuthFailure('badSignature', BAD_SIGNATURE, ...who, { cause: e })
  }
  const scope = `${claims.scopeDate}/${claims.region}/${claims.service}/aws4_request`
  const stringToSign = ['AWS4-HMAC-SHA256', claims.amzDate, scope, sha256Hex(canonical)].join('\n')
  const expected = createHmac(
    'sha256',
    signingKey(key.secretAccessKey, claims.scopeDate, claims.region, claims.service),
  )
    .update(stringToSign)
    .digest('hex')
  if (!sameSecret(expected, claims.signature)) throw new AuthFailure('badSignature', BAD_SIGNATURE, ...who)
  if (key.expiresAt !== undefined && key.expiresAt <= now) {
    throw new AuthFailure('expiredToken', 'The security token included in the request is expired', ...who)
  }
  return key
}
