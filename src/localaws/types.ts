import type { FastifyInstance } from 'fastify'
import type { Logger } from '../log.js'
import type { LogEventView } from './logs/store.js'

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
  /** Secrets Manager secrets, created with the value as SecretString (version AWSCURRENT). */
  secrets?: { name: string; value: string }[]
  /** SSM parameters; type defaults to String. */
  parameters?: { name: string; value: string; type?: 'String' | 'StringList' | 'SecureString' }[]
  /** S3 objects (buckets are created as needed): `body` as UTF-8 text, or the bytes of `file` (an absolute path). */
  objects?: { bucket: string; key: string; body?: string; file?: string }[]
  /** CloudWatch Logs groups to create. */
  logGroups?: string[]
  /**
   * The local ECR: the password its GetAuthorizationToken hands out (configure your local registry's htpasswd
   * for user AWS with it) and the registry it names as proxyEndpoint.
   */
  ecr?: { password?: string; registry?: string }
}

export interface LocalAwsOptions {
  /** Default '000000000000'. */
  accountId?: string
  /** Default 'us-east-1'. */
  region?: string
  /** Cap on AssumeRole/GetSessionToken durations (after validation), e.g. 60 to watch renewals. */
  maxSessionSeconds?: number
  seed?: LocalAwsSeed
  /**
   * The password in every ECR GetAuthorizationToken (username AWS), so a registry with htpasswd basic auth can
   * accept it. Default: random per process, readable as `LocalAws.ecrPassword`.
   */
  ecrPassword?: string
  /** host[:port] of the registry standing in for ECR (e.g. 127.0.0.1:5000), used as proxyEndpoint. */
  ecrRegistry?: string
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

/** One injected fault: the next `count` calls matching it fail with `error`. */
export interface FaultSpec {
  /** SigV4 scope name: 'logs', 'ecr', 'secretsmanager', 'ssm', 's3', 'sts'. Omitted: any service. */
  service?: string
  /** The operation ('PutLogEvents') or IAM action ('logs:PutLogEvents'); case-insensitive. */
  action: string
  count: number
  /** The error code the caller sees, e.g. 'ThrottlingException', 'InternalError', 'SlowDown'. */
  error: string
  /** Default: by code, 503 for SlowDown / ServiceUnavailable, 500 for internal errors, else 400. */
  status?: number
  message?: string
}

export type { LogEventView } from './logs/store.js'

/** Injected failures: the next `count` calls matching a spec fail with its error (recorded with `injected`). */
export interface LocalAwsFaults {
  inject(spec: FaultSpec): void
  /** The faults not yet used up, with their remaining counts. */
  pending(): FaultSpec[]
  clear(): void
}

/** Read access to the local CloudWatch Logs, for `ecs-local logs`. */
export interface LocalAwsLogs {
  /** A stream's events, or a group's (all streams merged by time); [] when the group or stream is unknown. */
  events(group: string, stream?: string): LogEventView[]
  /** How many events a group (or one of its streams) holds: cheap, for polling. */
  count(group: string, stream?: string): number
  groups(): string[]
  streams(group: string): string[]
}

export interface LocalAws {
  /** Built, not listening; the daemon calls listen(). */
  app: FastifyInstance
  /** The account's built-in user arn:aws:iam::<acct>:user/ecs-local, allowed everything. */
  rootCredentials: { accessKeyId: string; secretAccessKey: string }
  calls(): CallRecord[]
  accountId: string
  region: string
  faults: LocalAwsFaults
  logs: LocalAwsLogs
  /** The password ECR tokens carry (user AWS), for the registry's htpasswd. */
  ecrPassword: string
}
