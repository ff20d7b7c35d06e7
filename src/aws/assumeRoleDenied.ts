/**
 * Builds the explanation shown when STS denies AssumeRole: who the caller is and the exact trust policy
 * statement that lets it in. Pure, so the wording is pinned by a unit test.
 */

export interface DeniedContext {
  roleArn: string
  /** The STS error message, which often names the caller too. */
  serviceMessage?: string
  /** GetCallerIdentity's Arn for the base credentials, when that call worked. */
  callerArn?: string
  /** Why GetCallerIdentity failed, when it did. */
  callerError?: string
}

export interface TrustPrincipal {
  /** What to put under Principal.AWS. */
  principal: string
  /** Set when the caller is a role session: the role's name, whose path the session ARN does not show. */
  roleName?: string
}

const ASSUMED_ROLE = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/

/**
 * IAM trust policies name roles, not sessions: `arn:aws:sts::A:assumed-role/R/s` becomes `arn:aws:iam::A:role/R`.
 * Users, account roots and federated users are valid principals as they are.
 */
export function trustPrincipal(callerArn: string): TrustPrincipal {
  const m = ASSUMED_ROLE.exec(callerArn)
  if (!m) return { principal: callerArn }
  const [, partition, account, roleName] = m as unknown as [string, string, string, string]
  return { principal: `arn:${partition}:iam::${account}:role/${roleName}`, roleName }
}

export function trustStatement(principal: string): string {
  return JSON.stringify({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' })
}

function accountOf(arn: string): string | undefined {
  return arn.split(':')[4] || undefined
}

/** The detail text for ECSL_ERR_ASSUME_ROLE (whose template already names the role). */
export function assumeRoleDeniedDetail(ctx: DeniedContext): string {
  const lines = [`AccessDenied${ctx.serviceMessage ? `: ${ctx.serviceMessage}` : ''}`]
  if (!ctx.callerArn) {
    lines.push(
      `The caller could not be identified (GetCallerIdentity: ${ctx.callerError ?? 'no Arn returned'}).`,
      `Run \`aws sts get-caller-identity\` with the same profile, then add this statement to the trust policy of ${ctx.roleArn}:`,
      trustStatement('<caller ARN>'),
    )
    return lines.join('\n')
  }
  const { principal, roleName } = trustPrincipal(ctx.callerArn)
  lines.push(
    `The caller is ${ctx.callerArn} (from GetCallerIdentity with the base credentials).`,
    `Add this statement to the trust policy of ${ctx.roleArn}:`,
    trustStatement(principal),
  )
  if (roleName) {
    // The session ARN drops the role's path, and a trust policy must name the role's full ARN.
    lines.push(
      `If role ${roleName} has a path (IAM Identity Center roles live under /aws-reserved/sso.amazonaws.com/), ` +
        `use the ARN that \`aws iam get-role --role-name ${roleName} --query Role.Arn\` prints.`,
    )
  }
  const callerAccount = accountOf(ctx.callerArn)
  if (callerAccount && callerAccount !== accountOf(ctx.roleArn)) {
    lines.push(`The role is in another account, so the caller's own policies must also allow sts:AssumeRole on it.`)
  }
  return lines.join('\n')
}
