/** An error in AWS's terms: each protocol renders code, message and status its own way. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message)
    this.name = 'AwsError'
  }

  /** AWS's query and XML protocols label 5xx as the service's fault, everything else as the caller's. */
  get type(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender'
  }
}

/**
 * Why authentication failed, independent of protocol: STS says InvalidClientTokenId where JSON services say
 * UnrecognizedClientException and S3 says InvalidAccessKeyId, so each service maps kinds to its own codes.
 */
export type AuthFailureKind =
  | 'missingAuth'
  | 'incompleteSignature'
  | 'unknownKey'
  | 'badSignature'
  | 'contentHashMismatch'
  | 'staleSignature'
  | 'expiredToken'

export class AuthFailure extends Error {
  constructor(
    readonly kind: AuthFailureKind,
    message: string,
    /** The key the request named, when it got that far: the call log records it. */
    readonly accessKeyId = '',
    readonly callerArn = '',
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.name = 'AuthFailure'
  }
}

export function accessDenied(callerArn: string, action: string, resource: string, identityPolicy: boolean): AwsError {
  // AWS's wording; identity-policy denials add the "because ..." tail, trust-policy denials do not.
  const tail = identityPolicy ? ` because no identity-based policy allows the ${action} action` : ''
  return new AwsError(
    'AccessDenied',
    `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}${tail}`,
    403,
  )
}
