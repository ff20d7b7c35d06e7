import { AwsError, accessDenied } from '../awsError.js'
import { assumedRoleArn, parseRoleArn, type Principal } from '../principal.js'
import { capped, type StsAction } from './action.js'
import { credentialsXml } from './credentialsXml.js'
import { Violations, checkInteger, checkLength, checkPattern, checkRequired } from '../validate.js'

interface Input {
  roleArn: string
  sessionName: string
  durationSeconds: number | undefined
}

/** AWS's default, and the most a chained session (a role session assuming a role) may ask for. */
const ONE_HOUR = 3600

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
    const input = { roleArn: roleArn ?? '', sessionName: sessionName ?? '', durationSeconds }
    return { input, resource: roleArn, invalid: v.error() }
  },

  run({ roleArn, sessionName, durationSeconds }, ctx, account) {
    const caller = ctx.caller.principal
    if (!parseRoleArn(roleArn)) throw new AwsError('ValidationError', `${roleArn} is not a valid role ARN`)
    const role = account.roles.resolve(roleArn)
    // Roles of other accounts cannot be vouched for locally: AWS would deny them by their trust policy.
    if (!role || !account.roles.trusts(role, caller)) throw accessDenied(caller.arn, 'sts:AssumeRole', roleArn, false)
    if (caller.kind === 'role' && (durationSeconds ?? 0) > ONE_HOUR) {
      throw new AwsError(
        'ValidationError',
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      )
    }
    const arn = assumedRoleArn(account.accountId, role.name, sessionName)
    const userId = `${role.roleId}:${sessionName}`
    const principal: Principal = { kind: 'role', arn, userId, accountId: account.accountId, roleArn: role.arn }
    const key = account.issueSession(principal, capped(durationSeconds ?? ONE_HOUR, account), ctx.now)
    return { Credentials: credentialsXml(key), AssumedRoleUser: { AssumedRoleId: userId, Arn: arn } }
  },
}
