import { conditionHolds, type ContextKeys } from './conditions.js'
import type { Policy, Statement } from './policy.js'
import { matchPrincipal, stronger, type Caller, type PrincipalMatch } from './principals.js'
import type { Lookup } from './variables.js'
import { actionMatches, wildcardMatch } from './wildcard.js'

/** One request as the evaluator sees it. */
export interface Request {
  /** 'service:Action'. */
  action: string
  /** The resource's ARN, or '*' for actions without one. */
  resource: string
  keys: ContextKeys
  /** For statements with Principal / NotPrincipal (resource-based policies). */
  caller?: Caller
}

export type PolicyType = 'identity' | 'session' | 'resource'

export interface Match {
  policy: Policy
  statement: Statement
  /** Resource-based policies: how specifically the statement names the caller. */
  principal?: PrincipalMatch
}

export type Decision =
  | { result: 'allowed'; by: { type: PolicyType; match: Match }[] }
  | { result: 'explicitDeny'; type: PolicyType; by: Match }
  | { result: 'implicitDeny'; type: PolicyType }

export interface PolicySets {
  identity: readonly Policy[]
  /** Present when the session was given session policies: then they must allow too. */
  session?: readonly Policy[]
  /** The resource's own policy (here: a role's trust policy). Role trust must always allow. */
  resource?: readonly Policy[]
  /** The resource is in another account than the caller: then identity and resource policy must both allow. */
  crossAccount?: boolean
}

function principalMatch(s: Statement, caller: Caller | undefined): PrincipalMatch {
  if (!caller) return s.principal || s.notPrincipal ? 'none' : 'direct'
  if (s.principal) return matchPrincipal(s.principal, caller)
  if (s.notPrincipal) return matchPrincipal(s.notPrincipal, caller) === 'none' ? 'account' : 'none'
  return 'direct'
}

/** Action, resource, principal and conditions all apply: then the statement's effect counts. */
function applies(s: Statement, req: Request, lookup: Lookup | undefined): PrincipalMatch {
  const action = s.action
    ? s.action.some((p) => actionMatches(p, req.action))
    : !s.notAction?.some((p) => actionMatches(p, req.action))
  if (!action) return 'none'
  const resource = s.resource
    ? s.resource.some((p) => wildcardMatch(p, req.resource, false, lookup))
    : !s.notResource?.some((p) => wildcardMatch(p, req.resource, false, lookup))
  if (!resource) return 'none'
  const principal = principalMatch(s, req.caller)
  if (principal === 'none') return 'none'
  return s.conditions.every((c) => conditionHolds(c, req.keys, lookup)) ? principal : 'none'
}

/** Policy variables take single-valued request keys only; a multi-valued or missing key has no value. */
function lookupIn(req: Request): Lookup {
  return (name) => {
    const values = req.keys.get(name.toLowerCase())
    return values?.length === 1 ? values[0] : undefined
  }
}

/** The first Deny that applies, and the Allow that applies most specifically (first of equals). */
export function scan(policies: readonly Policy[], req: Request): { deny?: Match; allow?: Match } {
  let deny: Match | undefined
  let allow: Match | undefined
  const lookup = lookupIn(req)
  for (const policy of policies) {
    for (const statement of policy.statements) {
      const principal = applies(statement, req, policy.variables ? lookup : undefined)
      if (principal === 'none') continue
      const match = { policy, statement, ...((statement.principal || statement.notPrincipal) && { principal }) }
      if (statement.effect === 'Deny') deny ??= match
      else if (!allow || stronger(principal, allow.principal ?? 'direct')) allow = match
    }
  }
  return { ...(deny && { deny }), ...(allow && { allow }) }
}

/**
 * IAM's evaluation logic for the policy types modelled here
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html):
 * an explicit Deny in any policy wins; otherwise the identity policies must allow, and the session policies too
 * when the session has any. A role's trust policy must allow in every case; within one account, a trust
 * statement naming the user or session itself is enough on its own, and one naming the role leaves only the
 * session policies to agree.
 */
export function evaluate(sets: PolicySets, req: Request): Decision {
  const identity = scan(sets.identity, req)
  const session = sets.session && scan(sets.session, req)
  const resource = sets.resource && scan(sets.resource, req)
  if (identity.deny) return { result: 'explicitDeny', type: 'identity', by: identity.deny }
  if (session?.deny) return { result: 'explicitDeny', type: 'session', by: session.deny }
  if (resource?.deny) return { result: 'explicitDeny', type: 'resource', by: resource.deny }

  const needed: { type: PolicyType; allow: Match | undefined }[] = []
  const trusted = resource?.allow
  if (resource && !sets.crossAccount) {
    // The trust policy decides first: without it nothing helps, and naming the caller can be enough.
    if (!trusted) return { result: 'implicitDeny', type: 'resource' }
    if (trusted.principal === 'direct') return { result: 'allowed', by: [{ type: 'resource', match: trusted }] }
    if (trusted.principal !== 'role') needed.push({ type: 'identity', allow: identity.allow })
  } else {
    needed.push({ type: 'identity', allow: identity.allow })
  }
  if (session) needed.push({ type: 'session', allow: session.allow })
  if (resource) needed.push({ type: 'resource', allow: trusted })
  const by: { type: PolicyType; match: Match }[] = []
  for (const { type, allow } of needed) {
    if (!allow) return { result: 'implicitDeny', type }
    by.push({ type, match: allow })
  }
  return { result: 'allowed', by }
}
