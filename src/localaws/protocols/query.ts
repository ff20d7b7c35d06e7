import { XMLBuilder } from 'fast-xml-parser'
import { AwsError, type AuthFailure, type AuthFailureKind } from '../awsError.js'
import type { Reply } from '../service.js'
import type { WireRequest } from '../sigv4/verify.js'

/**
 * The AWS query protocol (STS, IAM, SQS of old): form-encoded `Action=...&Version=...` in, XML out.
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 */

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false })

/** Parameters from the form body and the URL; presigning parameters are the signature's, not the call's. */
export function queryParams(req: WireRequest): URLSearchParams {
  const params = new URLSearchParams(req.body.toString('utf8'))
  for (const [k, v] of new URLSearchParams(req.wireQuery)) if (!k.startsWith('X-Amz-')) params.append(k, v)
  return params
}

export function queryReply(namespace: string, action: string, result: object, requestId: string): Reply {
  const doc = {
    [`${action}Response`]: {
      '@_xmlns': namespace,
      [`${action}Result`]: result,
      ResponseMetadata: { RequestId: requestId },
    },
  }
  return { status: 200, contentType: 'text/xml', body: builder.build(doc) }
}

export function queryError(namespace: string, err: AwsError, requestId: string): Reply {
  const doc = {
    ErrorResponse: {
      '@_xmlns': namespace,
      Error: { Type: err.type, Code: err.code, Message: err.message },
      RequestId: requestId,
    },
  }
  return { status: err.status, contentType: 'text/xml', body: builder.build(doc) }
}

/** What query-protocol services answer for each authentication failure (STS and IAM agree). */
const AUTH_CODES: Record<AuthFailureKind, [code: string, status: number]> = {
  missingAuth: ['MissingAuthenticationToken', 403],
  incompleteSignature: ['IncompleteSignature', 400],
  unknownKey: ['InvalidClientTokenId', 403],
  badSignature: ['SignatureDoesNotMatch', 403],
  contentHashMismatch: ['SignatureDoesNotMatch', 403],
  staleSignature: ['SignatureDoesNotMatch', 403],
  expiredToken: ['ExpiredToken', 403],
}

export function queryAuthError(failure: AuthFailure): AwsError {
  const [code, status] = AUTH_CODES[failure.kind]
  return new AwsError(code, failure.message, status)
}
