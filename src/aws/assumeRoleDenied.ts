/**
 * Builds the explanation shown when STS denies AssumeRole: who the caller is and the one change that lets it
 * in. AWS's message says which kind of policy refused (IAM's "with an explicit deny in ..." / "because no ...
 * allows ..." wording), so the advice follows it: a trust-policy statement only when the trust policy is what
 * refused. Pure, so the wording is pinned by a unit test.
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

/** The policy types IAM names in AccessDenied messages. */
const DENIED_BY = [
  'identity-based policy',
  'session policy',
  'permissions boundary',
  'service control policy',
  'resource control policy',
  'resource-based policy',
] as const
export type DeniedBy = (typeof DENIED_BY)[number]

function isDeniedBy(s: string | undefined): s is DeniedBy {
  return (DENIED_BY as readonly (string | undefined)[]).includes(s)
}

/** What refused: the trust policy (STS's bare sentence), or a named policy type by Deny or by lack of Allow. */
export type DenialCause =
  { kind: 'trust' } | { kind: 'explicitDeny' | 'implicitDeny'; by: DeniedBy; policyArn?: string }

const TYPES = `(${DENIED_BY.join('|')})`
const EXPLICIT = new RegExp(`with an explicit deny in an? ${TYPES}(?:: (arn:\\S+))?`)
const IMPLICIT = new RegExp(`because no ${TYPES} allows`)

/** Reads AWS's wording; a message naming no policy type is a trust policy that does not allow the caller. */
export function denialCause(message = ''): DenialCause {
  const explicit = EXPLICIT.exec(message)
  if (explicit && isDeniedBy(explicit[1])) {
    const policyArn = explicit[2]?.replace(/[.,;]$/, '')
    return { kind: 'explicitDeny', by: explicit[1], ...(policyArn && { policyArn }) }
  }
  const by = IMPLICIT.exec(message)?.[1]
  if (!isDeniedBy(by) || by === 'resource-based policy') return { kind: 'trust' }
  return { kind: 'implicitDeny', by }
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

/** What the caller's own (identity-based) policy needs to say. */
export function permissionStatement(roleArn: string): string {
  return JSON.stringify({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn })
}

function pathHint(roleName: string): string {
  // The session ARN drops the role's path, and a trust policy must name the role's full ARN.
  return (
    `If role ${roleName} has a path (IAM Identity Center roles live under /aws-reserved/sso.amazonaws.com/), ` +
    `use the ARN that \`aws iam get-role --role-name ${roleName} --query Role.Arn\` prints.`
  )
}

/** The trust policy refused (or the role does not exist: STS answers the same). */
function trustAdvice(ctx: DeniedContext, lines: string[]): void {
  if (!ctx.callerArn) {
    lines.push(
      `The caller could not be identified (GetCallerIdentity: ${ctx.callerError ?? 'no Arn returned'}).`,
      `Run \`aws sts get-caller-identity\` with the same profile, then add this statement to the trust policy of ${ctx.roleArn}:`,
      trustStatement('<caller ARN>'),
    )
    return
  }
  const { principal, roleName } = trustPrincipal(ctx.callerArn)
  lines.push(
    `The caller is ${ctx.callerArn} (from GetCallerIdentity with the base credentials).`,
    `The role's trust policy does not let it in. Add this statement to the trust policy of ${ctx.roleArn}:`,
    trustStatement(principal),
  )
  if (roleName) lines.push(pathHint(roleName))
  lines.push('STS gives the same answer when the role does not exist: check the ARN (`aws iam get-role`).')
}

/** Where the caller's own permissions live: the role of a session, or the user. */
function callerEntity(ctx: DeniedContext): string {
  return ctx.callerArn ? trustPrincipal(ctx.callerArn).principal : 'the caller (see `aws sts get-caller-identity`)'
}

const ORGANIZATION =
  "Only the organization's administrator can change it; neither the role nor the caller's policies can."

/** Where each kind of policy lives, and who can change it. */
function policyOf(by: DeniedBy, ctx: DeniedContext): { where: string; note?: string } {
  switch (by) {
    case 'identity-based policy':
      return { where: `the policies of ${callerEntity(ctx)}` }
    case 'permissions boundary':
      return { where: `the permissions boundary of ${callerEntity(ctx)}` }
    case 'resource-based policy':
      return { where: `the trust policy of ${ctx.roleArn}` }
    case 'session policy':
      return {
        where:
          'the session policies the base credentials were issued with (Policy / PolicyArns of the AssumeRole that made them)',
        note: 'Use credentials issued without session policies, or with ones that allow it.',
      }
    case 'service control policy':
      return { where: "an AWS Organizations service control policy over the caller's account", note: ORGANIZATION }
    case 'resource control policy':
      return { where: "an AWS Organizations resource control policy over the role's account", note: ORGANIZATION }
  }
}

/** The detail text for ECSL_ERR_ASSUME_ROLE (whose template already names the role). */
export function assumeRoleDeniedDetail(ctx: DeniedContext): string {
  const lines = [`AccessDenied${ctx.serviceMessage ? `: ${ctx.serviceMessage}` : ''}`]
  const cause = denialCause(ctx.serviceMessage)
  if (cause.kind === 'trust') {
    trustAdvice(ctx, lines)
    return lines.join('\n')
  }
  if (ctx.callerArn) lines.push(`The caller is ${ctx.callerArn} (from GetCallerIdentity with the base credentials).`)
  const { where, note } = policyOf(cause.by, ctx)
  if (cause.kind === 'explicitDeny') {
    const named = cause.policyArn ? ` (${cause.policyArn})` : ''
    lines.push(
      `A Deny statement in ${where}${named} refuses sts:AssumeRole on this role: narrow or remove it.`,
      'An explicit deny wins over every Allow, so adding a statement anywhere else cannot help.',
    )
  } else if (cause.by === 'identity-based policy') {
    lines.push(
      "The caller's own permissions do not allow sts:AssumeRole on this role; its trust policy is not the problem.",
      `Add this statement to ${where}:`,
      permissionStatement(ctx.roleArn),
    )
  } else if (cause.by === 'permissions boundary') {
    lines.push(
      `Nothing in ${where} allows sts:AssumeRole on this role. Add this statement to the boundary`,
      "(a boundary only limits: the caller's policies and the role's trust policy cannot make up for it):",
      permissionStatement(ctx.roleArn),
    )
  } else {
    lines.push(`Nothing in ${where} allows sts:AssumeRole on this role.`)
  }
  if (note) lines.push(note)
  return lines.join('\n')
}
