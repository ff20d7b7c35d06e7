import type { FastifyInstance } from 'fastify'
import type { Logger } from '../log.js'

/** A role the local account knows. `allow` holds IAM actions ('sts:GetCallerIdentity', 'logs:*', '*'). */
export interface LocalAwsRole {
  arn: string
  /** Actions a session of this role may call. Omitted: ['*'], like an undeclared role. */
  allow?: string[]
  /** Principal ARNs allowed to assume it (a role ARN trusts all its sessions). Omitted: the whole account. */
  trust?: string[]
}

export interface LocalAwsSeed {
  roles?: LocalAwsRole[]
}

export interface LocalAwsOptions {
  /** Default '000000000000'. */
  accountId?: string
  /** Default 'us-east-1'. */
  region?: string
  /** Cap on AssumeRole/GetSessionToken durations (after validation), e.g. 60 to watch renewals. */
  maxSessionSeconds?: number
  seed?: LocalAwsSeed
  logger: Logger
}

/** One AWS call as the local AWS saw it. Never holds a secret key or a session token. */
export interface CallRecord {
  time: string
  service: string
  action: string
  /** '' when the caller could not be identified (unknown key, no signature). */
  callerArn: string
  accessKeyId: string
  status: number
  errorCode?: string
  /** The resource acted on, e.g. the role ARN for AssumeRole, a log stream ARN, an S3 object ARN. */
  target?: string
  /** Present when the error came from an injected fault (`LocalAws.faults`), not from the call itself. */
  injected?: true
}

export interface LocalAws {
  /** Built, not listening; the daemon calls listen(). */
  app: FastifyInstance
  /** The account's built-in user arn:aws:iam::<acct>:user/ecs-local, allowed everything. */
  rootCredentials: { accessKeyId: string; secretAccessKey: string }
  calls(): CallRecord[]
  accountId: string
  region: string
}
