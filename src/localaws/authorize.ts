import { AccessDenied } from './awsError.js'
import { administratorAccess } from './iam/awsManaged.js'
import { evaluate, type Decision, type Match, type PolicySets, type PolicyType } from './iam/evaluate.js'
import type { IssuedKey } from './keys.js'
import { requestContext, type RequestInfo } from './requestContext.js'
import type { RoleStore } from './roles.js'
import type { Target } from './service.js'
import type { CallDecision, StatementRef } from './types.js'

export interface Verdict {
  decision: CallDecision
  /** Set when the call is refused: AccessDenied in AWS's words. */
  denied?: AccessDenied
}

function ref(policyType: PolicyType, m: Match): StatementRef {
  const { policy, statement } = m
  return { policyType, policy: policy.name, statement: statement.index, ...(statement.sid && { sid: statement.sid }) }
}

/** What the call log keeps of a decision: `resource` is the one that decided, `resources` all the call names. */
function recordOf(d: Decision, on: Pick<CallDecision, 'action' | 'resource' | 'resources'>): CallDecision {
  if (d.result === 'allowed') return { result: d.result, ...on, statements: d.by.map((b) => ref(b.type, b.match)) }
  if (d.result === 'explicitDeny') return { result: d.result, ...on, statements: [ref(d.type, d.by)] }
  return { result: d.result, ...on, policyType: d.type, statements: [] }
}

/**
 * The policy check of every call but GetCallerIdentity (which AWS never denies). The daemon's user holds
 * AdministratorAccess; a role session has its role's policies, narrowed by its session policies. AssumeRole is
 * also checked against the role's trust policy, the one resource-based policy modelled here.
 */
export function authorize(
  roles: RoleStore,
  key: IssuedKey,
  iamAction: string,
  target: Target,
  req: RequestInfo,
): Verdict | undefined {
  const action = iamAction.toLowerCase()
  if (action === 'sts:getcalleridentity') return undefined
  const p = key.principal
  const identity =
    p.kind === 'user' ? [administratorAccess(p.partition)] : (roles.resolve(p.roleArn ?? '')?.policies ?? [])
  const sets: PolicySets = { identity, ...(p.sessionPolicies && { session: p.sessionPolicies }) }
  const keys = requestContext(key, req, target.keys)
  const caller = {
    arn: p.arn,
    partition: p.partition,
    accountId: p.accountId,
    ...(p.roleArn && { roleArn: p.roleArn }),
  }
  let allowed: CallDecision | undefined
  const resources = [...(target.resources ?? [target.resource])]
  for (const resource of resources) {
    const role = action === 'sts:assumerole' ? roles.resolve(resource) : undefined
    const trust: Partial<PolicySets> = role
      ? { resource: [role.trust], crossAccount: role.accountId !== p.accountId || role.partition !== p.partition }
      : {}
    const decision = evaluate({ ...sets, ...trust }, { action: iamAction, resource, keys, caller })
    if (decision.result === 'allowed') {
      allowed ??= recordOf(decision, { action: iamAction, resource, resources })
      continue
    }
    const denial = {
      result: decision.result,
      policyType: decision.type,
      ...(decision.result === 'explicitDeny' && decision.by.policy.arn && { policyArn: decision.by.policy.arn }),
    }
    return {
      decision: recordOf(decision, { action: iamAction, resource, resources }),
      denied: new AccessDenied(p.arn, iamAction, resource, denial),
    }
  }
  return {
    decision: allowed ?? { result: 'allowed', action: iamAction, resource: target.resource, resources, statements: [] },
  }
}
