import type { PrincipalSpec } from './policy.js'

/** Who signed the request, as a resource-based policy's Principal element sees it. */
export interface Caller {
  /** The user ARN, or the session ARN arn:<p>:sts::<acct>:assumed-role/<role>/<session>. */
  arn: string
  partition: string
  accountId: string
  /** Role sessions: the role's ARN (path included). */
  roleArn?: string
}

/**
 * How specifically a Principal element names the caller. It matters within one account: a trust policy that
 * names the user or the session needs no identity policy beside it, one that names the role still leaves the
 * session policies to agree, and one that names the account (or `*`) delegates to the identity policies.
 */
export type PrincipalMatch = 'none' | 'account' | 'role' | 'direct'

const STRENGTH: PrincipalMatch[] = ['none', 'account', 'role', 'direct']

function matchOne(entry: string, caller: Caller): PrincipalMatch {
  if (entry === '*') return 'account'
  if (entry === caller.arn) return 'direct'
  if (caller.roleArn !== undefined && entry === caller.roleArn) return 'role'
  if (entry === caller.accountId || entry === `arn:${caller.partition}:iam::${caller.accountId}:root`) return 'account'
  return 'none'
}

export function matchPrincipal(spec: PrincipalSpec, caller: Caller): PrincipalMatch {
  if (spec.any) return 'account'
  let best: PrincipalMatch = 'none'
  for (const entry of spec.aws) {
    const m = matchOne(entry, caller)
    if (STRENGTH.indexOf(m) > STRENGTH.indexOf(best)) best = m
  }
  return best
}

export function stronger(a: PrincipalMatch, b: PrincipalMatch): boolean {
  return STRENGTH.indexOf(a) > STRENGTH.indexOf(b)
}
