import { wholeSecondUtc } from '../lib/time.js'
import type { ContextKeys } from './iam/conditions.js'
import type { IssuedKey } from './keys.js'
import type { CallKeys } from './service.js'

/** What the request itself tells about where and when it came from. */
export interface RequestInfo {
  /** The peer address, when known. */
  sourceIp?: string
  /** The region the request was signed for. */
  region: string
  now: number
  /** The local AWS speaks plain HTTP. */
  secure: boolean
}

/**
 * The global condition keys IAM sets for this caller and request
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html), plus the call's own.
 * Keys AWS leaves out in a situation are left out here too: aws:username only for users, aws:TokenIssueTime
 * and aws:MultiFactorAuthPresent only for temporary credentials.
 */
export function requestContext(key: IssuedKey, req: RequestInfo, callKeys: CallKeys = {}): ContextKeys {
  const p = key.principal
  const keys = new Map<string, readonly string[]>()
  const set = (name: string, value: string | readonly string[]) =>
    keys.set(name.toLowerCase(), typeof value === 'string' ? [value] : value)
  set('aws:CurrentTime', wholeSecondUtc(req.now))
  set('aws:EpochTime', String(Math.floor(req.now / 1000)))
  set('aws:SecureTransport', String(req.secure))
  set('aws:RequestedRegion', req.region)
  if (req.sourceIp !== undefined) set('aws:SourceIp', req.sourceIp)
  set('aws:PrincipalArn', p.roleArn ?? p.arn)
  set('aws:PrincipalAccount', p.accountId)
  set('aws:PrincipalType', p.kind === 'role' ? 'AssumedRole' : 'User')
  set('aws:userid', p.userId)
  set('aws:ViaAWSService', 'false')
  set('aws:PrincipalIsAWSService', 'false')
  if (p.kind === 'user') set('aws:username', p.arn.slice(p.arn.lastIndexOf('/') + 1))
  if (key.sessionToken !== undefined) {
    set('aws:TokenIssueTime', wholeSecondUtc(key.issuedAt ?? req.now))
    set('aws:MultiFactorAuthPresent', 'false')
  }
  for (const [name, value] of Object.entries(callKeys)) set(name, value)
  return keys
}
