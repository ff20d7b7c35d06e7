import { AuthFailure } from '../awsError.js'

/** What a SigV4 request claims, from its Authorization header or its presigned query. */
export interface SigV4Claims {
  accessKeyId: string
  /** Credential scope parts: YYYYMMDD, region, service. */
  scopeDate: string
  region: string
  service: string
  signedHeaders: string[]
  signature: string
  /** ISO-8601 basic: YYYYMMDDTHHMMSSZ. */
  amzDate: string
  securityToken?: string
  /** Presigned URLs only: seconds the signature stays valid. */
  expiresSeconds?: number
  presigned: boolean
}

const ALGORITHM = 'AWS4-HMAC-SHA256'

function incomplete(message: string, accessKeyId = ''): AuthFailure {
  return new AuthFailure('incompleteSignature', message, accessKeyId)
}

function splitCredential(
  credential: string,
): Omit<SigV4Claims, 'signedHeaders' | 'signature' | 'amzDate' | 'presigned'> {
  const [accessKeyId = '', scopeDate = '', region = '', service = '', terminator, ...rest] = credential.split('/')
  if (
    !accessKeyId ||
    !/^\d{8}$/.test(scopeDate) ||
    !region ||
    !service ||
    terminator !== 'aws4_request' ||
    rest.length
  ) {
    throw incomplete(`Credential should be scoped to a valid region and service: ${credential}`, accessKeyId)
  }
  return { accessKeyId, scopeDate, region, service }
}

/** RFC 1123 `Date` header -> YYYYMMDDTHHMMSSZ, for signers that send no X-Amz-Date. */
function basicIso(httpDate: string): string {
  const t = Date.parse(httpDate)
  return Number.isNaN(t)
    ? ''
    : new Date(t)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '')
}

/**
 * Reads the claims without checking them. Undefined when the request carries no SigV4 at all (the service
 * decides: S3 allows anonymous reads, the others answer MissingAuthenticationToken).
 */
export function parseAuth(headers: Map<string, string>, query: URLSearchParams): SigV4Claims | undefined {
  const authorization = headers.get('authorization')
  if (authorization !== undefined) {
    if (!authorization.startsWith(`${ALGORITHM} `)) throw incomplete(`Unsupported authorization type; use ${ALGORITHM}`)
    const fields = new Map<string, string>()
    for (const part of authorization.slice(ALGORITHM.length + 1).split(',')) {
      const eq = part.indexOf('=')
      if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
    }
    const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((f) => !fields.get(f))
    const amzDate = headers.get('x-amz-date') ?? basicIso(headers.get('date') ?? '')
    if (!amzDate) missing.push("existence of either a 'X-Amz-Date' or a 'Date' header")
    if (missing.length) throw incomplete(missing.map((m) => `Authorization header requires ${m}.`).join(' '))
    return {
      ...splitCredential(fields.get('Credential') ?? ''),
      signedHeaders: (fields.get('SignedHeaders') ?? '').split(';'),
      signature: fields.get('Signature') ?? '',
      amzDate,
      securityToken: headers.get('x-amz-security-token'),
      presigned: false,
    }
  }
  if (!query.has('X-Amz-Signature')) return undefined
  if (query.get('X-Amz-Algorithm') !== ALGORITHM) throw incomplete(`X-Amz-Algorithm must be ${ALGORITHM}`)
  const expires = Number(query.get('X-Amz-Expires') ?? '')
  return {
    ...splitCredential(query.get('X-Amz-Credential') ?? ''),
    signedHeaders: (query.get('X-Amz-SignedHeaders') ?? '').split(';'),
    signature: query.get('X-Amz-Signature') ?? '',
    amzDate: query.get('X-Amz-Date') ?? '',
    securityToken: query.get('X-Amz-Security-Token') ?? undefined,
    expiresSeconds: Number.isInteger(expires) && expires > 0 ? expires : undefined,
    presigned: true,
  }
}
