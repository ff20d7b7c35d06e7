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

export type PolicyType = 'identity' | 'session' | 'resource'

/** Why a call was refused: which kind of policy, an explicit Deny or no Allow, and the managed policy's ARN. */
export interface Denial {
  result: 'explicitDeny' | 'implicitDeny'
  policyType: PolicyType
  policyArn?: string
}

const IN_A: Record<PolicyType, string> = {
  identity: 'an identity-based policy',
  session: 'a session policy',
  resource: 'a resource-based policy',
}

/**
 * AWS's wording (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html): "... with an
 * explicit deny in a <type> policy" (plus the policy's ARN for managed ones), "... because no <type> policy
 * allows the <action> action". A role trust policy that does not allow gets STS's bare sentence.
 */
export function accessDeniedMessage(callerArn: string, action: string, resource: string, denial: Denial): string {
  const base = `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}`
  const type = IN_A[denial.policyType]
  if (denial.result === 'explicitDeny')
    return `${base} with an explicit deny in ${type}${denial.policyArn ? `: ${denial.policyArn}` : ''}`
  if (denial.policyType === 'resource') return base
  return `${base} because no ${type.replace(/^an? /, '')} allows the ${action} action`
}

export class AccessDenied extends AwsError {
  constructor(
    readonly callerArn: string,
    readonly action: string,
    readonly resource: string,
    readonly denial: Denial,
  ) {
    super('AccessDenied', accessDeniedMessage(callerArn, action, resource, denial), 403)
  }

  /** S3 puts the resource in double quotes. */
  quoted(): string {
    return accessDeniedMessage(this.callerArn, this.action, `"${this.resource}"`, this.denial)
  }
}
