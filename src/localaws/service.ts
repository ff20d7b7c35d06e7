import type { AuthFailure, AwsError } from './awsError.js'
import type { IssuedKey } from './keys.js'
import type { Role } from './roles.js'
import type { WireRequest } from './sigv4/verify.js'

/** One call, as the service understood it before anyone checked who sent it. */
export interface ParsedCall {
  /** The operation's wire name, e.g. 'AssumeRole'. */
  action: string
  /** What IAM calls it, e.g. 'sts:AssumeRole': the role's allow list is matched against this. */
  iamAction: string
  /** The resource acted on, for AccessDenied messages and the call log; undefined means '*'. */
  resource?: string
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
  /** The region the request was signed for. */
  region: string
  now: number
}

/** What services may use of the account: issuing keys and looking up roles. */
export interface Account {
  accountId: string
  /** The region resource ARNs are minted in. */
  region: string
  maxSessionSeconds: number | undefined
  roles: { resolve(arn: string): Role | undefined; trusts(role: Role, caller: IssuedKey['principal']): boolean }
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
