import type { Scope } from './arn.js'
import type { AuthFailure, AwsError } from './awsError.js'
import type { Policy } from './iam/policy.js'
import type { IssuedKey } from './keys.js'
import type { Role } from './roles.js'
import type { WireRequest } from './sigv4/verify.js'

/** Condition keys a call adds to the request context (`s3:prefix`, `sts:ExternalId`, ...). */
export type CallKeys = Record<string, string | readonly string[]>

/** What a call acts on, resolved in the caller's account, as IAM evaluates it. */
export interface Target {
  /** The resource ARN (or '*' for actions without one): named in AccessDenied and the call log. */
  resource: string
  /** Every resource IAM checks, when more than one (GetParameters: one per name). Default [resource]. */
  resources?: readonly string[]
  keys?: CallKeys
}

/** One call, as the service understood it before anyone checked who sent it. */
export interface ParsedCall {
  /** The operation's wire name, e.g. 'AssumeRole'. */
  action: string
  /** What IAM calls it, e.g. 'sts:AssumeRole': policies are matched against this. */
  iamAction: string
  /**
   * The resource, once the caller is known: a name resolves in the caller's account and partition. Omitted:
   * '*'. Never throws.
   */
  target?(caller: Scope): Target
  input: unknown
  /** Set when the call is malformed; reported only once the caller has authenticated, as AWS does. */
  invalid?: AwsError
}

export interface Reply {
  status: number
  contentType: string
  body: string | Buffer
  headers?: Record<string, string>
}

/** What the shared layer hands a service once the caller is authenticated and authorised. */
export interface CallContext {
  requestId: string
  caller: IssuedKey
  /** The caller's account: where names resolve. */
  scope: Scope
  /** The call's target, as it was authorised. */
  target: Target
  /** The region the request was signed for. */
  region: string
  now: number
  /** Asks the policies about a further action, as S3 does before it tells a caller that a key is missing. */
  authorize(iamAction: string, target: Target): AwsError | undefined
}

/** What STS may use of the local AWS: issuing keys, looking up roles and managed policies. */
export interface Account {
  maxSessionSeconds: number | undefined
  roles: { resolve(arn: string): Role | undefined }
  managedPolicy(arn: string): Policy | undefined
  issueSession(principal: IssuedKey['principal'], seconds: number, now: number): IssuedKey
}

/**
 * One AWS service, registered under its SigV4 credential-scope name ('sts', 'logs', 'ecr', 'secretsmanager',
 * 'ssm', 's3'). It owns its wire protocol: parsing calls, rendering replies and errors, naming auth errors.
 */
export interface AwsService {
  readonly name: string
  /** Never throws: a malformed call comes back with `invalid` set, so it can still be logged by name. */
  parse(req: WireRequest): ParsedCall
  handle(call: ParsedCall, ctx: CallContext): Promise<Reply>
  authError(failure: AuthFailure): AwsError
  /** Rewords shared errors in the service's terms (JSON services say AccessDeniedException, 400). */
  translate?(err: AwsError): AwsError
  renderError(err: AwsError, requestId: string): Reply
}
