import { AwsError } from '../awsError.js'
import { parsePolicy, PolicyError, type Policy } from '../iam/policy.js'
import { assumedRoleArn, parseRoleArn, type Principal } from '../principal.js'
import type { CallKeys } from '../service.js'
import { Violations, checkInteger, checkLength, checkPattern, checkRequired } from '../validate.js'
import { capped, type StsAction } from './action.js'
import { credentialsXml } from './credentialsXml.js'

interface Input {
  roleArn: string
  sessionName: string
  durationSeconds: number | undefined
  /** The inline session policy (Policy), parsed. */
  policy?: Policy
  /** PolicyArns: managed policies the session is narrowed to, resolved when the call runs. */
  policyArns: string[]
}

/** AWS's default, and the most a chained session (a role session assuming a role) may ask for. */
const ONE_HOUR = 3600
/** The model's bounds: at most 10 managed session policies; an inline one of at most 2048 characters. */
const MAX_POLICY_ARNS = 10
const MAX_POLICY_LENGTH = 2048

function malformed(message: string): AwsError {
  return new AwsError('MalformedPolicyDocument', message)
}

/** The inline session policy: IAM's grammar, no Principal (it narrows an identity's own permissions). */
function sessionPolicy(text: string): Policy | AwsError {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    return malformed('Syntax errors in policy: Policy is not valid JSON.')
  }
  try {
    return parsePolicy(doc, 'Policy', 'identity')
  } catch (e) {
    if (e instanceof PolicyError) return malformed(`Syntax errors in policy: ${e.message}`)
    throw e
  }
}

/** PolicyArns.member.N.arn, N from 1, as the query protocol serialises the list. */
function policyArnsOf(params: URLSearchParams): string[] {
  const arns: string[] = []
  for (let n = 1; params.has(`PolicyArns.member.${n}.arn`); n++)
    arns.push(params.get(`PolicyArns.member.${n}.arn`) ?? '')
  return arns
}

export const assumeRole: StsAction<Input> = {
  parse(params) {
    const v = new Violations()
    const roleArn = params.get('RoleArn') ?? undefined
    const sessionName = params.get('RoleSessionName') ?? undefined
    if (checkRequired(v, roleArn, 'roleArn')) checkLength(v, roleArn, 'roleArn', 20, 2048)
    if (checkRequired(v, sessionName, 'roleSessionName')) {
      checkLength(v, sessionName, 'roleSessionName', 2, 64)
      checkPattern(v, sessionName, 'roleSessionName', /^[\w+=,.@-]*$/, '[\\w+=,.@-]*')
    }
    // 43200 is the model's bound; local roles all have the maximum MaxSessionDuration
    const durationSeconds = checkInteger(v, params.get('DurationSeconds') ?? undefined, 'durationSeconds', 900, 43200)
    const externalId = params.get('ExternalId') ?? undefined
    if (externalId !== undefined) {
      checkLength(v, externalId, 'externalId', 2, 1224)
      checkPattern(v, externalId, 'externalId', /^[\w+=,.@:/-]*$/, '[\\w+=,.@:\\/-]*')
    }
    const policyText = params.get('Policy') ?? undefined
    if (policyText !== undefined) checkLength(v, policyText, 'policy', 1, MAX_POLICY_LENGTH)
    const policyArns = policyArnsOf(params)
    if (policyArns.length > MAX_POLICY_ARNS)
      v.add(`[${policyArns.join(', ')}]`, 'policyArns', `have length less than or equal to ${MAX_POLICY_ARNS}`)
    for (const arn of policyArns) checkLength(v, arn, 'policyArns.member.arn', 20, 2048)
    const policy = policyText === undefined || v.error() ? undefined : sessionPolicy(policyText)
    let invalid = v.error() ?? (policy instanceof AwsError ? policy : undefined)
    if (!invalid && roleArn !== undefined && !parseRoleArn(roleArn))
      invalid = new AwsError('ValidationError', `${roleArn} is not a valid role ARN`)
    // The condition keys a trust policy may test (sts:ExternalId is how third parties are told apart).
    const keys: CallKeys = {
      ...(sessionName !== undefined && { 'sts:RoleSessionName': sessionName }),
      ...(externalId !== undefined && { 'sts:ExternalId': externalId }),
      ...(durationSeconds !== undefined && { 'sts:DurationSeconds': String(durationSeconds) }),
    }
    const input: Input = {
      roleArn: roleArn ?? '',
      sessionName: sessionName ?? '',
      durationSeconds,
      policyArns,
      ...(policy && !(policy instanceof AwsError) && { policy }),
    }
    return { input, ...(roleArn !== undefined && { target: () => ({ resource: roleArn, keys }) }), invalid }
  },

  run({ roleArn, sessionName, durationSeconds, policy, policyArns }, ctx, account) {
    // The caller's policies and the role's trust were checked already (authorize.ts).
    const caller = ctx.caller.principal
    const role = account.roles.resolve(roleArn)
    if (!role) throw new AwsError('ValidationError', `${roleArn} is not a valid role ARN`)
    if (caller.kind === 'role' && (durationSeconds ?? 0) > ONE_HOUR) {
      throw new AwsError(
        'ValidationError',
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      )
    }
    const managed = policyArns.map((arn) => {
      const found = account.managedPolicy(arn)
      // "The policies must exist in the same account as the role" (AWS managed ones aside).
      const owner = arn.split(':')[4]
      if (!found || (owner !== 'aws' && owner !== role.accountId))
        throw malformed(`Policy ${arn} does not exist or is not attachable.`)
      return found
    })
    const sessionPolicies = [...(policy ? [policy] : []), ...managed]
    const arn = assumedRoleArn(role, sessionName)
    const userId = `${role.roleId}:${sessionName}`
    const principal: Principal = {
      kind: 'role',
      arn,
      userId,
      partition: role.partition,
      accountId: role.accountId,
      roleArn: role.arn,
      ...(sessionPolicies.length && { sessionPolicies }),
    }
    const key = account.issueSession(principal, capped(durationSeconds ?? ONE_HOUR, account), ctx.now)
    return { Credentials: credentialsXml(key), AssumedRoleUser: { AssumedRoleId: userId, Arn: arn } }
  },
}
