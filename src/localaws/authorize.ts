import { accessDenied, type AwsError } from './awsError.js'
import type { IssuedKey } from './keys.js'
import { allowListPermits } from './policy.js'
import type { RoleStore } from './roles.js'
import type { ParsedCall } from './service.js'

/**
 * The identity-policy check. The account's user may do everything; a role session what its role's allow list
 * permits, plus sts:GetCallerIdentity, which AWS never denies. Resource policies (role trust) are the
 * service's to check.
 */
export function authorize(caller: IssuedKey, call: ParsedCall, roles: RoleStore): AwsError | undefined {
  const p = caller.principal
  if (p.kind === 'user') return undefined
  if (call.iamAction.toLowerCase() === 'sts:getcalleridentity') return undefined
  const role = p.roleArn === undefined ? undefined : roles.resolve(p.roleArn)
  if (role && allowListPermits(role.allow, call.iamAction)) return undefined
  return accessDenied(p.arn, call.iamAction, call.resource ?? '*', true)
}
