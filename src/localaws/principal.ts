/** Who signed a request: the account's user, or a session of one of its roles. */
export interface Principal {
  kind: 'user' | 'role'
  /** The user ARN, or the assumed-role ARN arn:aws:sts::<acct>:assumed-role/<role-name>/<session>. */
  arn: string
  /** AIDA... for the user, <role id>:<session> for a role session, as GetCallerIdentity reports it. */
  userId: string
  accountId: string
  /** For role sessions: the role's IAM ARN. */
  roleArn?: string
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/

/** Splits arn:aws:iam::<acct>:role/[path/]<name>; undefined when the string is not a role ARN. */
export function parseRoleArn(arn: string): { accountId: string; name: string } | undefined {
  const m = ROLE_ARN.exec(arn)
  return m ? { accountId: m[1] ?? '', name: m[2] ?? '' } : undefined
}

export function assumedRoleArn(accountId: string, roleName: string, sessionName: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`
}

export function userArn(accountId: string, name: string): string {
  return `arn:aws:iam::${accountId}:user/${name}`
}
