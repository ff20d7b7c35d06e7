import { isPartition, type Partition } from './arn.js'
import type { Policy } from './iam/policy.js'

/** Who signed a request: the daemon's user, or a session of a role of any account. */
export interface Principal {
  kind: 'user' | 'role'
  /** The user ARN, or the assumed-role ARN arn:<partition>:sts::<acct>:assumed-role/<role-name>/<session>. */
  arn: string
  /** AIDA... for the user, <role id>:<session> for a role session, as GetCallerIdentity reports it. */
  userId: string
  partition: Partition
  /** The role's own account for a session, so GetCallerIdentity and names resolve there. */
  accountId: string
  /** For role sessions: the role's IAM ARN. */
  roleArn?: string
  /** The session policies AssumeRole was given: they narrow the role's permissions for this session only. */
  sessionPolicies?: readonly Policy[]
}

/** A key the local AWS issued: the secret it verifies signatures with and the principal it stands for. */
export interface IssuedKey {
  accessKeyId: string
  secretAccessKey: string
  /** Present for temporary (ASIA) keys: requests must carry it as X-Amz-Security-Token. */
  sessionToken?: string
  /** Epoch ms; temporary keys only. */
  expiresAt?: number
  /** Epoch ms; temporary keys only (aws:TokenIssueTime). */
  issuedAt?: number
  principal: Principal
}

export interface RoleArn {
  partition: Partition
  accountId: string
  name: string
}

const ROLE_ARN = /^arn:([\w-]+):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/

/** Splits arn:<partition>:iam::<acct>:role/[path/]<name>; undefined when the string is not a role ARN. */
export function parseRoleArn(arn: string): RoleArn | undefined {
  const m = ROLE_ARN.exec(arn)
  const partition = m?.[1] ?? ''
  if (!m || !isPartition(partition)) return undefined
  return { partition, accountId: m[2] ?? '', name: m[3] ?? '' }
}

/** The session ARN drops the role's path, as STS does. */
export function assumedRoleArn(role: RoleArn, sessionName: string): string {
  return `arn:${role.partition}:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}`
}

export function userArn(partition: Partition, accountId: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:user/${name}`
}
